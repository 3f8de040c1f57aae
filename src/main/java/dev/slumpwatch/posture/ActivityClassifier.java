package dev.slumpwatch.posture;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import dev.slumpwatch.imu.SensorScale;
import java.util.List;

/**
 * Classifies what the wearer is doing from one-second blocks of sensor data.
 *
 * <p>Version 2:
 * <ul>
 *   <li>walking: the accelerometer magnitude varies strongly (step bounce and impacts);
 *   <li>standing or moving vs seated: by the <em>transition signature</em>. Standing up
 *       lifts the trunk by about 0.4 m within two seconds, sitting down lowers it as much;
 *       the vertical acceleration (the accelerometer along the filter's up vector, minus
 *       1 g and minus its offset, learnt while the trunk is still) is integrated twice,
 *       with zero-velocity updates whenever the trunk is still, into the height change of
 *       each movement (after Najafi et al.,
 *       IEEE TBME 49(8), 2002, who detect sit-stand transitions from a trunk-worn sensor).
 *       A movement that rises by {@code transitionHeightM} is standing up, one that falls
 *       as much is sitting down. Walking
 *       also means up. With {@code sitStandTransitions} off, or before any transition has
 *       been seen, the wearer counts as standing only for {@code uprightHoldSeconds} after
 *       walking (version 1), because a missed sit-down would otherwise hide every slump
 *       that follows;
 *   <li>seated fidgeting / seated still: by the gyroscope's variability (bias-free);
 *   <li>not worn: the gyroscope shows no breathing at all, and the sensor lies tilted more
 *       than {@code notWornTiltDeg} from the calibrated neutral (lying on the desk) for
 *       {@code notWornTiltSeconds}; or, without a calibration to compare with, no breathing
 *       for {@code notWornSeconds};
 *   <li>unknown: before the first full block and after a gap.
 * </ul>
 * A block is one second of device time; the classification changes only at block ends,
 * so the per-sample cost is a few multiply-adds.
 *
 * <p>Limits: standing still is told from sitting only through the transitions, so a
 * session that starts standing counts as seated until the wearer walks; a sit-down made
 * very slowly (under about 0.2 m/s) may be missed, and then the wearer counts as standing
 * until the next sit-down or walk. The simulated wearer's transitions are clean; real
 * ones are not tested here.
 */
public final class ActivityClassifier {

  static final double VELOCITY_LEAK_SECONDS = 2.0;
  static final double HEIGHT_LEAK_SECONDS = 3.0;
  /** Rotation rate under which the trunk counts as still for the velocity updates, °/s. */
  static final double STILL_DPS = 8;
  private static final double STILL_RATE = Math.toRadians(STILL_DPS);
  static final double STILL_SECONDS = 0.5;
  /** While still: time constants of the offset learning and of the velocity's pull to 0, s. */
  private static final double STILL_OFFSET_SECONDS = 0.5;
  private static final double STILL_VELOCITY_SECONDS = 0.2;
  private static final double G = SensorScale.STANDARD_GRAVITY;

  /** The activity settings, by name: see each key's meaning. */
  public static final class Settings extends StageSettings<Settings> {
    public static final Setting.Number WALKING_ACCEL_STD_G = Setting.number(
        "activity.walkingAccelStdG", "g", 0.08, 0.01, 2,
        "accelerometer-magnitude spread above which a second counts as walking");
    public static final Setting.Number FIDGET_GYRO_STD_DPS = Setting.number(
        "activity.fidgetGyroStdDps", "°/s", 4, 0.1, 100,
        "gyroscope spread above which seated counts as fidgeting");
    public static final Setting.Number NOT_WORN_GYRO_STD_DPS = Setting.number(
        "activity.notWornGyroStdDps", "°/s", 0.12, 0, 10,
        "below this (no breathing) the sensor is not on a body");
    public static final Setting.Number NOT_WORN_SECONDS = Setting.number(
        "activity.notWornSeconds", "s", 30, 1, 3600,
        "how long without breathing before \"not worn\"");
    public static final Setting.Number UPRIGHT_HOLD_SECONDS = Setting.number(
        "activity.uprightHoldSeconds", "s", 5, 0, 600,
        "still counted as standing this long after walking");
    public static final Setting.Number NOT_WORN_TILT_DEG = Setting.number(
        "activity.notWornTiltDeg", "°", 60, 10, 180,
        "a still sensor without breathing tilted this far from the calibrated neutral is "
        + "lying somewhere, not worn");
    public static final Setting.Number NOT_WORN_TILT_SECONDS = Setting.number(
        "activity.notWornTiltSeconds", "s", 3, 0, 600,
        "how long it must lie so; 0 = at once");
    public static final Setting.Flag SIT_STAND_TRANSITIONS = Setting.flag(
        "activity.sitStandTransitions", false,
        "track sit-to-stand and stand-to-sit transitions from the vertical acceleration "
        + "(off by default: see \"Posture model\")");
    public static final Setting.Number TRANSITION_HEIGHT_M = Setting.number(
        "activity.transitionHeightM", "m", 0.25, 0.05, 1,
        "height change that counts as standing up or sitting down");

    /** Every key of this stage, in the order the user guide lists them. */
    public static final List<Setting<?>> KEYS = List.of(
        WALKING_ACCEL_STD_G, FIDGET_GYRO_STD_DPS, NOT_WORN_GYRO_STD_DPS,
        NOT_WORN_SECONDS, UPRIGHT_HOLD_SECONDS, NOT_WORN_TILT_DEG,
        NOT_WORN_TILT_SECONDS, SIT_STAND_TRANSITIONS, TRANSITION_HEIGHT_M);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    // read once: the stages read them per sample
    private final double walkingAccelStdG;
    private final double fidgetGyroStdDps;
    private final double notWornGyroStdDps;
    private final double notWornSeconds;
    private final double uprightHoldSeconds;
    private final double notWornTiltDeg;
    private final double notWornTiltSeconds;
    private final boolean sitStandTransitions;
    private final double transitionHeightM;

    public Settings(SettingValues values) {
      super(values, KEYS);
      this.walkingAccelStdG = get(WALKING_ACCEL_STD_G);
      this.fidgetGyroStdDps = get(FIDGET_GYRO_STD_DPS);
      this.notWornGyroStdDps = get(NOT_WORN_GYRO_STD_DPS);
      this.notWornSeconds = get(NOT_WORN_SECONDS);
      this.uprightHoldSeconds = get(UPRIGHT_HOLD_SECONDS);
      this.notWornTiltDeg = get(NOT_WORN_TILT_DEG);
      this.notWornTiltSeconds = get(NOT_WORN_TILT_SECONDS);
      this.sitStandTransitions = get(SIT_STAND_TRANSITIONS);
      this.transitionHeightM = get(TRANSITION_HEIGHT_M);
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    public double walkingAccelStdG() {
      return walkingAccelStdG;
    }

    public double fidgetGyroStdDps() {
      return fidgetGyroStdDps;
    }

    public double notWornGyroStdDps() {
      return notWornGyroStdDps;
    }

    public double notWornSeconds() {
      return notWornSeconds;
    }

    public double uprightHoldSeconds() {
      return uprightHoldSeconds;
    }

    public double notWornTiltDeg() {
      return notWornTiltDeg;
    }

    public double notWornTiltSeconds() {
      return notWornTiltSeconds;
    }

    public boolean sitStandTransitions() {
      return sitStandTransitions;
    }

    public double transitionHeightM() {
      return transitionHeightM;
    }
  }

  private final Settings settings;
  private final double cosNotWornTilt;
  // the settings' thresholds in SI (the settings are written in g and °/s, as people read
  // them; the readings are m/s² and rad/s)
  private final double walkingAccelStd;
  private final double notWornGyroStd;
  private final double fidgetGyroStd;
  private long blockStartMicros = Long.MIN_VALUE;
  private long lastMicros = Long.MIN_VALUE;
  private int n;
  private double sumA;
  private double sumA2;
  private double sumGx;
  private double sumGy;
  private double sumGz;
  private double sumG2;
  private double sumCos;
  private int nCos;
  private Activity activity = Activity.UNKNOWN;
  private long lastWalkingMicros = Long.MIN_VALUE;
  private long stillSinceMicros = Long.MIN_VALUE;
  private long lyingSinceMicros = Long.MIN_VALUE;
  private double lastAccelStdG;
  private double lastGyroStdDps;
  // transition tracking (m/s², m/s, m)
  private boolean offsetSeeded;
  private double stillSeconds;
  private double verticalOffset;
  private double velocity;
  private double height;
  private boolean upright;
  private boolean transitionSeen;
  private long transitions;
  private long sitDownMicros = Long.MIN_VALUE;

  public ActivityClassifier(Settings settings) {
    this.settings = settings;
    this.cosNotWornTilt = Math.cos(Math.toRadians(settings.notWornTiltDeg()));
    this.walkingAccelStd = settings.walkingAccelStdG() * G;
    this.notWornGyroStd = Math.toRadians(settings.notWornGyroStdDps());
    this.fidgetGyroStd = Math.toRadians(settings.fidgetGyroStdDps());
  }

  /**
   * Without an orientation: movement energy only (no transitions, no tilt).
   *
   * @param accelNorm magnitude of the accelerometer reading, m/s²
   * @param gx gyroscope, rad/s (bias need not be removed: only its variability is used)
   * @return true when the classification was updated (at the end of a block)
   */
  public boolean update(long timeMicros, double accelNorm, double gx, double gy, double gz) {
    return update(timeMicros, accelNorm, Double.NaN, gx, gy, gz, Double.NaN);
  }

  /**
   * @param accelNorm magnitude of the accelerometer reading, m/s²
   * @param vertical the accelerometer along the filter's up vector, m/s²; NaN when unknown
   * @param gx gyroscope, rad/s, bias removed (the variability ignores a bias; the stillness
   *     test for the height tracking does not)
   * @param cosFromNeutral cosine of the angle between the up vector and the calibrated
   *     neutral; NaN when not calibrated
   * @return true when the classification was updated (at the end of a block)
   */
  public boolean update(long timeMicros, double accelNorm, double vertical, double gx,
      double gy, double gz, double cosFromNeutral) {
    if (blockStartMicros == Long.MIN_VALUE) {
      blockStartMicros = timeMicros;
    }
    if (settings.sitStandTransitions() && vertical == vertical
        && lastMicros != Long.MIN_VALUE) {
      track(timeMicros, vertical, gx * gx + gy * gy + gz * gz);
    }
    lastMicros = timeMicros;
    boolean classified = false;
    if (timeMicros - blockStartMicros >= 1_000_000) {
      classify(timeMicros);
      classified = true;
      blockStartMicros = timeMicros;
      n = 0;
      nCos = 0;
      sumA = sumA2 = sumGx = sumGy = sumGz = sumG2 = sumCos = 0;
    }
    n++;
    sumA += accelNorm;
    sumA2 += accelNorm * accelNorm;
    sumGx += gx;
    sumGy += gy;
    sumGz += gz;
    sumG2 += gx * gx + gy * gy + gz * gz;
    if (cosFromNeutral == cosFromNeutral) {
      sumCos += cosFromNeutral;
      nCos++;
    }
    return classified;
  }

  /**
   * Double integration of the vertical acceleration into a height change per movement,
   * with zero-velocity updates: while the trunk does not turn (under {@value #STILL_DPS}
   * °/s for {@value #STILL_SECONDS} s) it is not going up or down either, so the velocity
   * is pulled to zero and the acceleration's offset is learnt (it changes with posture: the
   * accelerometer's own offset projects differently on the vertical). A movement runs from
   * one still moment to the next; its height change decides: up by more than
   * {@code transitionHeightM} is standing up, down by as much is sitting down. The
   * velocity leaks (τ {@value #VELOCITY_LEAK_SECONDS} s) so that a long movement cannot
   * drift far.
   */
  private void track(long timeMicros, double vertical, double rate2) {
    double dt = (timeMicros - lastMicros) * 1e-6;
    double a = vertical - G;
    if (!offsetSeeded) {
      verticalOffset = a;
      offsetSeeded = true;
    }
    velocity += ((a - verticalOffset) - velocity * (1 / VELOCITY_LEAK_SECONDS)) * dt;
    height += (velocity - height * (1 / HEIGHT_LEAK_SECONDS)) * dt;
    double h = settings.transitionHeightM();
    if (!upright && height > h) {
      upright = true;
      transitionSeen = true;
      transitions++;
    } else if (upright && height < -h) {
      upright = false;
      transitionSeen = true;
      transitions++;
      sitDownMicros = timeMicros;
    }
    stillSeconds = rate2 < STILL_RATE * STILL_RATE ? stillSeconds + dt : 0;
    if (stillSeconds >= STILL_SECONDS) {
      verticalOffset += (a - verticalOffset) * dt * (1 / STILL_OFFSET_SECONDS);
      velocity -= velocity * dt * (1 / STILL_VELOCITY_SECONDS);
      height = 0;
    }
  }

  private void classify(long now) {
    if (n < 10) {
      activity = Activity.UNKNOWN;
      return;
    }
    double meanA = sumA / n;
    double accelStd = Math.sqrt(Math.max(0, sumA2 / n - meanA * meanA));
    double meanG2 = (sumGx * sumGx + sumGy * sumGy + sumGz * sumGz) / ((double) n * n);
    double gyroStd = Math.sqrt(Math.max(0, sumG2 / n - meanG2));
    lastAccelStdG = accelStd / G;
    lastGyroStdDps = Math.toDegrees(gyroStd);
    boolean still = gyroStd < notWornGyroStd;
    if (still) {
      if (stillSinceMicros == Long.MIN_VALUE) {
        stillSinceMicros = blockStartMicros;
      }
    } else {
      stillSinceMicros = Long.MIN_VALUE;
    }
    boolean tilted = nCos > 0 && sumCos / nCos < cosNotWornTilt;
    if (still && tilted) {
      if (lyingSinceMicros == Long.MIN_VALUE) {
        lyingSinceMicros = blockStartMicros;
      }
    } else {
      lyingSinceMicros = Long.MIN_VALUE;
    }
    boolean calibrated = nCos > 0;
    if (accelStd >= walkingAccelStd) {
      activity = Activity.WALKING;
      lastWalkingMicros = now;
      // a sit-down right at the end of a walk shakes its block like a step would
      if (sitDownMicros < blockStartMicros) {
        upright = true;
        // steps and bounce are not a transition; what they leave in the integrators
        // would be taken for one when the walk ends
        velocity = 0;
        height = 0;
      }
    } else if (lyingSinceMicros != Long.MIN_VALUE
        && now - lyingSinceMicros >= settings.notWornTiltSeconds() * 1e6) {
      activity = Activity.NOT_WORN;
    } else if (!calibrated && stillSinceMicros != Long.MIN_VALUE
        && now - stillSinceMicros >= settings.notWornSeconds() * 1e6) {
      activity = Activity.NOT_WORN;
    } else if (standing(now)) {
      activity = Activity.STANDING_OR_MOVING;
    } else if (gyroStd >= fidgetGyroStd) {
      activity = Activity.SEATED_FIDGETING;
    } else {
      activity = Activity.SEATED_STILL;
    }
  }

  private boolean standing(long now) {
    boolean afterWalking = lastWalkingMicros != Long.MIN_VALUE
        && now - lastWalkingMicros < settings.uprightHoldSeconds() * 1e6
        && !(settings.sitStandTransitions() && sitDownMicros >= lastWalkingMicros - 1_000_000);
    if (afterWalking) {
      return true;
    }
    if (settings.sitStandTransitions() && transitionSeen) {
      return upright;
    }
    upright = false;
    return false;
  }

  /** Forgets short-term state after a gap: unknown until a full block has been seen. */
  public void reset() {
    blockStartMicros = Long.MIN_VALUE;
    lastMicros = Long.MIN_VALUE;
    n = 0;
    nCos = 0;
    sumA = sumA2 = sumGx = sumGy = sumGz = sumG2 = sumCos = 0;
    activity = Activity.UNKNOWN;
    stillSinceMicros = Long.MIN_VALUE;
    lyingSinceMicros = Long.MIN_VALUE;
    offsetSeeded = false;
    velocity = 0;
    height = 0;
  }

  public Activity activity() {
    return activity;
  }

  /** Accelerometer-magnitude standard deviation of the last block, g. */
  public double lastAccelStdG() {
    return lastAccelStdG;
  }

  /** Gyroscope standard deviation of the last block, °/s. */
  public double lastGyroStdDps() {
    return lastGyroStdDps;
  }

  /** The tracked height change, m (leaky: returns to 0 within seconds of a transition). */
  public double heightChangeM() {
    return height;
  }

  /** Sit-to-stand and stand-to-sit transitions seen so far. */
  public long transitions() {
    return transitions;
  }
}
