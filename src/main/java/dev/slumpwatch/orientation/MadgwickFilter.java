package dev.slumpwatch.orientation;

/**
 * The plain six-axis Madgwick filter (S. Madgwick, "An efficient orientation filter for
 * inertial and inertial/magnetic sensor arrays", 2010): gyro integration plus one
 * normalised gradient-descent step of size β towards the accelerometer's vertical. No
 * bias estimation, no rejection. Kept as the baseline the BROAD evaluation compares with;
 * the product uses {@link InclinationFilter}.
 */
public final class MadgwickFilter implements OrientationEstimator {
  /** β, rad/s: the fixed gain the BROAD baseline is stated with. */
  public static final double BASELINE_BETA = 0.04;

  private final double beta;
  private double q0 = 1;
  private double q1;
  private double q2;
  private double q3;
  private boolean started;

  public MadgwickFilter(double beta) {
    if (!(beta >= 0)) {
      throw new IllegalArgumentException("Madgwick beta must be ≥ 0, not " + beta);
    }
    this.beta = beta;
  }

  /** Accelerometer in any unit (only its direction is used), gyro in rad/s. */
  @Override
  public void update(double ax, double ay, double az, double gx, double gy, double gz,
      double dtSeconds) {
    double an = Math.sqrt(ax * ax + ay * ay + az * az);
    if (!started) {
      if (an > 0) {
        // start level with the first accelerometer sample, as the reference code starts
        // from the first sample's attitude
        double mx = ax / an;
        double my = ay / an;
        double mz = az / an;
        double w = 1 + mz;
        if (w < 1e-9) {
          q0 = 0;
          q1 = 1;
          q2 = q3 = 0;
        } else {
          double n = Math.sqrt(w * w + mx * mx + my * my);
          q0 = w / n;
          q1 = my / n;
          q2 = -mx / n;
          q3 = 0;
        }
        started = true;
      }
      return;
    }
    // q̇ = ½ q ⊗ ω
    double d0 = 0.5 * (-q1 * gx - q2 * gy - q3 * gz);
    double d1 = 0.5 * (q0 * gx + q2 * gz - q3 * gy);
    double d2 = 0.5 * (q0 * gy - q1 * gz + q3 * gx);
    double d3 = 0.5 * (q0 * gz + q1 * gy - q2 * gx);
    if (an > 0) {
      double mx = ax / an;
      double my = ay / an;
      double mz = az / an;
      // objective f = (gravity predicted in the sensor frame) − measured
      double f0 = 2 * (q1 * q3 - q0 * q2) - mx;
      double f1 = 2 * (q0 * q1 + q2 * q3) - my;
      double f2 = 1 - 2 * (q1 * q1 + q2 * q2) - mz;
      // gradient Jᵀ f
      double s0 = -2 * q2 * f0 + 2 * q1 * f1;
      double s1 = 2 * q3 * f0 + 2 * q0 * f1 - 4 * q1 * f2;
      double s2 = -2 * q0 * f0 + 2 * q3 * f1 - 4 * q2 * f2;
      double s3 = 2 * q1 * f0 + 2 * q2 * f1;
      double sn = Math.sqrt(s0 * s0 + s1 * s1 + s2 * s2 + s3 * s3);
      if (sn > 0) {
        sn = beta / sn;
        d0 -= sn * s0;
        d1 -= sn * s1;
        d2 -= sn * s2;
        d3 -= sn * s3;
      }
    }
    q0 += d0 * dtSeconds;
    q1 += d1 * dtSeconds;
    q2 += d2 * dtSeconds;
    q3 += d3 * dtSeconds;
    double n = 1 / Math.sqrt(q0 * q0 + q1 * q1 + q2 * q2 + q3 * q3);
    q0 *= n;
    q1 *= n;
    q2 *= n;
    q3 *= n;
  }

  public double beta() {
    return beta;
  }

  /** Writes the orientation (sensor to earth, w first) into {@code out[offset..+3]}. */
  @Override
  public void quaternion(double[] out, int offset) {
    out[offset] = q0;
    out[offset + 1] = q1;
    out[offset + 2] = q2;
    out[offset + 3] = q3;
  }
}
