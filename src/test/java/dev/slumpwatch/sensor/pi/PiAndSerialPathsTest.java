package dev.slumpwatch.sensor.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.pipeline.Monitor;
import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.protocol.DeviceInfoFrame;
import dev.slumpwatch.protocol.FrameEncoder;
import dev.slumpwatch.protocol.TextFormat;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sensor.serial.Backoff;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.slump.SlumpEpisode;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.SocatPair;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of the Pi edition's sensor path: one simulated wearer (the
 * two-sensor scenario: upper and lower back) recorded once, then run through the whole
 * pipeline twice, into a real SQLite file each time —
 * <ul>
 *   <li>the serial path: frames over a socat pseudo-terminal read by jSerialComm, timed by
 *       the board's clock (which has a few microseconds of jitter);
 *   <li>the Pi path: two register-level MPU-6050s at 0x68 and 0x69 behind Pi4J's mock I2C,
 *       their FIFOs filled from the same wearer at their own sample clock, read by
 *       {@link PiI2cSampleSource}, timed by the FIFO count.
 * </ul>
 * Both must find the same slump episodes.
 */
class PiAndSerialPathsTest {
  private static final Clock SESSION = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"),
      ZoneOffset.UTC);

  @TempDir
  Path dir;

  private static SessionSetup setup(Scenario scenario) {
    return SessionSetup.of(PostureSetup.learn())
        .withClock(SESSION);
  }

  /** What a run of the pipeline found, times relative to its first sample. */
  private static final class Found implements Consumer<PipelineEvent> {
    final List<SlumpEpisode> episodes = new CopyOnWriteArrayList<>();
    final AtomicLong upperSamples = new AtomicLong();
    volatile long firstMicros = Long.MIN_VALUE;
    volatile PostureCalibration upper;
    volatile PostureCalibration lower;
    final List<String> gaps = new CopyOnWriteArrayList<>();

    @Override
    public void accept(PipelineEvent e) {
      if (e instanceof PipelineEvent.SessionStarted s) {
        firstMicros = s.firstDeviceMicros();
      } else if (e instanceof PipelineEvent.Calibrated c) {
        upper = c.upper();
        lower = c.lower();
      } else if (e instanceof PipelineEvent.SlumpEnded x) {
        episodes.add(x.episode());
      } else if (e instanceof PipelineEvent.Second s) {
        upperSamples.addAndGet(s.second().samples());
      } else if (e instanceof PipelineEvent.Gap g) {
        gaps.add(g.reason());
      }
    }

    double startSeconds(int i) {
      return (episodes.get(i).startMicros() - firstMicros) / 1e6;
    }

    double endSeconds(int i) {
      return (episodes.get(i).endMicros() - firstMicros) / 1e6;
    }
  }

  @Test
  void theSameWearerGivesTheSameSlumpEpisodesOverI2cAsOverTheSerialLink() throws Exception {
    Scenario scenario = Scenario.builtIn("two-sensor");
    // the wearer, recorded once: tick k of each sensor
    List<ImuSample> upper = new ArrayList<>();
    List<ImuSample> lower = new ArrayList<>();
    new SimulatedWearer(scenario, Pacer.unpaced(), null).run(e -> {
      if (e instanceof SourceEvent.Samples s) {
        for (ImuSample x : s.samples()) {
          (x.sensorIndex() == 0 ? upper : lower).add(x);
        }
      }
    });
    assertEquals(upper.size(), lower.size());

    Found serial = overSerial(scenario, upper, lower);
    Found pi = overI2c(scenario, upper, lower);

    for (Found f : List.of(serial, pi)) {
      assertNotNull(f.upper, "calibrated");
      assertNotNull(f.lower, "both sensors calibrated");
      assertEquals(List.of(), f.gaps, "no gaps");
    }
    assertEquals(upper.size(), serial.upperSamples.get());
    assertEquals(upper.size(), pi.upperSamples.get());
    assertTrue(serial.episodes.size() >= 2, "the scenario's creeps: " + serial.episodes);
    StringBuilder table = new StringBuilder();
    for (int i = 0; i < Math.max(serial.episodes.size(), pi.episodes.size()); i++) {
      table.append(String.format(Locale.ROOT, "%n  serial %s%n  pi     %s",
          i < serial.episodes.size() ? format(serial, i) : "-",
          i < pi.episodes.size() ? format(pi, i) : "-"));
    }
    System.err.println("slump episodes, serial vs Pi I2C:" + table);
    assertEquals(serial.episodes.size(), pi.episodes.size(), table.toString());
    for (int i = 0; i < serial.episodes.size(); i++) {
      // the same samples; only the serial board's clock jitter (0..3 µs a sample) differs
      assertEquals(serial.startSeconds(i), pi.startSeconds(i), 0.011, table.toString());
      assertEquals(serial.endSeconds(i), pi.endSeconds(i), 0.011, table.toString());
      assertEquals(serial.episodes.get(i).peakDeg(), pi.episodes.get(i).peakDeg(), 0.05,
          table.toString());
    }
    try (Store a = Store.open(dir.resolve("serial.db")); Store b = Store.open(dir.resolve(
        "pi.db"))) {
      assertEquals(serial.episodes.size(), a.episodes(0, Long.MAX_VALUE).size());
      assertEquals(pi.episodes.size(), b.episodes(0, Long.MAX_VALUE).size());
    }
  }

  private static String format(Found f, int i) {
    SlumpEpisode e = f.episodes.get(i);
    return String.format(Locale.ROOT, "%8.2f s .. %8.2f s, peak %5.2f°", f.startSeconds(i),
        f.endSeconds(i), e.peakDeg());
  }

  private Found overSerial(Scenario scenario, List<ImuSample> upper, List<ImuSample> lower)
      throws Exception {
    Found found = new Found();
    try (SocatPair socat = new SocatPair(dir).start()) {
      List<String> messages = new CopyOnWriteArrayList<>();
      SerialSampleSource source = new SerialSampleSource(SerialSampleSource.Settings.of(
          socat.device().toString(), 115_200, TextFormat.DEFAULTS), System::nanoTime,
          messages::add, null);
      AtomicReference<Monitor> monitor = new AtomicReference<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread runner = new Thread(() -> {
        try {
          SessionRunner.run(new SessionRunner.Spec(source, dir.resolve("serial.db"),
              setup(scenario), "serial " + socat.device(), List.of(found), messages::add,
              1024), monitor::set);
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "serial-session");
      runner.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (messages.stream().noneMatch(m -> m.contains("open at"))) {
        assertTrue(System.nanoTime() < deadline, "port not opened: " + messages);
        Thread.sleep(10);
      }
      try (OutputStream out = new BufferedOutputStream(new FileOutputStream(
          socat.sensor().toFile()), 1 << 16)) {
        out.write(FrameEncoder.deviceInfo(new DeviceInfoFrame(2, 0x5EED, "1.0.0", "MPU-6050",
            4, 500, 100)));
        for (int k = 0; k < upper.size(); k++) {
          out.write(FrameEncoder.imuSample(raw(upper.get(k))));
          out.write(FrameEncoder.imuSample(raw(lower.get(k))));
        }
      }
      // all but the last two seconds (the smoother's 1 s lag, the second being aggregated)
      // is through the pipeline once the counter says so
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (found.upperSamples.get() < upper.size() - 200
          || source.link().stats().samples() < 2L * upper.size()) {
        assertTrue(System.nanoTime() < deadline, "serial: " + found.upperSamples.get() + " of "
            + upper.size() + " through; " + messages);
        assertEquals(null, failure.get());
        Thread.sleep(20);
      }
      monitor.get().stop();
      runner.join(20_000);
      assertEquals(null, failure.get());
      assertEquals(0, source.droppedSamples(), "nothing dropped at the hand-off: " + messages);
      assertEquals(0, source.link().stats().sequenceGaps());
    }
    return found;
  }

  private static ImuSample raw(ImuSample s) {
    return new ImuSample(s.deviceTimeMicros() & 0xFFFF_FFFFL, s.sensorIndex(), s.sequence(),
        s.accelX(), s.accelY(), s.accelZ(), s.gyroX(), s.gyroY(), s.gyroZ(), s.flags());
  }

  private Found overI2c(Scenario scenario, List<ImuSample> upper, List<ImuSample> lower)
      throws Exception {
    Found found = new Found();
    SimulatedI2cProvider i2c = new SimulatedI2cProvider();
    SimulatedMpu6050 upperChip = new SimulatedMpu6050(0x68,
        k -> k < upper.size() ? upper.get((int) k) : null);
    SimulatedMpu6050 lowerChip = new SimulatedMpu6050(0x69,
        k -> k < lower.size() ? lower.get((int) k) : null);
    i2c.attach(0x68, upperChip).attach(0x69, lowerChip);
    Context pi4j = i2c.newContext();
    try {
      long[] nanos = {5_000_000_000L};
      List<String> messages = new CopyOnWriteArrayList<>();
      PiI2cSampleSource[] source = new PiI2cSampleSource[1];
      source[0] = new PiI2cSampleSource(new PiI2cSampleSource.Settings(1, 0x68,
          PiI2cSampleSource.LOWER_AUTO, Backoff.DEFAULT, 50, 1000, 5000), pi4j,
          () -> nanos[0], ms -> {
            nanos[0] += ms * 1_000_000L;
            i2c.advanceTo(nanos[0] / 1000);
            if (upperChip.drained() && lowerChip.drained()) {
              source[0].close();
            }
          }, m -> {
            messages.add(m);
            if (m.contains("reading at")) {
              i2c.startWearer();
            }
          });
      SessionRunner.run(new SessionRunner.Spec(source[0], dir.resolve("pi.db"),
          setup(scenario), source[0].describe(), List.of(found), messages::add, 1024), null);
      assertEquals(0, source[0].overflows(), messages.toString());
      assertEquals(0, source[0].reconnects(), messages.toString());
      assertEquals(upper.size(), upperChip.samplesTaken());
      assertTrue(messages.stream().anyMatch(m -> m.contains("0x69 on I2C bus 1: lower-back "
          + "sensor found")), messages.toString());
    } finally {
      pi4j.shutdown();
    }
    return found;
  }
}
