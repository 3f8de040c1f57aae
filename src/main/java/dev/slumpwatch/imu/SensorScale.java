package dev.slumpwatch.imu;

/**
 * Full-scale ranges of an MPU-6050 and the count-to-SI conversion they imply.
 *
 * <p>Sensitivities are the register map's: accelerometer 16384 LSB/g at ±2 g, halving
 * per range step; gyroscope 131 LSB/(°/s) at ±250 °/s, halving per step.
 */
public record SensorScale(int accelRangeG, int gyroRangeDegPerSec) {

  /** The firmware's and the simulator's default: ±4 g (walking impacts), ±500 °/s (twists). */
  public static final SensorScale DEFAULT = new SensorScale(4, 500);

  /** Standard gravity, m/s². */
  public static final double STANDARD_GRAVITY = 9.80665;

  public SensorScale {
    if (accelRangeG != 2 && accelRangeG != 4 && accelRangeG != 8 && accelRangeG != 16) {
      throw new IllegalArgumentException(
          "accelerometer range must be 2, 4, 8 or 16 g, not " + accelRangeG);
    }
    if (gyroRangeDegPerSec != 250 && gyroRangeDegPerSec != 500
        && gyroRangeDegPerSec != 1000 && gyroRangeDegPerSec != 2000) {
      throw new IllegalArgumentException(
          "gyroscope range must be 250, 500, 1000 or 2000 °/s, not " + gyroRangeDegPerSec);
    }
  }

  public double accelLsbPerG() {
    return 32768.0 / accelRangeG;
  }

  public double gyroLsbPerDegPerSec() {
    return 32768.0 / gyroRangeDegPerSec * (131.0 / 131.072);
  }

  /** The sample in SI units: m/s² and rad/s. */
  public Reading reading(ImuSample s) {
    double a = accelMs2PerCount();
    double w = gyroRadPerSecPerCount();
    return new Reading(s.deviceTimeMicros(), s.sensorIndex(), s.accelX() * a, s.accelY() * a,
        s.accelZ() * a, s.gyroX() * w, s.gyroY() * w, s.gyroZ() * w, s.flags());
  }

  /**
   * m/s² per accelerometer count: what {@link #reading} multiplies by. For a hot loop that
   * must not allocate a {@link Reading} per sample; the product is the same.
   */
  public double accelMs2PerCount() {
    return STANDARD_GRAVITY / accelLsbPerG();
  }

  /** rad/s per gyroscope count: what {@link #reading} multiplies by. */
  public double gyroRadPerSecPerCount() {
    return Math.toRadians(1.0 / gyroLsbPerDegPerSec());
  }

  /** Counts to g. */
  public double accelG(short counts) {
    return counts / accelLsbPerG();
  }

  /** Counts to rad/s. */
  public double gyroRadPerSec(short counts) {
    return Math.toRadians(counts / gyroLsbPerDegPerSec());
  }

  /** g to counts, rounded and clamped to int16 (clamping is what saturation looks like). */
  public short accelCounts(double g) {
    return clampToShort(Math.rint(g * accelLsbPerG()));
  }

  /** rad/s to counts, rounded and clamped to int16. */
  public short gyroCounts(double radPerSec) {
    return clampToShort(Math.rint(Math.toDegrees(radPerSec) * gyroLsbPerDegPerSec()));
  }

  private static short clampToShort(double v) {
    if (v >= Short.MAX_VALUE) {
      return Short.MAX_VALUE;
    }
    if (v <= Short.MIN_VALUE) {
      return Short.MIN_VALUE;
    }
    return (short) v;
  }
}
