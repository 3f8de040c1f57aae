package dev.slumpwatch.pipeline;

import dev.slumpwatch.alert.AlertEngine;
import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import dev.slumpwatch.orientation.InclinationFilter;
import dev.slumpwatch.orientation.InclinationSmoother;
import dev.slumpwatch.posture.ActivityClassifier;
import dev.slumpwatch.posture.BendPivot;
import dev.slumpwatch.posture.GuidedCalibration;
import dev.slumpwatch.posture.NeutralTracker;
import dev.slumpwatch.posture.ProfileFitCheck;
import dev.slumpwatch.posture.SlipDetector;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;
import java.util.List;

/**
 * Every stage's settings as the pipeline runs them, read from one set of values: each stage
 * takes its own keys. Built by name: {@code PipelineSettings.DEFAULTS.with(
 * SlumpTracker.Settings.THRESHOLD_DEG, 20.0)}.
 */
public final class PipelineSettings extends StageSettings<PipelineSettings> {
  public static final Setting.Number GAP_SECONDS = Setting.number(
      "pipeline.gapSeconds", "s", 0.25, 0.02, 10,
      "a jump in device time longer than this is a gap (unknown)");
  public static final Setting.Number FILTER_RESET_SECONDS = Setting.number(
      "pipeline.filterResetSeconds", "s", 5, 0.1, 3600,
      "after a gap this long the filter restarts from gravity");

  /** The pipeline's own keys (the stages' are in their {@code Settings}). */
  public static final List<Setting<?>> KEYS = List.of(GAP_SECONDS, FILTER_RESET_SECONDS);

  private static final List<Setting<?>> ALL_KEYS = concat(InclinationFilter.Settings.KEYS,
      InclinationSmoother.Settings.KEYS, GuidedCalibration.Settings.KEYS, ProfileFitCheck.Settings.KEYS,
      ActivityClassifier.Settings.KEYS, SlipDetector.Settings.KEYS, BendPivot.Settings.KEYS,
      NeutralTracker.Settings.KEYS, SlumpTracker.Settings.KEYS,
      SittingTracker.Settings.KEYS, AlertEngine.Settings.KEYS, KEYS);

  public static final PipelineSettings DEFAULTS = new PipelineSettings(SettingValues.DEFAULTS);

  private final InclinationFilter.Settings filter;
  private final InclinationSmoother.Settings smoother;
  private final GuidedCalibration.Settings calibration;
  private final ProfileFitCheck.Settings profileFit;
  private final ActivityClassifier.Settings activity;
  private final SlipDetector.Settings slip;
  private final BendPivot.Settings bend;
  private final NeutralTracker.Settings neutral;
  private final SlumpTracker.Settings slump;
  private final SittingTracker.Settings sitting;
  private final AlertEngine.Settings alerts;

  public PipelineSettings(SettingValues values) {
    super(values, allKeys());
    this.filter = new InclinationFilter.Settings(values);
    this.smoother = new InclinationSmoother.Settings(values);
    this.calibration = new GuidedCalibration.Settings(values);
    this.profileFit = new ProfileFitCheck.Settings(values);
    this.activity = new ActivityClassifier.Settings(values);
    this.slip = new SlipDetector.Settings(values);
    this.bend = new BendPivot.Settings(values);
    this.neutral = new NeutralTracker.Settings(values);
    this.slump = new SlumpTracker.Settings(values);
    this.sitting = new SittingTracker.Settings(values);
    this.alerts = new AlertEngine.Settings(values);
  }

  /** Every key the pipeline's stages read, in the order the user guide lists them. */
  public static List<Setting<?>> allKeys() {
    return ALL_KEYS;
  }

  @SafeVarargs
  private static List<Setting<?>> concat(List<Setting<?>>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }

  @Override
  protected PipelineSettings make(SettingValues values) {
    return new PipelineSettings(values);
  }

  public InclinationFilter.Settings filter() {
    return filter;
  }

  /** The fixed-lag smoother the posture path runs on (lag 0: the causal filter). */
  public InclinationSmoother.Settings smoother() {
    return smoother;
  }

  public GuidedCalibration.Settings calibration() {
    return calibration;
  }

  public ProfileFitCheck.Settings profileFit() {
    return profileFit;
  }

  public ActivityClassifier.Settings activity() {
    return activity;
  }

  public SlipDetector.Settings slip() {
    return slip;
  }

  /** One sensor: where each quick forward bend turns (a hip hinge is not a slump). */
  public BendPivot.Settings bend() {
    return bend;
  }

  /** The neutral that follows a slowly shifting clip. */
  public NeutralTracker.Settings neutral() {
    return neutral;
  }

  public SlumpTracker.Settings slump() {
    return slump;
  }

  public SittingTracker.Settings sitting() {
    return sitting;
  }

  public AlertEngine.Settings alerts() {
    return alerts;
  }

  public double gapSeconds() {
    return get(GAP_SECONDS);
  }

  public double filterResetSeconds() {
    return get(FILTER_RESET_SECONDS);
  }
}
