package dev.slumpwatch.posture;

import java.util.Locale;

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

  /** How far from unit length and from orthogonal the two axes may be (rounding, files). */
  public static final double AXIS_TOLERANCE = 1e-3;

  /**
   * @throws IllegalArgumentException unless up and forward are finite, unit and orthogonal
   *     (within {@link #AXIS_TOLERANCE}): a NaN axis would make every flexion NaN and,
   *     stored, break the history's NOT NULL columns
   */
  public PostureCalibration {
    double nu = Math.sqrt(upX * upX + upY * upY + upZ * upZ);
    double nf = Math.sqrt(forwardX * forwardX + forwardY * forwardY + forwardZ * forwardZ);
    double dot = upX * forwardX + upY * forwardY + upZ * forwardZ;
    // written so that NaN fails: every comparison with NaN is false
    if (!(Math.abs(nu - 1) <= AXIS_TOLERANCE && Math.abs(nf - 1) <= AXIS_TOLERANCE
        && Math.abs(dot) <= AXIS_TOLERANCE)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "up (%s, %s, %s) and "
          + "forward (%s, %s, %s) must be finite, orthogonal unit vectors", upX, upY, upZ,
          forwardX, forwardY, forwardZ));
    }
  }

  /** Smallest forward bend that still tells the forward axis reliably, degrees. */
  public static final double MIN_BEND_DEG = 10;
  /**
   * Smallest bend of a lower-back sensor (T12–L1): it tilts only with the hips' part of the
   * bend, so less is asked of it, degrees.
   */
  public static final double MIN_LOWER_BEND_DEG = 6;
  /**
   * With the documented clip mounting, the neutral up vector may be this far out of the
   * board's plane (the upper back is not vertical even sitting tall), degrees.
   */
  public static final double MAX_CLIP_TILT_DEG = 45;
  /** With the documented clip mounting, the bend may be this far from straight forward. */
  public static final double MAX_SIDEWAYS_DEG = 45;

  /**
   * How the sensor sits on the body, as far as the calibration may assume.
   * <ul>
   *   <li>{@code ANY}: any orientation; only the two steps tell the axes, and nothing about
   *       the mounting can be checked;
   *   <li>{@code CLIP}: the documented mounting: the board flat on the back as the
   *       enclosure holds it, component side out, so its z axis points backwards, out of the
   *       back; turned any way in that plane. Then "sitting tall" must leave the up vector
   *       near the board's plane (else: not upright), a forward bend must tilt it towards
   *       the board's normal (else: sideways or backwards), and the quick one-step
   *       calibration can take the forward axis from the mounting.
   * </ul>
   */
  public enum Mounting { ANY, CLIP }

  /**
   * From the mean up vectors (sensor frame) while sitting tall and while bent forward.
   *
   * @throws CalibrationException when the bend is too small to tell the forward axis
   */
  public static PostureCalibration fromNeutralAndBend(double[] neutralUp, double[] bentUp)
      throws CalibrationException {
    return fromNeutralAndBend(neutralUp, bentUp, Mounting.ANY, MIN_BEND_DEG);
  }

  /**
   * @param minBendDeg the smallest bend accepted, degrees
   * @throws CalibrationException when the bend is too small, or (with the clip mounting)
   *     the wearer was not upright or bent sideways or backwards; the message says which
   */
  public static PostureCalibration fromNeutralAndBend(double[] neutralUp, double[] bentUp,
      Mounting mounting, double minBendDeg) throws CalibrationException {
    double[] n = normalise(neutralUp);
    double[] b = normalise(bentUp);
    if (mounting == Mounting.CLIP) {
      checkUpright(n);
    }
    double cos = dot(n, b);
    double bendDeg = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
    if (bendDeg < minBendDeg) {
      throw new CalibrationException(String.format(Locale.ROOT,
          "the forward bend was %.1f°, at least %.0f° is needed to tell forward from sideways",
          bendDeg, minBendDeg));
    }
    // bending forward by θ turns the up vector backwards: b = cosθ·n − sinθ·forward
    double[] f = {-(b[0] - cos * n[0]), -(b[1] - cos * n[1]), -(b[2] - cos * n[2])};
    f = normalise(f);
    if (mounting == Mounting.CLIP) {
      double[] expected = clipForward(n);
      double off = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot(f, expected)))));
      if (off > 180 - MAX_SIDEWAYS_DEG) {
        throw new CalibrationException(String.format(Locale.ROOT, "the bend went backwards "
            + "(%.0f° from straight forward): bend forward, or check that the board's "
            + "component side faces away from your back", off));
      }
      if (off > MAX_SIDEWAYS_DEG) {
        throw new CalibrationException(String.format(Locale.ROOT, "the bend was mostly "
            + "sideways or twisted (%.0f° from straight forward, at most %.0f° allowed): "
            + "bend straight forward", off, MAX_SIDEWAYS_DEG));
      }
    }
    return new PostureCalibration(n[0], n[1], n[2], f[0], f[1], f[2]);
  }

  /**
   * The quick, one-step calibration for the documented clip mounting: only "sit tall"; the
   * forward axis is the board's outward normal reversed (−z), made orthogonal to up.
   *
   * @throws CalibrationException when the up vector is too far out of the board's plane
   */
  public static PostureCalibration quick(double[] neutralUp) throws CalibrationException {
    double[] n = normalise(neutralUp);
    checkUpright(n);
    double[] f = clipForward(n);
    return new PostureCalibration(n[0], n[1], n[2], f[0], f[1], f[2]);
  }

  private static void checkUpright(double[] n) throws CalibrationException {
    double tilt = Math.toDegrees(Math.asin(Math.min(1, Math.abs(n[2]))));
    if (tilt > MAX_CLIP_TILT_DEG) {
      throw new CalibrationException(String.format(Locale.ROOT, "not upright: the clip is "
          + "tilted %.0f° from vertical (at most %.0f° allowed); sit tall with the clip flat "
          + "on your upper back", tilt, MAX_CLIP_TILT_DEG));
    }
  }

  /** Forward for the clip mounting: −z, orthogonal to the up vector n. */
  private static double[] clipForward(double[] n) {
    // −z − (−z·n) n
    return normalise(new double[] {n[2] * n[0], n[2] * n[1], -1 + n[2] * n[2]});
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
