package dev.slumpwatch.posture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pivot fit on a rigid bend made from its physics: a sensor {@code height} m above the
 * pivot (and 7 cm behind it, as on a back) turns forward about the body's left axis by a
 * quintic ramp; the accelerometer reads gravity plus the point's acceleration, with the
 * MPU-6050's noise (2.7 mg, 0.032 °/s per sample at 100 Hz). Sensor frame = body frame
 * (x forward, y left, z up), so the calibration is the identity.
 */
class BendPivotTest {
  private static final double G = 9.80665;
  private static final double DT = 0.01;
  private static final PostureCalibration BODY = new PostureCalibration(0, 0, 1, 1, 0, 0);

  /** Where the sensor is relative to the pivot in the world, for a bend of θ rad. */
  private static double[] position(double theta, double height) {
    // R_y(θ) · (−0.07, 0, h): forward bend tips z towards x
    double c = Math.cos(theta);
    double s = Math.sin(theta);
    return new double[] {-0.07 * c + height * s, 0, 0.07 * s + height * c};
  }

  private static double angle(double t, double fromDeg, double toDeg, double rampSeconds) {
    double u = Math.max(0, Math.min(1, t / rampSeconds));
    double k = u * u * u * (u * (6 * u - 15) + 10);
    return Math.toRadians(fromDeg + (toDeg - fromDeg) * k);
  }

  /**
   * Feeds 2 s still, a bend from {@code fromDeg} to {@code toDeg} over {@code rampSeconds},
   * then 3 s still.
   */
  private static void bend(BendPivot p, Random r, double fromDeg, double toDeg,
      double rampSeconds, double height, long[] clock) {
    double h = 1e-3;
    int n = (int) Math.round((5 + rampSeconds) / DT);
    for (int k = 0; k < n; k++) {
      double t = k * DT - 2;
      double th = angle(t, fromDeg, toDeg, rampSeconds);
      double[] pm = position(angle(t - h, fromDeg, toDeg, rampSeconds), height);
      double[] p0 = position(th, height);
      double[] pp = position(angle(t + h, fromDeg, toDeg, rampSeconds), height);
      double[] a = new double[3];
      for (int i = 0; i < 3; i++) {
        a[i] = (pp[i] - 2 * p0[i] + pm[i]) / (h * h);
      }
      a[2] += G;
      // into the sensor frame: R_y(θ)ᵀ
      double c = Math.cos(th);
      double s = Math.sin(th);
      double fx = c * a[0] - s * a[2];
      double fz = s * a[0] + c * a[2];
      double rate = (angle(t + h, fromDeg, toDeg, rampSeconds)
          - angle(t - h, fromDeg, toDeg, rampSeconds)) / (2 * h);
      double an = 2.7e-3 * G;
      double gn = Math.toRadians(0.032);
      clock[0] += 10_000;
      p.update(clock[0], DT, gn * r.nextGaussian(), rate + gn * r.nextGaussian(),
          gn * r.nextGaussian(), fx + an * r.nextGaussian(), an * r.nextGaussian(),
          fz + an * r.nextGaussian(), -s, 0, c, BODY, Math.toDegrees(th));
    }
  }

  @Test
  void aHingeAboutTheHipsAndARoundingOfTheBackAreToldApartWhenQuick() {
    Random r = new Random(1);
    for (double ramp : new double[] {0.8, 1.5, 3}) {
      BendPivot p = new BendPivot(BendPivot.Settings.DEFAULTS);
      long[] clock = {0};
      bend(p, r, 0, 30, ramp, 0.48, clock);
      BendPivot.Bend b = p.lastBend();
      assertNotNull(b, "a " + ramp + " s hinge is a bend");
      assertEquals(30, b.bendDeg(), 0.5);
      // within 2.5 standard errors of the fit (a slower bend has less acceleration to go by)
      assertEquals(0.48, b.pivotHeightMeters(), Math.max(0.03, 2.5 * b.sigmaMeters()),
          ramp + " s hinge: " + b);
      assertEquals(30, p.hipLeanDeg(), 1.0, "held, the hinge is hip lean");
      // back up with a straight back: the lean is gone
      bend(p, r, 30, 0, ramp, 0.48, clock);
      assertEquals(0, p.hipLeanDeg(), 1e-9);

      BendPivot q = new BendPivot(BendPivot.Settings.DEFAULTS);
      bend(q, r, 0, 20, ramp, 0.20, clock);
      assertEquals(0.20, q.lastBend().pivotHeightMeters(),
          Math.max(0.03, 2.5 * q.lastBend().sigmaMeters()), ramp + " s rounding: "
          + q.lastBend());
      assertEquals(0, q.hipLeanDeg(), 1e-9, "rounding is no hip lean");
    }
  }

  /**
   * At 4 s the tangential acceleration is a fifth of that at 1.8 s and the fit's
   * uncertainty nears its bound: a hinge is placed at the hips or left unplaced, and a
   * rounding may lend the hips a little of itself, never most of it.
   */
  @Test
  void atFourSecondsTheSplitIsStillMostlyRight() {
    Random r = new Random(4);
    for (int k = 0; k < 5; k++) {
      BendPivot p = new BendPivot(BendPivot.Settings.DEFAULTS);
      bend(p, r, 0, 30, 4, 0.48, new long[] {0});
      // placed at the hips, or (too uncertain) not at all; never as a rounding
      assertTrue(!p.lastBend().classified() || p.hipLeanDeg() > 20, "a 4 s hinge: "
          + p.lastBend());
      BendPivot q = new BendPivot(BendPivot.Settings.DEFAULTS);
      bend(q, r, 0, 20, 4, 0.20, new long[] {0});
      assertTrue(q.hipLeanDeg() < 2, "a 4 s rounding: " + q.lastBend());
    }
  }

  @Test
  void aSlowBendIsLeftToTheSlumpTrackerWhateverItsPivot() {
    Random r = new Random(2);
    BendPivot p = new BendPivot(BendPivot.Settings.DEFAULTS);
    long[] clock = {0};
    bend(p, r, 0, 30, 20, 0.48, clock);
    assertTrue(p.lastBend() == null || !p.lastBend().classified(), "" + p.lastBend());
    assertEquals(0, p.hipLeanDeg(), 1e-9, "unknown pivot: counted as rounding");
  }

  @Test
  void theHipLeanStaysWithinTheFlexionAndASlowMoveAwayEndsIt() {
    Random r = new Random(3);
    BendPivot p = new BendPivot(BendPivot.Settings.DEFAULTS);
    long[] clock = {0};
    bend(p, r, 0, 35, 1, 0.48, clock);
    assertEquals(35, p.hipLeanDeg(), 1.5);
    // settling back a little, slowly: the lean follows the flexion down
    bend(p, r, 35, 31, 10, 0.48, clock);
    assertEquals(31, p.hipLeanDeg(), 0.5);
    // moving on slowly (no pivot to be had) by more than bend.minBendDeg from where the
    // hinge left it: the hips going back while the back rounds, or not; one sensor cannot
    // tell, so the lean is forgotten and the inclination counts in full
    bend(p, r, 31, 20, 20, 0.48, clock);
    assertEquals(0, p.hipLeanDeg(), 1e-9);
    bend(p, r, 20, 40, 1, 0.48, clock);
    assertTrue(p.hipLeanDeg() > 15, "a new hinge: " + p.lastBend());
    p.reset();
    assertEquals(0, p.hipLeanDeg());
    assertFalse(p.started());
  }

  @Test
  void settingsOutOfRangeNameTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BendPivot.Settings.DEFAULTS.with(BendPivot.Settings.HIP_HEIGHT_METERS, 0.15));
    assertTrue(e.getMessage().contains("bend.hipHeightMeters"), e.getMessage());
    assertTrue(e.getMessage().contains("bend.thoracicHeightMeters"), e.getMessage());
  }
}
