package dev.slumpwatch.posture;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import java.util.List;
import java.util.Locale;

/**
 * With one sensor, tells a hip hinge (reaching forward, leaning in to the screen with a
 * straight back) from thoracic rounding (a slump) by <em>where</em> each forward bend
 * turns, and keeps how much of the present inclination is hip lean.
 *
 * <p>The physics: the sensor sits between the shoulder blades, about 0.45–0.5 m above the
 * hip joints but only about 0.2 m above where the thoracic spine rounds. For a rigid turn
 * about a fixed pivot, the sensor's linear acceleration in its own frame is
 * {@code a = α × s + ω × (ω × s)}, with {@code s} the (constant) vector from the pivot to
 * the sensor in the sensor frame, ω the gyroscope's rate and α its derivative. The
 * accelerometer reads {@code a + g·up + c} ({@code up} from the inclination filter, c a
 * constant offset: the part's zero-g error and what the filter's up is off by). Over each
 * bend, {@code s} and {@code c} follow by linear least squares; integrating over short
 * sub-windows turns α into differences of the gyro ({@code ∫α = Δω}), so nothing is
 * differentiated. The height of the pivot below the sensor along the back
 * ({@code s · up}) is 0.45–0.5 m for a hinge and about 0.2 m for rounding.
 *
 * <p>A bend mixing both turns about a point in between: with the nominal heights h_hip
 * and h_thoracic, the hip's share of the bend's angle θ is
 * {@code (h − h_thoracic) / (h_hip − h_thoracic)}. The stage keeps the running
 * <b>hip lean</b>: the sum of the hip shares of the bends since sitting down, never beyond
 * the inclination itself (between 0 and the present flexion), and none near upright
 * (within {@link Settings#minBendDeg}): returning upright, slowly or not, ends any lean.
 * A slow move on from the placed bend (more than {@link Settings#minBendDeg}), or a
 * forward bend that cannot be placed, ends it too: the hips may be going back while the
 * back rounds. The slump tracker gets the flexion less the hip lean.
 *
 * <p>What the physics allows: the tangential acceleration scales with θ/T² for a bend of T
 * seconds, while the MPU-6050's noise (about 2.7 mg per sample at 100 Hz) and the filter's
 * up error stay. A 30° bend in 1–3 s (reaching, leaning in) gives 0.1–1.7 m/s² and
 * separates the pivots clearly; over roughly 6 s or more the pivot is undetermined (the
 * fit's σ exceeds {@link Settings#maxHeightSigmaMeters}) and the bend counts as rounding,
 * so no slow slump is ever lost to this test. A slow hinge held long enough is then read
 * as a slump: one sensor cannot tell it; two sensors can. See docs/architecture.md, "Hip
 * hinge or slump with one sensor", for the figures.
 *
 * <p>Per sample: a few multiply-adds into a ring buffer; the fit (a 6×6 solve over the
 * bend's sub-windows) runs once per bend.
 */
public final class BendPivot {

  /**
   * The one-sensor bend placing settings, by name: see each key's meaning.
   * <ul>
   * <li>{@code enabled}: place bends and keep the hip lean at all (off: every bend counts as
   *     rounding, as before this stage)
   * <li>{@code startDps}: a bend starts when the sagittal rate (low-passed, τ 0.1 s) exceeds
   *     this, °/s (breathing stays under 1 °/s, typing under 2)
   * <li>{@code endDps}: and ends when it has stayed under this for {@code settleSeconds}, °/s
   * <li>{@code settleSeconds}: see {@code endDps}, s
   * <li>{@code minBendDeg}: smaller bends are not classified, degrees
   * <li>{@code maxBendSeconds}: longer bends are slow: not classified (counted as rounding), s
   * <li>{@code hipHeightMeters}: nominal height of the hip pivot below the sensor along the back
   * <li>{@code thoracicHeightMeters}: nominal height of the thoracic bend below the sensor
   * <li>{@code maxHeightSigmaMeters}: a fit less certain than this leaves the bend unclassified
   *     (counted as rounding): at 0.06 a 4 s rounding could lend the hips a fifth of itself
   * </ul>
   */
  public static final class Settings extends StageSettings<Settings> {
    public static final Setting.Flag HIP_LEAN = Setting.flag(
        "bend.hipLean", true,
        "one sensor: tell a hip hinge (reaching, leaning in with a straight back) from a slump "
        + "by where each quick bend turns, and leave the hip lean out of the slump");
    public static final Setting.Number START_DPS = Setting.number(
        "bend.startDps", "°/s", 6, 0.5, 1000,
        "one sensor: a forward bend starts when the sagittal rate passes this (breathing and "
        + "typing stay under it)");
    public static final Setting.Number END_DPS = Setting.number(
        "bend.endDps", "°/s", 2, 0.1, 1000,
        "and ends when it stays under this (at most bend.startDps)");
    public static final Setting.Number SETTLE_SECONDS = Setting.number(
        "bend.settleSeconds", "s", 0.3, 0.05, 5,
        "for this long");
    public static final Setting.Number MIN_BEND_DEG = Setting.number(
        "bend.minBendDeg", "°", 6, 0.5, 90,
        "smaller bends are not placed; within this of neutral there is no hip lean");
    public static final Setting.Number MAX_BEND_SECONDS = Setting.number(
        "bend.maxBendSeconds", "s", 8, 0.5, 15,
        "longer bends are too slow to place (counted as rounding)");
    public static final Setting.Number HIP_HEIGHT_METERS = Setting.number(
        "bend.hipHeightMeters", "m", 0.48, 0.06, 2,
        "height of the hip joints below the sensor along the back (at least "
        + "bend.thoracicHeightMeters + 0.05)");
    public static final Setting.Number THORACIC_HEIGHT_METERS = Setting.number(
        "bend.thoracicHeightMeters", "m", 0.20, 0.01, 1,
        "height of the thoracic bend below the sensor");
    public static final Setting.Number MAX_HEIGHT_SIGMA_METERS = Setting.number(
        "bend.maxHeightSigmaMeters", "m", 0.04, 0.001, 1,
        "a pivot fit less certain than this leaves the bend unplaced (counted as rounding)");

    /** Every key of this stage, in the order the README lists them. */
    public static final List<Setting<?>> KEYS = List.of(HIP_LEAN, START_DPS, END_DPS,
        SETTLE_SECONDS, MIN_BEND_DEG, MAX_BEND_SECONDS, HIP_HEIGHT_METERS,
        THORACIC_HEIGHT_METERS, MAX_HEIGHT_SIGMA_METERS);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    private final boolean enabled;
    private final double startDps;
    private final double endDps;
    private final double settleSeconds;
    private final double minBendDeg;
    private final double maxBendSeconds;
    private final double hipHeightMeters;
    private final double thoracicHeightMeters;
    private final double maxHeightSigmaMeters;

    public Settings(SettingValues values) {
      super(values, KEYS);
      this.enabled = get(HIP_LEAN);
      this.startDps = get(START_DPS);
      this.endDps = get(END_DPS);
      this.settleSeconds = get(SETTLE_SECONDS);
      this.minBendDeg = get(MIN_BEND_DEG);
      this.maxBendSeconds = get(MAX_BEND_SECONDS);
      this.hipHeightMeters = get(HIP_HEIGHT_METERS);
      this.thoracicHeightMeters = get(THORACIC_HEIGHT_METERS);
      this.maxHeightSigmaMeters = get(MAX_HEIGHT_SIGMA_METERS);
      if (!(endDps <= startDps)) {
        throw new IllegalArgumentException(END_DPS.name() + " (" + Setting.plain(endDps)
            + ") must be at most " + START_DPS.name() + " (" + Setting.plain(startDps) + ")");
      }
      if (!(hipHeightMeters >= thoracicHeightMeters + 0.05)) {
        throw new IllegalArgumentException(HIP_HEIGHT_METERS.name() + " ("
            + Setting.plain(hipHeightMeters) + ") must be at least "
            + THORACIC_HEIGHT_METERS.name() + " + 0.05 ("
            + Setting.plain(thoracicHeightMeters + 0.05) + "): the fit tells the two "
            + "pivots apart by their heights");
      }
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    /** The same settings, on or off. */
    public Settings withEnabled(boolean on) {
      return with(HIP_LEAN, on);
    }

    /** Whether bends are placed and the hip lean left out of the slump. */
    public boolean enabled() {
      return enabled;
    }

    public double startDps() {
      return startDps;
    }

    public double endDps() {
      return endDps;
    }

    public double settleSeconds() {
      return settleSeconds;
    }

    public double minBendDeg() {
      return minBendDeg;
    }

    public double maxBendSeconds() {
      return maxBendSeconds;
    }

    public double hipHeightMeters() {
      return hipHeightMeters;
    }

    public double thoracicHeightMeters() {
      return thoracicHeightMeters;
    }

    public double maxHeightSigmaMeters() {
      return maxHeightSigmaMeters;
    }
  }

  /**
   * One bend and where it turned.
   *
   * @param bendDeg net sagittal turn, degrees, forward positive (gyro integrated)
   * @param pivotHeightMeters height of the fitted pivot below the sensor along the back, m;
   *     NaN when not classified
   * @param sigmaMeters the fit's standard error of that height, m
   * @param hipDeg the part of the bend credited to the hips, degrees
   */
  public record Bend(long startMicros, long endMicros, double bendDeg,
      double pivotHeightMeters, double sigmaMeters, double hipDeg) {
    public boolean classified() {
      return !Double.isNaN(pivotHeightMeters);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "bend %.1f° over %.2f s, pivot %.2f ± %.2f m below, "
          + "hips %.1f°", bendDeg, (endMicros - startMicros) / 1e6, pivotHeightMeters,
          sigmaMeters, hipDeg);
    }
  }

  private static final double RATE_TAU_SECONDS = 0.1;
  private static final double PRE_ROLL_SECONDS = 0.3;
  /** The window reaches this share of the bend's fast part further out on either side. */
  private static final double ROLL_SHARE = 0.3;
  /**
   * Low-pass of the signals the pivot is fitted to: this many cycles over the bend's
   * window (a bend of T seconds has little above 1/T), between the bounds, Hz.
   */
  private static final double CUTOFF_CYCLES = 3;
  private static final double MIN_CUTOFF_HZ = 0.4;
  private static final double MAX_CUTOFF_HZ = 2.0;
  /** s_f, s_u, c_f, c_u and the two gains of the error that grows with the turn. */
  private static final int UNKNOWNS = 6;
  private static final int CAPACITY = 2048;
  private static final int MASK = CAPACITY - 1;
  private static final int DT = 0;
  private static final int WX = 1;
  private static final int AX = 4;
  private static final int UX = 7;
  private static final int SAGITTAL = 10;
  private static final int STRIDE = 11;
  /** A hip share within this of 0 or 1 is taken as 0 or 1. */
  private static final double SHARE_DEADBAND = 0.2;
  private static final double G = 9.80665;

  private final Settings settings;
  private final double startRad;
  private final double endRad;
  // ring buffer, per sample
  private final long[] time = new long[CAPACITY];
  /**
   * Per sample, {@link #STRIDE} values side by side (one or two cache lines a sample):
   * dt, gyro ×3, accelerometer ×3, the filter's up ×3, the sagittal rate.
   */
  private final double[] ring = new double[CAPACITY * STRIDE];
  private long count;
  private double rateLp;
  private boolean moving;
  private long moveStart;
  /** A bend waiting for its tail: fitted over [fitFrom, fitAt] when fitAt is reached. */
  private long fitFrom;
  private long fitAt = -1;
  private long lastQuiet;
  private double quietSeconds;
  private double hipLeanDeg;
  /** The flexion when the last bend was placed (NaN without a lean). */
  private double anchorDeg = Double.NaN;
  private double lastFlexionDeg;
  /** The calibration whose left axis is cached. */
  private PostureCalibration leftOf;
  private double leftX;
  private double leftY;
  private double leftZ;
  private Bend lastBend;
  private long bends;
  private long classified;
  // fit scratch
  private final double[] fitW = new double[CAPACITY];
  private final double[] fitF = new double[CAPACITY];
  private final double[] fitU = new double[CAPACITY];
  private final double[] fitA = new double[CAPACITY];
  private final double[] ata = new double[UNKNOWNS * UNKNOWNS];
  private final double[] atb = new double[UNKNOWNS];
  private final double[] row = new double[UNKNOWNS];

  public BendPivot(Settings settings) {
    this.settings = settings;
    this.startRad = Math.toRadians(settings.startDps());
    this.endRad = Math.toRadians(settings.endDps());
  }

  /**
   * One sample of a seated wearer with a known flexion (a moment classified otherwise, as
   * a fast reach may be, is still fed: the fit needs it). Standing up, walking, not worn,
   * unknown, recalibrated: {@link #reset}.
   *
   * @param gx bias-corrected gyroscope, rad/s, sensor frame
   * @param ax accelerometer, m/s², sensor frame
   * @param ux the inclination filter's up, unit vector, sensor frame
   * @param cal the posture calibration: its axes are the back's in the sensor frame
   * @param flexionDeg the present flexion (inclination from neutral), degrees
   * @return the hip lean now, degrees
   */
  public double update(long micros, double dtSeconds, double gx, double gy, double gz,
      double ax, double ay, double az, double ux, double uy, double uz,
      PostureCalibration cal, double flexionDeg) {
    if (!settings.enabled()) {
      return 0;
    }
    if (cal != leftOf) {
      // left = up × forward: a positive turn about it is a forward bend
      leftOf = cal;
      leftX = cal.upY() * cal.forwardZ() - cal.upZ() * cal.forwardY();
      leftY = cal.upZ() * cal.forwardX() - cal.upX() * cal.forwardZ();
      leftZ = cal.upX() * cal.forwardY() - cal.upY() * cal.forwardX();
    }
    double rate = gx * leftX + gy * leftY + gz * leftZ;
    int i = (int) (count & MASK);
    time[i] = micros;
    int o = i * STRIDE;
    double[] r = ring;
    r[o + DT] = dtSeconds;
    r[o + WX] = gx;
    r[o + WX + 1] = gy;
    r[o + WX + 2] = gz;
    r[o + AX] = ax;
    r[o + AX + 1] = ay;
    r[o + AX + 2] = az;
    r[o + UX] = ux;
    r[o + UX + 1] = uy;
    r[o + UX + 2] = uz;
    r[o + SAGITTAL] = rate;
    double k = count == 0 ? 1 : Math.min(1, dtSeconds / RATE_TAU_SECONDS);
    rateLp += k * (rate - rateLp);
    count++;
    double speed = Math.abs(rateLp);
    if (fitAt >= 0 && (count - 1 >= fitAt || speed > startRad
        || count - 1 - fitFrom >= CAPACITY - 1)) {
      // the bend's tail is in (or the next bend begins): place it
      bend(fitFrom, count - 1, cal);
      fitAt = -1;
    }
    if (!moving) {
      if (speed < endRad) {
        lastQuiet = count - 1;
      }
      if (speed > startRad) {
        moving = true;
        quietSeconds = 0;
        moveStart = Math.max(0, lastQuiet);
      }
    } else {
      quietSeconds = speed < endRad ? quietSeconds + dtSeconds : 0;
      double seconds = (micros - time[(int) (moveStart & MASK)]) / 1e6;
      if (quietSeconds >= settings.settleSeconds()) {
        moving = false;
        lastQuiet = count - 1;
        // the rate threshold sees only the middle of a bend; its speeding up and slowing
        // down, where the tangential acceleration is, reach further out on both sides
        double dt = Math.max(dtSeconds, 1e-4);
        long core = count - 1 - moveStart;
        long roll = Math.max(Math.round(PRE_ROLL_SECONDS / dt), Math.round(ROLL_SHARE * core));
        fitFrom = Math.max(Math.max(0, count - CAPACITY + 1), moveStart - roll);
        fitAt = count - 1 + Math.max(0, roll - Math.round(settings.settleSeconds() / dt));
      } else if (seconds > settings.maxBendSeconds() || count - moveStart >= CAPACITY / 2) {
        // slow: no pivot to be had; the turn counts as rounding
        moving = false;
        lastQuiet = count - 1;
      }
    }
    // the hip lean lies between 0 and the flexion; near upright it is gone
    hipLeanDeg = Math.abs(flexionDeg) < settings.minBendDeg() ? 0
        : Math.max(Math.min(hipLeanDeg, Math.max(0, flexionDeg)), Math.min(0, flexionDeg));
    if (hipLeanDeg != 0 && !moving && fitAt < 0 && !Double.isNaN(anchorDeg)
        && Math.abs(flexionDeg - anchorDeg) > settings.minBendDeg()) {
      // the posture moved on since the bend that was placed, too slowly to place the move:
      // it may be the hips going back while the back rounds (from leaning in to slumping
      // in place), which one sensor cannot split. The lean is forgotten and the
      // inclination counts in full: no slump is lost, at worst a slow hinge is read as one
      hipLeanDeg = 0;
    }
    if (hipLeanDeg == 0) {
      anchorDeg = Double.NaN;
    }
    lastFlexionDeg = flexionDeg;
    return hipLeanDeg;
  }

  /** True once a sample has come in since construction or the last {@link #reset}. */
  public boolean started() {
    return count > 0;
  }

  /** Standing, walking, not worn, unknown or recalibrated: no bend in progress, no lean. */
  public void reset() {
    moving = false;
    fitAt = -1;
    anchorDeg = Double.NaN;
    count = 0;
    rateLp = 0;
    hipLeanDeg = 0;
    lastQuiet = 0;
  }

  private void bend(long from, long to, PostureCalibration cal) {
    double turn = 0;
    for (long j = from + 1; j <= to; j++) {
      int i = (int) (j & MASK);
      turn += ring[i * STRIDE + SAGITTAL] * ring[i * STRIDE + DT];
    }
    double bendDeg = Math.toDegrees(turn);
    long startMicros = time[(int) (from & MASK)];
    long endMicros = time[(int) (to & MASK)];
    bends++;
    double height = Double.NaN;
    double sigma = Double.NaN;
    double hip = 0;
    double seconds = (endMicros - startMicros) / 1e6;
    if (Math.abs(bendDeg) >= settings.minBendDeg()) {
      double[] fit = fit(from, to, cal);
      if (fit != null && fit[1] <= settings.maxHeightSigmaMeters()) {
        height = fit[0];
        sigma = fit[1];
        double share = (height - settings.thoracicHeightMeters())
            / (settings.hipHeightMeters() - settings.thoracicHeightMeters());
        // within a fifth of either end it is that end: the fit's own scatter and the
        // wearer's real lever arms (not the nominal ones) move it that much, and a small
        // share credited to the hips on every bend would add up to a late slump
        share = Math.max(0, Math.min(1, (share - SHARE_DEADBAND) / (1 - 2 * SHARE_DEADBAND)));
        hip = share * bendDeg;
        classified++;
      } else if (fit != null) {
        sigma = fit[1];
      }
    }
    if (Double.isNaN(height) && Math.abs(bendDeg) >= settings.minBendDeg() && bendDeg > 0) {
      // a forward bend that could not be placed: it may hold some rounding, so whatever
      // lean the hips had is no longer known (see the drift check in update)
      hipLeanDeg = 0;
    } else {
      hipLeanDeg += hip;
    }
    // where the posture is once this bend is placed: moving on from it slowly ends the lean
    anchorDeg = lastFlexionDeg;
    lastBend = new Bend(startMicros, endMicros, bendDeg, height, sigma, hip);
  }

  /**
   * Least squares for the pivot in the sagittal plane. With the back's forward and up axes
   * (from the calibration; the upper back is rigid over a bend, so they stay put in the
   * sensor frame), the sagittal rate ω about the left axis and s = (s_f, s_u) from the
   * pivot to the sensor, the linear acceleration in that plane is
   * {@code a_f = α s_u − ω² s_f + c_f} and {@code a_u = −α s_f − ω² s_u + c_u}.
   *
   * <p>Only the sagittal plane is used: small fast movements about the other axes (typing
   * sways the trunk sideways and twists it at 2–4 Hz, with angular accelerations several
   * times those of a 3 s hinge) would otherwise dominate the fit with their own pivot.
   * For the same reason ω, a_f and a_u are low-passed first (zero-phase, forward and
   * backward over the bend, at {@link #CUTOFF_CYCLES} cycles over the bend's window: a
   * bend of T seconds has little above 1/T), and α is the central difference of the
   * low-passed ω; the rows are taken every half period of the cut-off, so that their
   * errors are about independent and the fit's standard error means what it says.
   *
   * <p>Two more unknowns take an error that grows with the turn itself,
   * {@code k_f θ(t)} and {@code k_u θ(t)}: the accelerometer's scale errors (±1 %) and the
   * up vector carried over the bend by the gyro turn part of gravity into the residual in
   * proportion to how far the sensor has turned. Over a slow bend that is as large as the
   * tangential acceleration itself (a 4 s bend of 30° about the hips: under 0.1 m/s²).
   *
   * @return {s_u: the height of the pivot below the sensor along the back, its standard
   *     error}, m; or null when the bend is too short to fit
   */
  private double[] fit(long from, long to, PostureCalibration cal) {
    int n = (int) (to - from + 1);
    double fx = cal.forwardX();
    double fy = cal.forwardY();
    double fz = cal.forwardZ();
    double ux0 = cal.upX();
    double uy0 = cal.upY();
    double uz0 = cal.upZ();
    // gravity over the bend from the gyro alone, from the filter's up where the bend starts
    // (still): the filter's own up lets some of the bend's linear acceleration in, which
    // would pull the pivot towards the sensor
    int i0 = (int) (from & MASK);
    double gux = ring[i0 * STRIDE + UX];
    double guy = ring[i0 * STRIDE + UX + 1];
    double guz = ring[i0 * STRIDE + UX + 2];
    double seconds = 0;
    double turned = 0;
    for (int k = 0; k < n; k++) {
      int i = (int) ((from + k) & MASK);
      int o = i * STRIDE;
      double h = k == 0 ? 0 : ring[o + DT];
      double wx = ring[o + WX];
      double wy = ring[o + WX + 1];
      double wz = ring[o + WX + 2];
      seconds += h;
      // dû/dt = −ω × û = û × ω
      double nx = gux + (guy * wz - guz * wy) * h;
      double ny = guy + (guz * wx - gux * wz) * h;
      double nz = guz + (gux * wy - guy * wx) * h;
      double norm = 1 / Math.sqrt(nx * nx + ny * ny + nz * nz);
      gux = nx * norm;
      guy = ny * norm;
      guz = nz * norm;
      double lx = ring[o + AX] - G * gux;
      double ly = ring[o + AX + 1] - G * guy;
      double lz = ring[o + AX + 2] - G * guz;
      fitW[k] = ring[o + SAGITTAL];
      turned += ring[o + SAGITTAL] * h;
      fitA[k] = turned;
      fitF[k] = lx * fx + ly * fy + lz * fz;
      fitU[k] = lx * ux0 + ly * uy0 + lz * uz0;
    }
    double dt = seconds / Math.max(1, n - 1);
    if (!(dt > 0)) {
      return null;
    }
    double cutoffHz = Math.max(MIN_CUTOFF_HZ, Math.min(MAX_CUTOFF_HZ,
        CUTOFF_CYCLES / seconds));
    zeroPhaseLowPass(fitW, n, dt, cutoffHz);
    zeroPhaseLowPass(fitF, n, dt, cutoffHz);
    zeroPhaseLowPass(fitU, n, dt, cutoffHz);
    zeroPhaseLowPass(fitA, n, dt, cutoffHz);
    int step = Math.max(1, (int) Math.round(0.5 / cutoffHz / dt));
    java.util.Arrays.fill(ata, 0);
    java.util.Arrays.fill(atb, 0);
    double btb = 0;
    int rows = 0;
    for (int k = 1; k < n - 1; k += step) {
      double w = fitW[k];
      double alpha = (fitW[k + 1] - fitW[k - 1]) / (2 * dt);
      double w2 = w * w;
      double turn = fitA[k];
      // unknowns (s_f, s_u, c_f, c_u, k_f, k_u)
      accumulate(fitF[k], -w2, alpha, 1, 0, turn, 0);
      accumulate(fitU[k], -alpha, -w2, 0, 1, 0, turn);
      btb += fitF[k] * fitF[k] + fitU[k] * fitU[k];
      rows += 2;
    }
    if (rows < 10) {
      return null;
    }
    double[] inv = invert(ata);
    if (inv == null) {
      return null;
    }
    double[] x = new double[UNKNOWNS];
    for (int p = 0; p < UNKNOWNS; p++) {
      for (int q = 0; q < UNKNOWNS; q++) {
        x[p] += inv[UNKNOWNS * p + q] * atb[q];
      }
    }
    // residual sum of squares: bᵀb − xᵀAᵀb (normal equations hold)
    double xab = 0;
    for (int p = 0; p < UNKNOWNS; p++) {
      xab += x[p] * atb[p];
    }
    double residual = Math.max(0, btb - xab) / (rows - UNKNOWNS);
    return new double[] {x[1], Math.sqrt(Math.max(0, inv[UNKNOWNS + 1] * residual))};
  }

  /**
   * Second-order Butterworth at {@code cutoffHz}, run forward then backward (no
   * delay), each pass started in the steady state of its first value: the bend starts
   * and ends at rest, so there is no start-up transient to speak of.
   */
  private static void zeroPhaseLowPass(double[] x, int n, double dt, double cutoffHz) {
    double c = 1 / Math.tan(Math.PI * Math.min(cutoffHz * dt, 0.45));
    double sqrt2 = Math.sqrt(2);
    double b0 = 1 / (1 + sqrt2 * c + c * c);
    double b1 = 2 * b0;
    double a1 = 2 * (1 - c * c) * b0;
    double a2 = (1 - sqrt2 * c + c * c) * b0;
    for (int pass = 0; pass < 2; pass++) {
      int first = pass == 0 ? 0 : n - 1;
      int dir = pass == 0 ? 1 : -1;
      double x1 = x[first];
      double x2 = x1;
      double y1 = x1;
      double y2 = x1;
      for (int k = first, m = 0; m < n; k += dir, m++) {
        double in = x[k];
        double out = b0 * in + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
        x2 = x1;
        x1 = in;
        y2 = y1;
        y1 = out;
        x[k] = out;
      }
    }
  }

  private void accumulate(double b, double... r) {
    for (int p = 0; p < UNKNOWNS; p++) {
      atb[p] += r[p] * b;
      for (int q = 0; q < UNKNOWNS; q++) {
        ata[UNKNOWNS * p + q] += r[p] * r[q];
      }
    }
  }

  /** Inverse of a square matrix ({@link #UNKNOWNS}²) by Gauss–Jordan with pivoting, or null. */
  private static double[] invert(double[] m) {
    int d = UNKNOWNS;
    double[] a = java.util.Arrays.copyOf(m, d * d);
    double[] inv = new double[d * d];
    for (int i = 0; i < d; i++) {
      inv[(d + 1) * i] = 1;
    }
    for (int c = 0; c < d; c++) {
      int pivot = c;
      for (int r = c + 1; r < d; r++) {
        if (Math.abs(a[d * r + c]) > Math.abs(a[d * pivot + c])) {
          pivot = r;
        }
      }
      if (!(Math.abs(a[d * pivot + c]) > 1e-300)) {
        return null;
      }
      if (pivot != c) {
        for (int q = 0; q < d; q++) {
          double t = a[d * c + q];
          a[d * c + q] = a[d * pivot + q];
          a[d * pivot + q] = t;
          t = inv[d * c + q];
          inv[d * c + q] = inv[d * pivot + q];
          inv[d * pivot + q] = t;
        }
      }
      double f = 1 / a[d * c + c];
      for (int q = 0; q < d; q++) {
        a[d * c + q] *= f;
        inv[d * c + q] *= f;
      }
      for (int r = 0; r < d; r++) {
        double g = a[d * r + c];
        if (r != c && g != 0) {
          for (int q = 0; q < d; q++) {
            a[d * r + q] -= g * a[d * c + q];
            inv[d * r + q] -= g * inv[d * c + q];
          }
        }
      }
    }
    return inv;
  }

  /** The hip lean, degrees: the part of the present flexion credited to the hips. */
  public double hipLeanDeg() {
    return hipLeanDeg;
  }

  /** The latest bend, or null. */
  public Bend lastBend() {
    return lastBend;
  }

  /** Bends seen, and of those classified (a pivot found). */
  public long bends() {
    return bends;
  }

  public long classifiedBends() {
    return classified;
  }

  public Settings settings() {
    return settings;
  }
}
