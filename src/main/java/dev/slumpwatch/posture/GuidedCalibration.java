package dev.slumpwatch.posture;

import java.util.Locale;

/**
 * The guided posture calibration of {@code slumpwatch calibrate posture}, paced by what the
 * wearer does rather than by a fixed timetable:
 * <ol>
 *   <li>get ready ({@code getReadySeconds}, a countdown);
 *   <li>sit tall and hold still for {@code neutralSeconds}: the neutral. Moving more than
 *       {@code maxSpreadDeg} from the mean ends the calibration with the reason;
 *   <li>(two-step only) bend forward slowly, about 30°, and hold: the bend is taken once
 *       the angle from neutral has been steady (within {@code steadyDeg} over the last
 *       second) at {@link PostureCalibration#MIN_BEND_DEG} or more, and held still for
 *       {@code holdSeconds}. A bend held steady below the minimum for three seconds, or
 *       none within {@code bendTimeoutSeconds}, is rejected with the angle reached.
 * </ol>
 * The quick mode stops after step 2 and takes the forward axis from the documented clip
 * mounting ({@link PostureCalibration#quick}). A second sensor (the lower back) is
 * calibrated from the same windows when its samples are fed too.
 *
 * <p>Fed the normalised accelerometer (the vertical while the wearer holds still), sample
 * by sample with device time; {@link #progress()} is what the terminal shows.
 */
public final class GuidedCalibration {

  /**
   * @param getReadySeconds countdown before the neutral step, s
   * @param neutralSeconds how long to sit tall and still, s
   * @param holdSeconds how long to hold the bend, s
   * @param bendTimeoutSeconds how long to wait for a held bend, s
   * @param steadyDeg largest change of the angle over a second that counts as held, degrees
   * @param maxSpreadDeg largest wander from the mean during a hold, degrees
   * @param mounting what may be assumed about the mounting (checks, quick mode)
   * @param quick one step only: neutral, forward from the clip mounting
   */
  public record Settings(double getReadySeconds, double neutralSeconds, double holdSeconds,
      double bendTimeoutSeconds, double steadyDeg, double maxSpreadDeg,
      PostureCalibration.Mounting mounting, boolean quick) {
    public static final Settings DEFAULTS = new Settings(3, 5, 3, 20, 2,
        PostureCalibrator.MAX_SPREAD_DEG, PostureCalibration.Mounting.ANY, false);

    public Settings {
      if (quick && mounting != PostureCalibration.Mounting.CLIP) {
        throw new IllegalArgumentException("the quick calibration needs the clip mounting");
      }
    }

    public Settings with(PostureCalibration.Mounting m, boolean q) {
      return new Settings(getReadySeconds, neutralSeconds, holdSeconds, bendTimeoutSeconds,
          steadyDeg, maxSpreadDeg, m, q);
    }
  }

  /** Where the calibration is. */
  public enum Step { GET_READY, SIT_TALL, BEND, HOLD_BEND, DONE, FAILED }

  /**
   * What to show: the step, seconds left in it (NaN when open-ended), the angle from the
   * neutral (NaN before there is one), and the instruction.
   */
  public record Progress(Step step, double secondsLeft, double angleDeg, String prompt) {
    public String format() {
      String left = Double.isNaN(secondsLeft) ? ""
          : String.format(Locale.ROOT, " %.0f s left", Math.ceil(secondsLeft));
      String angle = Double.isNaN(angleDeg) ? ""
          : String.format(Locale.ROOT, " | %5.1f° from neutral", angleDeg);
      return String.format(Locale.ROOT, "[%s]%s%s — %s", step.name().toLowerCase(Locale.ROOT)
          .replace('_', ' '), left, angle, prompt);
    }
  }

  private static final double SMOOTH_SECONDS = 0.2;
  private static final double STARTED_DEG = 3;
  private static final double TOO_SMALL_HOLD_SECONDS = 3;

  private final Settings settings;
  private Step step = Step.GET_READY;
  private long stepStartMicros = Long.MIN_VALUE;
  private long lastMicros;
  private final Window upper = new Window();
  private final Window lower = new Window();
  private double[] neutral;
  private double[] lowerNeutral;
  private boolean lowerSeen;
  // smoothed up vector and the angle history for "held steady"
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
  private PostureCalibration result;
  private PostureCalibration lowerResult;
  private String failure;

  public GuidedCalibration(Settings settings) {
    this.settings = settings;
  }

  /**
   * One upper-back sample.
   *
   * @param ux the normalised accelerometer reading (unit vector, sensor frame)
   * @return true when the step changed
   */
  public boolean update(long timeMicros, double ux, double uy, double uz) {
    if (finished()) {
      return false;
    }
    if (stepStartMicros == Long.MIN_VALUE) {
      stepStartMicros = timeMicros;
      lastMicros = timeMicros;
    }
    double dt = (timeMicros - lastMicros) * 1e-6;
    lastMicros = timeMicros;
    smooth(ux, uy, uz, dt);
    double inStep = (timeMicros - stepStartMicros) * 1e-6;
    Step before = step;
    switch (step) {
      case GET_READY -> {
        if (inStep >= settings.getReadySeconds()) {
          next(Step.SIT_TALL, timeMicros);
        }
      }
      case SIT_TALL -> {
        upper.add(ux, uy, uz);
        if (upper.spreadDeg() > settings.maxSpreadDeg()) {
          fail(String.format(Locale.ROOT, "you moved while sitting tall (the back moved "
              + "%.1f° from its mean; at most %.0f° allowed): hold still and try again",
              upper.spreadDeg(), settings.maxSpreadDeg()));
        } else if (inStep >= settings.neutralSeconds()) {
          neutral = upper.mean();
          lowerNeutral = lower.count() > 0 ? lower.mean() : null;
          if (settings.quick()) {
            finishQuick();
          } else {
            next(Step.BEND, timeMicros);
          }
        }
      }
      case BEND -> bend(timeMicros, inStep);
      case HOLD_BEND -> {
        upper.add(ux, uy, uz);
        if (upper.spreadDeg() > settings.maxSpreadDeg()) {
          fail(String.format(Locale.ROOT, "you moved while holding the bend (the back "
              + "moved %.1f° from its mean; at most %.0f° allowed): bend slowly, then hold "
              + "still", upper.spreadDeg(), settings.maxSpreadDeg()));
        } else if (inStep >= settings.holdSeconds()) {
          finishTwoStep();
        }
      }
      default -> { }
    }
    return step != before;
  }

  /** One lower-back sample (sensor index 1), the normalised accelerometer. */
  public void updateLower(double ux, double uy, double uz) {
    lowerSeen = true;
    if (step == Step.SIT_TALL || step == Step.HOLD_BEND) {
      lower.add(ux, uy, uz);
    }
  }

  private void bend(long timeMicros, double inStep) {
    if (!(angle >= STARTED_DEG)) {
      tooSmallSinceMicros = Long.MIN_VALUE;
    }
    boolean steady = angleCount == angles.length && steadyRange() <= settings.steadyDeg();
    if (steady && angle >= PostureCalibration.MIN_BEND_DEG) {
      next(Step.HOLD_BEND, timeMicros);
      return;
    }
    if (steady && angle >= STARTED_DEG) {
      if (tooSmallSinceMicros == Long.MIN_VALUE) {
        tooSmallSinceMicros = timeMicros;
      } else if ((timeMicros - tooSmallSinceMicros) * 1e-6 >= TOO_SMALL_HOLD_SECONDS) {
        fail(String.format(Locale.ROOT, "the forward bend was %.1f°, at least %.0f° is "
            + "needed to tell forward from sideways: bend further, about 30°", angle,
            PostureCalibration.MIN_BEND_DEG));
        return;
      }
    } else {
      tooSmallSinceMicros = Long.MIN_VALUE;
    }
    if (inStep >= settings.bendTimeoutSeconds()) {
      fail(String.format(Locale.ROOT, "no forward bend was held within %.0f s (the largest "
          + "was %.1f°): bend forward slowly about 30°, then hold still",
          settings.bendTimeoutSeconds(), largestAngle));
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
    largestAngle = Math.max(largestAngle, angle);
    angleTick += dt;
    if (angleTick >= 0.1) {
      angleTick = 0;
      System.arraycopy(angles, 1, angles, 0, angles.length - 1);
      angles[angles.length - 1] = angle;
      angleCount = Math.min(angles.length, angleCount + 1);
    }
  }

  private void next(Step s, long timeMicros) {
    step = s;
    stepStartMicros = timeMicros;
    upper.clear();
    lower.clear();
  }

  private void fail(String reason) {
    failure = reason;
    step = Step.FAILED;
  }

  private void finishQuick() {
    try {
      result = PostureCalibration.quick(neutral);
      lowerResult = lowerNeutral == null ? null : PostureCalibration.quick(lowerNeutral);
      step = Step.DONE;
    } catch (CalibrationException e) {
      fail(e.getMessage());
    }
  }

  private void finishTwoStep() {
    try {
      result = PostureCalibration.fromNeutralAndBend(neutral, upper.mean(),
          settings.mounting(), PostureCalibration.MIN_BEND_DEG);
    } catch (CalibrationException e) {
      fail(e.getMessage());
      return;
    }
    if (lowerNeutral != null && lower.count() > 0) {
      try {
        lowerResult = PostureCalibration.fromNeutralAndBend(lowerNeutral, lower.mean(),
            PostureCalibration.Mounting.ANY, PostureCalibration.MIN_LOWER_BEND_DEG);
      } catch (CalibrationException e) {
        fail("lower-back sensor: " + e.getMessage() + " (bend from the hips as well)");
        return;
      }
    }
    step = Step.DONE;
  }

  public Progress progress() {
    double inStep = stepStartMicros == Long.MIN_VALUE ? 0
        : (lastMicros - stepStartMicros) * 1e-6;
    return switch (step) {
      case GET_READY -> new Progress(step, settings.getReadySeconds() - inStep, Double.NaN,
          "sit tall, shoulders back and down, and get ready to hold still");
      case SIT_TALL -> new Progress(step, settings.neutralSeconds() - inStep, Double.NaN,
          "sit tall and hold still");
      case BEND -> new Progress(step, Double.NaN, angle,
          "now bend forward slowly, about 30°, and hold it");
      case HOLD_BEND -> new Progress(step, settings.holdSeconds() - inStep, angle,
          "hold the bend still");
      case DONE -> new Progress(step, Double.NaN, angle, "done: sit as you like");
      case FAILED -> new Progress(step, Double.NaN, angle, failure);
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
    return result;
  }

  /** The lower-back calibration when a second sensor was fed, else null. */
  public PostureCalibration lowerResult() {
    return lowerResult;
  }

  /** Whether lower-back samples were fed at all. */
  public boolean lowerSeen() {
    return lowerSeen;
  }

  /** Why it failed, or null. */
  public String failure() {
    return failure;
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
      if (n >= 20 && m > 0) {
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
