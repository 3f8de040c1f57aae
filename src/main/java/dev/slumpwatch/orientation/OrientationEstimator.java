package dev.slumpwatch.orientation;

/**
 * A six-axis orientation filter as the BROAD evaluation drives it: one update per sample,
 * sensor-to-earth quaternion out. Our {@link InclinationFilter} and the
 * {@link MadgwickFilter} baseline both are one.
 */
public interface OrientationEstimator {
  /** Accelerometer in m/s², gyroscope in rad/s, dt in seconds. */
  void update(double ax, double ay, double az, double gx, double gy, double gz, double dt);

  /** Writes {w, x, y, z} into {@code out} from {@code offset}. */
  void quaternion(double[] out, int offset);
}
