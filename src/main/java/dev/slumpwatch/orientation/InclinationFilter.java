package dev.slumpwatch.orientation;

/**
 * Six-axis inclination filter: estimates which way is up, in the sensor frame, from the
 * gyroscope and accelerometer. Posture needs tilt only, so no magnetometer is used and
 * heading is left to drift.
 *
 * <p>Version 1: a Mahony-style complementary filter on a quaternion. The gyroscope is
 * integrated; the accelerometer pulls the estimated vertical towards the measured one
 * with a proportional gain, and an integral term tracks gyroscope bias. Accelerometer
 * readings whose magnitude is far from 1 g (impacts, linear acceleration) are ignored.
 * During initialisation the gain is high and the gyroscope is averaged: if the sensor was
 * still, that mean is the starting bias (a proportional-integral loop alone takes minutes
 * to absorb a bias of a few °/s, and tilts the estimate by bias/gain meanwhile).
 *
 * <p>Stage shape (see STYLE.md): {@link Settings} with {@link Settings#DEFAULTS}, one
 * {@link #update} per sample, snapshot getters, and {@link #flags()}.
 */
public final class InclinationFilter {

  /**
   * @param accelGain proportional gain of the accelerometer correction, 1/s
   * @param biasGain integral gain for gyro bias estimation, 1/s² (0 turns it off)
   * @param accelRejectionRatio reject the accelerometer when | |a|/g - 1 | exceeds this
   * @param initialisationSeconds time spent converging fast from the first samples
   */
  public record Settings(double accelGain, double biasGain, double accelRejectionRatio,
      double initialisationSeconds) {
    public static final Settings DEFAULTS = new Settings(0.8, 0.02, 0.1, 4.0);

    public Settings {
      if (!(accelGain >= 0) || !(biasGain >= 0) || !(accelRejectionRatio > 0)
          || !(initialisationSeconds >= 0)) {
        throw new IllegalArgumentException("inclination filter settings out of range: " + this);
      }
    }
  }

  /** Bits of {@link #flags()}. */
  public static final int FLAG_INITIALISING = 1;
  public static final int FLAG_ACCEL_REJECTED = 1 << 1;

  private static final double G = 9.80665;
  private static final double INIT_GAIN = 10.0;

  private final Settings settings;
  // orientation quaternion, sensor frame to earth frame (z up), w first
  private double qw = 1;
  private double qx;
  private double qy;
  private double qz;
  private double biasX;
  private double biasY;
  private double biasZ;
  private double elapsedSeconds;
  private double initSumX;
  private double initSumY;
  private double initSumZ;
  private double initSumSq;
  private int initCount;
  private boolean started;
  private int flags = FLAG_INITIALISING;

  public InclinationFilter(Settings settings) {
    this.settings = settings;
  }

  /**
   * One sample.
   *
   * @param ax accelerometer, m/s² (specific force: reads +g upwards at rest)
   * @param gx gyroscope, rad/s
   * @param dtSeconds time since the previous sample, from device timestamps
   */
  public void update(double ax, double ay, double az, double gx, double gy, double gz,
      double dtSeconds) {
    double norm = Math.sqrt(ax * ax + ay * ay + az * az);
    if (!started) {
      if (norm > 0) {
        initialiseFromAccel(ax / norm, ay / norm, az / norm);
        started = true;
      }
      return;
    }
    boolean initialising = elapsedSeconds < settings.initialisationSeconds();
    elapsedSeconds += dtSeconds;
    if (initialising) {
      initSumX += gx;
      initSumY += gy;
      initSumZ += gz;
      initSumSq += gx * gx + gy * gy + gz * gz;
      initCount++;
      if (elapsedSeconds >= settings.initialisationSeconds()) {
        takeInitialBias();
      }
    }
    double ex = 0;
    double ey = 0;
    double ez = 0;
    boolean accelOk = norm > 0
        && Math.abs(norm / G - 1) <= settings.accelRejectionRatio();
    if (accelOk) {
      double inv = 1 / norm;
      double mx = ax * inv;
      double my = ay * inv;
      double mz = az * inv;
      // estimated up in sensor frame = third row of R(q)
      double vx = 2 * (qx * qz - qw * qy);
      double vy = 2 * (qy * qz + qw * qx);
      double vz = qw * qw - qx * qx - qy * qy + qz * qz;
      // error = measured x estimated
      ex = my * vz - mz * vy;
      ey = mz * vx - mx * vz;
      ez = mx * vy - my * vx;
      if (!initialising && settings.biasGain() > 0) {
        biasX -= settings.biasGain() * ex * dtSeconds;
        biasY -= settings.biasGain() * ey * dtSeconds;
        biasZ -= settings.biasGain() * ez * dtSeconds;
      }
    }
    double kp = initialising ? INIT_GAIN : settings.accelGain();
    double wx = gx - biasX + kp * ex;
    double wy = gy - biasY + kp * ey;
    double wz = gz - biasZ + kp * ez;
    // q <- q * exp(w dt / 2), first order, then renormalise
    double h = 0.5 * dtSeconds;
    double nw = qw + h * (-qx * wx - qy * wy - qz * wz);
    double nx = qx + h * (qw * wx + qy * wz - qz * wy);
    double ny = qy + h * (qw * wy - qx * wz + qz * wx);
    double nz = qz + h * (qw * wz + qx * wy - qy * wx);
    double n = 1 / Math.sqrt(nw * nw + nx * nx + ny * ny + nz * nz);
    qw = nw * n;
    qx = nx * n;
    qy = ny * n;
    qz = nz * n;
    flags = (initialising ? FLAG_INITIALISING : 0) | (accelOk ? 0 : FLAG_ACCEL_REJECTED);
  }

  /** Largest gyroscope spread (rad/s) for which the start counts as still: 3 °/s. */
  private static final double STILL_SPREAD = Math.toRadians(3);

  private void takeInitialBias() {
    double mx = initSumX / initCount;
    double my = initSumY / initCount;
    double mz = initSumZ / initCount;
    double var = initSumSq / initCount - (mx * mx + my * my + mz * mz);
    if (initCount >= 10 && var < STILL_SPREAD * STILL_SPREAD) {
      biasX = mx;
      biasY = my;
      biasZ = mz;
    }
  }

  private void initialiseFromAccel(double mx, double my, double mz) {
    // the rotation taking the measured up (sensor frame) to earth z, shortest arc
    double w = 1 + mz;
    if (w < 1e-9) {
      qw = 0;
      qx = 1;
      qy = 0;
      qz = 0;
      return;
    }
    double x = my;
    double y = -mx;
    double n = Math.sqrt(w * w + x * x + y * y);
    qw = w / n;
    qx = x / n;
    qy = y / n;
    qz = 0;
  }

  /** Forgets the state (after a long gap): the next sample re-initialises from gravity. */
  public void reset() {
    qw = 1;
    qx = qy = qz = 0;
    elapsedSeconds = 0;
    initSumX = initSumY = initSumZ = initSumSq = 0;
    initCount = 0;
    started = false;
    flags = FLAG_INITIALISING;
  }

  /** Unit vector pointing up (away from gravity) in the sensor frame. */
  public double upX() {
    return 2 * (qx * qz - qw * qy);
  }

  public double upY() {
    return 2 * (qy * qz + qw * qx);
  }

  public double upZ() {
    return qw * qw - qx * qx - qy * qy + qz * qz;
  }

  /** Orientation, sensor to earth, as {w, x, y, z}; heading is arbitrary. */
  public double[] quaternion() {
    return new double[] {qw, qx, qy, qz};
  }

  /** Estimated gyroscope bias, rad/s, sensor frame. */
  public double[] gyroBias() {
    return new double[] {biasX, biasY, biasZ};
  }

  public boolean started() {
    return started;
  }

  public int flags() {
    return flags;
  }

  public Settings settings() {
    return settings;
  }
}
