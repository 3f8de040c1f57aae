package dev.slumpwatch.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedWearerTest {
  private static final SensorScale SCALE = SensorScale.DEFAULT;

  private record Run(List<SourceEvent> events, List<ImuSample> samples, GroundTruth truth) {}

  private static Run run(String text, long seed) throws Exception {
    Scenario s = Scenario.parse(text, "test").withSeed(seed);
    GroundTruth truth = new GroundTruth();
    List<SourceEvent> events = new ArrayList<>();
    List<ImuSample> samples = new ArrayList<>();
    new SimulatedWearer(s, Pacer.unpaced(), truth).run(e -> {
      events.add(e);
      if (e instanceof SourceEvent.Samples b) {
        samples.addAll(b.samples());
      }
    });
    return new Run(events, samples, truth);
  }

  private static double accelNormG(ImuSample s) {
    double x = SCALE.accelG(s.accelX());
    double y = SCALE.accelG(s.accelY());
    double z = SCALE.accelG(s.accelZ());
    return Math.sqrt(x * x + y * y + z * z);
  }

  private static double std(double[] v, int from, int to) {
    double m = 0;
    for (int i = from; i < to; i++) {
      m += v[i];
    }
    m /= (to - from);
    double s = 0;
    for (int i = from; i < to; i++) {
      s += (v[i] - m) * (v[i] - m);
    }
    return Math.sqrt(s / (to - from));
  }

  @Test
  void atRestTheAccelerometerReadsOneGAndTheGyroscopeItsBias() throws Exception {
    Run r = run("60s sit", 3);
    assertEquals(6000, r.samples().size());
    double norm = 0;
    double[] gyro = new double[3];
    for (ImuSample s : r.samples()) {
      norm += accelNormG(s);
      gyro[0] += Math.toDegrees(SCALE.gyroRadPerSec(s.gyroX()));
      gyro[1] += Math.toDegrees(SCALE.gyroRadPerSec(s.gyroY()));
      gyro[2] += Math.toDegrees(SCALE.gyroRadPerSec(s.gyroZ()));
    }
    norm /= r.samples().size();
    // offsets of up to 20 mg and 1 % sensitivity error per axis
    assertEquals(1.0, norm, 0.04);
    double bias = Math.sqrt(gyro[0] * gyro[0] + gyro[1] * gyro[1] + gyro[2] * gyro[2])
        / r.samples().size();
    // breathing averages out over whole breaths (60 s = 15 of them)
    assertEquals(r.truth().gyroBiasDps(3000), bias, 0.1);
    assertTrue(bias > 0.1, "a real part has a bias");
  }

  @Test
  void stampsEverySampleTenMillisecondsApartOnAClockThatWraps() throws Exception {
    Run r = run("30m sit", 5); // the device counter starts 20–25 min before its wrap
    List<ImuSample> s = r.samples();
    long wrapAt = -1;
    for (int i = 1; i < s.size(); i++) {
      long dt = s.get(i).deviceTimeMicros() - s.get(i - 1).deviceTimeMicros();
      assertTrue(dt >= 9_996 && dt <= 10_004, "interval " + dt + " µs at sample " + i);
      assertEquals((s.get(i - 1).sequence() + 1) & 0xFFFF, s.get(i).sequence());
      if (s.get(i).deviceTimeMicros() >= (1L << 32) && wrapAt < 0) {
        wrapAt = i;
      }
    }
    assertTrue(wrapAt > 0, "the 32-bit device clock wrapped during the run and was unwrapped");
  }

  @Test
  void walkingShakesTheAccelerometerAndSittingDoesNot() throws Exception {
    Run r = run("30s sit typing=yes\n10s stand\n60s walk\n", 9);
    double[] norm = r.samples().stream().mapToDouble(SimulatedWearerTest::accelNormG).toArray();
    double seated = std(norm, 500, 2500);
    double walking = std(norm, 5000, 9500);
    assertTrue(seated < 0.01, "seated accel-norm std " + seated + " g");
    assertTrue(walking > 0.1 && walking < 0.6, "walking accel-norm std " + walking + " g");
    assertEquals(Activity.WALKING, r.truth().activity(6000));
    assertEquals(Activity.SEATED_STILL, r.truth().activity(1000));
  }

  @Test
  void theClipOrientationChangesTheReadingsButNotTheTruth() throws Exception {
    String text = "20s sit\n30s sit flexion=25 ramp=10\n";
    Run a = run(text, 1);
    Run b = run(text, 2);
    ImuSample sa = a.samples().get(4000);
    ImuSample sb = b.samples().get(4000);
    assertNotEquals(sa.accelX(), sb.accelX());
    assertEquals(a.truth().upperFlexionDeg(4000), b.truth().upperFlexionDeg(4000), 1e-9);
    // breathing adds ±0.5° to the scripted 25°
    assertEquals(25, a.truth().upperFlexionDeg(4000), 0.6);
  }

  @Test
  void theTrueFlexionIsWhatTheGravityVectorSaysInTheBodyFrame() throws Exception {
    // with the clip mounted square (no rotation), the sensor frame is the body frame, so
    // the accelerometer's own inclination must equal the true flexion
    Scenario s = Scenario.parse("mount rpy 0 0 0\n10s sit\n30s sit flexion=30 ramp=5\n", "t");
    GroundTruth truth = new GroundTruth();
    List<ImuSample> samples = new ArrayList<>();
    new SimulatedWearer(s, Pacer.unpaced(), truth).run(e -> {
      if (e instanceof SourceEvent.Samples b) {
        samples.addAll(b.samples());
      }
    });
    double sum = 0;
    for (int i = 2500; i < 3500; i++) {
      ImuSample x = samples.get(i);
      sum += Math.toDegrees(Math.atan2(-SCALE.accelG(x.accelX()), SCALE.accelG(x.accelZ())))
          - truth.upperFlexionDeg(i);
    }
    // accelerometer offsets (≤ 20 mg) tilt the reading by at most about 1.6°
    assertEquals(0, sum / 1000, 1.7);
  }

  @Test
  void aGapEmitsNoSamplesAndIsAnnounced() throws Exception {
    Run r = run("10s sit\n5s gap\n10s sit\n", 4);
    assertEquals(2000, r.samples().size());
    SourceEvent.Gap gap = r.events().stream().filter(e -> e instanceof SourceEvent.Gap)
        .map(e -> (SourceEvent.Gap) e).findFirst().orElseThrow();
    assertEquals(5.0, (gap.toMicros() - gap.fromMicros()) / 1e6, 0.02);
    assertInstanceOf(SourceEvent.End.class, r.events().get(r.events().size() - 1));
    assertInstanceOf(SourceEvent.DeviceInfo.class, r.events().get(0));
  }

  @Test
  void aForcefulTwistIsFastAndStaysInsideTheGyroRange() throws Exception {
    Run r = run("5s sit\n10s twist count=2 angle=45 rate=250\n", 6);
    double peak = 0;
    for (ImuSample s : r.samples()) {
      double x = Math.toDegrees(SCALE.gyroRadPerSec(s.gyroX()));
      double y = Math.toDegrees(SCALE.gyroRadPerSec(s.gyroY()));
      double z = Math.toDegrees(SCALE.gyroRadPerSec(s.gyroZ()));
      peak = Math.max(peak, Math.sqrt(x * x + y * y + z * z));
      assertEquals(0, s.flags() & ImuSample.FLAG_GYRO_SATURATED);
    }
    assertEquals(250, peak, 15, "peak rate of the twist, °/s");
  }

  @Test
  void withoutGyroBiasTheGyroscopeReadsOnlyItsNoiseAndTheRestIsTheSame() throws Exception {
    Run with = run("60s sit", 3);
    Run without = run("gyro-bias off\n60s sit", 3);
    double[] gyro = new double[3];
    for (ImuSample s : without.samples()) {
      gyro[0] += Math.toDegrees(SCALE.gyroRadPerSec(s.gyroX()));
      gyro[1] += Math.toDegrees(SCALE.gyroRadPerSec(s.gyroY()));
      gyro[2] += Math.toDegrees(SCALE.gyroRadPerSec(s.gyroZ()));
    }
    double bias = Math.sqrt(gyro[0] * gyro[0] + gyro[1] * gyro[1] + gyro[2] * gyro[2])
        / without.samples().size();
    assertEquals(0, bias, 0.02);
    assertEquals(0, without.truth().gyroBiasDps(3000));
    // the same clip and accelerometer errors: the accelerometer reads the same
    assertEquals(with.samples().get(4000).accelX(), without.samples().get(4000).accelX(), 3);
  }

  @Test
  void aCreepMovesAtItsSteadyRate() throws Exception {
    Run r = run("10s sit\n4m sit flexion=20 rate=0.1", 4);
    GroundTruth t = r.truth();
    // 20° at 0.1 °/s: 200 s plus a second of easing in and out, from 10 s
    double at60 = t.upperFlexionDeg(t.indexAt(t.timeMicros(0) + 60_000_000L));
    double at160 = t.upperFlexionDeg(t.indexAt(t.timeMicros(0) + 160_000_000L));
    assertEquals(10.0, (at160 - at60), 0.6, "0.1 °/s over 100 s, breathing aside");
    double end = t.upperFlexionDeg(t.size() - 1);
    assertEquals(20, end, 0.6);
  }

  @Test
  void aDriftingClipTurnsTheSensorButNotTheBody() throws Exception {
    Run still = run("20m sit", 6);
    Run drift = run("drift 5 left 1m 10m\n20m sit", 6);
    int last = drift.samples().size() - 1;
    // the body did the same
    assertEquals(still.truth().upperFlexionDeg(still.truth().size() - 1),
        drift.truth().upperFlexionDeg(drift.truth().size() - 1), 1e-6);
    // the accelerometer's gravity turned by the 5° of drift
    double[] a = unit(still.samples().get(last));
    double[] b = unit(drift.samples().get(last));
    double deg = Math.toDegrees(Math.acos(a[0] * b[0] + a[1] * b[1] + a[2] * b[2]));
    assertEquals(5, deg, 0.5);
  }

  private static double[] unit(ImuSample s) {
    double x = SCALE.accelG(s.accelX());
    double y = SCALE.accelG(s.accelY());
    double z = SCALE.accelG(s.accelZ());
    double n = Math.sqrt(x * x + y * y + z * z);
    return new double[] {x / n, y / n, z / n};
  }
}
