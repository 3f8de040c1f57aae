package dev.slumpwatch.posture;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import dev.slumpwatch.imu.SensorScale;
import java.util.List;
import java.util.Locale;

/**
 * Notices that the clip slipped or was re-attached: the sensor turned quickly by a few
 * degrees <em>about itself</em> between two still stretches, which a body does not do.
 *
 * <p>A slip must pass every one of these checks (defaults in {@link Settings#DEFAULTS}):
 * <ol>
 *   <li>still before: the bias-corrected gyroscope under {@code stillDps} for
 *       {@code stillBeforeSeconds} (breathing and typing stay under it, fidgeting does not);
 *   <li>a fast turn: from leaving stillness to being still again takes at most
 *       {@code maxTransitionSeconds}, and the rate peaks above {@code minPeakDps};
 *   <li>in place: the accelerometer never departs from the filter's gravity by more than
 *       {@code maxLinearG}. A body movement that turns the upper back this fast swings the
 *       sensor on a radius of 0.2 m or more about the spine or the hips, which shows as
 *       linear acceleration (a 20° flop in 0.4 s: about 0.27 g); a clip turning on its own
 *       attachment does not;
 *   <li>still after, for {@code stillAfterSeconds}, and the net turn (the gyroscope
 *       integrated over the transition) is at least {@code minTurnDeg}. A forceful twist
 *       returns to where it started; a slip stays turned.
 * </ol>
 * Limits: a slip during fidgeting or walking is not seen (no still stretch around it);
 * a slow slide of the clip (over seconds) looks like posture and is not seen either.
 *
 * <p>Per sample: a handful of multiply-adds, no allocation.
 */
public final class SlipDetector {

  /** The slip settings, by name: see each key's meaning. */
  public static final class Settings extends StageSettings<Settings> {
    public static final Setting.Number STILL_DPS = Setting.number(
        "slip.stillDps", "°/s", 10, 0.1, 1000,
        "largest bias-corrected rotation rate counted as still (breathing and typing stay "
        + "under it)");
    public static final Setting.Number STILL_BEFORE_SECONDS = Setting.number(
        "slip.stillBeforeSeconds", "s", 1, 0, 60,
        "stillness before a turn that may be a slipped clip");
    public static final Setting.Number MAX_TRANSITION_SECONDS = Setting.number(
        "slip.maxTransitionSeconds", "s", 0.4, 0.01, 10,
        "longest turn that may be a slip");
    public static final Setting.Number MIN_PEAK_DPS = Setting.number(
        "slip.minPeakDps", "°/s", 40, 0.1, 10000,
        "the turn's rate must peak above this (and above slip.stillDps)");
    public static final Setting.Number MAX_LINEAR_G = Setting.number(
        "slip.maxLinearG", "g", 0.1, 0.001, 10,
        "largest departure of the accelerometer from gravity during the turn");
    public static final Setting.Number STILL_AFTER_SECONDS = Setting.number(
        "slip.stillAfterSeconds", "s", 1, 0, 60,
        "stillness after the turn");
    public static final Setting.Number MIN_TURN_DEG = Setting.number(
        "slip.minTurnDeg", "°", 5, 0.1, 180,
        "smallest net turn that counts as a slip");

    /** Every key of this stage, in the order the user guide lists them. */
    public static final List<Setting<?>> KEYS = List.of(
        STILL_DPS, STILL_BEFORE_SECONDS, MAX_TRANSITION_SECONDS, MIN_PEAK_DPS,
        MAX_LINEAR_G, STILL_AFTER_SECONDS, MIN_TURN_DEG);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    // read once: the stages read them per sample
    private final double stillDps;
    private final double stillBeforeSeconds;
    private final double maxTransitionSeconds;
    private final double minPeakDps;
    private final double maxLinearG;
    private final double stillAfterSeconds;
    private final double minTurnDeg;

    public Settings(SettingValues values) {
      super(values, KEYS);
      this.stillDps = get(STILL_DPS);
      this.stillBeforeSeconds = get(STILL_BEFORE_SECONDS);
      this.maxTransitionSeconds = get(MAX_TRANSITION_SECONDS);
      this.minPeakDps = get(MIN_PEAK_DPS);
      this.maxLinearG = get(MAX_LINEAR_G);
      this.stillAfterSeconds = get(STILL_AFTER_SECONDS);
      this.minTurnDeg = get(MIN_TURN_DEG);
      if (minPeakDps() < stillDps()) {
        throw new IllegalArgumentException(MIN_PEAK_DPS.name() + " = "
            + Setting.plain(minPeakDps()) + " must be at least " + STILL_DPS.name() + " = "
            + Setting.plain(stillDps()) + " °/s: a turn must be faster than stillness");
      }
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    public double stillDps() {
      return stillDps;
    }

    public double stillBeforeSeconds() {
      return stillBeforeSeconds;
    }

    public double maxTransitionSeconds() {
      return maxTransitionSeconds;
    }

    public double minPeakDps() {
      return minPeakDps;
    }

    public double maxLinearG() {
      return maxLinearG;
    }

    public double stillAfterSeconds() {
      return stillAfterSeconds;
    }

    public double minTurnDeg() {
      return minTurnDeg;
    }
  }

  private enum State { STILL, TURNING, SETTLING }

  private final Settings settings;
  private final double still2;
  private final double peak2;
  private final double maxLinear2;
  private State state = State.STILL;
  private double stillSeconds;
  private double turnSeconds;
  private double settleSeconds;
  private double turnX;
  private double turnY;
  private double turnZ;
  private double maxRate2;
  private double maxLin2;
  private long turnStartMicros;
  private double lastTurnDeg;
  private double lastLinearG;
  private long slips;

  public SlipDetector(Settings settings) {
    this.settings = settings;
    double still = Math.toRadians(settings.stillDps());
    double peak = Math.toRadians(settings.minPeakDps());
    still2 = still * still;
    peak2 = peak * peak;
    double maxLinear = settings.maxLinearG() * SensorScale.STANDARD_GRAVITY;
    maxLinear2 = maxLinear * maxLinear;
  }

  /**
   * @param wx bias-corrected gyroscope, rad/s
   * @param ax accelerometer, m/s² (sensor frame)
   * @param ux the filter's up vector (unit, sensor frame)
   * @param dt seconds since the previous sample
   * @return true once, when a slip has just been confirmed
   */
  public boolean update(long timeMicros, double wx, double wy, double wz, double ax,
      double ay, double az, double ux, double uy, double uz, double dt) {
    double rate2 = wx * wx + wy * wy + wz * wz;
    boolean still = rate2 < still2;
    switch (state) {
      case STILL -> {
        if (still) {
          stillSeconds += dt;
        } else if (stillSeconds >= settings.stillBeforeSeconds()) {
          state = State.TURNING;
          turnStartMicros = timeMicros;
          turnSeconds = 0;
          turnX = turnY = turnZ = 0;
          maxRate2 = 0;
          maxLin2 = 0;
          turn(rate2, wx, wy, wz, ax, ay, az, ux, uy, uz, dt);
        } else {
          stillSeconds = 0;
        }
      }
      case TURNING -> {
        if (still) {
          state = State.SETTLING;
          settleSeconds = dt;
        } else {
          turn(rate2, wx, wy, wz, ax, ay, az, ux, uy, uz, dt);
          if (turnSeconds > settings.maxTransitionSeconds()) {
            abandon();
          }
        }
      }
      case SETTLING -> {
        if (!still) {
          abandon();
        } else {
          settleSeconds += dt;
          if (settleSeconds >= settings.stillAfterSeconds()) {
            return decide();
          }
        }
      }
    }
    return false;
  }

  private void turn(double rate2, double wx, double wy, double wz, double ax, double ay,
      double az, double ux, double uy, double uz, double dt) {
    turnSeconds += dt;
    turnX += wx * dt;
    turnY += wy * dt;
    turnZ += wz * dt;
    if (rate2 > maxRate2) {
      maxRate2 = rate2;
    }
    // what the accelerometer reads beyond gravity along the filter's up vector
    double lx = ax - ux * SensorScale.STANDARD_GRAVITY;
    double ly = ay - uy * SensorScale.STANDARD_GRAVITY;
    double lz = az - uz * SensorScale.STANDARD_GRAVITY;
    double lin2 = lx * lx + ly * ly + lz * lz;
    if (lin2 > maxLin2) {
      maxLin2 = lin2;
    }
  }

  private void abandon() {
    state = State.STILL;
    stillSeconds = 0;
  }

  private boolean decide() {
    state = State.STILL;
    stillSeconds = settleSeconds;
    lastTurnDeg = Math.toDegrees(Math.sqrt(turnX * turnX + turnY * turnY + turnZ * turnZ));
    lastLinearG = Math.sqrt(maxLin2);
    boolean slip = maxRate2 >= peak2 && maxLin2 <= maxLinear2
        && lastTurnDeg >= settings.minTurnDeg();
    if (slip) {
      slips++;
    }
    return slip;
  }

  /** Forgets the current stretch (after a gap or a new calibration). */
  public void reset() {
    state = State.STILL;
    stillSeconds = 0;
  }

  /** What the last slip looked like, for the wearer. */
  public String describeLast() {
    return String.format(Locale.ROOT, "the sensor turned %.0f° within %.2f s while you sat "
        + "still, without moving through space (%.2f g): the clip slipped or was re-attached",
        lastTurnDeg, turnSeconds, lastLinearG);
  }

  /** Net turn of the last completed candidate, degrees. */
  public double lastTurnDeg() {
    return lastTurnDeg;
  }

  /** Device time the last candidate turn began. */
  public long lastTurnStartMicros() {
    return turnStartMicros;
  }

  public long slips() {
    return slips;
  }
}
