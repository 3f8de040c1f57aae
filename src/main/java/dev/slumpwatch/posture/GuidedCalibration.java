package dev.slumpwatch.posture;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import java.util.List;
import java.util.Locale;

/**
 * The one guided posture calibration, used wherever a calibration is learnt: at the start
 * of {@code run} and {@code replay} without a stored profile, after a slipped clip, when
 * the wearer asks ({@code c}, {@code slumpwatch recalibrate}, a button), by
 * {@code calibrate posture} and the demo. Paced by what the wearer does, never by a fixed
 * timetable, and timed by the sensor's clock only, so a recording of a calibration replays
 * to the same profile:
 * <ol>
 *   <li><b>get ready</b>: "sit tall" is shown, with a countdown of
 *       {@code calibration.getReadySeconds}, so that the wearer has time to react before
 *       anything is measured;
 *   <li><b>sit tall</b>: the neutral is the mean of the first steady stretch of
 *       {@code calibration.neutralSeconds} (a window sliding in steps of 0.1 s): no tenth
 *       of a second in it strays more than {@code calibration.maxSpreadDeg} from its mean,
 *       and its first and last second differ by at most {@code calibration.steadyDeg}, so
 *       neither a slouch before sitting up nor the end of that movement is taken for the
 *       neutral. No steady stretch within {@code calibration.stepTimeoutSeconds} fails the
 *       step, with the reason;
 *   <li><b>bend</b> (two-step only): "bend forward slowly, about 30°, and hold". The bend is
 *       taken once the angle from neutral has been steady (within
 *       {@code calibration.steadyDeg} over the last second) at
 *       {@link PostureCalibration#MIN_BEND_DEG} or more, and then held within
 *       {@code calibration.maxSpreadDeg} for {@code calibration.holdSeconds}; moving while
 *       holding goes back to waiting for a steady bend. A bend held still below the
 *       minimum for three seconds fails the step at once with the angle reached; no held
 *       bend within the step's time-out fails it with the largest angle seen.
 * </ol>
 * A failed step says why ({@link Progress#problem()}) and is tried again by itself, up to
 * {@code calibration.repeats} times; then the calibration gives up ({@link Step#FAILED}).
 * A second sensor (the lower back) is calibrated from the same holds when its samples are
 * fed too; if only its bend stays too small, the last try keeps the upper sensor's
 * calibration alone and says so ({@link #warning()}).
 *
 * <p>Fed the normalised accelerometer (while the wearer holds still it is the vertical,
 * free of any gyroscope bias), sample by sample with device time. No allocation per
 * sample; {@link #progress()} builds the snapshot a display shows.
 */
public final class GuidedCalibration {

  /** The calibration's settings, by name: see each key's meaning. */
  public static final class Settings extends StageSettings<Settings> {
    public static final Setting.Number GET_READY_SECONDS = Setting.number(
        "calibration.getReadySeconds", "s", 3, 0, 30,
        "countdown after \"sit tall\" before the neutral is measured, to give the wearer "
            + "time to react");
    public static final Setting.Number NEUTRAL_SECONDS = Setting.number(
        "calibration.neutralSeconds", "s", 5, 2, 60,
        "the neutral is the first steady stretch this long while sitting tall");
    public static final Setting.Number HOLD_SECONDS = Setting.number(
        "calibration.holdSeconds", "s", 3, 0.5, 60,
        "how long the forward bend is held still");
    public static final Setting.Number STEP_TIMEOUT_SECONDS = Setting.number(
        "calibration.stepTimeoutSeconds", "s", 30, 5, 600,
        "a step not done within this time fails with the reason, and is tried again");
    public static final Setting.Number STEADY_DEG = Setting.number(
        "calibration.steadyDeg", "°", 2, 0.2, 20,
        "largest change of the bend angle over one second that counts as held");
    public static final Setting.Number MAX_SPREAD_DEG = Setting.number(
        "calibration.maxSpreadDeg", "°", 4, 0.5, 30,
        "largest wander from the mean while holding; more starts the hold again");
    public static final Setting.Whole REPEATS = Setting.whole(
        "calibration.repeats", "count", 3, 0, 10,
        "a failed step is tried again up to this many times before the calibration gives "
            + "up; 0 = give up at the first failure");

    /** Every key of this stage, in the order the user guide lists them. */
    public static final List<Setting<?>> KEYS = List.of(GET_READY_SECONDS, NEUTRAL_SECONDS,
        HOLD_SECONDS, STEP_TIMEOUT_SECONDS, STEADY_DEG, MAX_SPREAD_DEG, REPEATS);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    public Settings(SettingValues values) {
      super(values, KEYS);
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    public double getReadySeconds() {
      return get(GET_READY_SECONDS);
    }

    public double neutralSeconds() {
      return get(NEUTRAL_SECONDS);
    }

    public double holdSeconds() {
      return get(HOLD_SECONDS);
    }

    public double stepTimeoutSeconds() {
      return get(STEP_TIMEOUT_SECONDS);
    }

    public double steadyDeg() {
      return get(STEADY_DEG);
    }

    public double maxSpreadDeg() {
      return get(MAX_SPREAD_DEG);
    }

    public int repeats() {
      return get(REPEATS);
    }
  }

  /**
   * What may be assumed about the mounting, and whether the bend step is skipped.
   *
   * @param mounting {@code CLIP} allows the checks for sideways bends and for not sitting
   *     upright, and the quick mode
   * @param quick one step only (sit tall); forward is taken from the clip mounting
   */
  public record Method(PostureCalibration.Mounting mounting, boolean quick) {
    /** Sit tall, then bend forward; any mounting. */
    public static final Method TWO_STEP = new Method(PostureCalibration.Mounting.ANY, false);
    /** Sit tall only, forward from the documented clip mounting. */
    public static final Method QUICK = new Method(PostureCalibration.Mounting.CLIP, true);

    public Method {
      if (quick && mounting != PostureCalibration.Mounting.CLIP) {
        throw new IllegalArgumentException("the quick calibration needs the clip mounting");
      }
    }

    /** The word a stored profile keeps ({@code two-step}, {@code quick}). */
    public String key() {
      return quick ? "quick" : "two-step";
    }
  }

  /** Where the calibration is. */
  public enum Step {
    GET_READY, SIT_TALL, BEND, HOLD_BEND, DONE, FAILED;

    /** Lower-case words for displays: {@code hold bend}. */
    public String words() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /**
   * Everything a display (the terminal, a wizard) shows, as a value.
   *
   * @param stepNumber 1 (sit tall, its get-ready included) or 2 (the bend); 0 when done or
   *     failed
   * @param steps 1 for the quick calibration, else 2
   * @param attempt which try of the current step this is, from 1
   * @param attempts tries allowed per step ({@code 1 + calibration.repeats})
   * @param secondsLeft seconds left in the countdown or the hold; NaN when the step waits
   *     for the wearer (the bend) or is over
   * @param angleDeg the angle of the upper back from the neutral just learnt, degrees
   *     (any direction); NaN before the neutral is known
   * @param prompt the instruction, or the reason of a final failure
   * @param problem why the previous try of this step failed, or null (the first try)
   */
  public record Progress(Step step, int stepNumber, int steps, int attempt, int attempts,
      double secondsLeft, double angleDeg, String prompt, String problem) {

    /** {@code [hold bend] 2 s left | 24.6° from neutral — hold the bend still}. */
    public String format() {
      String tries = attempt > 1 && stepNumber > 0
          ? ", try " + attempt + " of " + attempts : "";
      String left = Double.isNaN(secondsLeft) ? ""
          : String.format(Locale.ROOT, " %.0f s left", Math.ceil(secondsLeft - 1e-9));
      String angle = Double.isNaN(angleDeg) ? ""
          : String.format(Locale.ROOT, " | %5.1f° from neutral", angleDeg);
      return "[" + step.words() + tries + "]" + left + angle + " — " + prompt;
    }

    /** Whether {@code other} shows another step or another try of it. */
    public boolean sameStep(Progress other) {
      return other != null && other.step == step && other.attempt == attempt;
    }
  }

  /** The smoothed up vector's time constant for the live angle and "held steady", s. */
  private static final double SMOOTH_SECONDS = 0.2;
  /** A bend of at least this much has begun (below: still sitting), degrees. */
  private static final double STARTED_DEG = 3;
  /** A steady bend under the minimum held this long fails the step at once, s. */
  private static final double TOO_SMALL_HOLD_SECONDS = 3;
  /** Samples a hold needs before its spread is judged (its mean is still forming before). */
  private static final int SPREAD_AFTER_SAMPLES = 20;

  private final Settings settings;
  private final Method method;
  private Step step = Step.GET_READY;
  private int attempt = 1;
  private String problem;
  private boolean resume = true;
  private long stepStartMicros;
  private long attemptStartMicros;
  private long lastMicros;
  private final Window upper = new Window();
  private final Window lower = new Window();
  /** Sitting tall: the last {@code neutralSeconds} in tenths of a second, both sensors. */
  private final Bins still;
  private double[] neutral;
  private double[] lowerNeutral;
  private boolean lowerSeen;
  /** The largest wander that restarted the neutral in this try, degrees. */
  private double neutralSpreadDeg;
  // the smoothed up vector and the angle history (every 0.1 s, the last second) for "held"
  private double sx;
  private double sy;
  private double sz;
  private boolean smoothed;
  private final double[] angles = new double[10];
  private int angleCount;
  private double angleTick;
  private double angle = Double.NaN;
  private double largestAngle;
  private long tooSmallSinceMicros = Long.MIN_VALUE;
  private double tooSmallAngle;
  private int failedTries;
  private PostureCalibration result;
  private PostureCalibration lowerResult;
  private String lowerFailure;
  private String failure;
  private String warning;

  public GuidedCalibration(Settings settings, Method method) {
    this.settings = settings;
    this.method = method;
    this.still = new Bins((int) Math.round(settings.neutralSeconds() / Bins.SECONDS));
  }

  /**
   * One upper-back sample.
   *
   * @param ux the normalised accelerometer reading (unit vector, sensor frame)
   * @return true when the step or the try changed (a display prints a line)
   */
  public boolean update(long timeMicros, double ux, double uy, double uz) {
    if (finished()) {
      return false;
    }
    if (resume) {
      // the first sample, or the first after a gap: every running clock starts here
      resume = false;
      stepStartMicros = timeMicros;
      attemptStartMicros = timeMicros;
      lastMicros = timeMicros;
      smoothed = false;
      angleCount = 0;
    }
    double dt = (timeMicros - lastMicros) * 1e-6;
    lastMicros = timeMicros;
    smooth(ux, uy, uz, dt);
    double inStep = (timeMicros - stepStartMicros) * 1e-6;
    double inAttempt = (timeMicros - attemptStartMicros) * 1e-6;
    Step stepBefore = step;
    int attemptBefore = attempt;
    switch (step) {
      case GET_READY -> {
        if (inStep >= settings.getReadySeconds()) {
          next(Step.SIT_TALL, timeMicros);
          attemptStartMicros = timeMicros;
        }
      }
      case SIT_TALL -> sitTall(timeMicros, inAttempt, ux, uy, uz);
      case BEND -> bend(timeMicros, inAttempt);
      case HOLD_BEND -> {
        upper.add(ux, uy, uz);
        if (upper.spreadDeg() > settings.maxSpreadDeg()) {
          next(Step.BEND, timeMicros); // moved while holding: wait for a steady bend again
        } else if (inStep >= settings.holdSeconds()) {
          finishTwoStep(timeMicros);
        }
      }
      default -> { }
    }
    return step != stepBefore || attempt != attemptBefore;
  }

  private void sitTall(long timeMicros, double inAttempt, double ux, double uy, double uz) {
    long bin = (timeMicros - stepStartMicros) / Bins.MICROS;
    if (still.add(bin, ux, uy, uz) && still.full()) {
      // a tenth of a second was completed: is the last stretch a steady one?
      double spread = still.spreadDeg();
      double drift = still.driftDeg();
      neutralSpreadDeg = Math.max(neutralSpreadDeg, Math.min(spread, 2 * drift));
      if (spread <= settings.maxSpreadDeg() && drift <= settings.steadyDeg()) {
        neutral = still.mean(false);
        lowerNeutral = still.lowerCount() > 0 ? still.mean(true) : null;
        if (method.quick()) {
          finishQuick(timeMicros);
        } else {
          nextStep(Step.BEND, timeMicros);
        }
        return;
      }
    }
    if (inAttempt >= settings.stepTimeoutSeconds()) {
      stepFailed(String.format(Locale.ROOT, "you did not hold still for %.0f s while "
          + "sitting tall within %.0f s (the back kept moving, up to %.1f° from where it "
          + "rested; at most %.0f° allowed): sit tall and hold still",
          settings.neutralSeconds(), settings.stepTimeoutSeconds(), neutralSpreadDeg,
          settings.maxSpreadDeg()), timeMicros);
    }
  }

  /** One lower-back sample (sensor index 1), the normalised accelerometer. */
  public void updateLower(double ux, double uy, double uz) {
    lowerSeen = true;
    if (step == Step.SIT_TALL) {
      still.addLower(ux, uy, uz);
    } else if (step == Step.HOLD_BEND) {
      lower.add(ux, uy, uz);
    }
  }

  /**
   * The data stopped (a gap): what was being held is no longer known to be one hold. The
   * current step starts again with the next sample, its time-out too; it is not a failure.
   */
  public void interrupted() {
    if (finished()) {
      return;
    }
    resume = true;
    tooSmallSinceMicros = Long.MIN_VALUE;
    if (step == Step.HOLD_BEND) {
      step = Step.BEND;
    }
    upper.clear();
    lower.clear();
    still.clear();
  }

  private void bend(long timeMicros, double inAttempt) {
    boolean steady = angleCount == angles.length && steadyRange() <= settings.steadyDeg();
    if (steady && angle >= PostureCalibration.MIN_BEND_DEG) {
      next(Step.HOLD_BEND, timeMicros);
      return;
    }
    if (steady && angle >= STARTED_DEG) {
      // a bend that stays put below the minimum: the wearer thinks this is it
      if (tooSmallSinceMicros == Long.MIN_VALUE
          || Math.abs(angle - tooSmallAngle) > settings.steadyDeg()) {
        tooSmallSinceMicros = timeMicros;
        tooSmallAngle = angle;
      } else if ((timeMicros - tooSmallSinceMicros) * 1e-6 >= TOO_SMALL_HOLD_SECONDS) {
        stepFailed(String.format(Locale.ROOT, "the forward bend was %.1f°, at least %.0f° "
            + "is needed to tell forward from sideways: bend further, about 30°", angle,
            PostureCalibration.MIN_BEND_DEG), timeMicros);
        return;
      }
    } else {
      tooSmallSinceMicros = Long.MIN_VALUE;
    }
    if (inAttempt >= settings.stepTimeoutSeconds()) {
      stepFailed(String.format(Locale.ROOT, "no forward bend was held within %.0f s (the "
          + "largest was %.1f°): bend forward slowly about 30°, then hold still",
          settings.stepTimeoutSeconds(), largestAngle), timeMicros);
    }
  }

  private double steadyRange() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double a : angles) {
      lo = Math.min(lo, a);
      hi = Math.max(hi, a);
    }
    return hi - lo;
  }

  private void smooth(double ux, double uy, double uz, double dt) {
    if (!smoothed) {
      sx = ux;
      sy = uy;
      sz = uz;
      smoothed = true;
      angleTick = 0;
    } else {
      double k = Math.min(1, dt / SMOOTH_SECONDS);
      sx += (ux - sx) * k;
      sy += (uy - sy) * k;
      sz += (uz - sz) * k;
    }
    if (neutral == null) {
      return;
    }
    double n = Math.sqrt(sx * sx + sy * sy + sz * sz);
    double cos = (sx * neutral[0] + sy * neutral[1] + sz * neutral[2]) / n;
    angle = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
    if (step == Step.BEND || step == Step.HOLD_BEND) {
      largestAngle = Math.max(largestAngle, angle);
    }
    angleTick += dt;
    if (angleTick >= 0.1) {
      angleTick -= 0.1;
      System.arraycopy(angles, 1, angles, 0, angles.length - 1);
      angles[angles.length - 1] = angle;
      angleCount = Math.min(angles.length, angleCount + 1);
    }
  }

  /** The same step goes on in another phase (a hold begins or starts again). */
  private void next(Step s, long timeMicros) {
    step = s;
    stepStartMicros = timeMicros;
    upper.clear();
    lower.clear();
    still.clear();
    tooSmallSinceMicros = Long.MIN_VALUE;
  }

  /** The next step, at its first try. */
  private void nextStep(Step s, long timeMicros) {
    next(s, timeMicros);
    attemptStartMicros = timeMicros;
    attempt = 1;
    problem = null;
    largestAngle = 0;
  }

  /** This try of the step failed: try again, or give up after the last try. */
  private void stepFailed(String reason, long timeMicros) {
    failedTries++;
    if (attempt > settings.repeats()) {
      if (lowerFailure != null && result != null && reason.equals(lowerFailure)) {
        // only the lower sensor's bend stayed too small: the upper one still measures
        lowerResult = null;
        warning = reason + "; using the upper sensor alone";
        step = Step.DONE;
        return;
      }
      failure = reason;
      problem = reason;
      step = Step.FAILED;
      return;
    }
    problem = reason;
    attempt++;
    Step again = step == Step.HOLD_BEND ? Step.BEND : step;
    next(again, timeMicros);
    attemptStartMicros = timeMicros;
    largestAngle = 0;
    neutralSpreadDeg = 0;
    result = null;
    lowerFailure = null;
  }

  private void finishQuick(long timeMicros) {
    try {
      result = PostureCalibration.quick(neutral);
      lowerResult = lowerNeutral == null ? null : PostureCalibration.quick(lowerNeutral);
      step = Step.DONE;
    } catch (CalibrationException e) {
      neutral = null;
      stepFailed(e.getMessage(), timeMicros);
    }
  }

  private void finishTwoStep(long timeMicros) {
    try {
      result = PostureCalibration.fromNeutralAndBend(neutral, upper.mean(),
          method.mounting(), PostureCalibration.MIN_BEND_DEG);
    } catch (CalibrationException e) {
      result = null;
      stepFailed(e.getMessage(), timeMicros);
      return;
    }
    if (lowerNeutral != null && lower.count() > 0) {
      try {
        lowerResult = PostureCalibration.fromNeutralAndBend(lowerNeutral, lower.mean(),
            PostureCalibration.Mounting.ANY, PostureCalibration.MIN_LOWER_BEND_DEG);
      } catch (CalibrationException e) {
        lowerFailure = "lower-back sensor: " + e.getMessage() + " (bend from the hips as well)";
        stepFailed(lowerFailure, timeMicros);
        return;
      }
    }
    step = Step.DONE;
  }

  /** What to show now. */
  public Progress progress() {
    double inStep = (lastMicros - stepStartMicros) * 1e-6;
    int steps = method.quick() ? 1 : 2;
    int attempts = settings.repeats() + 1;
    return switch (step) {
      case GET_READY -> new Progress(step, 1, steps, attempt, attempts,
          settings.getReadySeconds() - inStep, Double.NaN,
          "sit tall, shoulders back and down, and hold still", problem);
      case SIT_TALL -> new Progress(step, 1, steps, attempt, attempts,
          settings.neutralSeconds() - still.steadySeconds(settings.maxSpreadDeg()), Double.NaN,
          "sit tall and hold still", problem);
      case BEND -> new Progress(step, 2, steps, attempt, attempts, Double.NaN, angle,
          "now bend forward slowly, about 30°, and hold it", problem);
      case HOLD_BEND -> new Progress(step, 2, steps, attempt, attempts,
          settings.holdSeconds() - inStep, angle, "hold the bend still", problem);
      case DONE -> new Progress(step, 0, steps, attempt, attempts, Double.NaN, angle,
          "done: sit as you like", null);
      case FAILED -> new Progress(step, 0, steps, attempt, attempts, Double.NaN, angle,
          failure, null);
    };
  }

  public Step step() {
    return step;
  }

  public boolean finished() {
    return step == Step.DONE || step == Step.FAILED;
  }

  /** The upper-back calibration, or null until done. */
  public PostureCalibration result() {
    return step == Step.DONE ? result : null;
  }

  /** The lower-back calibration when a second sensor was fed (and bent enough), else null. */
  public PostureCalibration lowerResult() {
    return step == Step.DONE ? lowerResult : null;
  }

  /** Whether lower-back samples were fed at all. */
  public boolean lowerSeen() {
    return lowerSeen;
  }

  /** Why it gave up, or null. */
  public String failure() {
    return failure;
  }

  /** Done, but with something the wearer should know (the lower sensor left out), or null. */
  public String warning() {
    return warning;
  }

  /** Tries that failed and were repeated (or ended it); 0 when every step passed at once. */
  public int failedTries() {
    return failedTries;
  }

  public Method method() {
    return method;
  }

  /**
   * The last {@code n} tenths of a second of both sensors' up vectors (sums per tenth), for
   * the sliding steady stretch of the neutral. A tenth's mean already averages the noise of
   * ten samples; the tests run once per tenth, on at most {@code n} bins.
   */
  private static final class Bins {
    static final double SECONDS = 0.1;
    static final long MICROS = 100_000;
    private final int n;
    private final double[][] sums; // x, y, z, count, then the same for the lower sensor
    private long bin = Long.MIN_VALUE;
    /** Complete tenths in the ring, at most {@code n - 1}. */
    private int filled;

    /** @param tenths the window's length in tenths of a second */
    Bins(int tenths) {
      this.n = tenths + 1; // and the tenth being filled
      this.sums = new double[this.n][8];
    }

    /** @return true when {@code b} begins a new tenth (the previous one is complete) */
    boolean add(long b, double x, double y, double z) {
      boolean advanced = false;
      if (bin == Long.MIN_VALUE) {
        bin = b;
        java.util.Arrays.fill(slot(b), 0);
      } else if (b > bin) {
        // tenths without samples (a stall) stay empty, which fails the steadiness test
        long steps = b - bin;
        for (long k = 1; k <= Math.min(steps, n); k++) {
          java.util.Arrays.fill(slot(bin + k), 0);
        }
        filled = (int) Math.min(n - 1, filled + steps);
        bin = b;
        advanced = true;
      }
      double[] s = slot(bin);
      s[0] += x;
      s[1] += y;
      s[2] += z;
      s[3]++;
      return advanced;
    }

    private double[] slot(long b) {
      return sums[(int) Math.floorMod(b, (long) n)];
    }

    void addLower(double x, double y, double z) {
      if (bin == Long.MIN_VALUE) {
        return;
      }
      double[] s = slot(bin);
      s[4] += x;
      s[5] += y;
      s[6] += z;
      s[7]++;
    }

    /** The window of complete tenths: the current one is still filling. */
    boolean full() {
      return filled >= n - 1;
    }

    private double[] complete(int age) { // age 1 = the last complete tenth
      return slot(bin - age);
    }

    double[] mean(boolean lower) {
      int o = lower ? 4 : 0;
      double x = 0;
      double y = 0;
      double z = 0;
      for (int a = 1; a < n; a++) {
        double[] s = complete(a);
        x += s[o];
        y += s[o + 1];
        z += s[o + 2];
      }
      return PostureCalibration.normalise(new double[] {x, y, z});
    }

    int lowerCount() {
      int c = 0;
      for (int a = 1; a < n; a++) {
        c += (int) complete(a)[7];
      }
      return c;
    }

    /** The largest angle of a tenth's mean from the window's mean, degrees. */
    double spreadDeg() {
      double[] m = mean(false);
      double spread = 0;
      for (int a = 1; a < n; a++) {
        double[] s = complete(a);
        if (s[3] == 0) {
          return Double.POSITIVE_INFINITY; // a stall in the data: not one steady stretch
        }
        spread = Math.max(spread, angle(s, m));
      }
      return spread;
    }

    /** The angle between the window's first and last second, degrees. */
    double driftDeg() {
      double[] first = new double[3];
      double[] last = new double[3];
      int second = (int) Math.round(1 / SECONDS);
      for (int a = 1; a <= second; a++) {
        double[] late = complete(a);
        double[] early = complete(n - a);
        for (int i = 0; i < 3; i++) {
          last[i] += late[i];
          first[i] += early[i];
        }
      }
      return angle(first, PostureCalibration.normalise(last));
    }

    /**
     * How long the latest tenths have stayed within {@code maxSpreadDeg} of the latest one,
     * seconds: the countdown a display shows (it starts again when the wearer moves).
     */
    double steadySeconds(double maxSpreadDeg) {
      if (bin == Long.MIN_VALUE || filled == 0) {
        return 0;
      }
      double[] ref = complete(1);
      if (ref[3] == 0) {
        return 0;
      }
      double[] r = PostureCalibration.normalise(new double[] {ref[0], ref[1], ref[2]});
      int a = 1;
      while (a < Math.min(n, filled + 1) && complete(a)[3] > 0
          && angle(complete(a), r) <= maxSpreadDeg / 2) {
        a++;
      }
      return (a - 1) * SECONDS;
    }

    private static double angle(double[] sum, double[] unit) {
      double m = Math.sqrt(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]);
      if (!(m > 0)) {
        return 0;
      }
      double cos = (sum[0] * unit[0] + sum[1] * unit[1] + sum[2] * unit[2]) / m;
      return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
    }

    void clear() {
      for (double[] s : sums) {
        java.util.Arrays.fill(s, 0);
      }
      bin = Long.MIN_VALUE;
      filled = 0;
    }
  }

  /** Running mean of one hold and the largest wander from it so far. */
  private static final class Window {
    private double x;
    private double y;
    private double z;
    private int n;
    private double spread;

    void add(double ux, double uy, double uz) {
      x += ux;
      y += uy;
      z += uz;
      n++;
      double m = Math.sqrt(x * x + y * y + z * z);
      if (n >= SPREAD_AFTER_SAMPLES && m > 0) {
        double cos = (ux * x + uy * y + uz * z) / m;
        spread = Math.max(spread, Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos)))));
      }
    }

    double[] mean() {
      return PostureCalibration.normalise(new double[] {x, y, z});
    }

    double spreadDeg() {
      return spread;
    }

    int count() {
      return n;
    }

    void clear() {
      x = y = z = 0;
      n = 0;
      spread = 0;
    }
  }
}
