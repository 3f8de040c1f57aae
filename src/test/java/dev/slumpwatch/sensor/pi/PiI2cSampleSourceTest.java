package dev.slumpwatch.sensor.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The I2C source on Pi4J's mock I2C with register-level simulated MPU-6050s behind it, on
 * fake time: the source's sleeper advances the world (the chips sample as it passes) and the
 * host's clock, so a minute of sensor time takes milliseconds and every figure is exact.
 *
 * <p>The test wearer encodes its tick number in the accelerometer's x axis (and sits still,
 * gravity on z), so each sample read says which tick it was: lost, repeated or misaligned
 * samples show, and a sample's stamped time can be checked against the tick's true time.
 */
class PiI2cSampleSourceTest {
  private static final long P = 10_000; // µs

  /** Tick k: ax = k mod 2^15, az = 1 g, the gyro a fixed pattern; null after {@code ticks}. */
  static SimulatedMpu6050.Feed counting(long ticks) {
    return k -> k >= ticks ? null : new ImuSample(0, 0, 0, (short) (k % 32768), (short) 0,
        (short) 8192, (short) 12, (short) -34, (short) 56, 0);
  }

  /** The source, its chips and fake time, run on the test's own thread. */
  static final class Rig {
    final SimulatedI2cProvider i2c = new SimulatedI2cProvider();
    final Context pi4j;
    final List<String> messages = new ArrayList<>();
    final List<ImuSample> samples = new ArrayList<>();
    final List<SourceEvent> others = new ArrayList<>();
    long nanos = 1_000_000_000L;
    /** Extra time a sleep takes (a slow scheduler, a JVM pause); may change per call. */
    java.util.function.LongUnaryOperator oversleepMillis = ms -> 0;
    /** Called after every sleep with the world time, µs: faults are injected here. */
    LongConsumer script = t -> { };
    PiI2cSampleSource source;
    /** World time the wearer started, µs. */
    long startedMicros = -1;

    Rig() {
      pi4j = i2c.newContext();
    }

    Rig chip(int address, SimulatedMpu6050 chip) {
      i2c.attach(address, chip);
      return this;
    }

    long worldMicros() {
      return nanos / 1000;
    }

    /** Runs the source until {@code done} holds after a sleep (or 10 h of world time). */
    void run(PiI2cSampleSource.Settings settings, java.util.function.BooleanSupplier done)
        throws InterruptedException {
      source = new PiI2cSampleSource(settings, pi4j, () -> nanos, ms -> {
        nanos += (ms + oversleepMillis.applyAsLong(ms)) * 1_000_000L;
        i2c.advanceTo(worldMicros());
        script.accept(worldMicros());
        if (done.getAsBoolean() || worldMicros() > 36_000_000_000L) {
          source.close();
        }
      }, m -> {
        messages.add(m);
        if (m.contains("reading at") && startedMicros < 0) {
          startedMicros = worldMicros();
          i2c.startWearer(); // the wearer sits down as the reading starts
        }
      });
      source.run(e -> {
        if (e instanceof SourceEvent.Samples s) {
          samples.addAll(s.samples());
        } else {
          others.add(e);
        }
      });
    }

    List<ImuSample> sensor(int index) {
      return samples.stream().filter(s -> s.sensorIndex() == index).toList();
    }

    List<SourceEvent.Gap> gaps() {
      return others.stream().filter(e -> e instanceof SourceEvent.Gap)
          .map(e -> (SourceEvent.Gap) e).toList();
    }

    String messages() {
      return String.join("\n", messages);
    }
  }

  private Rig rig;

  @AfterEach
  void shutdown() {
    if (rig != null) {
      rig.pi4j.shutdown();
    }
  }

  private static PiI2cSampleSource.Settings oneSensor() {
    return new PiI2cSampleSource.Settings(1, 0x68, PiI2cSampleSource.LOWER_NONE,
        dev.slumpwatch.sensor.serial.Backoff.DEFAULT, 50, 1000, 5000);
  }

  /** Each sample is its tick, stamped at the tick's time from the first: exactly. */
  private static void assertStampedByTick(List<ImuSample> samples, int from, int to) {
    ImuSample first = samples.get(0);
    for (int i = from; i < to; i++) {
      ImuSample s = samples.get(i);
      assertEquals(8192, s.accelZ(), "sample " + i + " misaligned");
      assertEquals(56, s.gyroZ(), "sample " + i + " misaligned");
      assertEquals((s.accelX() - first.accelX()) * P, s.deviceTimeMicros() - first
          .deviceTimeMicros(), "sample " + i + " (tick " + s.accelX() + ")");
    }
  }

  @Test
  void samplesComeFromTheFifoStampedByTheChipsOwnClockWhateverTheSchedulerDoes()
      throws Exception {
    SimulatedMpu6050 chip = new SimulatedMpu6050(0x68, counting(6000));
    rig = new Rig().chip(0x68, chip);
    SplittableRandom r = new SplittableRandom(3);
    // a busy Pi: sleeps overrun by up to 0.7 s, which the 0.85 s FIFO rides out
    rig.oversleepMillis = ms -> r.nextInt(10) == 0 ? r.nextInt(700) : r.nextInt(20);
    rig.run(oneSensor(), chip::drained);

    // the register map's settings, read back from the chip
    assertEquals(0x01, chip.register(Mpu6050.PWR_MGMT_1), "awake, PLL on the X gyro");
    assertEquals(9, chip.register(Mpu6050.SMPLRT_DIV), "1 kHz / (1 + 9) = 100 Hz");
    assertEquals(3, chip.register(Mpu6050.CONFIG) & 7, "DLPF 44/42 Hz");
    assertEquals(0x08, chip.register(Mpu6050.GYRO_CONFIG), "±500 °/s");
    assertEquals(0x08, chip.register(Mpu6050.ACCEL_CONFIG), "±4 g");
    assertEquals(0x78, chip.register(Mpu6050.FIFO_EN), "accelerometer and gyroscope");
    assertEquals(Mpu6050.FIFO_OFLOW, chip.register(Mpu6050.INT_ENABLE));

    List<ImuSample> s = rig.sensor(0);
    assertEquals(6000, s.size(), "every tick, once: " + rig.messages());
    assertEquals(0, s.get(0).accelX(), "from the first tick");
    assertStampedByTick(s, 0, s.size());
    assertEquals(List.of(), rig.gaps());
    assertEquals(0, rig.source.overflows());
    SourceEvent.DeviceInfo info = (SourceEvent.DeviceInfo) rig.others.get(0);
    assertEquals(SensorScale.DEFAULT, info.scale());
    assertEquals(100, info.rateHz());
    assertEquals("pi-i2c-1-0x68", info.deviceId());
    assertTrue(rig.others.get(rig.others.size() - 1) instanceof SourceEvent.End);
  }

  @Test
  void aReaderFallingMoreThanTheFifoBehindIsAnOverflowCountedAndRecordedAsAGap()
      throws Exception {
    SimulatedMpu6050 chip = new SimulatedMpu6050(0x68, counting(3000));
    rig = new Rig().chip(0x68, chip);
    long[] paused = {0};
    // one stall of 2 s (a long GC, a swapping Pi) 10 s in
    rig.oversleepMillis = ms -> {
      if (paused[0] == 0 && rig.startedMicros >= 0
          && rig.worldMicros() - rig.startedMicros > 10_000_000) {
        paused[0] = rig.worldMicros();
        return 2000;
      }
      return 0;
    };
    rig.run(oneSensor(), chip::drained);

    assertTrue(chip.overflowedBytes() > 0, "the chip's FIFO really overflowed");
    assertEquals(1, rig.source.overflows());
    List<SourceEvent.Gap> gaps = rig.gaps();
    assertEquals(1, gaps.size(), gaps.toString());
    assertTrue(gaps.get(0).reason().contains("FIFO overflow"), gaps.get(0).reason());
    assertTrue(rig.messages().contains("FIFO overflow (#1)"), rig.messages());

    // before and after the gap: whole, aligned samples, each at its tick's time
    List<ImuSample> s = rig.sensor(0);
    int cut = 0;
    while (s.get(cut + 1).accelX() == s.get(cut).accelX() + 1) {
      cut++;
    }
    assertStampedByTick(s, 0, cut + 1);
    ImuSample first = s.get(0);
    for (int i = cut + 1; i < s.size(); i++) {
      ImuSample x = s.get(i);
      assertEquals(8192, x.accelZ(), "sample " + i + " misaligned after the overflow");
      long truth = (x.accelX() - first.accelX()) * P;
      // after a gap the place on the timeline comes from the host's clock: ±1 period
      assertTrue(Math.abs(x.deviceTimeMicros() - first.deviceTimeMicros() - truth) <= P,
          "tick " + x.accelX() + " stamped " + (x.deviceTimeMicros() - first.deviceTimeMicros())
          + " µs, truly " + truth);
    }
    long lost = s.get(cut + 1).accelX() - s.get(cut).accelX() - 1;
    // all since the last read: what the FIFO kept is no longer aligned on samples
    assertTrue(lost >= 200 && lost <= 210, "the 2 s stall and a poll: " + lost + " ticks");
    assertEquals(gaps.get(0).fromMicros(), s.get(cut).deviceTimeMicros());
    assertEquals(gaps.get(0).toMicros(), s.get(cut + 1).deviceTimeMicros());
  }

  @Test
  void anUnpluggedSensorIsAGapAndReadingResumesByItselfWhenItIsBack() throws Exception {
    SimulatedMpu6050 chip = new SimulatedMpu6050(0x68, counting(3000));
    rig = new Rig().chip(0x68, chip);
    int[] step = {0};
    rig.script = t -> {
      long at = rig.startedMicros < 0 ? 0 : t - rig.startedMicros;
      if (step[0] == 0 && at >= 8_000_000) {
        step[0] = 1;
        chip.unplug();
      } else if (step[0] == 1 && at >= 11_000_000) {
        step[0] = 2;
        chip.plugIn(); // powered again: asleep, registers at their defaults
      }
    };
    rig.run(oneSensor(), chip::drained);

    assertEquals(1, rig.source.reconnects(), rig.messages());
    assertTrue(rig.messages().contains("I2C error") && rig.messages().contains(
        "Remote I/O error"), rig.messages());
    assertTrue(rig.messages().contains("does not answer"), "retried while gone: "
        + rig.messages());
    List<SourceEvent.Gap> gaps = rig.gaps();
    assertEquals(1, gaps.size(), gaps + "\n" + rig.others + "\n" + rig.messages());
    assertTrue(gaps.get(0).reason().contains("Remote I/O error"), gaps.get(0).reason());
    double gapSeconds = (gaps.get(0).toMicros() - gaps.get(0).fromMicros()) / 1e6;
    assertTrue(gapSeconds > 2.9 && gapSeconds < 4.5, "gap " + gapSeconds + " s");

    List<ImuSample> s = rig.sensor(0);
    ImuSample first = s.get(0);
    ImuSample last = s.get(s.size() - 1);
    assertEquals(2999, last.accelX(), "read to the end after coming back");
    assertEquals(0x01, chip.register(Mpu6050.PWR_MGMT_1), "woken and set up again");
    long truth = (last.accelX() - first.accelX()) * P;
    // the time across the outage comes from the host's clock: within a period or two
    // (the chip's reset pause and retry backoff are part of the outage)
    assertTrue(Math.abs(last.deviceTimeMicros() - first.deviceTimeMicros() - truth) <= 2 * P,
        "stamped " + (last.deviceTimeMicros() - first.deviceTimeMicros()) + ", truly " + truth);
    for (int i = 1; i < s.size(); i++) {
      assertTrue(s.get(i).deviceTimeMicros() > s.get(i - 1).deviceTimeMicros());
    }
  }

  @Test
  void aHungSensorIsNoticedResetAndComesBack() throws Exception {
    SimulatedMpu6050 chip = new SimulatedMpu6050(0x68, counting(3000));
    rig = new Rig().chip(0x68, chip);
    boolean[] hung = {false};
    rig.script = t -> {
      if (!hung[0] && rig.startedMicros >= 0 && t - rig.startedMicros >= 5_000_000) {
        hung[0] = true;
        chip.hang(); // answers on the bus, samples nothing
      }
    };
    rig.run(oneSensor(), chip::drained);

    assertEquals(1, rig.source.reconnects(), rig.messages());
    assertTrue(rig.messages().contains("no sample for 1.1 s"), rig.messages());
    List<SourceEvent.Gap> gaps = rig.gaps();
    assertEquals(1, gaps.size(), gaps.toString());
    assertTrue(gaps.get(0).reason().contains("hung"), gaps.get(0).reason());
    assertEquals(2999, rig.sensor(0).get(rig.sensor(0).size() - 1).accelX());
  }

  @Test
  void aMissingSensorIsReportedOnceAndPickedUpWhenItAppears() throws Exception {
    SimulatedMpu6050 chip = new SimulatedMpu6050(0x68, counting(500));
    rig = new Rig();
    boolean[] attached = {false};
    rig.script = t -> {
      if (!attached[0] && t > 1_000_000_000L + 5_000_000) {
        attached[0] = true;
        rig.i2c.attach(0x68, chip);
        chip.advanceTo(t);
      }
    };
    rig.run(oneSensor(), chip::drained);
    long said = rig.messages.stream().filter(m -> m.contains("does not answer")).count();
    assertEquals(1, said, "said once, not at every retry: " + rig.messages());
    assertTrue(rig.messages().contains("Remote I/O error"), rig.messages());
    assertEquals(500, rig.sensor(0).size());
    assertEquals(List.of(), rig.gaps(), "no gap before the first sample");
  }

  @Test
  void whoAmIOtherThanAnMpu6050IsRefusedWithTheValue() {
    assertNull(Mpu6050.refusal(0x68));
    assertNull(Mpu6050.refusal(0x70), "MPU-6500 family: same registers");
    assertEquals("WHO_AM_I reads 0x00, not an MPU-6050 (0x68): another device at this "
        + "address?", Mpu6050.refusal(0x00));
  }

  @Test
  void aSecondSensorAt0x69IsSensorOneOnTheUpperSensorsTimeline() throws Exception {
    SimulatedMpu6050 upper = new SimulatedMpu6050(0x68, counting(6000));
    // the lower chip's clock runs 1 % slow: the datasheet's worst case over temperature
    SimulatedMpu6050 lower = new SimulatedMpu6050(0x69, counting(6000), 1.01);
    rig = new Rig().chip(0x68, upper).chip(0x69, lower);
    rig.run(PiI2cSampleSource.Settings.of(1, 0x68), upper::drained);

    assertTrue(rig.messages().contains("0x69 on I2C bus 1: lower-back sensor found"),
        rig.messages());
    List<ImuSample> up = rig.sensor(0);
    List<ImuSample> low = rig.sensor(1);
    assertEquals(6000, up.size());
    assertTrue(low.size() > 5900, "lower samples " + low.size());
    assertStampedByTick(up, 0, up.size());
    long t0 = up.get(0).deviceTimeMicros();
    long worst = 0;
    for (int i = 1; i < low.size(); i++) {
      ImuSample s = low.get(i);
      assertTrue(s.deviceTimeMicros() > low.get(i - 1).deviceTimeMicros(), "only forward");
      // lower tick k happened at (k + 1) × 10.1 ms of world time
      long truth = Math.round((s.accelX() + 1) * P * 1.01) - P;
      worst = Math.max(worst, Math.abs(s.deviceTimeMicros() - t0 - truth));
    }
    // steered onto the upper timeline: a few periods at most, where 1 % drift unsteered
    // would be 0.6 s by the end of the minute
    assertTrue(worst <= 4 * P, "lower sensor off the upper timeline by " + worst + " µs");
  }

  @Test
  void anOverflowAndAnOutageAreStoredAsGapsThroughTheWholePipeline(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    SimulatedMpu6050 chip = new SimulatedMpu6050(0x68, counting(6000));
    rig = new Rig().chip(0x68, chip);
    long[] nanos = {1_000_000_000L};
    long[] started = {-1};
    int[] step = {0};
    PiI2cSampleSource[] source = new PiI2cSampleSource[1];
    source[0] = new PiI2cSampleSource(oneSensor(), rig.pi4j, () -> nanos[0], ms -> {
      long at = started[0] < 0 ? 0 : nanos[0] / 1000 - started[0];
      long extra = 0;
      if (step[0] == 0 && at > 15_000_000) {
        step[0] = 1;
        extra = 3000; // the reader stalls 3 s: the FIFO overflows
      } else if (step[0] == 1 && at > 30_000_000) {
        step[0] = 2;
        chip.unplug();
      } else if (step[0] == 2 && at > 34_000_000) {
        step[0] = 3;
        chip.plugIn();
      }
      nanos[0] += (ms + extra) * 1_000_000L;
      rig.i2c.advanceTo(nanos[0] / 1000);
      if (chip.drained()) {
        source[0].close();
      }
    }, m -> {
      rig.messages.add(m);
      if (m.contains("reading at") && started[0] < 0) {
        started[0] = nanos[0] / 1000;
        rig.i2c.startWearer();
      }
    });
    java.nio.file.Path db = dir.resolve("slumpwatch.db");
    dev.slumpwatch.pipeline.SessionSetup setup = dev.slumpwatch.pipeline.SessionSetup.of(
        dev.slumpwatch.pipeline.SessionSetup.PostureSetup.storedOnly(
            new dev.slumpwatch.posture.PostureProfile(
                dev.slumpwatch.posture.PostureCalibration.fromNeutralAndBend(
                    new double[] {0, 0, 1}, new double[] {0.5, 0, 0.866}), null, "test")))
        .withClock(java.time.Clock.fixed(java.time.Instant.parse("2026-03-02T09:00:00Z"),
            java.time.ZoneOffset.UTC));
    dev.slumpwatch.pipeline.SessionRunner.run(new dev.slumpwatch.pipeline.SessionRunner.Spec(
        source[0], db, setup, source[0].describe(), java.util.List.of(), rig.messages::add,
        1024), null);

    assertEquals(1, source[0].overflows(), rig.messages());
    assertEquals(1, source[0].reconnects(), rig.messages());
    try (dev.slumpwatch.store.Store store = dev.slumpwatch.store.Store.open(db)) {
      List<dev.slumpwatch.store.Store.GapRow> gaps = store.gaps(0, Long.MAX_VALUE);
      assertEquals(2, gaps.size(), gaps.toString());
      assertTrue(gaps.get(0).reason().contains("FIFO overflow (#1)"), gaps.toString());
      assertTrue(gaps.get(1).reason().contains("Remote I/O error"), gaps.toString());
      long overflowMs = gaps.get(0).toMs() - gaps.get(0).fromMs();
      long outageMs = gaps.get(1).toMs() - gaps.get(1).fromMs();
      assertTrue(overflowMs >= 3000 && overflowMs <= 3200, "overflow gap " + overflowMs);
      // 4 s unplugged, found again at the next retry (the backoff reaches 1 s) and set up
      assertTrue(outageMs >= 3900 && outageMs <= 6200, "outage gap " + outageMs);
      assertEquals("ok", store.integrityCheck());
    }
  }
}
