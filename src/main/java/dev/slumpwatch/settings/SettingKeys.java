package dev.slumpwatch.settings;

import static dev.slumpwatch.settings.SettingKey.bool;
import static dev.slumpwatch.settings.SettingKey.integer;
import static dev.slumpwatch.settings.SettingKey.list;
import static dev.slumpwatch.settings.SettingKey.num;
import static dev.slumpwatch.settings.SettingKey.time;

import dev.slumpwatch.alert.AlertEngine;
import dev.slumpwatch.alert.Notifiers;
import dev.slumpwatch.orientation.InclinationFilter;
import dev.slumpwatch.orientation.InclinationSmoother;
import dev.slumpwatch.pipeline.Pipeline;
import dev.slumpwatch.posture.ActivityClassifier;
import dev.slumpwatch.posture.SlipDetector;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting slumpwatch reads from its settings file, one line per key: name, unit,
 * default (taken from the stage's own {@code DEFAULTS}), allowed range, meaning. The
 * README's settings table is generated from this list ({@code slumpwatch settings
 * --markdown}) and a test keeps the two equal. A new key needs its line here and its use in
 * {@link EffectiveSettings}.
 */
public final class SettingKeys {
  private SettingKeys() {
  }

  /** The filter as the posture pipeline runs it (rest needs 5 s, longer than a breath). */
  private static final InclinationFilter.Settings F = Pipeline.Settings.POSTURE_FILTER;
  private static final ActivityClassifier.Settings A = ActivityClassifier.Settings.DEFAULTS;
  private static final SlumpTracker.Settings S = SlumpTracker.Settings.DEFAULTS;
  private static final SittingTracker.Settings B = SittingTracker.Settings.DEFAULTS;
  private static final AlertEngine.Settings AL = AlertEngine.Settings.DEFAULTS;
  private static final Pipeline.Settings P = Pipeline.Settings.DEFAULTS;
  private static final Notifiers.Settings N = Notifiers.Settings.DEFAULTS;
  private static final SlipDetector.Settings SL = SlipDetector.Settings.DEFAULTS;
  private static final InclinationSmoother.Settings SM = P.smoother();

  public static final List<SettingKey> ALL = List.of(
      num("filter.accelTimeConstantSeconds", "s", F.accelTimeConstantSeconds(), 0, 1000, "τ of the accelerometer low-pass in the inertial frame (0: correct fully to every sample)"),
      bool("filter.restBiasEstimation", F.restBiasEstimation(), "estimate the gyro bias at rest"),
      bool("filter.motionBiasEstimation", F.motionBiasEstimation(), "estimate the horizontal gyro bias during motion"),
      num("filter.biasSigmaInitDegPerSec", "°/s", F.biasSigmaInitDegPerSec(), 0.000001, 100, "σ of the gyro bias at start"),
      num("filter.biasForgettingTimeSeconds", "s", F.biasForgettingTimeSeconds(), 0.001, 1e9, "time for the bias uncertainty to grow back by 0.1 °/s"),
      num("filter.biasClipDegPerSec", "°/s", F.biasClipDegPerSec(), 0, 1000, "bound on the bias estimate (0: no bias correction)"),
      num("filter.biasSigmaMotionDegPerSec", "°/s", F.biasSigmaMotionDegPerSec(), 0.000001, 100, "σ of the motion bias measurement"),
      num("filter.biasVerticalForgettingFactor", "—", F.biasVerticalForgettingFactor(), 1e-12, 1, "pull of the unobservable vertical bias towards 0"),
      num("filter.biasSigmaRestDegPerSec", "°/s", F.biasSigmaRestDegPerSec(), 0.000001, 100, "σ of the rest bias measurement"),
      num("filter.restMinSeconds", "s", F.restMinSeconds(), 0, 1e6, "steadiness needed before \"at rest\" (5 s, longer than one breath: the filter's own 1.5 s, used for BROAD, left the flexion ~1° off after a fast reach)"),
      num("filter.restFilterTauSeconds", "s", F.restFilterTauSeconds(), 0, 1000, "τ of the rest detector's low-pass"),
      num("filter.restGyroThresholdDegPerSec", "°/s", F.restGyroThresholdDegPerSec(), 0, 1000, "largest gyro deviation at rest"),
      num("filter.restAccelThreshold", "m/s²", F.restAccelThreshold(), 0, 100, "largest accelerometer deviation at rest"),
      num("smoother.lagSeconds", "s", SM.lagSeconds(), 0, InclinationSmoother.Settings.MAX_LAG_SECONDS, "how far the posture path's inclination looks ahead (fixed-lag smoother): flexion, episodes, alerts and the store see each sample this much later, dated by its own time; 0 = the causal filter's estimate, no delay"),
      num("smoother.accelTimeConstantSeconds", "s", SM.accelTimeConstantSeconds(), 0, 1000, "τ of the smoother's accelerometer low-pass in the inertial frame"),
      num("smoother.pastWeight", "—", SM.pastWeight(), 0, 1, "weight of the low-pass at the sample itself against the one a lag later; 0 = the later only"),
      num("activity.walkingAccelStdG", "g", A.walkingAccelStdG(), 0.01, 2, "accelerometer-magnitude spread above which a second counts as walking"),
      num("activity.fidgetGyroStdDps", "°/s", A.fidgetGyroStdDps(), 0.1, 100, "gyroscope spread above which seated counts as fidgeting"),
      num("activity.notWornGyroStdDps", "°/s", A.notWornGyroStdDps(), 0, 10, "below this (no breathing) the sensor is not on a body"),
      num("activity.notWornSeconds", "s", A.notWornSeconds(), 1, 3600, "how long without breathing before \"not worn\""),
      num("activity.uprightHoldSeconds", "s", A.uprightHoldSeconds(), 0, 600, "still counted as standing this long after walking"),
      num("activity.notWornTiltDeg", "°", A.notWornTiltDeg(), 10, 180, "a still sensor without breathing tilted this far from the calibrated neutral is lying somewhere, not worn"),
      num("activity.notWornTiltSeconds", "s", A.notWornTiltSeconds(), 0, 600, "how long it must lie so; 0 = at once"),
      bool("activity.sitStandTransitions", A.sitStandTransitions(), "track sit-to-stand and stand-to-sit transitions from the vertical acceleration (off by default: see \"Posture model\")"),
      num("activity.transitionHeightM", "m", A.transitionHeightM(), 0.05, 1, "height change that counts as standing up or sitting down"),
      num("slip.stillDps", "°/s", SL.stillDps(), 0.1, 1000, "largest bias-corrected rotation rate counted as still (breathing and typing stay under it)"),
      num("slip.stillBeforeSeconds", "s", SL.stillBeforeSeconds(), 0, 60, "stillness before a turn that may be a slipped clip"),
      num("slip.maxTransitionSeconds", "s", SL.maxTransitionSeconds(), 0.01, 10, "longest turn that may be a slip"),
      num("slip.minPeakDps", "°/s", SL.minPeakDps(), 0.1, 10000, "the turn's rate must peak above this (and above slip.stillDps)"),
      num("slip.maxLinearG", "g", SL.maxLinearG(), 0.001, 10, "largest departure of the accelerometer from gravity during the turn"),
      num("slip.stillAfterSeconds", "s", SL.stillAfterSeconds(), 0, 60, "stillness after the turn"),
      num("slip.minTurnDeg", "°", SL.minTurnDeg(), 0.1, 180, "smallest net turn that counts as a slip"),
      num("slump.thresholdDeg", "°", S.thresholdDeg(), 1, 60, "flexion beyond neutral that counts as slumped"),
      num("slump.onsetDelaySeconds", "s", S.onsetDelaySeconds(), 0, 600, "how long beyond the threshold before it is an episode; 0 = at once"),
      num("slump.hysteresisDeg", "°", S.hysteresisDeg(), 0, 20, "recover only below threshold − hysteresis"),
      num("slump.recoveryHoldSeconds", "s", S.recoveryHoldSeconds(), 0, 60, "how long the recovery must hold"),
      num("sitting.walkBreakSeconds", "s", B.walkBreakSeconds(), 5, 600, "time up and about that counts as a break"),
      num("sitting.reliefExtensionDeg", "°", B.reliefExtensionDeg(), 1, 30, "extension past neutral that counts as Bruegger's relief position"),
      num("sitting.reliefHoldSeconds", "s", B.reliefHoldSeconds(), 5, 120, "how long the relief position must be held"),
      num("alerts.nudgeAfterSeconds", "s", AL.nudgeAfterSeconds(), 0, 3600, "slump nudge this long after the slump began; 0 = at once"),
      num("alerts.nudgeRepeatSeconds", "s", AL.nudgeRepeatSeconds(), 10, 3600, "first repeat while still slumped"),
      num("alerts.nudgeBackoff", "factor", AL.nudgeBackoff(), 1, 10, "each repeat interval is this much longer"),
      integer("alerts.nudgeMaxPerHour", "count", AL.nudgeMaxPerHour(), 0, 60, "cap on nudges in any hour; 0 = no nudges"),
      num("alerts.deskBreakMinutes", "min", AL.deskBreakMinutes(), 5, 240, "continuous sitting before the desk-break prompt"),
      num("alerts.breakResponseSeconds", "s", AL.breakResponseSeconds(), 10, 900, "a break begun within this counts as taken"),
      num("alerts.breakSnoozeMinutes", "min", AL.breakSnoozeMinutes(), 1, 240, "a missed or held-back desk break comes again after this"),
      num("alerts.extensionDoseDegMinutes", "°·min", AL.extensionDoseDegMinutes(), 1, 1000, "slump dose (flexion beyond the threshold × time) in the window that prompts extensions"),
      num("alerts.extensionWindowMinutes", "min", AL.extensionWindowMinutes(), 5, 240, "the rolling window of the slump dose"),
      num("alerts.extensionMinGapMinutes", "min", AL.extensionMinGapMinutes(), 0, 480, "extension prompts at least this far apart"),
      integer("alerts.extensionReps", "count", AL.extensionReps(), 1, 30, "repetitions asked for; fewer is partial, none missed"),
      num("alerts.extensionRepDeg", "°", AL.extensionRepDeg(), 5, 40, "extension past neutral that counts as a repetition"),
      num("alerts.extensionResponseSeconds", "s", AL.extensionResponseSeconds(), 30, 900, "how long repetitions are counted after the prompt"),
      num("alerts.twistRateDps", "°/s", AL.twistRateDps(), 60, 1000, "trunk rotation rate that counts as a forceful (self-cracking) twist while seated"),
      num("alerts.twistMergeSeconds", "s", AL.twistMergeSeconds(), 0, 60, "twists this close together are one self-manipulation"),
      integer("alerts.twistWarnPerDay", "count", AL.twistWarnPerDay(), 1, 100, "warn when a day's self-manipulations pass this"),
      integer("alerts.maxAlertsPerHour", "count", AL.maxAlertsPerHour(), 1, 120, "global cap on alerts shown in any hour"),
      time("alerts.quietStart", AL.quietStart(), "quiet hours start (local time); equal to quietEnd for none"),
      time("alerts.quietEnd", AL.quietEnd(), "quiet hours end (may be after midnight)"),
      num("pipeline.gapSeconds", "s", P.gapSeconds(), 0.02, 10, "a jump in device time longer than this is a gap (unknown)"),
      num("pipeline.filterResetSeconds", "s", P.filterResetSeconds(), 0.1, 3600, "after a gap this long the filter restarts from gravity"),
      list("notify.channels", String.join(",", N.channels()), Notifiers.CHANNELS, "where alerts go besides the console log"),
      integer("notify.vibrationPin", "BCM", N.vibrationPin(), 2, 27, "Raspberry Pi GPIO pin (BCM number) driving the vibration motor or buzzer"));

  private static final Map<String, SettingKey> BY_NAME = new LinkedHashMap<>();

  static {
    for (SettingKey k : ALL) {
      if (BY_NAME.put(k.name(), k) != null) {
        throw new ExceptionInInitializerError("setting " + k.name() + " listed twice");
      }
    }
  }

  /** The key of that name, or null. */
  public static SettingKey find(String name) {
    return BY_NAME.get(name);
  }

  /** The README's settings table. */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder("| key | unit | default | range | meaning |\n"
        + "|---|---|---|---|---|\n");
    for (SettingKey k : ALL) {
      b.append("| `").append(k.name()).append("` | ").append(k.unit()).append(" | ")
          .append(k.defaultValue().isEmpty() ? "(none)" : k.defaultValue()).append(" | ")
          .append(k.range()).append(" | ").append(k.meaning()).append(" |\n");
    }
    return b.toString();
  }
}
