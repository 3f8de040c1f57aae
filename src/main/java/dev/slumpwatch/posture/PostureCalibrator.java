package dev.slumpwatch.posture;

/**
 * Learns a {@link PostureCalibration} from two windows of the measured vertical (the
 * normalised accelerometer, sensor frame): one while
 * the wearer sits tall (neutral), one while bent forward and holding.
 *
 * <p>Each window is checked: the wearer must hold still (the up vector may not wander
 * more than {@code maxSpreadDeg} from the window's mean), and the bend must be at least
 * {@link PostureCalibration#MIN_BEND_DEG}. A failed check gives a reason the wearer can act on.
 */
public final class PostureCalibrator {

  /**
   * Windows in seconds since the session's first sample.
   */
  public record Plan(double neutralFromSeconds, double neutralToSeconds,
      double bendFromSeconds, double bendToSeconds) {
    public Plan {
      if (!(neutralFromSeconds < neutralToSeconds && neutralToSeconds <= bendFromSeconds
          && bendFromSeconds < bendToSeconds)) {
        throw new IllegalArgumentException("calibration windows must be ordered: " + this);
      }
    }
  }

  /** Largest wander of the up vector from its mean inside a window, degrees. */
  public static final double MAX_SPREAD_DEG = 4;

  private final Plan plan;
  private final double minBendDeg;
  private final String sensorName;
  private final Window neutral = new Window();
  private final Window bend = new Window();
  private PostureCalibration result;
  private String failure;

  public PostureCalibrator(Plan plan) {
    this(plan, PostureCalibration.MIN_BEND_DEG, null);
  }

  /**
   * @param minBendDeg smallest bend accepted (less for a lower-back sensor)
   * @param sensorName named at the start of a failure ("lower-back sensor"), or null
   */
  public PostureCalibrator(Plan plan, double minBendDeg, String sensorName) {
    this.plan = plan;
    this.minBendDeg = minBendDeg;
    this.sensorName = sensorName;
  }

  /** The same windows, {@code seconds} later. */
  public static Plan shift(Plan plan, double seconds) {
    return new Plan(plan.neutralFromSeconds() + seconds, plan.neutralToSeconds() + seconds,
        plan.bendFromSeconds() + seconds, plan.bendToSeconds() + seconds);
  }

  public Plan plan() {
    return plan;
  }

  /** @return true once, when the calibration has just completed or failed */
  public boolean update(double sessionSeconds, double ux, double uy, double uz) {
    if (done()) {
      return false;
    }
    if (sessionSeconds >= plan.neutralFromSeconds() && sessionSeconds < plan.neutralToSeconds()) {
      neutral.add(ux, uy, uz);
    } else if (sessionSeconds >= plan.bendFromSeconds() && sessionSeconds < plan.bendToSeconds()) {
      bend.add(ux, uy, uz);
    } else if (sessionSeconds >= plan.bendToSeconds()) {
      finish();
      return true;
    }
    return false;
  }

  private void finish() {
    try {
      neutral.check("sitting tall");
      bend.check("bending forward");
      result = PostureCalibration.fromNeutralAndBend(neutral.mean(), bend.mean(),
          PostureCalibration.Mounting.ANY, minBendDeg);
    } catch (CalibrationException e) {
      failure = sensorName == null ? e.getMessage() : sensorName + ": " + e.getMessage();
    }
  }

  public boolean done() {
    return result != null || failure != null;
  }

  /** The calibration, or null if not done or failed. */
  public PostureCalibration result() {
    return result;
  }

  /** Why it failed, or null. */
  public String failure() {
    return failure;
  }

  /** Running sums of one window, for the mean and the spread about it. */
  private static final class Window {
    private double sx;
    private double sy;
    private double sz;
    private double minDot = Double.POSITIVE_INFINITY;
    private int n;
    private final java.util.List<double[]> points = new java.util.ArrayList<>();

    void add(double x, double y, double z) {
      sx += x;
      sy += y;
      sz += z;
      n++;
      points.add(new double[] {x, y, z});
    }

    double[] mean() {
      return PostureCalibration.normalise(new double[] {sx, sy, sz});
    }

    void check(String step) throws CalibrationException {
      if (n < 50) {
        throw new CalibrationException("too little data while " + step + " (" + n
            + " samples, at least 50 needed): was the sensor connected?");
      }
      double[] m = mean();
      for (double[] p : points) {
        minDot = Math.min(minDot, PostureCalibration.dot(p, m));
      }
      double spread = Math.toDegrees(Math.acos(Math.min(1, minDot)));
      if (spread > MAX_SPREAD_DEG) {
        throw new CalibrationException(String.format(java.util.Locale.ROOT,
            "you moved while %s (the back moved %.1f° from its mean; at most %.0f° allowed): "
                + "hold still and try again", step, spread, MAX_SPREAD_DEG));
      }
    }
  }
}
