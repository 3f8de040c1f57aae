package dev.slumpwatch.posture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivityClassifierTest {
  private final ActivityClassifier c = new ActivityClassifier(ActivityClassifier.Settings.DEFAULTS);
  private final Random noise = new Random(1);
  private long t;

  /** 100 Hz of synthetic readings: accel norm and gyro with a 2 °/s bias on x. */
  private void feed(double seconds, double accelAmpG, double gyroAmpDps) {
    feed(seconds, accelAmpG, gyroAmpDps, 0.25);
  }

  /** The classifier takes SI: m/s² and rad/s; these tests think in g and °/s. */
  private static final double G = dev.slumpwatch.imu.SensorScale.STANDARD_GRAVITY;

  private static double rad(double dps) {
    return Math.toRadians(dps);
  }

  /** @param gyroHz frequency of the rotation: 0.25 Hz is breathing, faster is shifting about */
  private void feed(double seconds, double accelAmpG, double gyroAmpDps, double gyroHz) {
    for (int i = 0; i < seconds * 100; i++) {
      double s = t / 1e6;
      double a = 1 + accelAmpG * Math.sin(2 * Math.PI * 1.8 * s) + 0.003 * noise.nextGaussian();
      double g = gyroAmpDps * Math.sin(2 * Math.PI * gyroHz * s);
      c.update(t, a * G, rad(2 + g + 0.03 * noise.nextGaussian()),
          rad(0.03 * noise.nextGaussian()), rad(-1));
      t += 10_000;
    }
  }

  @Test
  void unknownUntilAFullBlock() {
    assertEquals(Activity.UNKNOWN, c.activity());
    feed(0.5, 0, 0.8);
    assertEquals(Activity.UNKNOWN, c.activity());
  }

  @Test
  void breathingIsSeatedStillBiasNotwithstanding() {
    feed(10, 0, 0.8);
    assertEquals(Activity.SEATED_STILL, c.activity());
  }

  @Test
  void stepBounceIsWalkingThenStandingForAWhile() {
    feed(10, 0.3, 5);
    assertEquals(Activity.WALKING, c.activity());
    feed(2, 0, 0.8);
    assertEquals(Activity.STANDING_OR_MOVING, c.activity());
    feed(10, 0, 0.8);
    assertEquals(Activity.SEATED_STILL, c.activity());
  }

  @Test
  void shiftingAboutIsFidgeting() {
    feed(10, 0.01, 12, 0.7);
    assertEquals(Activity.SEATED_FIDGETING, c.activity());
  }

  @Test
  void noBreathingForHalfAMinuteIsNotWorn() {
    feed(20, 0, 0);
    assertEquals(Activity.SEATED_STILL, c.activity(), "a still sitter is still worn at first");
    feed(15, 0, 0);
    assertEquals(Activity.NOT_WORN, c.activity());
    feed(5, 0, 0.8);
    assertEquals(Activity.SEATED_STILL, c.activity(), "back on a breathing body");
  }

  @Test
  void lyingStillTiltedFromNeutralIsNotWornWithinSeconds() {
    ActivityClassifier a = new ActivityClassifier(ActivityClassifier.Settings.DEFAULTS);
    long time = 0;
    for (int i = 0; i < 500; i++, time += 10_000) {
      // worn, breathing, upright (cos 0.99 from neutral)
      a.update(time, G, Double.NaN, rad(0.8 * Math.sin(i * 0.0157)), 0, 0, 0.99);
    }
    assertEquals(Activity.SEATED_STILL, a.activity());
    for (int i = 0; i < 500; i++, time += 10_000) {
      // on the desk: 90° from neutral, no breathing
      a.update(time, G, Double.NaN, rad(0.01 * noise.nextGaussian()), 0, 0, 0.0);
    }
    assertEquals(Activity.NOT_WORN, a.activity(), "5 s lying flat");
  }

  @Test
  void stillButUprightIsStillWornWhenCalibrated() {
    ActivityClassifier a = new ActivityClassifier(ActivityClassifier.Settings.DEFAULTS);
    long time = 0;
    for (int i = 0; i < 6000; i++, time += 10_000) {
      a.update(time, G, Double.NaN, rad(0.01 * noise.nextGaussian()), 0, 0, 0.98);
    }
    assertEquals(Activity.SEATED_STILL, a.activity(), "a minute without breathing motion, "
        + "but upright: a very still sitter");
  }

  @Test
  void settingsOutOfRangeAreRefusedNamingTheValues() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> ActivityClassifier.Settings.DEFAULTS.with(
            ActivityClassifier.Settings.NOT_WORN_TILT_DEG, 200.0));
    assertEquals("activity.notWornTiltDeg: 200 is out of range; allowed: 10 to 180 °",
        e.getMessage());
  }
}
