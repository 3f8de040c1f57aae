package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.testing.ChildJvm;
import dev.slumpwatch.testing.Cli;
import dev.slumpwatch.testing.SensorStream;
import dev.slumpwatch.testing.SocatPair;
import dev.slumpwatch.testing.TerminalSession;
import dev.slumpwatch.testing.Tools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor as a person lives with it: in the background of an interactive shell, under
 * nohup, under systemd (no terminal at all), a silent port, and {@code record} showing what
 * comes in. Real processes on real pseudo-terminals, a sensor on a socat pty.
 */
class LiveSessionTest {
  @TempDir
  Path dir;

  /** A wearer who calibrates as scripted, then sits at the desk for minutes. */
  private static SimulatedWearer wearer(double speed) throws Exception {
    Scenario s = Scenario.parse(new StringReader("3s sit\n7s calibrate-neutral\n"
        + "12s calibrate-bend flexion=20 lean=10\n10m sit flexion=2 typing=yes\n"), "desk");
    return new SimulatedWearer(s.withSeed(9), new Pacer(speed, System::nanoTime), null);
  }

  /** A child process whose output is a pipe (not a terminal): its lines as they come. */
  private static final class Piped {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final StringBuilder raw = new StringBuilder();
    private final Thread reader;

    Piped(ProcessBuilder pb) throws Exception {
      process = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectErrorStream(true).start();
      reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
            process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String l; (l = r.readLine()) != null; ) {
            synchronized (raw) {
              raw.append(l).append('\n');
            }
            lines.add(l);
            synchronized (this) {
              notifyAll();
            }
          }
        } catch (java.io.IOException e) {
          // ended
        }
      }, "child-output");
      reader.setDaemon(true);
      reader.start();
    }

    /**
     * SIGTERM, as systemd and Ctrl-C stop it (Process.destroy would also close the pipe
     * its output comes through, so what it prints while stopping would be lost).
     */
    void terminate() {
      process.toHandle().destroy();
    }

    /** Waits for the process to end and for everything it printed to be read. */
    boolean ended(Duration timeout) throws InterruptedException {
      boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      reader.join(timeout.toMillis());
      return ended;
    }

    synchronized String await(Predicate<String> p, String what, Duration timeout)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        for (String l : lines) {
          if (p.test(l)) {
            return l;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no line " + what + " within " + timeout.toSeconds()
              + " s:\n" + String.join("\n", lines));
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }

    String raw() {
      synchronized (raw) {
        return raw.toString();
      }
    }
  }

  private static ProcessBuilder slumpwatch(String... args) {
    return ChildJvm.command(Main.class, List.of(args));
  }

  /**
   * Under systemd (or with output to a file or a pipe) there is no terminal: no status line
   * with escape codes every second, a plain line per change instead; the calibration and
   * the alerts are lines like any other, each alert with the time of day; stopping it
   * (SIGTERM, as systemd does) sums up, with no false disconnection.
   */
  @Test
  void withoutATerminalOnlyChangesAreLoggedAndAStopIsNoDisconnection() throws Exception {
    try (SocatPair pair = new SocatPair(dir).start()) {
      Piped run = new Piped(slumpwatch("--data-dir", dir.resolve("data").toString(), "run",
          "--port", pair.device().toString()));
      SensorStream stream = null;
      try {
        run.await(l -> l.endsWith(": open at 115200 baud"), "opening the port",
            Duration.ofSeconds(30));
        stream = SensorStream.start(wearer(8), pair.sensor());
        run.await(l -> l.startsWith("[calibration] done"), "calibrating",
            Duration.ofSeconds(60));
        run.await(l -> l.matches("\\[\\d\\d:\\d\\d:\\d\\d, 00:00:\\d\\d in] posture measured"),
            "saying the posture is measured now, with the time of day", Duration.ofSeconds(30));
        run.terminate(); // as systemd stops it
        assertTrue(run.ended(Duration.ofSeconds(30)), run.raw());
      } finally {
        if (stream != null) {
          stream.close();
        }
        run.process.destroyForcibly();
      }
      String out = run.raw();
      assertFalse(out.contains("\u001b"), "no terminal codes into a pipe:\n" + out);
      assertFalse(out.contains("\r"), out);
      assertTrue(out.contains("not a terminal: no status line and no keys; 'slumpwatch ack', "
          + "'snooze', 'pain' and 'recalibrate' reach this monitor from elsewhere"), out);
      assertFalse(run.lines.stream().anyMatch(l -> l.startsWith("connected |")),
          "no status lines:\n" + out);
      assertTrue(out.contains("[calibration 2/2] now bend forward slowly, about 30°, and hold "
          + "it\n"), out);
      assertTrue(out.contains("\nsummary\n"), out);
      assertFalse(out.contains("disconnected"), out);
      assertTrue(out.contains("; 0 reconnections"), out);
      // a change is logged once, not every second
      assertEquals(1, run.lines.stream().filter(l -> l.endsWith("] posture measured")).count(),
          out);
    }
  }

  /**
   * {@code slumpwatch run --port ... &} in an interactive shell is not stopped by the
   * terminal (it never reads it from the background) and monitors; {@code nohup ... &}
   * writes plain lines to nohup.out. Both are still running when asked with {@code jobs}.
   */
  @Test
  void inTheBackgroundOfAShellAndUnderNohupTheMonitorRuns() throws Exception {
    Path bash = Tools.require("bash", "apt-get install bash");
    Path script = dir.resolve("slumpwatch");
    StringBuilder sh = new StringBuilder("#!/bin/sh\nexec");
    for (String a : slumpwatch().command()) {
      sh.append(" '").append(a.replace("'", "'\\''")).append('\'');
    }
    Files.writeString(script, sh.append(" \"$@\"\n").toString());
    script.toFile().setExecutable(true);
    Path nohupOut = dir.resolve("nohup.out");
    Path a = Files.createDirectories(dir.resolve("pair-a"));
    Path b = Files.createDirectories(dir.resolve("pair-b"));
    try (SocatPair pa = new SocatPair(a).start(); SocatPair pb = new SocatPair(b).start()) {
      CountDownLatch opened = new CountDownLatch(1);
      TerminalSession shell = TerminalSession.start(dir, List.of(bash.toString(), "--norc",
          "--noprofile", "-i"), l -> {
            if (l.endsWith(pa.device() + ": open at 115200 baud")) {
              opened.countDown();
            }
          });
      SensorStream sa = null;
      SensorStream sb = null;
      try {
        shell.type(script + " --data-dir " + dir.resolve("data-a") + " run --port "
            + pa.device() + " &\n");
        assertTrue(opened.await(30, TimeUnit.SECONDS), "the background monitor did not open "
            + "its port:\n" + shell.tail(30));
        sa = SensorStream.start(wearer(8), pa.sensor());
        shell.await(l -> l.startsWith("[calibration] done"), "calibrating in the background",
            Duration.ofSeconds(60));
        shell.type("cd " + dir + " && nohup " + script + " --data-dir " + dir.resolve("data-b")
            + " run --port " + pb.device() + " &\n");
        sb = SensorStream.start(wearer(8), pb.sensor());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(nohupOut) && Files.readString(nohupOut)
            .contains("[calibration] done")) && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(200); // another process writes the file: polled
        }
        shell.type("jobs\n");
        shell.await(l -> l.matches("\\[1]-?\\+? +Running +.*run --port " + pa.device() + ".*"),
            "job 1 running", Duration.ofSeconds(10));
        shell.await(l -> l.matches("\\[2]\\+? +Running +.*nohup .*"), "job 2 running",
            Duration.ofSeconds(10));
        assertFalse(shell.lines().stream().anyMatch(l -> l.contains("Stopped")),
            shell.tail(40));
        shell.type("kill %1 %2; wait; exit\n");
        assertTrue(shell.waitFor(Duration.ofSeconds(30)), shell.tail(30));
      } finally {
        if (sa != null) {
          sa.close();
        }
        if (sb != null) {
          sb.close();
        }
        shell.close();
      }
      String nohup = Files.readString(nohupOut);
      assertTrue(nohup.contains("[calibration] done"), nohup);
      assertTrue(nohup.contains("not a terminal: no status line and no keys"), nohup);
      assertFalse(nohup.contains("\u001b"), nohup);
    }
  }

  /**
   * {@code calibrate posture} on a port that sends nothing says so and gives up with exit
   * code 1 after its time-out, storing nothing.
   */
  @Test
  void calibratingOnASilentPortSaysSoAndEnds() throws Exception {
    try (SocatPair pair = new SocatPair(dir).start()) {
      Cli.Outcome r = Cli.runIn(dir.resolve("data"), "calibrate", "posture", "--port",
          pair.device().toString(), "--no-data-seconds", "3");
      assertEquals(1, r.code(), r.out() + r.err());
      assertEquals("slumpwatch: no data from " + pair.device() + " for 3 s: is the sensor on, "
          + "is the baud rate right? Nothing was stored", r.err().strip());
      assertFalse(Files.exists(CalibrationFile.pathFor(dir.resolve("data"), "default")));
    }
  }

  /**
   * {@code record} shows what comes in while it records (frames, samples, the link's
   * state) and sums up when it is stopped, also by a signal (Ctrl-C, SIGTERM).
   */
  @Test
  void recordShowsWhatComesInAndSumsUpWhenStopped() throws Exception {
    try (SocatPair pair = new SocatPair(dir).start()) {
      Path out = dir.resolve("r.swrec");
      Piped record = new Piped(slumpwatch("record", "--port", pair.device().toString(),
          "--out", out.toString()));
      SensorStream stream = null;
      try {
        record.await(l -> l.endsWith(": open at 115200 baud"), "opening the port",
            Duration.ofSeconds(30));
        stream = SensorStream.start(wearer(4), pair.sensor());
        record.await(l -> l.matches("recording: connected \\| [\\d,]+ frames, [\\d,]+ samples "
            + "\\| [\\d,]+ bytes written") && !l.contains("| 0 frames"), "showing progress",
            Duration.ofSeconds(20));
        record.terminate(); // as Ctrl-C: the shutdown hooks run
        assertTrue(record.ended(Duration.ofSeconds(30)), record.raw());
      } finally {
        if (stream != null) {
          stream.close();
        }
        record.process.destroyForcibly();
      }
      String text = record.raw();
      assertTrue(text.matches("(?s).*\nrecorded [\\d,]+ bytes to " + java.util.regex.Pattern
          .quote(out.toString()) + ": [1-9][\\d,]* frames, [1-9][\\d,]* samples, 0 "
          + "disconnections\n.*"), text);
      assertFalse(text.contains("disconnected"), text);
    }
  }

  /**
   * The demo in a terminal takes the key c as {@code run} does: the guided calibration
   * starts again and shows its steps; the scripted wearer does not bend when asked, so each
   * try says why, the calibration gives up after the last, and the demo goes on measuring
   * with the calibration it had.
   */
  @Test
  void theDemoTakesTheKeyCAndTheCalibrationThatFollows() throws Exception {
    Path scenario = dir.resolve("short.scenario");
    Files.writeString(scenario, "10s calibrate-neutral\n8s calibrate-bend flexion=20 lean=10\n"
        + "4m sit flexion=2 typing=yes\n");
    TerminalSession t = TerminalSession.slumpwatch(dir, l -> { }, "--data-dir",
        dir.resolve("data").toString(), "demo", "--speed", "20", "--scenario",
        scenario.toString());
    try {
      t.await(l -> l.startsWith("[calibration] done: sit as you like"), "calibrating",
          Duration.ofSeconds(60));
      t.type("c\n");
      t.await(l -> l.equals("[calibration] asked for by key c: follow the prompts"),
          "taking the key", Duration.ofSeconds(20));
      t.await(l -> l.startsWith("[calibration 2/2, try 2 of 4] not taken: no forward bend was "
          + "held within 30 s"), "a repeated step with its reason", Duration.ofSeconds(30));
      t.await(l -> l.startsWith("[calibration] gave up: no forward bend was held within 30 s")
          && l.endsWith("Posture is measured with the calibration from before. To try again: "
          + "press c then Enter."), "giving up, and saying what now", Duration.ofSeconds(30));
      t.await(l -> l.startsWith("summary"), "the demo's end", Duration.ofSeconds(60));
      assertTrue(t.waitFor(Duration.ofSeconds(30)), t.tail(20));
    } finally {
      t.close();
    }
  }
}
