package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.testing.ChildJvm;
import dev.slumpwatch.testing.Cli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One monitor per data directory, with real processes: a second monitor is refused with a
 * message naming the first, the commands find the running one, and a monitor killed with
 * {@code kill -9} leaves a stale lock file that the next one takes over.
 */
class MonitorLockTest {
  @TempDir
  Path dir;

  /** Holds the lock of the data directory in args[0] until killed. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      try (MonitorLock lock = MonitorLock.acquire(Path.of(args[0]), "app", "simulated wearer")) {
        System.out.println("held " + lock.holder().pid());
        System.out.flush();
        Thread.sleep(120_000); // the test kills it well before
      }
    }
  }

  @Test
  void aSecondMonitorInThisProcessIsRefusedAndTheLockIsFreedOnClose() throws Exception {
    MonitorLock first = MonitorLock.acquire(dir, "run", "serial /dev/ttyUSB0");
    MonitorLock.HeldException e = assertThrows(MonitorLock.HeldException.class,
        () -> MonitorLock.acquire(dir, "app", "simulated wearer"));
    assertTrue(e.getMessage().startsWith("another monitor already runs on " + dir
        + ": 'slumpwatch run' (process " + ProcessHandle.current().pid()
        + ", serial /dev/ttyUSB0, since "), e.getMessage());
    assertEquals("run", MonitorLock.running(dir).orElseThrow().what(),
        "the probe must not drop the lock it finds");
    assertThrows(MonitorLock.HeldException.class,
        () -> MonitorLock.acquire(dir, "app", "x"), "still held after a probe");
    first.close();
    assertTrue(Files.exists(dir.resolve(MonitorLock.NAME)), "the file stays");
    assertTrue(MonitorLock.running(dir).isEmpty(), "a released lock is stale");
    try (MonitorLock again = MonitorLock.acquire(dir, "app", "simulated wearer")) {
      assertEquals("app", MonitorLock.running(dir).orElseThrow().what());
    }
  }

  @Test
  void anotherProcessIsFoundRefusesRunAndItsStaleLockIsTakenOverAfterKill9() throws Exception {
    Process child = ChildJvm.command(Holder.class, List.of(dir.toString()))
        .redirectErrorStream(true).start();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8));
      String line = r.readLine(); // blocks until the child holds it (or ends)
      assertEquals("held " + child.pid(), line);

      MonitorLock.Holder h = MonitorLock.running(dir).orElseThrow();
      assertEquals(child.pid(), h.pid());
      assertEquals("app", h.what());
      MonitorLock.HeldException e = assertThrows(MonitorLock.HeldException.class,
          () -> MonitorLock.acquire(dir, "run", "serial /dev/ttyUSB0"));
      assertEquals(child.pid(), e.holder().pid());

      // 'slumpwatch run' on the same data directory: refused before the port is opened
      Cli.Outcome run = Cli.runIn(dir, "run", "--port", "/dev/ttyNOSUCH");
      assertEquals(1, run.code());
      assertTrue(run.err().startsWith("slumpwatch: another monitor already runs on " + dir
          + ": the app (process " + child.pid() + ", simulated wearer, since "), run.err());
      assertTrue(run.err().contains("One monitor per data directory"), run.err());

      // 'slumpwatch snooze' says which monitor hears it
      Cli.Outcome snooze = Cli.runIn(dir, "snooze", "30m");
      assertEquals(0, snooze.code(), snooze.err());
      assertTrue(snooze.out().contains("the app (process " + child.pid()), snooze.out());
    } finally {
      child.destroyForcibly(); // SIGKILL: no chance to release anything
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(MonitorLock.running(dir).isEmpty(), "a dead process's lock is stale");
    try (MonitorLock taken = MonitorLock.acquire(dir, "run", "serial /dev/ttyUSB0")) {
      assertEquals(ProcessHandle.current().pid(), MonitorLock.running(dir).orElseThrow().pid());
    }
    Cli.Outcome snooze = Cli.runIn(dir, "snooze", "off");
    assertTrue(snooze.out().contains("no monitor runs on " + dir), snooze.out());
  }
}
