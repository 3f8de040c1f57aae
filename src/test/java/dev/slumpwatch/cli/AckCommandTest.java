package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.pipeline.MonitorLock;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.ChildJvm;
import dev.slumpwatch.testing.Cli.Outcome;
import dev.slumpwatch.testing.Cli;
import dev.slumpwatch.testing.Events;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slumpwatch ack} against the store a monitor writes (a real SQLite file) and the
 * control file it reads.
 */
class AckCommandTest {
  @TempDir
  Path dir;

  private Outcome ack() {
    return Cli.runIn(dir, "ack");
  }

  /** "at 09:30" today, "on Sun 29 Nov 23:30" before (an hour ago can be yesterday). */
  private static String when(long ms) {
    return AckCommand.when(ms, java.time.Clock.systemDefaultZone());
  }

  @Test
  void acknowledgesTheRunningMonitorsLatestShownAlertOrSaysWhyNot() throws Exception {
    Path db = dir.resolve(RunCommand.DATABASE);
    Outcome o = ack();
    assertEquals(1, o.code());
    assertEquals("slumpwatch ack: nothing to acknowledge: no history in " + db + ": no monitor "
        + "has run with this data directory\n", o.err());
    assertFalse(Files.exists(db), "not created by asking");

    List<String> monitorSaid = new ArrayList<>();
    long[] nanos = {0};
    ControlFile monitor = new ControlFile(dir, monitorSaid::add, () -> nanos[0]);
    monitor.takeAcknowledgement(); // the monitor starts
    long start = System.currentTimeMillis() - 3_600_000L; // an hour ago
    try (Store store = Store.open(db); // the running monitor's, open throughout
        MonitorLock running = MonitorLock.acquire(dir, "run", "serial /dev/ttyUSB0")) {
      long id = store.beginSession(new Store.SessionInfo(start, "serial /dev/ttyUSB0", null,
          null, null, 100, 0));
      store.write(new Store.SessionRef(id, start, 0), List.of(new PipelineEvent.AlertFired(new Alert(1, 0, 600,
          AlertKind.SLUMP_NUDGE, "sit tall", "snoozed until 10:30")),
          Events.outcome(new AlertOutcome(1, 0, AlertOutcome.SUPPRESSED, "snoozed"),
              600)));
      o = ack();
      assertEquals(1, o.code());
      assertEquals("slumpwatch ack: nothing to acknowledge: no alert has been shown since the "
          + "monitor started " + when(start) + "\n", o.err(), "a held-back alert is not one");

      store.write(new Store.SessionRef(id, start, 0), List.of(new PipelineEvent.AlertFired(new Alert(2, 0, 1800,
          AlertKind.DESK_BREAK, "stand up"))));
      o = ack();
      assertEquals(0, o.code(), o.err());
      assertEquals("acknowledging the latest alert (Desk break: Bruegger's relief position "
          + when(start + 1_800_000) + "); the running monitor stores it within about a "
          + "second.\n", o.out());
      nanos[0] += 1_000_000_000L;
      assertEquals(Acknowledgement.COMMAND, monitor.takeAcknowledgement());

      // the monitor took it and stored it
      store.write(new Store.SessionRef(id, start, 0), List.of(Events.ack(
          new Acknowledgement(2, 0, Acknowledgement.COMMAND), 1805)));
      o = ack();
      assertEquals(1, o.code());
      assertEquals("slumpwatch ack: nothing to acknowledge: the latest alert (Desk break: "
          + "Bruegger's relief position " + when(start + 1_800_000) + ") was acknowledged "
          + when(start + 1_805_000) + "\n", o.err());
      nanos[0] += 1_000_000_000L;
      assertNull(monitor.takeAcknowledgement(), "a refused ack writes nothing");

      // killed: the lock goes with its process, the session is never ended
      running.close();
      o = ack();
      assertEquals(1, o.code());
      assertEquals("slumpwatch ack: nothing to acknowledge: no monitor is running on " + dir
          + " (the last session, serial /dev/ttyUSB0, started " + when(start) + ", stopped "
          + "without ending)\n", o.err());

      store.endSession(id, start + 3_000_000, "stopped");
      o = ack();
      assertEquals(1, o.code());
      assertEquals("slumpwatch ack: nothing to acknowledge: no monitor is running (the last "
          + "session, serial /dev/ttyUSB0, ended " + when(start + 3_000_000) + ")\n", o.err());
    }
    assertTrue(monitorSaid.isEmpty(), monitorSaid.toString());
  }

  /**
   * The history file read-only (a monitor run by another account, a restored backup): the
   * ack reads it instead of refusing it, and asks the monitor through the control file.
   */
  @Test
  void aReadOnlyHistoryIsReadNotRefused() throws Exception {
    Path db = dir.resolve(RunCommand.DATABASE);
    long[] nanos = {0};
    ControlFile monitor = new ControlFile(dir, m -> { }, () -> nanos[0]);
    monitor.takeAcknowledgement(); // the monitor starts
    long start = System.currentTimeMillis() - 600_000L;
    try (Store store = Store.open(db)) {
      long id = store.beginSession(new Store.SessionInfo(start, "serial /dev/ttyUSB0", null,
          null, null, 100, 0));
      store.write(new Store.SessionRef(id, start, 0), List.of(new PipelineEvent.AlertFired(
          new Alert(1, 0, 300, AlertKind.SLUMP_NUDGE, "sit tall"))));
    }
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--------"));
    Process p;
    String said;
    try (MonitorLock running = MonitorLock.acquire(dir, "run", "serial /dev/ttyUSB0")) {
      p = ChildJvm.commandObeyingPermissions(Main.class, List.of("--data-dir",
          dir.toString(), "ack"), dir).redirectErrorStream(true).start();
      said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    }
    assertEquals(0, p.exitValue(), said);
    assertTrue(said.startsWith("acknowledging the latest alert (Slump"), said);
    nanos[0] += 1_000_000_000L;
    assertEquals(Acknowledgement.COMMAND, monitor.takeAcknowledgement());
  }

  /**
   * The whole data directory read-only (a mount, a restored backup): the history is still
   * read (it was refused: "cannot prepare database"), and the ack says exactly why it
   * cannot be delivered.
   */
  @Test
  void aReadOnlyDataDirectoryIsReadAndTheAckSaysWhyItCannotBeDelivered() throws Exception {
    Path data = Files.createDirectory(dir.resolve("ro"));
    Path db = data.resolve(RunCommand.DATABASE);
    long start = System.currentTimeMillis() - 600_000L;
    try (Store store = Store.open(db)) {
      long id = store.beginSession(new Store.SessionInfo(start, "serial /dev/ttyUSB0", null,
          null, null, 100, 0));
      store.write(new Store.SessionRef(id, start, 0), List.of(new PipelineEvent.AlertFired(
          new Alert(1, 0, 300, AlertKind.SLUMP_NUDGE, "sit tall"))));
    }
    // the monitor runs: it took the lock before the directory became read-only
    MonitorLock running = MonitorLock.acquire(data, "run", "serial /dev/ttyUSB0");
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--------"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-x------"));
    Process p;
    String said;
    try (running) {
      p = ChildJvm.commandObeyingPermissions(Main.class, List.of("--data-dir", data.toString(),
          "ack"), dir).redirectErrorStream(true).start();
      said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    } finally {
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    }
    assertEquals(1, p.exitValue(), said);
    assertTrue(said.startsWith("slumpwatch ack: cannot ask the running monitor to acknowledge "
        + "the latest alert (Slump") && said.contains("(the data directory " + data
        + " is read-only)"), said);
  }
}
