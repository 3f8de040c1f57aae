package dev.slumpwatch.slump;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import dev.slumpwatch.posture.Activity;
import java.util.List;

/**
 * Sitting bouts and the breaks between them.
 *
 * <p>A bout runs while the wearer is seated. It is ended by a break: being up (walking,
 * standing) for at least {@code walkBreakSeconds}, or a relief hold (the upper back
 * extended at least {@code reliefExtensionDeg} past neutral for {@code reliefHoldSeconds},
 * which is Bruegger's relief position). After a walking break the next bout starts when
 * the wearer is seated again; after a relief hold, at once. Unknown time (no data, sensor
 * off) pauses the bout clock without ending the bout, so a dropped radio link is not a
 * break.
 */
public final class SittingTracker {

  /** The sitting settings, by name: see each key's meaning. */
  public static final class Settings extends StageSettings<Settings> {
    public static final Setting.Number WALK_BREAK_SECONDS = Setting.number(
        "sitting.walkBreakSeconds", "s", 30, 5, 600,
        "time up and about that counts as a break");
    public static final Setting.Number RELIEF_EXTENSION_DEG = Setting.number(
        "sitting.reliefExtensionDeg", "°", 4, 1, 30,
        "extension past neutral that counts as Bruegger's relief position");
    public static final Setting.Number RELIEF_HOLD_SECONDS = Setting.number(
        "sitting.reliefHoldSeconds", "s", 20, 5, 120,
        "how long the relief position must be held");

    /** Every key of this stage, in the order the user guide lists them. */
    public static final List<Setting<?>> KEYS = List.of(
        WALK_BREAK_SECONDS, RELIEF_EXTENSION_DEG, RELIEF_HOLD_SECONDS);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    // read once: the stages read them per sample
    private final double walkBreakSeconds;
    private final double reliefExtensionDeg;
    private final double reliefHoldSeconds;

    public Settings(SettingValues values) {
      super(values, KEYS);
      this.walkBreakSeconds = get(WALK_BREAK_SECONDS);
      this.reliefExtensionDeg = get(RELIEF_EXTENSION_DEG);
      this.reliefHoldSeconds = get(RELIEF_HOLD_SECONDS);
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    public double walkBreakSeconds() {
      return walkBreakSeconds;
    }

    public double reliefExtensionDeg() {
      return reliefExtensionDeg;
    }

    public double reliefHoldSeconds() {
      return reliefHoldSeconds;
    }
  }

  /** What ended a bout. */
  public enum BreakKind { WALK, RELIEF_HOLD }

  /** A break, for the alert engine and the store. */
  public record Break(BreakKind kind, long startMicros, long endMicros) {}

  private final Settings settings;
  private final long walkBreakMicros;
  private final long reliefHoldMicros;
  private long boutStartMicros = -1;
  private long pausedMicros;
  private long lastMicros = -1;
  private long uprightSince = -1;
  private long extendedSince = -1;
  private boolean onBreak;
  private Break lastBreak;
  private int breaks;

  public SittingTracker(Settings settings) {
    this.settings = settings;
    this.walkBreakMicros = (long) (settings.walkBreakSeconds() * 1e6);
    this.reliefHoldMicros = (long) (settings.reliefHoldSeconds() * 1e6);
  }

  /** @return a break that just completed, or null */
  public Break update(long timeMicros, Activity activity, double flexionDeg) {
    long dt = lastMicros < 0 ? 0 : timeMicros - lastMicros;
    lastMicros = timeMicros;
    Break completed = null;
    if (activity.seated()) {
      uprightSince = -1;
      if (onBreak || boutStartMicros < 0) {
        onBreak = false;
        boutStartMicros = timeMicros;
        pausedMicros = 0;
        extendedSince = -1;
      }
      if (!Double.isNaN(flexionDeg) && flexionDeg <= -settings.reliefExtensionDeg()) {
        if (extendedSince < 0) {
          extendedSince = timeMicros;
        } else if (timeMicros - extendedSince >= reliefHoldMicros) {
          completed = new Break(BreakKind.RELIEF_HOLD, extendedSince, timeMicros);
          boutStartMicros = timeMicros;
          pausedMicros = 0;
          extendedSince = -1;
        }
      } else {
        extendedSince = -1;
      }
    } else if (activity.upright()) {
      extendedSince = -1;
      if (uprightSince < 0) {
        uprightSince = timeMicros;
      }
      if (!onBreak && timeMicros - uprightSince >= walkBreakMicros) {
        onBreak = true;
        completed = new Break(BreakKind.WALK, uprightSince, timeMicros);
      }
    } else {
      // unknown or not worn: the bout clock stops
      if (boutStartMicros >= 0 && !onBreak) {
        pausedMicros += dt;
      }
      extendedSince = -1;
    }
    if (completed != null) {
      lastBreak = completed;
      breaks++;
    }
    return completed;
  }

  /** Seated time in the current bout, seconds; 0 on a break or before the first bout. */
  public double boutSeconds() {
    if (boutStartMicros < 0 || onBreak) {
      return 0;
    }
    return (lastMicros - boutStartMicros - pausedMicros) / 1e6;
  }

  public long boutStartMicros() {
    return onBreak ? -1 : boutStartMicros;
  }

  public Break lastBreak() {
    return lastBreak;
  }

  public int breakCount() {
    return breaks;
  }
}
