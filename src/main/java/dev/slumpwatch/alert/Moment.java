package dev.slumpwatch.alert;

import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;

/**
 * What the alert rules see of one sample: a snapshot of the posture stages after they took
 * it, so a rule depends on values, not on the live trackers.
 *
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
public record Moment(long t, double flexionDeg, Activity activity,
    double gyroSquaredRadPerSec2, SlumpTracker.State slump, long episodeStartMicros,
    long boutStartMicros, double boutSeconds, SittingTracker.Break completedBreak,
    double doseDegMinutes) {

  /** The snapshot of the trackers after they took the sample at {@code t}. */
  public static Moment of(long t, double flexionDeg, Activity activity,
      double gyroSquaredRadPerSec2, SlumpTracker slump, SittingTracker sitting,
      SittingTracker.Break completedBreak) {
    return new Moment(t, flexionDeg, activity, gyroSquaredRadPerSec2, slump.state(),
        slump.episodeStartMicros(), sitting.boutStartMicros(), sitting.boutSeconds(),
        completedBreak, slump.doseStepDegMinutes());
  }
}
