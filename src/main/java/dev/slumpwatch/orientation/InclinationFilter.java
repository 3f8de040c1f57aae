package dev.slumpwatch.orientation;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import java.util.List;


/**
 * Six-axis inclination filter: estimates which way is up, in the sensor frame, from the
 * gyroscope and accelerometer. Posture needs tilt only, so no magnetometer is used and
 * heading is left to drift (it does not enter any posture figure).
 *
 * <p>Version 2, written from the ideas of VQF (D. Laidig, T. Seel, "VQF: Highly accurate
 * IMU orientation estimation with bias estimation and magnetic disturbance rejection",
 * Information Fusion 91, 2023):
 * <ol>
 * <li>Strapdown integration of the bias-corrected gyroscope gives the orientation of the
 *     sensor in an <em>almost inertial</em> frame I, which differs from the earth frame
 *     only by a slowly drifting tilt (gyro bias and noise).</li>
 * <li>The accelerometer is rotated into I and low-pass filtered there (second-order
 *     Butterworth, time constant {@link Settings#accelTimeConstantSeconds}). In I,
 *     gravity is constant, so the filter removes linear accelerations, impacts and
 *     vibration without the lag it would add in the moving sensor frame. This is the
 *     rejection of linear acceleration: a sensor that stays in place has a bounded
 *     velocity, so its linear acceleration averages to zero in an inertial frame.
 *     Magnitude gating in the manner of x-io Fusion (leaving out samples whose |a| is far
 *     from 1 g) was tried and dropped: removing only the large samples biases that
 *     average, and on BROAD it raised the mean error from 0.69° to 2.5° (gate at 10 %)
 *     and to over 7° (gate at 50 %). Readings that are unusable (zero or not finite) are
 *     left out and flagged {@link #FLAG_ACCEL_REJECTED}.</li>
 * <li>A separate tilt quaternion (I to earth) is corrected so that the filtered vector
 *     points straight up; the correction is complete every sample because the smoothing
 *     has already happened in the filter.</li>
 * <li>Gyro bias: a small Kalman filter. At rest (gyro and accelerometer steady for
 *     {@link Settings#restMinSeconds}) the low-passed gyro, less the rotation the
 *     accelerometer's direction shows, is the bias: "steady" only means no linear
 *     acceleration, and a slump creeping at a steady fraction of a °/s is steady too
 *     (comparing the gyro with its own low-pass cannot see it). Taking the whole gyro for
 *     the bias there learnt the creep's rate as bias and left the tilt behind by rate × τ
 *     (a 0.33 °/s creep read 1° low). In motion, the
 *     tilt correction rate is a measurement of the horizontal components of the bias,
 *     rotated into the earth frame; the vertical component is unobservable without a
 *     magnetometer and is slowly pulled towards zero.</li>
 * </ol>
 *
 * <p>Start-up: for the first {@link Settings#accelTimeConstantSeconds} the accelerometer
 * filter returns the running mean of the samples, and the tilt is corrected fully to it,
 * so the estimate is right from the first sample whatever the start orientation;
 * {@link #FLAG_INITIALISING} is set meanwhile.
 *
 * <p>Cost: no allocation, no trigonometry per update in normal operation (the exponential
 * map uses a series for the small rotation of one sample). The gyro is integrated every
 * sample; the accelerometer correction and the rest detector run at about 50 Hz on the
 * means of the samples since their last run, and the bias Kalman filter (a 3×3 update
 * written out) at about 25 Hz: their low-passes have time constants of seconds, and on
 * BROAD the figures are the same to 0.001° as with every-sample updates. See
 * {@code slumpwatch bench filter} (budget 100 ns per update).
 *
 * <p>Stage shape (see STYLE.md): {@link Settings} with {@link Settings#DEFAULTS}, one
 * {@link #update} per sample, snapshot getters, {@link #flags()} and
 * {@link #diagnostics()}.
 */
public final class InclinationFilter implements OrientationEstimator {

  /** The filter settings, by name: see each key's meaning. */
  public static final class Settings extends StageSettings<Settings> {
    public static final Setting.Number ACCEL_TIME_CONSTANT_SECONDS = Setting.number(
        "filter.accelTimeConstantSeconds", "s", 3, 0, 1000,
        "τ of the accelerometer low-pass in the inertial frame (0: correct fully to every "
        + "sample)");
    public static final Setting.Flag REST_BIAS_ESTIMATION = Setting.flag(
        "filter.restBiasEstimation", true,
        "estimate the gyro bias at rest");
    public static final Setting.Flag MOTION_BIAS_ESTIMATION = Setting.flag(
        "filter.motionBiasEstimation", true,
        "estimate the horizontal gyro bias during motion");
    public static final Setting.Number BIAS_SIGMA_INIT_DEG_PER_SEC = Setting.number(
        "filter.biasSigmaInitDegPerSec", "°/s", 0.5, 0.000001, 100,
        "σ of the gyro bias at start");
    public static final Setting.Number BIAS_FORGETTING_TIME_SECONDS = Setting.number(
        "filter.biasForgettingTimeSeconds", "s", 100, 0.001, 1e9,
        "time for the bias uncertainty to grow back by 0.1 °/s");
    public static final Setting.Number BIAS_CLIP_DEG_PER_SEC = Setting.number(
        "filter.biasClipDegPerSec", "°/s", 5, 0, 1000,
        "bound on the bias estimate (0: no bias correction)");
    public static final Setting.Number BIAS_SIGMA_MOTION_DEG_PER_SEC = Setting.number(
        "filter.biasSigmaMotionDegPerSec", "°/s", 0.1, 0.000001, 100,
        "σ of the motion bias measurement");
    public static final Setting.Number BIAS_VERTICAL_FORGETTING_FACTOR = Setting.number(
        "filter.biasVerticalForgettingFactor", "—", 0.0001, 1e-12, 1,
        "pull of the unobservable vertical bias towards 0");
    public static final Setting.Number BIAS_SIGMA_REST_DEG_PER_SEC = Setting.number(
        "filter.biasSigmaRestDegPerSec", "°/s", 0.03, 0.000001, 100,
        "σ of the rest bias measurement");
    public static final Setting.Number REST_MIN_SECONDS = Setting.number(
        "filter.restMinSeconds", "s", 5, 0, 1e6,
        "steadiness needed before \"at rest\" (5 s, longer than one breath: the filter's "
        + "own 1.5 s, used for BROAD, left the flexion ~1° off after a fast reach)");
    public static final Setting.Number REST_FILTER_TAU_SECONDS = Setting.number(
        "filter.restFilterTauSeconds", "s", 0.5, 0, 1000,
        "τ of the rest detector's low-pass");
    public static final Setting.Number REST_GYRO_THRESHOLD_DEG_PER_SEC = Setting.number(
        "filter.restGyroThresholdDegPerSec", "°/s", 2, 0, 1000,
        "largest gyro deviation at rest");
    public static final Setting.Number REST_ACCEL_THRESHOLD = Setting.number(
        "filter.restAccelThreshold", "m/s²", 0.5, 0, 100,
        "largest accelerometer deviation at rest");

    /** Every key of this stage, in the order the user guide lists them. */
    public static final List<Setting<?>> KEYS = List.of(
        ACCEL_TIME_CONSTANT_SECONDS, REST_BIAS_ESTIMATION, MOTION_BIAS_ESTIMATION,
        BIAS_SIGMA_INIT_DEG_PER_SEC, BIAS_FORGETTING_TIME_SECONDS,
        BIAS_CLIP_DEG_PER_SEC, BIAS_SIGMA_MOTION_DEG_PER_SEC,
        BIAS_VERTICAL_FORGETTING_FACTOR, BIAS_SIGMA_REST_DEG_PER_SEC, REST_MIN_SECONDS,
        REST_FILTER_TAU_SECONDS, REST_GYRO_THRESHOLD_DEG_PER_SEC, REST_ACCEL_THRESHOLD);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    // read once: the stages read them per sample
    private final double accelTimeConstantSeconds;
    private final boolean restBiasEstimation;
    private final boolean motionBiasEstimation;
    private final double biasSigmaInitDegPerSec;
    private final double biasForgettingTimeSeconds;
    private final double biasClipDegPerSec;
    private final double biasSigmaMotionDegPerSec;
    private final double biasVerticalForgettingFactor;
    private final double biasSigmaRestDegPerSec;
    private final double restMinSeconds;
    private final double restFilterTauSeconds;
    private final double restGyroThresholdDegPerSec;
    private final double restAccelThreshold;

    public Settings(SettingValues values) {
      super(values, KEYS);
      this.accelTimeConstantSeconds = get(ACCEL_TIME_CONSTANT_SECONDS);
      this.restBiasEstimation = get(REST_BIAS_ESTIMATION);
      this.motionBiasEstimation = get(MOTION_BIAS_ESTIMATION);
      this.biasSigmaInitDegPerSec = get(BIAS_SIGMA_INIT_DEG_PER_SEC);
      this.biasForgettingTimeSeconds = get(BIAS_FORGETTING_TIME_SECONDS);
      this.biasClipDegPerSec = get(BIAS_CLIP_DEG_PER_SEC);
      this.biasSigmaMotionDegPerSec = get(BIAS_SIGMA_MOTION_DEG_PER_SEC);
      this.biasVerticalForgettingFactor = get(BIAS_VERTICAL_FORGETTING_FACTOR);
      this.biasSigmaRestDegPerSec = get(BIAS_SIGMA_REST_DEG_PER_SEC);
      this.restMinSeconds = get(REST_MIN_SECONDS);
      this.restFilterTauSeconds = get(REST_FILTER_TAU_SECONDS);
      this.restGyroThresholdDegPerSec = get(REST_GYRO_THRESHOLD_DEG_PER_SEC);
      this.restAccelThreshold = get(REST_ACCEL_THRESHOLD);
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    public double accelTimeConstantSeconds() {
      return accelTimeConstantSeconds;
    }

    public boolean restBiasEstimation() {
      return restBiasEstimation;
    }

    public boolean motionBiasEstimation() {
      return motionBiasEstimation;
    }

    public double biasSigmaInitDegPerSec() {
      return biasSigmaInitDegPerSec;
    }

    public double biasForgettingTimeSeconds() {
      return biasForgettingTimeSeconds;
    }

    public double biasClipDegPerSec() {
      return biasClipDegPerSec;
    }

    public double biasSigmaMotionDegPerSec() {
      return biasSigmaMotionDegPerSec;
    }

    public double biasVerticalForgettingFactor() {
      return biasVerticalForgettingFactor;
    }

    public double biasSigmaRestDegPerSec() {
      return biasSigmaRestDegPerSec;
    }

    public double restMinSeconds() {
      return restMinSeconds;
    }

    public double restFilterTauSeconds() {
      return restFilterTauSeconds;
    }

    public double restGyroThresholdDegPerSec() {
      return restGyroThresholdDegPerSec;
    }

    public double restAccelThreshold() {
      return restAccelThreshold;
    }
  

    /**
     * For data not worn on a breathing body (motion capture such as BROAD): the rest
     * detector's own 1.5 s. A worn sensor breathes: at 12–15 breaths a minute a rest
     * shorter than one breath sees only part of a breathing cycle, and its gyro mean is off
     * by tenths of a °/s, so the product's default asks for 5 s.
     */
    public static final Settings GENERAL = DEFAULTS.with(REST_MIN_SECONDS, 1.5);
  }

  /** What the filter is doing, for the live view and for logs of state changes. */
  public record Diagnostics(double restSeconds, double biasSigmaDegPerSec,
      double lastCorrectionDeg, long acceptedSamples, long rejectedAccelSamples,
      long skippedSamples) {}

  // bits of flags()
  /** The accelerometer filter is still in its start-up mean: tilt may still move. */
  public static final int FLAG_INITIALISING = 1;
  /** This sample's accelerometer reading was left out (zero or not finite). */
  public static final int FLAG_ACCEL_REJECTED = 1 << 1;
  /** The sensor has been steady for {@link Settings#restMinSeconds}. */
  public static final int FLAG_AT_REST = 1 << 2;
  /** The gyro bias estimate is still uncertain (σ above half its initial value). */
  public static final int FLAG_BIAS_CONVERGING = 1 << 3;

  private static final double DEG = Math.PI / 180;
  /** Longest sample period taken as one step, s; longer ones are gaps for the caller. */
  private static final double MAX_PERIOD_SECONDS = 1.0;
  /** Target period of the accelerometer correction, s (50 Hz). */
  private static final double CORRECTION_PERIOD_SECONDS = 0.02;
  /** Target period of the bias estimator, s. */
  private static final double BIAS_PERIOD_SECONDS = 0.04;

  private final Settings settings;
  private final double biasClip;
  private final double restGyroThresholdSq;
  private final double restAccelThresholdSq;

  // gyro strapdown: sensor to almost-inertial frame I, w first
  private double gw = 1;
  private double gx;
  private double gy;
  private double gz;
  // tilt correction: I to earth (z up)
  private double cw = 1;
  private double cx;
  private double cy;
  private double cz;
  // output: sensor to earth = c ⊗ g
  private double qw = 1;
  private double qx;
  private double qy;
  private double qz;

  private double biasX;
  private double biasY;
  private double biasZ;
  /** Bias covariance, (°/s)², row-major 3×3. */
  private final double[] biasP = new double[9];

  private final LowPass accelLp;
  private final LowPass rotationLp;
  private final LowPass biasLp;
  private final LowPass restGyroLp;
  private final LowPass restAccelLp;
  /** The rotation the accelerometer's direction shows, low-passed like the gyro. */
  private final LowPass restTurnLp;
  private final double[] in9 = new double[9];
  private final double[] in2 = new double[2];
  // Kalman scratch
  private final double[] h = new double[9];
  private final double[] pht = new double[9];
  private final double[] k = new double[9];

  // coefficients that depend on the sample period
  private double coefficientPeriod = Double.NaN;
  private double biasP0;
  private double biasV;
  private double biasMotionW;
  private double biasVerticalW;
  private double biasRestW;
  /** The bias filter runs every this many samples (about 25 Hz), on the summed corrections. */
  private int biasDecimation = 1;
  private int biasSteps;
  private double biasSeconds;
  private double sumCorrectionX;
  private double sumCorrectionY;

  private double restSeconds;
  private boolean atRest;
  /** The previous correction block's accelerometer direction (sensor frame), or 0s. */
  private double prevDirX;
  private double prevDirY;
  private double prevDirZ;
  private double lastCorrectionX;
  private double lastCorrectionY;
  // the current correction block: sums since the last correction
  private int correctionDecimation = 1;
  private boolean corrected;
  private int blockSteps;
  private double blockSeconds;
  private double blockIx;
  private double blockIy;
  private double blockIz;
  private double blockAx;
  private double blockAy;
  private double blockAz;
  private double blockGx;
  private double blockGy;
  private double blockGz;
  private long accepted;
  private long rejected;
  private long skipped;
  private boolean started;
  private int flags = FLAG_INITIALISING;

  public InclinationFilter(Settings settings) {
    this.settings = settings;
    this.biasClip = settings.biasClipDegPerSec() * DEG;
    this.restGyroThresholdSq = sq(settings.restGyroThresholdDegPerSec() * DEG);
    this.restAccelThresholdSq = sq(settings.restAccelThreshold());
    double tau = settings.accelTimeConstantSeconds();
    this.accelLp = new LowPass(tau, 3);
    this.rotationLp = new LowPass(tau, 9);
    this.biasLp = new LowPass(tau, 2);
    this.restGyroLp = new LowPass(settings.restFilterTauSeconds(), 3);
    this.restAccelLp = new LowPass(settings.restFilterTauSeconds(), 3);
    this.restTurnLp = new LowPass(settings.restFilterTauSeconds(), 3);
    resetBiasCovariance();
  }

  private void resetBiasCovariance() {
    java.util.Arrays.fill(biasP, 0);
    double p0 = sq(settings.biasSigmaInitDegPerSec());
    biasP[0] = p0;
    biasP[4] = p0;
    biasP[8] = p0;
  }

  private void coefficients(double samplePeriod) {
    coefficientPeriod = samplePeriod;
    // The bias changes over tens of seconds; its estimator need not run at the sample rate.
    // It runs at about 25 Hz on the sum of the corrections since its last run, which is
    // the same measurement (the mean drift rate over the interval) at a fraction of the
    // cost: the 3×3 update and the rotation low-pass are most of the filter's work.
    correctionDecimation = Math.max(1,
        (int) Math.round(CORRECTION_PERIOD_SECONDS / samplePeriod));
    double correctionPeriod = correctionDecimation * samplePeriod;
    biasDecimation = Math.max(1, (int) Math.round(BIAS_PERIOD_SECONDS / correctionPeriod));
    double period = biasDecimation * correctionPeriod;
    accelLp.period(correctionPeriod);
    restGyroLp.period(correctionPeriod);
    restAccelLp.period(correctionPeriod);
    restTurnLp.period(correctionPeriod);
    rotationLp.period(period);
    biasLp.period(period);
    biasP0 = sq(settings.biasSigmaInitDegPerSec());
    // the uncertainty grows back by (0.1 °/s)² per forgetting time
    biasV = 0.01 * period / settings.biasForgettingTimeSeconds();
    // measurement variances chosen so that the steady-state σ of the estimate is the
    // stated sigma: P∞ ≈ p when W = p²/V + p
    double pMotion = sq(settings.biasSigmaMotionDegPerSec());
    biasMotionW = pMotion * pMotion / biasV + pMotion;
    biasVerticalW = biasMotionW / settings.biasVerticalForgettingFactor();
    double pRest = sq(settings.biasSigmaRestDegPerSec());
    biasRestW = pRest * pRest / biasV + pRest;
  }

  /**
   * One sample.
   *
   * @param ax accelerometer, m/s² (specific force: reads +g upwards at rest)
   * @param gx gyroscope, rad/s
   * @param dtSeconds time since the previous sample, from device timestamps; 0 (the first
   *     sample of a session) only initialises the tilt from the accelerometer
   */
  @Override
  public void update(double ax, double ay, double az, double gx, double gy, double gz,
      double dtSeconds) {
    double accelNorm2 = ax * ax + ay * ay + az * az;
    boolean accelOk = accelNorm2 > 0 && accelNorm2 < Double.POSITIVE_INFINITY;
    if (!(dtSeconds > 0 && dtSeconds <= MAX_PERIOD_SECONDS)
        || !(Math.abs(gx) + Math.abs(gy) + Math.abs(gz) < 1e9)) {
      // no usable period (session start) or no usable gyro reading: at most seed the tilt
      if (!started && accelOk) {
        double inv = 1 / Math.sqrt(accelNorm2);
        tiltFromAccel(ax * inv, ay * inv, az * inv);
        started = true;
      } else {
        skipped++;
      }
      return;
    }
    started = true;
    if (Math.abs(dtSeconds - coefficientPeriod) > 0.01 * dtSeconds
        || coefficientPeriod != coefficientPeriod) {
      coefficients(dtSeconds);
    }
    accepted++;

    // --- strapdown: g <- g ⊗ exp(ω dt / 2), every sample
    integrateGyro(gx - biasX, gy - biasY, gz - biasZ, dtSeconds);

    if (!accelOk) {
      rejected++;
      outputQuaternion();
      flags = flagBits(true);
      return;
    }

    // --- accelerometer into I (v' = v + w t + q × t with t = 2 q × v), summed over the
    // correction block together with the raw readings the rest detector looks at
    double hgw = this.gw;
    double hgx = this.gx;
    double hgy = this.gy;
    double hgz = this.gz;
    double tx = 2 * (hgy * az - hgz * ay);
    double ty = 2 * (hgz * ax - hgx * az);
    double tz = 2 * (hgx * ay - hgy * ax);
    blockIx += ax + hgw * tx + hgy * tz - hgz * ty;
    blockIy += ay + hgw * ty + hgz * tx - hgx * tz;
    blockIz += az + hgw * tz + hgx * ty - hgy * tx;
    blockAx += ax;
    blockAy += ay;
    blockAz += az;
    blockGx += gx;
    blockGy += gy;
    blockGz += gz;
    blockSeconds += dtSeconds;
    // the very first sample is corrected at once: the tilt is right from the start
    if (++blockSteps >= correctionDecimation || !corrected) {
      double inv = 1.0 / blockSteps;
      correct(blockIx * inv, blockIy * inv, blockIz * inv, blockAx * inv, blockAy * inv,
          blockAz * inv, blockGx * inv, blockGy * inv, blockGz * inv, blockSeconds);
      clearBlock();
    }
    outputQuaternion();
    flags = flagBits(false);
  }

  private void clearBlock() {
    blockIx = blockIy = blockIz = blockAx = blockAy = blockAz = 0;
    blockGx = blockGy = blockGz = blockSeconds = 0;
    blockSteps = 0;
  }

  /**
   * One accelerometer correction, on the means of the samples since the last one (the
   * correction runs at about {@link #CORRECTION_PERIOD_SECONDS}; below that rate, every
   * sample). The accelerometer low-pass has a time constant of seconds, so feeding it means
   * of a few samples loses nothing, and it halves the cost per sample at 100 Hz.
   *
   * @param ix mean accelerometer in I, m/s²
   * @param ax mean accelerometer in the sensor frame, m/s² (for the rest detector)
   * @param gx mean gyro, rad/s (for the rest detector)
   * @param period time the means cover, s
   */
  private void correct(double ix, double iy, double iz, double ax, double ay, double az,
      double gx, double gy, double gz, double period) {
    corrected = true;
    boolean restEstimation = settings.restBiasEstimation();
    // --- rest detection: gyro and accelerometer both steady around their low-passes
    if (restEstimation) {
      restGyroLp.step3(gx, gy, gz);
      double[] l = restGyroLp.out;
      double restGyroDevSq = sq(gx - l[0]) + sq(gy - l[1]) + sq(gz - l[2]);
      restAccelLp.step3(ax, ay, az);
      l = restAccelLp.out;
      double restAccelDevSq = sq(ax - l[0]) + sq(ay - l[1]) + sq(az - l[2]);
      accelTurn(ax, ay, az, period);
      if (restGyroDevSq >= restGyroThresholdSq || restAccelDevSq >= restAccelThresholdSq) {
        restSeconds = 0;
        atRest = false;
      } else {
        restSeconds += period;
        atRest = restSeconds >= settings.restMinSeconds();
      }
    }

    double[] lp = accelLp.out;
    accelLp.step3(ix, iy, iz);
    // --- into the earth frame with the current tilt correction
    double ex;
    double ey;
    double ez;
    {
      double vx = lp[0];
      double vy = lp[1];
      double vz = lp[2];
      double ux = 2 * (cy * vz - cz * vy);
      double uy = 2 * (cz * vx - cx * vz);
      double uz = 2 * (cx * vy - cy * vx);
      ex = vx + cw * ux + cy * uz - cz * uy;
      ey = vy + cw * uy + cz * ux - cx * uz;
      ez = vz + cw * uz + cx * uy - cy * ux;
      double n = Math.sqrt(ex * ex + ey * ey + ez * ez);
      if (!(n > 0)) {
        return;
      }
      n = 1 / n;
      ex *= n;
      ey *= n;
      ez *= n;
    }

    // --- tilt correction: the shortest rotation taking e to +z, applied on the left
    double rw;
    double rx;
    double ry;
    double halfCos = Math.sqrt(0.5 * (ez + 1));
    if (halfCos > 1e-6) {
      double h = 0.5 / halfCos;
      rw = halfCos;
      rx = ey * h;
      ry = -ex * h;
    } else {
      rw = 0;
      rx = 1;
      ry = 0;
    }
    {
      double nw = rw * cw - rx * cx - ry * cy;
      double nx = rw * cx + rx * cw - ry * cz;
      double ny = rw * cy + rx * cz + ry * cw;
      double nz = rw * cz + rx * cy - ry * cx;
      // both factors are unit quaternions: one Newton step keeps the norm at 1 without a
      // square root (the error is the square of a rounding-level deviation)
      double n = 1.5 - 0.5 * (nw * nw + nx * nx + ny * ny + nz * nz);
      cw = nw * n;
      cx = nx * n;
      cy = ny * n;
      cz = nz * n;
    }
    lastCorrectionX = rx;
    lastCorrectionY = ry;
    outputQuaternion();

    if (restEstimation || settings.motionBiasEstimation()) {
      sumCorrectionX += ex;
      sumCorrectionY += ey;
      biasSeconds += period;
      if (++biasSteps >= biasDecimation) {
        estimateBias(sumCorrectionX, sumCorrectionY, biasSeconds);
        sumCorrectionX = sumCorrectionY = biasSeconds = 0;
        biasSteps = 0;
      }
    }
  }

  /**
   * The horizontal angular rate the accelerometer's direction shows (rad/s, sensor frame),
   * into {@link #restTurnLp}: gravity is fixed in the world, so in the sensor frame its
   * direction d turns as ḋ = −ω × d, and d(k) × d(k−1) / Δt = ω minus its component along
   * d. At rest (no linear acceleration) this is the real rotation, free of gyro bias; the
   * rest measurement of the bias subtracts it from the gyro, so a slow steady rotation (a
   * slump creeping at a fraction of a °/s, which the gyro-against-its-own-low-pass test
   * cannot tell from stillness) is motion, not bias, whatever its speed. Breathing's
   * rocking cancels in the same way. The vertical component (a turn about gravity) is
   * invisible to the accelerometer and stays a bias measurement.
   */
  private void accelTurn(double ax, double ay, double az, double period) {
    double n = Math.sqrt(ax * ax + ay * ay + az * az);
    double dx = ax / n;
    double dy = ay / n;
    double dz = az / n;
    double wx = 0;
    double wy = 0;
    double wz = 0;
    if (prevDirX != 0 || prevDirY != 0 || prevDirZ != 0) {
      double inv = 1 / period;
      wx = (dy * prevDirZ - dz * prevDirY) * inv;
      wy = (dz * prevDirX - dx * prevDirZ) * inv;
      wz = (dx * prevDirY - dy * prevDirX) * inv;
    }
    prevDirX = dx;
    prevDirY = dy;
    prevDirZ = dz;
    restTurnLp.step3(wx, wy, wz);
  }

  private int flagBits(boolean accelRejected) {
    int f = 0;
    if (!accelLp.steady()) {
      f |= FLAG_INITIALISING;
    }
    if (accelRejected) {
      f |= FLAG_ACCEL_REJECTED;
    }
    if (atRest) {
      f |= FLAG_AT_REST;
    }
    if (Math.max(biasP[0], Math.max(biasP[4], biasP[8])) > 0.25 * biasP0) {
      f |= FLAG_BIAS_CONVERGING;
    }
    return f;
  }

  private void integrateGyro(double wx, double wy, double wz, double dt) {
    double rate2 = wx * wx + wy * wy + wz * wz;
    double halfAngle2 = 0.25 * rate2 * dt * dt;
    double c;
    double sOverRate; // sin(|ω| dt / 2) / |ω|
    if (halfAngle2 < 0.01) {
      // series to the sixth order: error below 2e-9 for half angles under 0.1 rad
      c = 1 - halfAngle2 * (0.5 - halfAngle2 * (1.0 / 24 - halfAngle2 / 720));
      sOverRate = 0.5 * dt * (1 - halfAngle2 * (1.0 / 6 - halfAngle2 / 120));
    } else {
      double rate = Math.sqrt(rate2);
      double half = 0.5 * rate * dt;
      c = Math.cos(half);
      sOverRate = Math.sin(half) / rate;
    }
    double dx = wx * sOverRate;
    double dy = wy * sOverRate;
    double dz = wz * sOverRate;
    double nw = gw * c - gx * dx - gy * dy - gz * dz;
    double nx = gw * dx + gx * c + gy * dz - gz * dy;
    double ny = gw * dy - gx * dz + gy * c + gz * dx;
    double nz = gw * dz + gx * dy - gy * dx + gz * c;
    double n = 1.5 - 0.5 * (nw * nw + nx * nx + ny * ny + nz * nz);
    gw = nw * n;
    gx = nx * n;
    gy = ny * n;
    gz = nz * n;
  }

  private void outputQuaternion() {
    qw = cw * gw - cx * gx - cy * gy - cz * gz;
    qx = cw * gx + cx * gw + cy * gz - cz * gy;
    qy = cw * gy - cx * gz + cy * gw + cz * gx;
    qz = cw * gz + cx * gy - cy * gx + cz * gw;
  }

  /**
   * The bias Kalman filter. State: bias b (rad/s, sensor frame), covariance P ((°/s)²).
   * At rest the measurement is the low-passed gyro itself (H = I). In motion, a residual
   * bias makes I tilt at the rate R·b (R: sensor to earth), which shows up as the
   * correction the accelerometer asks for in one sample: (−e_y, e_x)/dt. Both sides are
   * low-passed like the accelerometer, hence H = LP(R) and the LP(R·b̂) term.
   *
   * @param ex summed x components of the filtered vertical before correction since the
   *     last call (each ≈ one sample's drift, rad)
   * @param dt time those sums cover, s
   */
  private void estimateBias(double ex, double ey, double dt) {
    double[] hm = h;
    // rotation matrix of the output quaternion (sensor to earth)
    double r00 = 1 - 2 * (qy * qy + qz * qz);
    double r01 = 2 * (qx * qy - qw * qz);
    double r02 = 2 * (qx * qz + qw * qy);
    double r10 = 2 * (qx * qy + qw * qz);
    double r11 = 1 - 2 * (qx * qx + qz * qz);
    double r12 = 2 * (qy * qz - qw * qx);
    boolean motion = settings.motionBiasEstimation();
    double yx = 0;
    double yy = 0;
    if (motion) {
      double[] r9 = in9;
      r9[0] = r00;
      r9[1] = r01;
      r9[2] = r02;
      r9[3] = r10;
      r9[4] = r11;
      r9[5] = r12;
      r9[6] = 2 * (qx * qz - qw * qy);
      r9[7] = 2 * (qy * qz + qw * qx);
      r9[8] = 1 - 2 * (qx * qx + qy * qy);
      in2[0] = r00 * biasX + r01 * biasY + r02 * biasZ;
      in2[1] = r10 * biasX + r11 * biasY + r12 * biasZ;
      rotationLp.step(r9);
      biasLp.step(in2);
      yx = biasLp.out[0];
      yy = biasLp.out[1];
    }

    // P <- P + V (also without a measurement: the bias may wander)
    double[] p = biasP;
    if (p[0] < biasP0) {
      p[0] += biasV;
    }
    if (p[4] < biasP0) {
      p[4] += biasV;
    }
    if (p[8] < biasP0) {
      p[8] += biasV;
    }

    double e0;
    double e1;
    double e2;
    double w0;
    double w1;
    double w2;
    if (atRest && settings.restBiasEstimation()) {
      // the gyro less the rotation the accelerometer confirms (see accelTurn)
      double[] l = restGyroLp.out;
      double[] turn = restTurnLp.out;
      e0 = l[0] - turn[0] - biasX;
      e1 = l[1] - turn[1] - biasY;
      e2 = l[2] - turn[2] - biasZ;
      hm[0] = 1;
      hm[1] = 0;
      hm[2] = 0;
      hm[3] = 0;
      hm[4] = 1;
      hm[5] = 0;
      hm[6] = 0;
      hm[7] = 0;
      hm[8] = 1;
      w0 = w1 = w2 = biasRestW;
    } else if (motion && accelLp.steady()) {
      // (during start-up the corrections are the initial alignment, not drift)
      System.arraycopy(rotationLp.out, 0, hm, 0, 9);
      e0 = -ey / dt + yx - (hm[0] * biasX + hm[1] * biasY + hm[2] * biasZ);
      e1 = ex / dt + yy - (hm[3] * biasX + hm[4] * biasY + hm[5] * biasZ);
      e2 = -(hm[6] * biasX + hm[7] * biasY + hm[8] * biasZ);
      w0 = w1 = biasMotionW;
      w2 = biasVerticalW;
    } else {
      return;
    }
    // innovations bounded: the very first corrections, and impacts, are large
    e0 = clip(e0, biasClip);
    e1 = clip(e1, biasClip);
    e2 = clip(e2, biasClip);

    // PHt = P Hᵀ
    double[] a = pht;
    for (int i = 0; i < 3; i++) {
      double pi0 = p[3 * i];
      double pi1 = p[3 * i + 1];
      double pi2 = p[3 * i + 2];
      for (int j = 0; j < 3; j++) {
        a[3 * i + j] = pi0 * hm[3 * j] + pi1 * hm[3 * j + 1] + pi2 * hm[3 * j + 2];
      }
    }
    // S = H P Hᵀ + W (symmetric)
    double s00 = hm[0] * a[0] + hm[1] * a[3] + hm[2] * a[6] + w0;
    double s01 = hm[0] * a[1] + hm[1] * a[4] + hm[2] * a[7];
    double s02 = hm[0] * a[2] + hm[1] * a[5] + hm[2] * a[8];
    double s11 = hm[3] * a[1] + hm[4] * a[4] + hm[5] * a[7] + w1;
    double s12 = hm[3] * a[2] + hm[4] * a[5] + hm[5] * a[8];
    double s22 = hm[6] * a[2] + hm[7] * a[5] + hm[8] * a[8] + w2;
    // S⁻¹ by cofactors
    double c00 = s11 * s22 - s12 * s12;
    double c01 = s02 * s12 - s01 * s22;
    double c02 = s01 * s12 - s02 * s11;
    double det = s00 * c00 + s01 * c01 + s02 * c02;
    if (!(Math.abs(det) > 0)) {
      return;
    }
    double inv = 1 / det;
    double i00 = c00 * inv;
    double i01 = c01 * inv;
    double i02 = c02 * inv;
    double i11 = (s00 * s22 - s02 * s02) * inv;
    double i12 = (s01 * s02 - s00 * s12) * inv;
    double i22 = (s00 * s11 - s01 * s01) * inv;
    // K = PHt S⁻¹
    double[] kk = k;
    for (int i = 0; i < 3; i++) {
      double a0 = a[3 * i];
      double a1 = a[3 * i + 1];
      double a2 = a[3 * i + 2];
      kk[3 * i] = a0 * i00 + a1 * i01 + a2 * i02;
      kk[3 * i + 1] = a0 * i01 + a1 * i11 + a2 * i12;
      kk[3 * i + 2] = a0 * i02 + a1 * i12 + a2 * i22;
    }
    biasX = clip(biasX + kk[0] * e0 + kk[1] * e1 + kk[2] * e2, biasClip);
    biasY = clip(biasY + kk[3] * e0 + kk[4] * e1 + kk[5] * e2, biasClip);
    biasZ = clip(biasZ + kk[6] * e0 + kk[7] * e1 + kk[8] * e2, biasClip);
    // P <- P − K H P = P − K PHtᵀ
    for (int i = 0; i < 3; i++) {
      double k0 = kk[3 * i];
      double k1 = kk[3 * i + 1];
      double k2 = kk[3 * i + 2];
      for (int j = 0; j < 3; j++) {
        p[3 * i + j] -= k0 * a[3 * j] + k1 * a[3 * j + 1] + k2 * a[3 * j + 2];
      }
    }
  }

  private static double clip(double v, double bound) {
    return v > bound ? bound : (v < -bound ? -bound : v);
  }

  private static double sq(double v) {
    return v * v;
  }

  private void tiltFromAccel(double mx, double my, double mz) {
    // the rotation taking the measured up (sensor frame) to earth z, shortest arc
    gw = 1;
    gx = gy = gz = 0;
    double w = 1 + mz;
    if (w < 1e-9) {
      cw = 0;
      cx = 1;
      cy = 0;
      cz = 0;
    } else {
      double n = Math.sqrt(w * w + my * my + mx * mx);
      cw = w / n;
      cx = my / n;
      cy = -mx / n;
      cz = 0;
    }
    outputQuaternion();
  }

  /**
   * Forgets the orientation (after a long gap): the next sample re-initialises from
   * gravity. The gyro bias estimate is kept, its uncertainty reset: the sensor is the
   * same, but its temperature may not be.
   */
  public void reset() {
    gw = cw = qw = 1;
    gx = gy = gz = cx = cy = cz = qx = qy = qz = 0;
    accelLp.reset();
    rotationLp.reset();
    biasLp.reset();
    restGyroLp.reset();
    restAccelLp.reset();
    restTurnLp.reset();
    prevDirX = prevDirY = prevDirZ = 0;
    resetBiasCovariance();
    restSeconds = 0;
    atRest = false;
    biasSteps = 0;
    biasSeconds = sumCorrectionX = sumCorrectionY = 0;
    clearBlock();
    corrected = false;
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

  /**
   * Writes the gyro-only orientation into {@code out[offset..offset+3]} (w first): the
   * strapdown integration of the bias-corrected gyro, sensor to the almost inertial frame I,
   * before the tilt correction. {@link InclinationSmoother} filters the accelerometer in
   * this frame.
   */
  public void strapdownQuaternion(double[] out, int offset) {
    out[offset] = gw;
    out[offset + 1] = gx;
    out[offset + 2] = gy;
    out[offset + 3] = gz;
  }

  /** Orientation, sensor to earth (z up), as {w, x, y, z}; heading is arbitrary. */
  public double[] quaternion() {
    return new double[] {qw, qx, qy, qz};
  }

  /** Writes the orientation into {@code out[offset..offset+3]} (w first), allocation-free. */
  @Override
  public void quaternion(double[] out, int offset) {
    out[offset] = qw;
    out[offset + 1] = qx;
    out[offset + 2] = qy;
    out[offset + 3] = qz;
  }

  /** Estimated gyroscope bias, rad/s, sensor frame. */
  public double[] gyroBias() {
    return new double[] {biasX, biasY, biasZ};
  }

  /** Writes the estimated gyroscope bias (rad/s, sensor frame) into {@code out[offset..+2]}. */
  public void gyroBias(double[] out, int offset) {
    out[offset] = biasX;
    out[offset + 1] = biasY;
    out[offset + 2] = biasZ;
  }

  public boolean started() {
    return started;
  }

  public int flags() {
    return flags;
  }

  /** Started and past its initial convergence: its up vector can be trusted. */
  public boolean converged() {
    return started && (flags & FLAG_INITIALISING) == 0;
  }

  public Diagnostics diagnostics() {
    double maxP = Math.max(biasP[0], Math.max(biasP[4], biasP[8]));
    return new Diagnostics(restSeconds, Math.sqrt(Math.max(0, maxP)),
        Math.toDegrees(2 * Math.asin(Math.min(1, Math.hypot(lastCorrectionX, lastCorrectionY)))),
        accepted, rejected, skipped);
  }

  public Settings settings() {
    return settings;
  }
}
