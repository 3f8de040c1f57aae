package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.SmallDisk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk (an 8 MiB tmpfs filled to the last byte by another file) in the middle
 * of a 30-minute session, unpaced: the store's recorder holds what the disk refuses,
 * writes it all once the disk is freed, and ends the session properly. When the session
 * ends with the disk still full, the message says exactly how many seconds were lost.
 */
class FullDiskTest {
  /** Thirty minutes: calibration, slumps and recoveries, a walk. */
  static final String SCENARIO = """
      name thirty-minutes
      seed 13
      8s   calibrate-neutral
      10s  calibrate-bend flexion=20 lean=10
      4m   sit flexion=2 typing=yes
      5m   sit flexion=24 ramp=60 typing=yes
      4m   sit flexion=3 ramp=3 typing=yes
      2m   walk
      6m   sit flexion=22 ramp=30 typing=yes
      8m42s sit flexion=2 ramp=3 typing=yes
      """;
  private static final long T0 = 1_767_000_000_000L;
  private static final int SESSION_SECONDS = 1800;

  @TempDir
  Path dir;
  SmallDisk disk;

  @BeforeEach
  void mount() throws Exception {
    disk = SmallDisk.mount(dir.resolve("disk"), 8 << 20);
  }

  @AfterEach
  void unmount() throws Exception {
    if (disk != null) {
      disk.close();
    }
  }

  /** Runs the session; {@code atSecond} is called on the processing thread per second. */
  private SessionRunner.Result session(Path db, Consumer<String> onError,
      Consumer<Long> atSecond)
      throws Exception {
    Scenario scenario = Scenario.parse(SCENARIO, "thirty-minutes");
    SimulatedWearer source = new SimulatedWearer(scenario, Pacer.unpaced(), null);
    SessionSetup setup = SessionSetup.of(PostureSetup.learn())
        .withClock(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
    Consumer<PipelineEvent> hook = e -> {
      if (e instanceof PipelineEvent.Second s) {
        atSecond.accept(s.second().second());
      }
    };
    return SessionRunner.run(new SessionRunner.Spec(source, db, setup, "full disk",
        List.of(hook), onError, 1024), null);
  }

  @Test
  void aDiskFullForTenMinutesAndFreedAgainLosesNothing() throws Exception {
    Path db = disk.dir().resolve("slumpwatch.db");
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch refused = new CountDownLatch(1);
    Consumer<String> onError = m -> {
      errors.add(m);
      if (m.contains("full")) {
        refused.countDown();
      }
    };
    SessionRunner.Result r = session(db, onError, second -> {
      try {
        if (second == 600) {
          // as below: a log that keeps its blocks is written over in place, and the recorder
          // could go on for the ten minutes without meeting the full disk (CI of dcc2507)
          truncateLog(db);
          assertTrue(disk.fill() > 0);
        } else if (second == 1200) {
          // free only once the recorder has met the full disk (it writes on its own thread)
          assertTrue(refused.await(60, TimeUnit.SECONDS), "the recorder never met the full "
              + "disk: " + errors);
          disk.free();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertEquals(SESSION_SECONDS, r.summary().seconds(), "the session ran to its end");
    assertFalse(errors.isEmpty(), "the full disk was reported");
    String first = errors.get(0);
    assertTrue(first.contains(db.toString()) && first.contains("full"), first);
    assertTrue(errors.stream().anyMatch(e -> e.contains("accepts writes again")),
        "says when writing resumed: " + errors);
    assertTrue(errors.stream().noneMatch(e -> e.contains("lost") || e.contains("cannot close")
        || e.contains("no transaction")), "nothing lost, closed cleanly: " + errors);
    assertEquals(0, r.recorder().droppedRecords());

    try (Store s = Store.open(db)) {
      assertEquals("ok", s.integrityCheck());
      List<Store.SecondRow> rows = s.seconds(T0, T0 + 86_400_000L);
      assertEquals(SESSION_SECONDS, rows.size(), "every second is stored");
      for (int i = 0; i < rows.size(); i++) {
        assertEquals(i, rows.get(i).second(), "no hole");
      }
      Store.SessionRow session = s.latestSession().orElseThrow();
      assertNotNull(session.endReason(), "the session has its end: " + session);
      assertEquals(T0 + SESSION_SECONDS * 1000L, session.endedMs());
      assertEquals(SESSION_SECONDS / 60, s.minutes(T0, T0 + 86_400_000L).size(),
          "every minute total");
      System.out.printf("30-minute session, disk full from second 600 to 1200: %d of %d "
          + "seconds stored; the wearer was told:%n  %s%n", rows.size(), SESSION_SECONDS,
          String.join("\n  ", errors));
    }
  }

  @Test
  void aSessionEndingWhileTheDiskIsFullSaysExactlyHowManySecondsWereLost() throws Exception {
    Path db = disk.dir().resolve("slumpwatch.db");
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    SessionRunner.Result r = session(db, errors::add, second -> {
      if (second == 1500) {
        try {
          // give the write-ahead log's blocks back first: a log that keeps its size after a
          // checkpoint is written over in place, and would take the rest of the session
          // without needing one more block of the full disk
          truncateLog(db);
          disk.fill();
        } catch (IOException | java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    });
    assertEquals(SESSION_SECONDS, r.summary().seconds());
    String last = errors.stream().filter(e -> e.contains("lost")).findFirst()
        .orElseThrow(() -> new AssertionError("no loss reported: " + errors));
    Matcher m = Pattern.compile("(\\d+) seconds of posture").matcher(last);
    assertTrue(m.find(), "says how many seconds: " + last);
    long lost = Long.parseLong(m.group(1));
    assertFalse(last.contains("\n"), last);
    assertTrue(last.contains(db.toString()), "names the file: " + last);
    disk.free();
    try (Store s = Store.open(db)) {
      assertEquals("ok", s.integrityCheck());
      List<Store.SecondRow> rows = s.seconds(T0, T0 + 86_400_000L);
      assertTrue(lost > 0 && lost <= 300 + 60, "lost " + lost);
      assertEquals(SESSION_SECONDS - rows.size(), lost, "the message counts exactly the "
          + "seconds missing from the store: " + last);
      for (int i = 0; i < rows.size(); i++) {
        assertEquals(i, rows.get(i).second(), "what was stored has no holes");
      }
      System.out.printf("30-minute session, disk full from second 1500 to the end: %d of %d "
          + "seconds stored, %d missing; the wearer was told:%n  %s%n", rows.size(),
          SESSION_SECONDS, SESSION_SECONDS - rows.size(), last);
    }
  }

  /** Checkpoints the database and truncates its log to nothing (retried while busy). */
  private static void truncateLog(Path db) throws java.sql.SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement st = c.createStatement()) {
      for (int i = 0; i < 1000; i++) {
        try (java.sql.ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
          if (rs.next() && rs.getInt(1) == 0) {
            return; // not busy: done
          }
        }
      }
      throw new IllegalStateException("the log stayed busy through 1000 checkpoints");
    }
  }
}
