package dev.slumpwatch.posture;

/**
 * One second of posture, the unit the store keeps and the charts draw.
 *
 * @param second whole seconds since the session's first sample
 * @param deviceTimeMicros device time at the start of that second
 * @param flexionMeanDeg mean flexion, degrees; NaN when the posture was unknown
 * @param lateralMeanDeg lateral bend of the second's mean up vector, degrees; NaN when unknown
 * @param activity the activity at the end of the second
 * @param slumped true when a slump episode was open at the end of the second
 * @param samples how many samples the second held (100 at 100 Hz)
 */
public record PostureSecond(long second, long deviceTimeMicros, double flexionMeanDeg,
    double flexionMinDeg, double flexionMaxDeg, double lateralMeanDeg, Activity activity,
    boolean slumped, int samples) {}
