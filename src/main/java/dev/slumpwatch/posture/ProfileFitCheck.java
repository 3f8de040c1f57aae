package dev.slumpwatch.posture;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import java.util.List;

/**
 * Does a stored profile fit the sensor as it is worn today? A profile learnt with the clip
 * on another way (or with the simulated wearer, or by someone else) turns every reading
 * into nonsense that still looks like a number: a wearer sitting still at 143° of flexion.
 * So, in the first {@code profileFit.seconds} of a session measured with a stored profile,
 * seconds while the wearer sits still are checked: a body does not sit still bent more
 * than {@code profileFit.plausibleDeg} forward, backwards or sideways from its own neutral.
 * After {@value #IMPLAUSIBLE_SECONDS} such seconds the profile is flagged ({@link #MESSAGE})
 * and the session measures nothing until the wearer calibrates again.
 *
 * <p>Fed once per second (the per-second aggregate), so it costs nothing per sample.
 */
public final class ProfileFitCheck {

  /** What the wearer is told. */
  public static final String MESSAGE =
      "this profile does not fit the sensor as worn now: recalibrate (c)";

  /** Seated-still seconds out of range that flag the profile. */
  public static final int IMPLAUSIBLE_SECONDS = 10;

  /** The check's settings, by name. */
  public static final class Settings extends StageSettings<Settings> {
    public static final Setting.Number SECONDS = Setting.number(
        "profileFit.seconds", "s", 60, 0, 3600,
        "a stored profile is checked during this much of the session's start; 0 = never");
    public static final Setting.Number PLAUSIBLE_DEG = Setting.number(
        "profileFit.plausibleDeg", "°", 60, 20, 179,
        "sitting still bent further than this (forward, back or sideways) from the stored "
            + "neutral for " + IMPLAUSIBLE_SECONDS + " s means the profile does not fit");

    public static final List<Setting<?>> KEYS = List.of(SECONDS, PLAUSIBLE_DEG);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    public Settings(SettingValues values) {
      super(values, KEYS);
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    public double seconds() {
      return get(SECONDS);
    }

    public double plausibleDeg() {
      return get(PLAUSIBLE_DEG);
    }
  }

  private final Settings settings;
  private int implausible;
  private boolean decided;

  public ProfileFitCheck(Settings settings) {
    this.settings = settings;
    this.decided = settings.seconds() == 0;
  }

  /**
   * One second measured with the stored profile.
   *
   * @param secondsIn seconds since the profile took effect
   * @param flexionDeg the second's mean flexion, NaN when unknown
   * @param lateralDeg the second's lateral bend, NaN when unknown
   * @return true once, when the profile is found not to fit
   */
  public boolean second(double secondsIn, double flexionDeg, double lateralDeg,
      Activity activity) {
    if (decided) {
      return false;
    }
    if (secondsIn >= settings.seconds()) {
      decided = true; // it fitted for the whole check
      return false;
    }
    if (activity != Activity.SEATED_STILL || Double.isNaN(flexionDeg)) {
      return false;
    }
    double limit = settings.plausibleDeg();
    if (Math.abs(flexionDeg) > limit || Math.abs(lateralDeg) > limit) {
      implausible++;
      if (implausible >= IMPLAUSIBLE_SECONDS) {
        decided = true;
        return true;
      }
    }
    return false;
  }

  /** Whether the check is over (found fitting, flagged, or switched off). */
  public boolean decided() {
    return decided;
  }
}
