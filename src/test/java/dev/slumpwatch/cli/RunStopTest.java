package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.ChildJvm;
import dev.slumpwatch.testing.SocatPair;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} on a real serial link (socat pseudo-terminals), stopped by SIGTERM as a
 * service manager stops it: the session ends as when the source ends, the summary is
 * printed, the exit code is 0, and the session is stored with its end.
 */
class RunStopTest {
  @TempDir
  Path dir;

  @Test
  void sigtermEndsTheSessionWithItsSummaryAndExitZero() throws Exception {
    Path data = dir.resolve("data");
    // the output to a file: read through a pipe by this JVM, the child's last lines (the
    // summary) were missing here although the same command writing to a file had them
    try (SocatPair link = new SocatPair(dir).start()) {
      Process p = ChildJvm.command(Main.class, List.of("--data-dir", data.toString(), "run",
          "--port", link.device().toString())).redirectErrorStream(true)
          .redirectOutput(dir.resolve("out.txt").toFile()).start();
      // a sensor talks only once the port is open (a loaded machine starts the JVM slowly,
      // and what the pty gets before that is lost)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!readQuietly(dir.resolve("out.txt")).contains("open at")) {
        assertTrue(p.isAlive() && System.nanoTime() < deadline, "port not opened: "
            + readQuietly(dir.resolve("out.txt")));
        Thread.sleep(20);
      }
      // five seconds of a DIY sketch's CSV (ms, raw accel and gyro), sitting still, sent at
      // twice its pace: real time, as a real sensor would
      try (OutputStream sensor = new FileOutputStream(link.sensor().toFile())) {
        for (int i = 0; i < 500; i++) {
          sensor.write(String.format("%d,0,0,16384,0,0,0%n", i * 10)
              .getBytes(StandardCharsets.US_ASCII));
          sensor.flush();
          if (i % 20 == 0) {
            Thread.sleep(100);
          }
        }
        Thread.sleep(500);
        p.destroy(); // SIGTERM, as systemd or kill send it
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "run did not stop: "
            + Files.readString(dir.resolve("out.txt")));
      }
      String said = Files.readString(dir.resolve("out.txt"));
      assertEquals(0, p.exitValue(), said);
      assertTrue(said.contains("summary") && said.contains("link: "), "the summary: " + said);
    }
    try (Store s = Store.open(data.resolve(RunCommand.DATABASE))) {
      Store.SessionRow row = s.latestSession().orElseThrow(() -> new AssertionError(
          "no session stored; run said: " + readQuietly(dir.resolve("out.txt"))));
      assertEquals("stopped", row.endReason(), "the session is stored with its end");
      assertTrue(s.seconds(row.startedMs(), row.endedMs() + 1).size() >= 4,
          "its seconds are stored");
    }
  }

  private static String readQuietly(Path f) {
    try {
      return Files.readString(f);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
