package dev.slumpwatch.settings;

import dev.slumpwatch.alert.AlertEngine;
import dev.slumpwatch.alert.Notifiers;
import dev.slumpwatch.orientation.InclinationFilter;
import dev.slumpwatch.orientation.InclinationSmoother;
import dev.slumpwatch.pipeline.Pipeline;
import dev.slumpwatch.posture.ActivityClassifier;
import dev.slumpwatch.posture.SlipDetector;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings in force: every key's checked value and where it came from (the default, or
 * a file and line), turned into the stages' {@code Settings} records. Immutable.
 */
public final class EffectiveSettings {
  private final Map<String, String> values;
  private final Map<String, String> origins;
  private final Pipeline.Settings pipeline;
  private final Notifiers.Settings notify;

  /**
   * @param given checked values by key (normal form), each with its origin
   * @param file the file they came from, for messages; null for defaults only
   * @throws SettingsException when the values do not fit together
   */
  EffectiveSettings(Map<String, String[]> given, Path file) throws SettingsException {
    Map<String, String> v = new LinkedHashMap<>();
    Map<String, String> o = new LinkedHashMap<>();
    for (SettingKey k : SettingKeys.ALL) {
      String[] g = given.get(k.name());
      v.put(k.name(), g == null ? k.defaultValue() : g[0]);
      o.put(k.name(), g == null ? "default" : g[1]);
    }
    this.values = Map.copyOf(v);
    this.origins = o;
    try {
      this.pipeline = buildPipeline();
      this.notify = new Notifiers.Settings(list("notify.channels"),
          integer("notify.vibrationPin"));
    } catch (IllegalArgumentException e) {
      throw new SettingsException((file == null ? "settings" : file.toString())
          + ": the values do not fit together: " + e.getMessage());
    }
  }

  /** Every key at its default. */
  public static EffectiveSettings defaults() {
    try {
      return new EffectiveSettings(Map.of(), null);
    } catch (SettingsException e) {
      throw new AssertionError("the defaults do not fit together", e);
    }
  }

  private Pipeline.Settings buildPipeline() {
    InclinationFilter.Settings filter = new InclinationFilter.Settings(
        num("filter.accelTimeConstantSeconds"), bool("filter.restBiasEstimation"),
        bool("filter.motionBiasEstimation"), num("filter.biasSigmaInitDegPerSec"),
        num("filter.biasForgettingTimeSeconds"), num("filter.biasClipDegPerSec"),
        num("filter.biasSigmaMotionDegPerSec"), num("filter.biasVerticalForgettingFactor"),
        num("filter.biasSigmaRestDegPerSec"), num("filter.restMinSeconds"),
        num("filter.restFilterTauSeconds"), num("filter.restGyroThresholdDegPerSec"),
        num("filter.restAccelThreshold"));
    ActivityClassifier.Settings activity = new ActivityClassifier.Settings(
        num("activity.walkingAccelStdG"), num("activity.fidgetGyroStdDps"),
        num("activity.notWornGyroStdDps"), num("activity.notWornSeconds"),
        num("activity.uprightHoldSeconds"), num("activity.notWornTiltDeg"),
        num("activity.notWornTiltSeconds"), bool("activity.sitStandTransitions"),
        num("activity.transitionHeightM"));
    SlipDetector.Settings slip = new SlipDetector.Settings(num("slip.stillDps"),
        num("slip.stillBeforeSeconds"), num("slip.maxTransitionSeconds"),
        num("slip.minPeakDps"), num("slip.maxLinearG"), num("slip.stillAfterSeconds"),
        num("slip.minTurnDeg"));
    SlumpTracker.Settings slump = new SlumpTracker.Settings(num("slump.thresholdDeg"),
        num("slump.onsetDelaySeconds"), num("slump.hysteresisDeg"),
        num("slump.recoveryHoldSeconds"));
    SittingTracker.Settings sitting = new SittingTracker.Settings(
        num("sitting.walkBreakSeconds"), num("sitting.reliefExtensionDeg"),
        num("sitting.reliefHoldSeconds"));
    AlertEngine.Settings alerts = new AlertEngine.Settings(num("alerts.nudgeAfterSeconds"),
        num("alerts.nudgeRepeatSeconds"), num("alerts.nudgeBackoff"),
        integer("alerts.nudgeMaxPerHour"), num("alerts.deskBreakMinutes"),
        num("alerts.breakResponseSeconds"), num("alerts.breakSnoozeMinutes"),
        num("alerts.extensionDoseDegMinutes"), num("alerts.extensionWindowMinutes"),
        num("alerts.extensionMinGapMinutes"), integer("alerts.extensionReps"),
        num("alerts.extensionRepDeg"), num("alerts.extensionResponseSeconds"),
        num("alerts.twistRateDps"), num("alerts.twistMergeSeconds"),
        integer("alerts.twistWarnPerDay"), integer("alerts.maxAlertsPerHour"),
        time("alerts.quietStart"), time("alerts.quietEnd"));
    InclinationSmoother.Settings smoother = new InclinationSmoother.Settings(
        num("smoother.lagSeconds"), num("smoother.accelTimeConstantSeconds"),
        num("smoother.pastWeight"));
    return new Pipeline.Settings(filter, activity, slump, sitting, alerts,
        num("pipeline.gapSeconds"), num("pipeline.filterResetSeconds"), slip, smoother);
  }

  private String raw(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalStateException("no setting " + key + " in SettingKeys");
    }
    return v;
  }

  private double num(String key) {
    return Double.parseDouble(raw(key));
  }

  private int integer(String key) {
    return Integer.parseInt(raw(key));
  }

  private boolean bool(String key) {
    return Boolean.parseBoolean(raw(key));
  }

  private LocalTime time(String key) {
    return LocalTime.parse(raw(key));
  }

  private List<String> list(String key) {
    String v = raw(key);
    return v.isEmpty() ? List.of() : Arrays.asList(v.split(","));
  }

  public Pipeline.Settings pipeline() {
    return pipeline;
  }

  public Notifiers.Settings notifiers() {
    return notify;
  }

  /** The value of a key as it would be written in the file. */
  public String value(String key) {
    return raw(key);
  }

  /** "default", or "FILE:LINE" where the value was set. */
  public String origin(String key) {
    return origins.get(key);
  }

  /** Every key with its value and origin, as {@code slumpwatch settings} prints it. */
  public String format() {
    StringBuilder b = new StringBuilder();
    for (SettingKey k : SettingKeys.ALL) {
      String v = values.get(k.name());
      b.append(k.name()).append(" = ").append(v);
      String unit = k.unit().equals("—") || k.unit().equals("HH:MM") ? "" : " " + k.unit();
      b.append("   # ").append(unit.isEmpty() ? "" : unit.strip() + "; ")
          .append(origins.get(k.name()).equals("default") ? "default"
              : "from " + origins.get(k.name()) + " (default " + k.defaultValue() + ")")
          .append('\n');
    }
    return b.toString();
  }
}
