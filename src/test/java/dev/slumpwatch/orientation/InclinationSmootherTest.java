package dev.slumpwatch.orientation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InclinationSmootherTest {
  private static final double G = 9.80665;
  private static final double RATE_HZ = 50;
  private static final double DT = 1 / RATE_HZ;
  private static final long DT_MICROS = 20_000;

  /** Up (earth z) in the sensor frame of q (sensor to earth): the third row of R(q). */
  private static double[] up(double[] q) {
    double w = q[0];
    double x = q[1];
    double y = q[2];
    double z = q[3];
    return new double[] {2 * (x * z - w * y), 2 * (y * z + w * x), w * w - x * x - y * y + z * z};
  }

  private static double[] mul(double[] a, double[] b) {
    return new double[] {
        a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
        a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
        a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
        a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0]};
  }

  private static double[] axisAngle(double x, double y, double z, double angle) {
    double s = Math.sin(angle / 2);
    return new double[] {Math.cos(angle / 2), x * s, y * s, z * s};
  }

  /** v (earth frame) in the sensor frame of q: R(q)ᵀ v. */
  private static double[] toSensor(double[] q, double[] v) {
    double[] c = {q[0], -q[1], -q[2], -q[3]};
    double[] r = mul(mul(c, new double[] {0, v[0], v[1], v[2]}), q);
    return new double[] {r[1], r[2], r[3]};
  }

  /** A trunk swinging about two axes while the sensor is carried back and forth. */
  private static double[] swing(double t) {
    double[] a = axisAngle(1, 0, 0, Math.toRadians(40) * Math.sin(2 * Math.PI * 0.5 * t));
    double[] b = axisAngle(0, 1, 0, Math.toRadians(25) * Math.sin(2 * Math.PI * 0.3 * t + 1));
    return mul(mul(axisAngle(0, 0, 1, 0.7), a), b);
  }

  /** Linear acceleration in the earth frame, m/s²: bounded motion, zero mean. */
  private static double[] linear(double t) {
    return new double[] {2.0 * Math.sin(2 * Math.PI * 0.7 * t),
        1.5 * Math.cos(2 * Math.PI * 0.4 * t), 1.0 * Math.sin(2 * Math.PI * 0.9 * t + 2)};
  }

  private static double angleDeg(double ux, double uy, double uz, double[] u) {
    double cx = uy * u[2] - uz * u[1];
    double cy = uz * u[0] - ux * u[2];
    double cz = ux * u[1] - uy * u[0];
    return Math.toDegrees(Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz),
        ux * u[0] + uy * u[1] + uz * u[2]));
  }

  /**
   * Readings as a sensor with an anti-alias filter gives them: the gyro is the mean rate
   * over the sample interval (the rotation from the previous sample's orientation to this
   * one's), the accelerometer the specific force in the middle of the interval. Both with
   * a constant gyro bias. Truth at sample k: the orientation at its time.
   */
  private static final class Swing {
    final int n;
    final double[][] acc;
    final double[][] gyr;
    final double[][] trueUp;

    Swing(double seconds, double[] bias) {
      n = (int) (seconds * RATE_HZ);
      acc = new double[n][];
      gyr = new double[n][];
      trueUp = new double[n][];
      for (int k = 0; k < n; k++) {
        double t = k * DT;
        double[] q = swing(t);
        trueUp[k] = up(q);
        double[] prev = swing(t - DT);
        double[] d = mul(new double[] {prev[0], -prev[1], -prev[2], -prev[3]}, q);
        if (d[0] < 0) {
          d = new double[] {-d[0], -d[1], -d[2], -d[3]};
        }
        double vn = Math.sqrt(d[1] * d[1] + d[2] * d[2] + d[3] * d[3]);
        double angle = 2 * Math.atan2(vn, d[0]);
        double k1 = vn > 0 ? angle / vn / DT : 0;
        gyr[k] = new double[] {d[1] * k1 + bias[0], d[2] * k1 + bias[1], d[3] * k1 + bias[2]};
        double mid = t - DT / 2;
        double[] lin = linear(mid);
        acc[k] = toSensor(swing(mid), new double[] {lin[0], lin[1], lin[2] + G});
      }
    }
  }

  @Test
  void smoothedInclinationOfASwingingSensorBeatsTheCausalFilterAtTheSampleItDescribes() {
    Swing s = new Swing(120, new double[] {0.004, -0.003, 0.002});
    InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.DEFAULTS);
    InclinationSmoother sm = new InclinationSmoother(InclinationSmoother.Settings.DEFAULTS);
    double causalSq = 0;
    double smoothSq = 0;
    int causalN = 0;
    int smoothN = 0;
    int next = 0;
    int from = (int) (20 * RATE_HZ); // after the start-up and the first bias estimate
    for (int k = 0; k < s.n; k++) {
      double[] a = s.acc[k];
      double[] g = s.gyr[k];
      f.update(a[0], a[1], a[2], g[0], g[1], g[2], k == 0 ? 0 : DT);
      sm.update(k * DT_MICROS, a[0], a[1], a[2], g[0], g[1], g[2], k == 0 ? 0 : DT, f);
      if (k >= from) {
        double e = angleDeg(f.upX(), f.upY(), f.upZ(), s.trueUp[k]);
        causalSq += e * e;
        causalN++;
      }
      while (sm.ready()) {
        sm.release();
        int i = next++;
        assertEquals(i * DT_MICROS, sm.deviceMicros(), "released in order, dated by itself");
        assertEquals(k - i, (int) RATE_HZ, "released one lag (50 samples) later");
        if (i >= from) {
          double e = angleDeg(sm.upX(), sm.upY(), sm.upZ(), s.trueUp[i]);
          smoothSq += e * e;
          smoothN++;
        }
      }
    }
    double causal = Math.sqrt(causalSq / causalN);
    double smooth = Math.sqrt(smoothSq / smoothN);
    System.out.printf(Locale.ROOT, "swinging sensor at 50 Hz: inclination RMSE causal %.3f°, "
        + "smoothed %.3f°%n", causal, smooth);
    assertTrue(causal > 0.15, "the test is not empty: causal " + causal);
    assertTrue(smooth < 0.6 * causal, String.format(Locale.ROOT,
        "smoothed %.3f° against causal %.3f°", smooth, causal));
  }

  @Test
  void eachSampleIsReleasedOnceInOrderWhenALagOfLaterDataHasArrived() {
    InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.DEFAULTS);
    InclinationSmoother sm = new InclinationSmoother(
        InclinationSmoother.Settings.DEFAULTS.with(InclinationSmoother.Settings.LAG_SECONDS, 0.5));
    double[] u = up(axisAngle(0.6, 0.8, 0, Math.toRadians(35)));
    long t0 = 7_000_000_000L; // any device time: only differences count
    int released = 0;
    int n = 1000;
    for (int k = 0; k < n; k++) {
      long t = t0 + k * 10_000L; // 100 Hz
      f.update(G * u[0], G * u[1], G * u[2], 0, 0, 0, k == 0 ? 0 : 0.01);
      sm.update(t, u[0], u[1], u[2], 0, 0, 0, k == 0 ? 0 : 0.01, f);
      while (sm.ready()) {
        sm.release();
        assertEquals(t0 + released * 10_000L, sm.deviceMicros());
        assertEquals(500_000L, t - sm.deviceMicros(), "half a second later");
        assertEquals(0.5, sm.diagnostics().lastLookaheadSeconds(), 1e-9);
        released++;
        if (sm.converged()) {
          assertTrue(angleDeg(sm.upX(), sm.upY(), sm.upZ(), u) < 0.01);
        }
      }
    }
    assertEquals(n - 50, released);
    assertEquals(50, sm.diagnostics().bufferedSamples());
    // the end of data: the rest with what lookahead there is
    while (sm.pending()) {
      sm.release();
      assertEquals(t0 + released * 10_000L, sm.deviceMicros());
      released++;
    }
    assertEquals(n, released);
    assertEquals(50, sm.diagnostics().releasedShort());
    assertEquals(0, sm.diagnostics().bufferedSamples());
    assertThrows(IllegalStateException.class, sm::release);
  }

  @Test
  void timestampJitterReleasesOneSampleForEachOneIn() {
    InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.DEFAULTS);
    InclinationSmoother sm = new InclinationSmoother(InclinationSmoother.Settings.DEFAULTS);
    Random rnd = new Random(5);
    long last = 0;
    for (int k = 0; k < 3000; k++) {
      long t = k * 10_000L + rnd.nextInt(4); // interrupt jitter of a few µs
      double dt = k == 0 ? 0 : (t - last) / 1e6;
      last = t;
      f.update(0, 0, G, 0, 0, 0, dt);
      sm.update(t, 0, 0, 1, 0, 0, 0, dt, f);
      int out = 0;
      while (sm.ready()) {
        sm.release();
        out++;
        long lookahead = t - sm.deviceMicros();
        assertTrue(lookahead > 990_000 && lookahead <= 1_000_003, "lookahead " + lookahead);
      }
      assertEquals(k < 100 ? 0 : 1, out, "sample " + k);
    }
  }

  @Test
  void theEstimateCountsAsConvergedAfterTheLowPassStartUpOnly() {
    InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.DEFAULTS);
    InclinationSmoother sm = new InclinationSmoother(InclinationSmoother.Settings.DEFAULTS);
    double[] u = up(axisAngle(1, 0, 0, Math.toRadians(120)));
    int unconverged = 0;
    for (int k = 0; k < 1000; k++) {
      f.update(G * u[0], G * u[1], G * u[2], 0, 0, 0, k == 0 ? 0 : 0.01);
      sm.update(k * 10_000L, G * u[0], G * u[1], G * u[2], 0, 0, 0, k == 0 ? 0 : 0.01, f);
      while (sm.ready()) {
        sm.release();
        if (!sm.converged()) {
          unconverged++;
        }
        // the start-up mean of a still sensor is exact from the first sample on
        assertTrue(angleDeg(sm.upX(), sm.upY(), sm.upZ(), u) < 0.01, "sample " + k);
      }
    }
    // τ = 3 s of start-up at 100 Hz
    assertTrue(unconverged >= 290 && unconverged <= 310, "unconverged " + unconverged);
  }

  @Test
  void withoutLagItPassesTheCausalFilterThroughUnchanged() {
    Swing s = new Swing(20, new double[] {0.01, 0, -0.01});
    InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.DEFAULTS);
    InclinationSmoother sm = new InclinationSmoother(
        InclinationSmoother.Settings.DEFAULTS.with(InclinationSmoother.Settings.LAG_SECONDS, 0.0));
    double[] bias = new double[3];
    for (int k = 0; k < s.n; k++) {
      double[] a = s.acc[k];
      double[] g = s.gyr[k];
      f.update(a[0], a[1], a[2], g[0], g[1], g[2], k == 0 ? 0 : DT);
      sm.update(k * DT_MICROS, a[0], a[1], a[2], g[0], g[1], g[2], k == 0 ? 0 : DT, f);
      assertTrue(sm.ready());
      sm.release();
      assertFalse(sm.pending());
      assertEquals(f.upX(), sm.upX(), 0);
      assertEquals(f.upY(), sm.upY(), 0);
      assertEquals(f.upZ(), sm.upZ(), 0);
      assertEquals(f.converged(), sm.converged());
      f.gyroBias(bias, 0);
      assertEquals(g[0] - bias[0], sm.rateX(), 0);
      assertEquals(a[2], sm.accelZ(), 0);
    }
  }

  @Test
  void unusableReadingsAreReleasedButLeftOutOfTheEstimate() {
    InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.DEFAULTS);
    InclinationSmoother sm = new InclinationSmoother(InclinationSmoother.Settings.DEFAULTS);
    double[] u = up(axisAngle(0, 1, 0, Math.toRadians(-50)));
    int released = 0;
    for (int k = 0; k < 2000; k++) {
      boolean bad = k % 7 == 3;
      double ax = bad ? (k % 2 == 0 ? 0 : Double.NaN) : u[0];
      double ay = bad ? 0 : u[1];
      double az = bad ? 0 : u[2];
      f.update(G * ax, G * ay, G * az, 0, 0, 0, k == 0 ? 0 : 0.01);
      sm.update(k * 10_000L, ax, ay, az, bad && k % 3 == 0 ? Double.NaN : 0, 0, 0,
          k == 0 ? 0 : 0.01, f);
      while (sm.ready()) {
        sm.release();
        released++;
        assertTrue(angleDeg(sm.upX(), sm.upY(), sm.upZ(), u) < 0.01, "sample " + k);
      }
    }
    assertEquals(1900, released);
  }

  @Test
  void resetStartsAfreshFromTheNextSample() {
    InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.DEFAULTS);
    InclinationSmoother sm = new InclinationSmoother(InclinationSmoother.Settings.DEFAULTS);
    double[] before = up(axisAngle(1, 0, 0, Math.toRadians(30)));
    double[] after = up(axisAngle(1, 0, 0, Math.toRadians(-60)));
    for (int k = 0; k < 1000; k++) {
      f.update(G * before[0], G * before[1], G * before[2], 0, 0, 0, k == 0 ? 0 : 0.01);
      sm.update(k * 10_000L, before[0], before[1], before[2], 0, 0, 0, k == 0 ? 0 : 0.01, f);
      while (sm.ready()) {
        sm.release();
      }
    }
    while (sm.pending()) {
      sm.release();
    }
    sm.reset();
    f.reset();
    // the sensor turned during a long gap: nothing of the old estimate survives
    for (int k = 0; k < 200; k++) {
      long t = 60_000_000L + k * 10_000L;
      f.update(G * after[0], G * after[1], G * after[2], 0, 0, 0, k == 0 ? 0 : 0.01);
      sm.update(t, after[0], after[1], after[2], 0, 0, 0, k == 0 ? 0 : 0.01, f);
      while (sm.ready()) {
        sm.release();
        assertTrue(sm.deviceMicros() >= 60_000_000L);
        assertTrue(angleDeg(sm.upX(), sm.upY(), sm.upZ(), after) < 0.01);
      }
    }
  }

  @Test
  void aDeviceClockThatBarelyMovesCannotGrowTheBufferWithoutBound() {
    InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.DEFAULTS);
    InclinationSmoother sm = new InclinationSmoother(InclinationSmoother.Settings.DEFAULTS);
    Random rnd = new Random(3);
    int released = 0;
    int n = InclinationSmoother.MAX_BUFFERED + 5000;
    for (int k = 0; k < n; k++) {
      f.update(0, 0, G, 0, 0, 0, k == 0 ? 0 : 1e-6);
      sm.update(k, 0.01 * rnd.nextGaussian(), 0, 1, 0, 0, 0, k == 0 ? 0 : 1e-6, f);
      while (sm.ready()) {
        sm.release();
        released++;
      }
      assertTrue(sm.diagnostics().bufferedSamples() < InclinationSmoother.MAX_BUFFERED);
    }
    assertEquals(5001, released);
    assertEquals(5001, sm.diagnostics().releasedShort());
  }

  @Test
  void settingsOutsideTheirRangeNameTheKeyAndTheValue() {
    InclinationSmoother.Settings d = InclinationSmoother.Settings.DEFAULTS;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.with(InclinationSmoother.Settings.LAG_SECONDS, 1.5));
    assertEquals("smoother.lagSeconds: 1.5 is out of range; allowed: 0 to 1 s", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> d.with(InclinationSmoother.Settings.PAST_WEIGHT, -0.1));
    assertTrue(e.getMessage().startsWith("smoother.pastWeight"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> d.with(InclinationSmoother.Settings.ACCEL_TIME_CONSTANT_SECONDS, Double.NaN));
    assertTrue(e.getMessage().startsWith("smoother.accelTimeConstantSeconds"),
        e.getMessage());
  }
}
