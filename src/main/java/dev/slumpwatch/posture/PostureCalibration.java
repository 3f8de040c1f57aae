package dev.slumpwatch.posture;

/**
 * How the clip sits on this wearer's back: the body's axes in the sensor frame.
 *
 * <p>Learnt in two steps: "sit tall" gives the up direction at neutral ({@code up}), and
 * "bend forward slowly" gives, through the direction the up vector moved, the body's
 * forward axis. From these the flexion (sagittal, forward positive) and the lateral bend
 * (right positive) of any later up vector follow, whatever the clip's orientation.
 *
 * @param upX the body's long axis (up at neutral) in the sensor frame, unit vector
 * @param forwardX the body's forward axis in the sensor frame, unit, orthogonal to up
 */
public record PostureCalibration(double upX, double upY, double upZ,
    double forwardX, double forwardY, double forwardZ) {

  /** Smallest forward bend that still tells the forward axis reliably, degrees. */
  public static final double MIN_BEND_DEG = 10;

  /**
   * From the mean up vectors (sensor frame) while sitting tall and while bent forward.
   *
   * @throws CalibrationException when the bend is too small to tell the forward axis
   */
  public static PostureCalibration fromNeutralAndBend(double[] neutralUp, double[] bentUp)
      throws CalibrationException {
    double[] n = normalise(neutralUp);
    double[] b = normalise(bentUp);
    double cos = dot(n, b);
    double bendDeg = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
    if (bendDeg < MIN_BEND_DEG) {
      throw new CalibrationException(String.format(java.util.Locale.ROOT,
          "the forward bend was %.1f°, at least %.0f° is needed to tell forward from sideways",
          bendDeg, MIN_BEND_DEG));
    }
    // bending forward by θ turns the up vector backwards: b = cosθ·n − sinθ·forward
    double[] f = {-(b[0] - cos * n[0]), -(b[1] - cos * n[1]), -(b[2] - cos * n[2])};
    f = normalise(f);
    return new PostureCalibration(n[0], n[1], n[2], f[0], f[1], f[2]);
  }

  /** Flexion of the given up vector (sensor frame), degrees, forward positive. */
  public double flexionDeg(double ux, double uy, double uz) {
    double along = ux * upX + uy * upY + uz * upZ;
    double forward = ux * forwardX + uy * forwardY + uz * forwardZ;
    return Math.toDegrees(Math.atan2(-forward, along));
  }

  /** Lateral bend of the given up vector, degrees, to the right positive. */
  public double lateralDeg(double ux, double uy, double uz) {
    // left axis = up × forward
    double lx = upY * forwardZ - upZ * forwardY;
    double ly = upZ * forwardX - upX * forwardZ;
    double lz = upX * forwardY - upY * forwardX;
    double along = ux * upX + uy * upY + uz * upZ;
    return Math.toDegrees(Math.atan2(ux * lx + uy * ly + uz * lz, along));
  }

  static double[] normalise(double[] v) {
    double n = Math.sqrt(dot(v, v));
    if (!(n > 0)) {
      throw new IllegalArgumentException("zero vector");
    }
    return new double[] {v[0] / n, v[1] / n, v[2] / n};
  }

  static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
