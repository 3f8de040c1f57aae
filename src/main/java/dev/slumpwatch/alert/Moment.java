package dev.slumpwatch.alert;

import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;

/**
 * What the alert rules see of one sample: a snapshot of the posture stages after they took
 * it, so a rule depends on values, not on the live trackers.
 *
 * <p>The engine refills one instance per sample (a hundred a second, on the processing
 * thread only: no allocation on the hot path), so a rule reads it during its
 * {@code update} and keeps nothing of it but values. Tests and other callers make their own
 * with the constructor or {@link #of}.
 */
public final class Moment {
  private long t;
  private double flexionDeg;
  private Activity activity;
  private double gyroSquaredRadPerSec2;
  private SlumpTracker.State slump;
  private long episodeStartMicros;
  private long boutStartMicros;
  private double boutSeconds;
  private SittingTracker.Break completedBreak;
  private double doseDegMinutes;

  /**
   * @param t the sample's device time, µs
   * @param flexionDeg flexion from neutral, degrees; NaN when unknown
   * @param gyroSquaredRadPerSec2 the squared magnitude of the bias-corrected angular rate,
   *     (rad/s)² (squared so the hot path needs no square root)
   * @param slump the slump tracker's state
   * @param episodeStartMicros device time the open slump episode began, or -1
   * @param boutStartMicros device time the current sitting bout began, or -1 when up
   * @param boutSeconds seated time in the current bout (unknown time not counted)
   * @param completedBreak a break that completed with this sample, or null
   * @param doseDegMinutes this sample's slump dose ({@link SlumpTracker#doseStepDegMinutes})
   */
  public Moment(long t, double flexionDeg, Activity activity, double gyroSquaredRadPerSec2,
      SlumpTracker.State slump, long episodeStartMicros, long boutStartMicros,
      double boutSeconds, SittingTracker.Break completedBreak, double doseDegMinutes) {
    set(t, flexionDeg, activity, gyroSquaredRadPerSec2, slump, episodeStartMicros,
        boutStartMicros, boutSeconds, completedBreak, doseDegMinutes);
  }

  /** The snapshot of the trackers after they took the sample at {@code t}. */
  public static Moment of(long t, double flexionDeg, Activity activity,
      double gyroSquaredRadPerSec2, SlumpTracker slump, SittingTracker sitting,
      SittingTracker.Break completedBreak) {
    return new Moment(0, 0, Activity.UNKNOWN, 0, SlumpTracker.State.UPRIGHT, -1, -1, 0, null,
        0).take(t, flexionDeg, activity, gyroSquaredRadPerSec2, slump, sitting,
        completedBreak);
  }

  /** Refills this snapshot from the trackers (the engine's own instance). */
  Moment take(long time, double flexion, Activity act, double gyroSquared,
      SlumpTracker slumpTracker, SittingTracker sitting, SittingTracker.Break completed) {
    set(time, flexion, act, gyroSquared, slumpTracker.state(),
        slumpTracker.episodeStartMicros(), sitting.boutStartMicros(), sitting.boutSeconds(),
        completed, slumpTracker.doseStepDegMinutes());
    return this;
  }

  private void set(long time, double flexion, Activity act, double gyroSquared,
      SlumpTracker.State slumpState, long episodeStart, long boutStart, double bout,
      SittingTracker.Break completed, double dose) {
    this.t = time;
    this.flexionDeg = flexion;
    this.activity = act;
    this.gyroSquaredRadPerSec2 = gyroSquared;
    this.slump = slumpState;
    this.episodeStartMicros = episodeStart;
    this.boutStartMicros = boutStart;
    this.boutSeconds = bout;
    this.completedBreak = completed;
    this.doseDegMinutes = dose;
  }

  public long t() {
    return t;
  }

  public double flexionDeg() {
    return flexionDeg;
  }

  public Activity activity() {
    return activity;
  }

  public double gyroSquaredRadPerSec2() {
    return gyroSquaredRadPerSec2;
  }

  public SlumpTracker.State slump() {
    return slump;
  }

  public long episodeStartMicros() {
    return episodeStartMicros;
  }

  public long boutStartMicros() {
    return boutStartMicros;
  }

  public double boutSeconds() {
    return boutSeconds;
  }

  public SittingTracker.Break completedBreak() {
    return completedBreak;
  }

  public double doseDegMinutes() {
    return doseDegMinutes;
  }
}
