package dev.slumpwatch.imu;

/**
 * One raw reading of an MPU-6050 as it left the sensor: int16 counts, not SI units.
 *
 * <p>{@code deviceTimeMicros} is the sensor's own clock, already unwrapped from the
 * 32-bit microsecond counter the device sends into a 64-bit timeline (see
 * {@link DeviceClockUnwrapper}). Everything downstream times itself from this value,
 * never from the host clock, so a replay gives exactly the results of the live run.
 *
 * <p>Conversion to SI units happens in {@link SensorScale}, in one place, so raw
 * counts and physical values are never mixed.
 *
 * @param sensorIndex 0 for the upper-back sensor, 1 for the optional lower-back one
 * @param sequence    the device's frame counter (wraps at 2^16); -1 when the source has none
 * @param flags       bit set of {@link #FLAG_ACCEL_SATURATED}, {@link #FLAG_GYRO_SATURATED}
 */
public record ImuSample(
    long deviceTimeMicros,
    int sensorIndex,
    int sequence,
    short accelX, short accelY, short accelZ,
    short gyroX, short gyroY, short gyroZ,
    int flags) {

  /** At least one accelerometer axis read full scale: the true value may be larger. */
  public static final int FLAG_ACCEL_SATURATED = 1;
  /** At least one gyroscope axis read full scale. */
  public static final int FLAG_GYRO_SATURATED = 1 << 1;

  public boolean saturated() {
    return (flags & (FLAG_ACCEL_SATURATED | FLAG_GYRO_SATURATED)) != 0;
  }

  /** Saturation flags computed from the counts themselves, for sources that send none. */
  public static int saturationFlags(short ax, short ay, short az, short gx, short gy, short gz) {
    int f = 0;
    if (atLimit(ax) || atLimit(ay) || atLimit(az)) {
      f |= FLAG_ACCEL_SATURATED;
    }
    if (atLimit(gx) || atLimit(gy) || atLimit(gz)) {
      f |= FLAG_GYRO_SATURATED;
    }
    return f;
  }

  private static boolean atLimit(short v) {
    return v == Short.MAX_VALUE || v == Short.MIN_VALUE;
  }
}
