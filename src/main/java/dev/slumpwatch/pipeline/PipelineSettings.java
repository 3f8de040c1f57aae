package dev.slumpwatch.pipeline;

import dev.slumpwatch.alert.AlertEngine;
import dev.slumpwatch.orientation.InclinationFilter;
import dev.slumpwatch.posture.ActivityClassifier;
import dev.slumpwatch.posture.SlipDetector;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;

/**
 * Every stage's settings, as the pipeline runs them.
 *
 * @param gapSeconds a jump in device time longer than this is a gap (data missing)
 * @param filterResetSeconds after a gap this long the filter starts afresh from gravity
 */
public record PipelineSettings(InclinationFilter.Settings filter,
    ActivityClassifier.Settings activity, SlumpTracker.Settings slump,
    SittingTracker.Settings sitting, AlertEngine.Settings alerts, double gapSeconds,
    double filterResetSeconds, SlipDetector.Settings slip) {
  /**
   * The filter's defaults except {@code restMinSeconds}: 5 s, longer than one breath, so
   * that a short still moment between movements (a reach held for a few seconds) does not
   * give the bias estimator part of a breathing cycle as the gyro's bias. With the
   * filter's own 1.5 s a fast reach left the flexion about 1° off for minutes.
   */
  public static final InclinationFilter.Settings POSTURE_FILTER =
      InclinationFilter.Settings.DEFAULTS.withRestMinSeconds(5.0);

  public static final PipelineSettings DEFAULTS = new PipelineSettings(POSTURE_FILTER,
      ActivityClassifier.Settings.DEFAULTS, SlumpTracker.Settings.DEFAULTS,
      SittingTracker.Settings.DEFAULTS, AlertEngine.Settings.DEFAULTS, 0.25, 5.0,
      SlipDetector.Settings.DEFAULTS);
}
