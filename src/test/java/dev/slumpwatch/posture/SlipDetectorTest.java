package dev.slumpwatch.posture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Synthetic 100 Hz streams: rotation about the sensor's x axis, with or without swinging. */
class SlipDetectorTest {
  private final SlipDetector d = new SlipDetector(SlipDetector.Settings.DEFAULTS);
  private long t = 5_000_000;
  private double angleDeg;
  private int slips;

  /**
   * @param turnDeg how far to turn, over {@code seconds}, as a smootherstep ramp
   * @param linearG linear acceleration while turning (a swing on a radius), g
   */
  private void feed(double seconds, double turnDeg, double linearG, double breathingDps) {
    int n = (int) Math.round(seconds * 100);
    double start = angleDeg;
    for (int i = 1; i <= n; i++) {
      double x = i / (double) n;
      double rate = turnDeg * 30 * x * x * (1 - x) * (1 - x) / seconds;
      angleDeg = start + turnDeg * x * x * x * (10 - 15 * x + 6 * x * x);
      double a = Math.toRadians(angleDeg);
      double breath = breathingDps * Math.sin(2 * Math.PI * 0.25 * t / 1e6);
      double ux = 0;
      double uy = Math.sin(a);
      double uz = Math.cos(a);
      double lin = turnDeg == 0 ? 0 : linearG * Math.sin(Math.PI * x);
      // the detector takes the accelerometer in m/s²
      double g = dev.slumpwatch.imu.SensorScale.STANDARD_GRAVITY;
      if (d.update(t, Math.toRadians(rate + breath), 0, 0, (ux + lin) * g, uy * g, uz * g,
          ux, uy, uz, 0.01)) {
        slips++;
      }
      t += 10_000;
    }
  }

  @Test
  void aQuickTurnInPlaceBetweenStillStretchesIsASlip() {
    feed(3, 0, 0, 0.8);
    feed(0.25, 20, 0.02, 0.8);
    assertEquals(0, slips, "not before the wearer is still again");
    feed(1.5, 0, 0, 0.8);
    assertEquals(1, slips);
    assertEquals(20, d.lastTurnDeg(), 0.5);
    assertTrue(d.describeLast().contains("the clip slipped"), d.describeLast());
  }

  @Test
  void theSameTurnSwingingThroughSpaceIsABodyMovement() {
    feed(3, 0, 0, 0.8);
    feed(0.25, 20, 0.3, 0.8);
    feed(1.5, 0, 0, 0.8);
    assertEquals(0, slips);
  }

  @Test
  void aSlowTurnIsPostureNotASlip() {
    feed(3, 0, 0, 0.8);
    feed(2, 20, 0.01, 0.8);
    feed(3, 0, 0, 0.8);
    assertEquals(0, slips);
  }

  @Test
  void aTwistThatComesBackIsNoSlip() {
    feed(3, 0, 0, 0.8);
    feed(0.2, 15, 0.01, 0);
    feed(0.2, -15, 0.01, 0);
    feed(2, 0, 0, 0.8);
    assertEquals(0, slips, "the net turn is zero");
  }

  @Test
  void withoutStillnessBeforeNothingCounts() {
    feed(0.5, 0, 0, 0.8);
    feed(0.25, 20, 0.02, 0);
    feed(2, 0, 0, 0.8);
    assertFalse(slips > 0);
  }
}
