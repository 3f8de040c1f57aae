package dev.slumpwatch.slump;

import dev.slumpwatch.posture.Activity;

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

  /**
   * @param walkBreakSeconds upright time that counts as a break
   * @param reliefExtensionDeg extension past neutral (as a positive number) for a relief hold
   * @param reliefHoldSeconds how long the relief hold must last
   */
  public record Settings(double walkBreakSeconds, double reliefExtensionDeg,
      double reliefHoldSeconds) {
    public static final Settings DEFAULTS = new Settings(30, 4, 20);
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
