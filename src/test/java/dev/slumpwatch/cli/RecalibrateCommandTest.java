package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.pipeline.MonitorLock;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.Cli;
import dev.slumpwatch.testing.Cli.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slumpwatch recalibrate} finds the running monitor by the data directory's monitor
 * lock: a session left open by a monitor that was killed is not taken for a running one,
 * and nothing is asked then.
 */
class RecalibrateCommandTest {
  @TempDir
  Path dir;

  @Test
  void asksOnlyTheMonitorThatHoldsTheLock() throws Exception {
    Path db = dir.resolve(RunCommand.DATABASE);
    long start = System.currentTimeMillis() - 600_000L;
    try (Store store = Store.open(db)) {
      store.beginSession(new Store.SessionInfo(start, "serial /dev/ttyUSB0", null, null, null,
          100, 0));
    }
    // the session is open, but no monitor holds the lock: killed, never ended
    Outcome stale = Cli.runIn(dir, "recalibrate");
    assertEquals(1, stale.code());
    assertTrue(stale.err().startsWith("slumpwatch recalibrate: nothing asked: no monitor is "
        + "running on " + dir + " (the last session, serial /dev/ttyUSB0, started "),
        stale.err());
    assertTrue(stale.err().contains("stopped without ending"), stale.err());
    assertFalse(Files.exists(dir.resolve(ControlFile.NAME)), "nothing was asked");

    try (MonitorLock running = MonitorLock.acquire(dir, "run", "serial /dev/ttyUSB0")) {
      Outcome asked = Cli.runIn(dir, "recalibrate");
      assertEquals(0, asked.code(), asked.err());
      assertTrue(asked.out().startsWith("asked the running monitor (serial /dev/ttyUSB0, "),
          asked.out());
      assertTrue(asked.out().contains("It is 'slumpwatch run' (process "
          + ProcessHandle.current().pid() + ", serial /dev/ttyUSB0, since "), asked.out());
      assertTrue(Files.exists(dir.resolve(ControlFile.NAME)));
    }
  }
}
