package dev.slumpwatch.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Two linked pseudo-terminals made by socat, reachable at stable paths: what a USB serial
 * adapter looks like to the program ({@code device()}) and the far end a test writes the
 * sensor's bytes into ({@code sensor()}). {@link #stop} is the cable pulled: both ends
 * vanish; {@link #start} on the same paths plugs it back.
 */
public final class SocatPair implements AutoCloseable {
  private final Path socat;
  private final Path device;
  private final Path sensor;
  private Process process;

  public SocatPair(Path dir) {
    this.socat = Tools.require("socat", "Debian/Ubuntu: apt-get install socat");
    this.device = dir.resolve("device");
    this.sensor = dir.resolve("sensor");
  }

  public Path device() {
    return device;
  }

  public Path sensor() {
    return sensor;
  }

  /** Starts socat and returns once it is relaying (its own log says so). */
  public SocatPair start() throws IOException, InterruptedException {
    process = new ProcessBuilder(socat.toString(), "-d", "-d",
        "pty,raw,echo=0,link=" + device, "pty,raw,echo=0,link=" + sensor)
        .redirectErrorStream(true).start();
    CountDownLatch ready = new CountDownLatch(1);
    StringBuilder log = new StringBuilder();
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (log) {
            log.append(line).append('\n');
          }
          if (line.contains("starting data transfer loop")) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "socat-log");
    t.setDaemon(true);
    t.start();
    if (!ready.await(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      synchronized (log) {
        throw new IOException("socat did not start within 10 s: " + log);
      }
    }
    return this;
  }

  /** The cable pulled: socat ends, and both pseudo-terminals disappear. */
  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      process = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
