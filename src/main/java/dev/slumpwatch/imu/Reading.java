package dev.slumpwatch.imu;

/**
 * One reading in SI units, made from an {@link ImuSample} by {@link SensorScale#reading} — the
 * one place counts become physical values. Every stage after the sensor scale takes these,
 * so no stage converts counts, g or degrees per second on its own.
 *
 * @param deviceTimeMicros the sensor's own time, unwrapped (see {@link ImuSample})
 * @param sensorIndex 0 for the upper-back sensor, 1 for the optional lower-back one
 * @param accelX specific force, m/s², sensor frame
 * @param gyroX angular rate, rad/s, sensor frame (the gyroscope's bias not removed)
 * @param flags the sample's {@link ImuSample} flags (saturation)
 */
public record Reading(long deviceTimeMicros, int sensorIndex, double accelX, double accelY,
    double accelZ, double gyroX, double gyroY, double gyroZ, int flags) {

  /** Magnitude of the specific force, m/s². */
  public double accelNorm() {
    return Math.sqrt(accelX * accelX + accelY * accelY + accelZ * accelZ);
  }
}
