package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.ConsoleNotifier;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.ChildJvm;
import dev.slumpwatch.testing.DirFingerprint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk and a read-only data directory while monitoring: one clear line naming the
 * file and what happens to the data, the alerts keep coming, nothing is corrupted.
 */
class StoreFaultsTest {
  /** About nine minutes: calibration, two slumps long enough for a nudge each. */
  static final String SCENARIO = """
      name faults
      seed 7
      10s calibrate-neutral
      8s  calibrate-bend flexion=20 lean=10
      1m  sit flexion=2 typing=yes
      2m  sit flexion=25 ramp=5 typing=yes
      2m  sit flexion=2 ramp=3 typing=yes
      2m  sit flexion=25 ramp=5 typing=yes
      1m  sit flexion=2 ramp=3
      """;
  private static final long T0 = 1_767_000_000_000L;

  @TempDir
  Path dir;

  /** An earlier session's rows, to check they survive. */
  private static List<Store.SecondRow> writeEarlierSession(Path db) throws Exception {
    try (Store s = Store.open(db)) {
      long id = s.beginSession(new Store.SessionInfo(T0 - 3_600_000, "earlier", null, null,
          null, 100, 0));
      List<PipelineEvent> rows = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        rows.add(new PipelineEvent.Second(new PostureSecond(i, i * 1_000_000L, i % 30,
            i % 30 - 1, i % 30 + 1, 0, Activity.SEATED_STILL, i % 30 > 15, 100)));
      }
      s.write(new Store.SessionRef(id, T0 - 3_600_000, 0), rows);
      s.endSession(id, T0 - 3_000_000, "end");
      return s.seconds(T0 - 3_600_000, T0 - 3_000_000);
    }
  }

  private static long pagesInUse(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")) {
      return rs.getLong(1);
    }
  }

  @Test
  void aFullDiskGivesOneClearLineWhileTheAlertsGoOnAndNothingIsCorrupted() throws Exception {
    Path db = dir.resolve("slumpwatch.db");
    List<Store.SecondRow> earlier = writeEarlierSession(db);
    // SQLite's max_page_count makes the file full a few pages from now, portably (no
    // size-limited file system needed); the writes then fail with SQLITE_FULL exactly as
    // on a full disk
    long cap = pagesInUse(db) + 3 * 4096;
    Scenario scenario = Scenario.parse(SCENARIO, "faults");
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    StringWriter notified = new StringWriter();
    ConsoleNotifier notifier = new ConsoleNotifier(new PrintWriter(notified));
    List<Alert> alerts = new ArrayList<>();
    Consumer<PipelineEvent> toNotifier = e -> {
      if (e instanceof PipelineEvent.AlertFired a) {
        alerts.add(a.alert());
        notifier.notify(a.alert());
      }
    };
    SimulatedWearer source = new SimulatedWearer(scenario, Pacer.unpaced(), null);
    SessionSetup setup = SessionSetup.of(PostureSetup.learn())
        .withClock(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
    SessionRunner.Result r = SessionRunner.run(new SessionRunner.Spec(source, db, setup,
        "full disk test", List.of(toNotifier), errors::add, 64, new Store.Options(cap)), null);

    assertFalse(errors.isEmpty(), "no error reported");
    String first = errors.get(0);
    assertFalse(first.contains("\n"), "one line: " + first);
    assertTrue(first.contains(db.toString()), "names the file: " + first);
    assertTrue(first.contains("full"), "says the disk is full: " + first);
    assertTrue(first.contains("monitoring and alerts go on"), first);
    assertTrue(first.contains("held in memory"), "says what happens to the data: " + first);
    assertTrue(errors.stream().anyMatch(e -> e.startsWith("could not write the last ")),
        "says how much was finally lost: " + errors);

    assertTrue(alerts.size() >= 2, "alerts fired: " + alerts.size());
    assertEquals(r.summary().alerts().size(), alerts.size());
    assertEquals(alerts.size(), notified.toString().lines().count(), notified.toString());
    try (Store s = Store.open(db)) {
      assertEquals("ok", s.integrityCheck());
      assertEquals(earlier, s.seconds(T0 - 3_600_000, T0 - 3_000_000), "earlier rows intact");
      List<Store.SecondRow> stored = s.seconds(T0, T0 + 3_600_000);
      long lastStored = stored.isEmpty() ? -1 : stored.get(stored.size() - 1).second();
      assertTrue(lastStored < r.summary().seconds() - 60, "the disk filled early: "
          + lastStored + " of " + r.summary().seconds() + " s stored");
      for (int i = 0; i < stored.size(); i++) {
        assertEquals(i, stored.get(i).second(), "what was stored has no holes");
      }
      double lastAlert = alerts.get(alerts.size() - 1).sessionSeconds();
      assertTrue(lastAlert > lastStored + 1, "an alert came after the disk was full ("
          + lastAlert + " s; last stored second " + lastStored + ")");
    }
  }

  @Test
  void aReadOnlyDataDirectoryGivesOneClearLineWhileTheAlertsGoOn() throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    Path db = data.resolve("slumpwatch.db");
    List<Store.SecondRow> earlier = writeEarlierSession(db);
    Path scenario = Files.writeString(dir.resolve("faults.scenario"), SCENARIO);
    String before = DirFingerprint.of(data);
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--------"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-x------"));
    List<String> lines = new ArrayList<>();
    int exit;
    try {
      Process p = ChildJvm.commandObeyingPermissions(MonitorChild.class, List.of(db.toString(),
          Long.toString(T0), "max", scenario.toString()), dir).redirectErrorStream(true).start();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String l = in.readLine(); l != null; l = in.readLine()) {
          lines.add(l);
        }
      }
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
      exit = p.exitValue();
    } finally {
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
      Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-------"));
    }
    List<String> errors = lines.stream().filter(l -> l.startsWith("store-error: ")).toList();
    assertEquals(0, exit, "the monitor ran to the end: " + String.join("\n", lines));
    assertEquals(1, errors.size(), "one error line: " + errors);
    String e = errors.get(0);
    assertTrue(e.contains(db.toString()), "names the file: " + e);
    assertTrue(e.contains("read-only"), "says why: " + e);
    assertTrue(e.contains("alerts go on") && e.contains("not recorded"),
        "says what happens to the data: " + e);
    assertTrue(lines.stream().filter(l -> l.startsWith("alert ")).count() >= 2,
        "alerts fired: " + lines.stream().filter(l -> l.startsWith("alert ")).toList());
    assertEquals(before, DirFingerprint.of(data), "the directory and its database are untouched");
    try (Store s = Store.open(db)) {
      assertEquals("ok", s.integrityCheck());
      assertEquals(earlier, s.seconds(T0 - 3_600_000, T0 - 3_000_000));
    }
  }
}
