package dev.slumpwatch.orientation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class InclinationFilterTest {
  private static final double G = 9.80665;
  private static final double RATE_HZ = 100;
  private static final double DT = 1 / RATE_HZ;

  /** Uniformly random unit quaternion (Shoemake), sensor to earth. */
  private static double[] randomQuaternion(Random rnd) {
    double u1 = rnd.nextDouble();
    double u2 = 2 * Math.PI * rnd.nextDouble();
    double u3 = 2 * Math.PI * rnd.nextDouble();
    double a = Math.sqrt(1 - u1);
    double b = Math.sqrt(u1);
    return new double[] {a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3), b * Math.cos(u3)};
  }

  /** Up (earth z) in the sensor frame: the third row of R(q). */
  private static double[] up(double[] q) {
    double w = q[0];
    double x = q[1];
    double y = q[2];
    double z = q[3];
    return new double[] {2 * (x * z - w * y), 2 * (y * z + w * x), w * w - x * x - y * y + z * z};
  }

  private static double tiltErrorDeg(InclinationFilter f, double[] trueUp) {
    double dot = f.upX() * trueUp[0] + f.upY() * trueUp[1] + f.upZ() * trueUp[2];
    return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot))));
  }

  @Test
  void convergesFromAnyStartOrientation() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 300; trial++) {
      double[] q = randomQuaternion(rnd);
      double[] u = up(q);
      double[] bias = {Math.toRadians(rnd.nextGaussian()), Math.toRadians(rnd.nextGaussian()),
          Math.toRadians(rnd.nextGaussian())};
      InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.GENERAL);
      double worstAfterInit = 0;
      for (int i = 0; i < 10 * RATE_HZ; i++) {
        f.update(G * u[0] + 0.03 * rnd.nextGaussian(), G * u[1] + 0.03 * rnd.nextGaussian(),
            G * u[2] + 0.03 * rnd.nextGaussian(), bias[0] + 0.001 * rnd.nextGaussian(),
            bias[1] + 0.001 * rnd.nextGaussian(), bias[2] + 0.001 * rnd.nextGaussian(),
            i == 0 ? 0 : DT);
        if (i > 0 && (f.flags() & InclinationFilter.FLAG_INITIALISING) == 0) {
          worstAfterInit = Math.max(worstAfterInit, tiltErrorDeg(f, u));
        }
      }
      assertEquals(0, f.flags() & InclinationFilter.FLAG_INITIALISING,
          "still initialising after 10 s, trial " + trial);
      // the unknown start bias (σ 1 °/s per axis) tilts the inertial frame until rest
      // detection has measured it; after that the estimate settles
      assertTrue(worstAfterInit < 2.0, "trial " + trial + ": tilt error " + worstAfterInit
          + "° after initialisation");
      assertTrue(tiltErrorDeg(f, u) < 0.3, "trial " + trial + ": tilt error "
          + tiltErrorDeg(f, u) + "° after 10 s");
    }
  }

  @Test
  void initialisationIsShortAndTiltIsRightFromTheStart() {
    InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.GENERAL);
    double[] u = up(new double[] {Math.cos(1), Math.sin(1), 0, 0}); // 114° about x
    int initSamples = 0;
    for (int i = 0; i < 600; i++) {
      f.update(G * u[0], G * u[1], G * u[2], 0, 0, 0, DT);
      if ((f.flags() & InclinationFilter.FLAG_INITIALISING) != 0) {
        initSamples++;
      }
      assertTrue(tiltErrorDeg(f, u) < 0.01, "sample " + i);
    }
    assertTrue(initSamples <= 4 * RATE_HZ, "initialising for " + initSamples + " samples");
  }

  @Test
  void gyroBiasOfTwoDegreesPerSecondIsFoundWithinATenthAfterOneMinuteAtRest() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 5; trial++) {
      double[] q = randomQuaternion(rnd);
      double[] u = up(q);
      double[] biasDps = {2, -2, 2};
      if (trial > 0) { // 2 °/s in a random direction
        double[] d = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        biasDps = new double[] {2 * d[0] / n, 2 * d[1] / n, 2 * d[2] / n};
      }
      InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.GENERAL);
      for (int i = 0; i < 60 * RATE_HZ; i++) {
        f.update(G * u[0] + 0.03 * rnd.nextGaussian(), G * u[1] + 0.03 * rnd.nextGaussian(),
            G * u[2] + 0.03 * rnd.nextGaussian(),
            Math.toRadians(biasDps[0] + 0.03 * rnd.nextGaussian()),
            Math.toRadians(biasDps[1] + 0.03 * rnd.nextGaussian()),
            Math.toRadians(biasDps[2] + 0.03 * rnd.nextGaussian()), DT);
      }
      double[] est = f.gyroBias();
      for (int k = 0; k < 3; k++) {
        assertEquals(biasDps[k], Math.toDegrees(est[k]), 0.1, "trial " + trial + " axis " + k);
      }
      assertTrue((f.flags() & InclinationFilter.FLAG_AT_REST) != 0, "rest not detected");
      assertEquals(0, f.flags() & InclinationFilter.FLAG_BIAS_CONVERGING);
      assertTrue(tiltErrorDeg(f, u) < 0.5, "tilt " + tiltErrorDeg(f, u));
    }
  }

  /**
   * Feeds a sensor that sits still for 30 s, then turns about its own y axis at a steady
   * {@code rateDps} from upright to 20° and holds it for {@code holdSeconds}.
   *
   * @param noise with MPU-6050 noise (2.7 mg, 0.032 °/s per sample) and breathing
   *     (±0.5° at 0.25 Hz on top of the creep)
   * @return the largest inclination error after the creep began, degrees; and the error
   *     at the end, and at a true 10.16° (the figure)
   */
  private static double[] creep(InclinationFilter.Settings settings, double rateDps,
      double biasDps, double holdSeconds, boolean noise, long seed) {
    Random rnd = new Random(seed);
    InclinationFilter f = new InclinationFilter(settings);
    double rampSeconds = 20 / rateDps;
    int n = (int) Math.round((30 + rampSeconds + holdSeconds) * RATE_HZ);
    double worst = 0;
    double atTen = Double.NaN;
    double last = 0;
    for (int i = 0; i < n; i++) {
      double t = i * DT - 30;
      double deg = t < 0 ? 0 : Math.min(20, rateDps * t);
      double rate = t < 0 || t > rampSeconds ? 0 : rateDps;
      if (noise) {
        deg += 0.5 * Math.sin(2 * Math.PI * 0.25 * t);
        rate += 0.5 * 2 * Math.PI * 0.25 * Math.cos(2 * Math.PI * 0.25 * t);
      }
      double th = Math.toRadians(deg);
      double[] u = {-Math.sin(th), 0, Math.cos(th)};
      double an = noise ? 2.7e-3 * G : 0;
      double gn = noise ? Math.toRadians(0.032) : 0;
      f.update(G * u[0] + an * rnd.nextGaussian(), G * u[1] + an * rnd.nextGaussian(),
          G * u[2] + an * rnd.nextGaussian(), Math.toRadians(0.3 * biasDps)
              + gn * rnd.nextGaussian(), Math.toRadians(rate + biasDps)
              + gn * rnd.nextGaussian(), Math.toRadians(-0.5 * biasDps)
              + gn * rnd.nextGaussian(), i == 0 ? 0 : DT);
      double est = Math.toDegrees(Math.atan2(-f.upX(), f.upZ()));
      last = est - deg;
      if (t > 0) {
        worst = Math.max(worst, Math.abs(last));
      }
      if (Double.isNaN(atTen) && deg >= 10.16 && t > 0) {
        atTen = last;
      }
    }
    return new double[] {worst, last, atTen};
  }

  /**
   * The figure: a noise-free, bias-free sensor creeping at 0.33 °/s from 0 to 20°
   * read 9.21° at a true 10.16° and 18.99° at 20°, because the rest detector (gyro against
   * its own low-pass) took the steady rotation for stillness and its rate for gyro bias.
   */
  @Test
  void aNoiseFreeCreepAtAThirdOfADegreePerSecondReadsRight() {
    double[] e = creep(pipelineSettings(), 0.33, 0, 10, false, 1);
    assertEquals(0, e[2], 0.02, "error at a true 10.16°");
    assertTrue(e[0] < 0.02, "largest error during and after the creep " + e[0] + "°");
  }

  private static InclinationFilter.Settings pipelineSettings() {
    return InclinationFilter.Settings.DEFAULTS.with(InclinationFilter.Settings.REST_MIN_SECONDS, 5.0);
  }

  @Test
  void creepsFromAFiftiethToOneDegreePerSecondWithNoiseBreathingAndBiasReadRight() {
    for (double rate : new double[] {0.05, 0.1, 0.3, 1}) {
      for (double bias : new double[] {0, 2}) {
        double[] e = creep(pipelineSettings(), rate, bias, 60, true, 11);
        // the 2 °/s bias is unknown at the start: the 30 s still find it first. Before the
        // fix the largest errors were 0.21° (0.05 °/s), 0.37°, 0.95° and 2.6° (1 °/s)
        assertTrue(e[0] < 0.1, rate + " °/s, bias " + bias + " °/s: largest error " + e[0]
            + "°");
        assertTrue(Math.abs(e[1]) < 0.05, rate + " °/s, bias " + bias + " °/s: error "
            + e[1] + "° after a minute's hold");
      }
    }
  }

  @Test
  void aBiasThatDriftsDuringACreepIsStillFollowed() {
    // the bias steps by 0.5 °/s on the y axis (the axis of the creep) during the hold
    InclinationFilter f = new InclinationFilter(pipelineSettings());
    Random rnd = new Random(5);
    for (int i = 0; i < 240 * RATE_HZ; i++) {
      double t = i * DT;
      double deg = Math.min(15, Math.max(0, 0.1 * (t - 20)));
      double rate = t > 20 && t < 170 ? 0.1 : 0;
      double bias = 1.0 + (t > 180 ? 0.5 : 0);
      double th = Math.toRadians(deg);
      f.update(-G * Math.sin(th) + 0.026 * rnd.nextGaussian(), 0.026 * rnd.nextGaussian(),
          G * Math.cos(th) + 0.026 * rnd.nextGaussian(), 0,
          Math.toRadians(rate + bias + 0.032 * rnd.nextGaussian()), 0, i == 0 ? 0 : DT);
    }
    assertEquals(1.5, Math.toDegrees(f.gyroBias()[1]), 0.05, "bias after the drift");
  }

  @Test
  void twoGImpactsMoveTheInclinationByLessThanTwoDegrees() {
    Random rnd = new Random(3);
    for (int trial = 0; trial < 20; trial++) {
      double[] u = up(randomQuaternion(rnd));
      InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.GENERAL);
      double worst = 0;
      double nextImpact = 5;
      double[] dir = new double[3];
      double impactStart = -1;
      for (int i = 0; i < 60 * RATE_HZ; i++) {
        double t = i * DT;
        if (t >= nextImpact) {
          // a 2 g knock lasting 40 ms in a random direction, every 0.3 to 1.3 s
          impactStart = t;
          nextImpact = t + 0.3 + rnd.nextDouble();
          double n = 0;
          for (int k = 0; k < 3; k++) {
            dir[k] = rnd.nextGaussian();
            n += dir[k] * dir[k];
          }
          n = Math.sqrt(n);
          for (int k = 0; k < 3; k++) {
            dir[k] /= n;
          }
        }
        // a knock jolts the sensor and it comes back to rest: the velocity change of the
        // push is undone by the stop (one full sine period), as for any sensor that stays put
        double knock = impactStart >= 0 && t - impactStart < 0.04
            ? 2 * G * Math.sin(2 * Math.PI * (t - impactStart) / 0.04) : 0;
        // the knock also jolts the gyro a little
        double jolt = knock > 0 ? Math.toRadians(20) : 0;
        f.update(G * u[0] + knock * dir[0], G * u[1] + knock * dir[1],
            G * u[2] + knock * dir[2], jolt * dir[1] * rnd.nextGaussian(),
            jolt * dir[2] * rnd.nextGaussian(), jolt * dir[0] * rnd.nextGaussian(), DT);
        if ((f.flags() & InclinationFilter.FLAG_INITIALISING) == 0) {
          worst = Math.max(worst, tiltErrorDeg(f, u));
        }
      }
      assertTrue(worst < 2.0, "trial " + trial + ": inclination error " + worst + "°");
    }
  }

  @Test
  void badSamplesAreSkippedAndResetStartsAgain() {
    InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.GENERAL);
    for (int i = 0; i < 500; i++) {
      f.update(0, 0, G, 0, 0, 0, DT);
    }
    f.update(Double.NaN, 0, G, 0, 0, 0, DT);
    assertTrue((f.flags() & InclinationFilter.FLAG_ACCEL_REJECTED) != 0);
    f.update(0, 0, G, Double.NaN, 0, 0, DT);
    assertEquals(1.0, f.upZ(), 1e-9);
    assertEquals(1, f.diagnostics().skippedSamples());
    assertEquals(1, f.diagnostics().rejectedAccelSamples());
    f.reset();
    assertTrue(!f.started());
    assertTrue((f.flags() & InclinationFilter.FLAG_INITIALISING) != 0);
    f.update(G, 0, 0, 0, 0, 0, 0);
    assertEquals(1.0, f.upX(), 1e-9);
  }

  @Test
  void settingsOutOfRangeNameTheKey() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> InclinationFilter.Settings.GENERAL.with(
            InclinationFilter.Settings.ACCEL_TIME_CONSTANT_SECONDS, -1.0));
    assertTrue(e.getMessage().contains("accelTimeConstantSeconds"), e.getMessage());
  }
}
