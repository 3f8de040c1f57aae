package dev.slumpwatch.pipeline;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertEngine;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.orientation.InclinationFilter;
import dev.slumpwatch.orientation.InclinationSmoother;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.ActivityClassifier;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureCalibrator;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.posture.SlipDetector;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;

/**
 * The processing chain, one sample at a time, on one thread:
 * sensor scale → inclination filter → posture (calibration, flexion) → activity →
 * slump tracker → sitting bouts → alert engine, with per-second aggregates for the store.
 *
 * <p>Plain object, no threads: {@link Monitor} owns the threads and feeds it; tests and
 * benchmarks call {@link #accept} directly. Time is the samples' device time only.
 *
 * <p>Unknown is never good posture: until the filter has converged and the posture is
 * calibrated, and across gaps, flexion is NaN, the activity {@link Activity#UNKNOWN}, and
 * the trackers treat it as "no information". Flexion is also unknown while the sensor is
 * not worn, after a slipped clip until calibrated again, and, with a lower-back sensor in
 * the calibration, when that sensor's data stops.
 *
 * <p>Samples of sensor index 1 (the optional lower-back sensor) update that sensor's own
 * filter (and calibration) only; the next upper-back sample combines both into thoracic
 * flexion. See docs/architecture.md, "The posture model".
 *
 * <p>The posture path (calibration, flexion, activity, trackers, alerts, per-second rows)
 * runs on the {@link InclinationSmoother}'s output: each sample reaches it
 * {@link InclinationSmoother.Settings#lagSeconds} later, with its inclination smoothed by
 * the samples that followed, and everything it produces is dated by that sample's own
 * device time. At a gap and at the end the samples still waiting are run through first,
 * with the lookahead there is. The causal filter's estimate of the newest sample stays
 * available for a live display ({@link #liveFlexionDeg()}).
 */
public final class Pipeline implements AlertEngine.AlertListener {

  /**
   * @param gapSeconds a jump in device time longer than this is a gap (data missing)
   * @param filterResetSeconds after a gap this long the filter starts afresh from gravity
   * @param smoother the fixed-lag smoother the posture path runs on (lag 0: the causal
   *     filter's estimate, no delay)
   */
  public record Settings(InclinationFilter.Settings filter, ActivityClassifier.Settings activity,
      SlumpTracker.Settings slump, SittingTracker.Settings sitting,
      AlertEngine.Settings alerts, double gapSeconds, double filterResetSeconds,
      SlipDetector.Settings slip, InclinationSmoother.Settings smoother) {
    /**
     * The filter's defaults except {@code restMinSeconds}: 5 s, longer than one breath, so
     * that a short still moment between movements (a reach held for a few seconds) does not
     * give the bias estimator part of a breathing cycle as the gyro's bias. With the
     * filter's own 1.5 s a fast reach left the flexion about 1° off for minutes.
     */
    public static final InclinationFilter.Settings POSTURE_FILTER =
        InclinationFilter.Settings.DEFAULTS.withRestMinSeconds(5.0);

    public static final Settings DEFAULTS = new Settings(POSTURE_FILTER,
        ActivityClassifier.Settings.DEFAULTS, SlumpTracker.Settings.DEFAULTS,
        SittingTracker.Settings.DEFAULTS, AlertEngine.Settings.DEFAULTS, 0.25, 5.0,
        SlipDetector.Settings.DEFAULTS, InclinationSmoother.Settings.DEFAULTS);

    /** Without smoother settings: its defaults. */
    public Settings(InclinationFilter.Settings filter, ActivityClassifier.Settings activity,
        SlumpTracker.Settings slump, SittingTracker.Settings sitting,
        AlertEngine.Settings alerts, double gapSeconds, double filterResetSeconds,
        SlipDetector.Settings slip) {
      this(filter, activity, slump, sitting, alerts, gapSeconds, filterResetSeconds, slip,
          InclinationSmoother.Settings.DEFAULTS);
    }

    /** The same settings with another smoother (lag 0: none). */
    public Settings withSmoother(InclinationSmoother.Settings smoother) {
      return new Settings(filter, activity, slump, sitting, alerts, gapSeconds,
          filterResetSeconds, slip, smoother);
    }

    /** Without slip-detector settings: its defaults. */
    public Settings(InclinationFilter.Settings filter, ActivityClassifier.Settings activity,
        SlumpTracker.Settings slump, SittingTracker.Settings sitting,
        AlertEngine.Settings alerts, double gapSeconds, double filterResetSeconds) {
      this(filter, activity, slump, sitting, alerts, gapSeconds, filterResetSeconds,
          SlipDetector.Settings.DEFAULTS);
    }
  }

  private static final double RAD_TO_DEG = 180 / Math.PI;

  private final Settings settings;
  private final PipelineListener listener;
  private final InclinationFilter filter;
  /** The posture path's inclination: the filter's, smoothed with a fixed lag. */
  private final InclinationSmoother smoother;
  private final ActivityClassifier activity;
  private final SlumpTracker slump;
  private final SittingTracker sitting;
  private final AlertEngine alerts;
  private final SlipDetector slipDetector;
  /** The guided calibration's windows from its start, to run it again after a slip. */
  private final PostureCalibrator.Plan guidedPlan;
  private PostureCalibrator calibrator;
  private final long gapMicros;
  private final long filterResetMicros;
  private PostureCalibration calibration;
  /** Optional lower-back sensor (index 1): its own filter and calibration. */
  private final InclinationFilter lowerFilter;
  private final InclinationSmoother lowerSmoother;
  private PostureCalibrator lowerCalibrator;
  private PostureCalibration lowerCalibration;
  private long lowerLastMicros = Long.MIN_VALUE;
  private long lowerSamples;
  private long slips;

  private boolean started;
  private long firstMicros;
  /** Device time at which the newest sample completes the next live second. */
  private long nextLiveMicros;
  private long lastMicros;
  private String pendingGapReason;
  private long samples;
  private long droppedOutOfOrder;
  private long gaps;
  private boolean finished;

  // the second being aggregated
  private long second = -1;
  private long secondStartMicros;
  private int secN;
  private int secKnown;
  private double secSum;
  private double secMin;
  private double secMax;
  // the second's mean up vector: lateral bend is computed once per second from it
  private double secUpX;
  private double secUpY;
  private double secUpZ;
  /** The calibration the second's known samples were measured with. */
  private PostureCalibration secCalibration;

  private Activity lastActivity = Activity.UNKNOWN;
  private double flexionDeg = Double.NaN;
  private double accelGPerCount;
  private double gyroRadPerCount;

  /**
   * @param calibration a stored posture calibration, or null to learn one with {@code plan}
   * @param plan when to learn the calibration (session seconds), or null
   */
  public Pipeline(Settings settings, SensorScale scale, PostureCalibration calibration,
      PostureCalibrator.Plan plan, PipelineListener listener) {
    this(settings, scale, calibration, null, plan, listener, AlertEngine.Context.none());
  }

  /**
   * @param alertContext the session's wall-clock anchor and the wearer's controls (snooze,
   *     pain pause), for the alert engine
   */
  public Pipeline(Settings settings, SensorScale scale, PostureCalibration calibration,
      PostureCalibrator.Plan plan, PipelineListener listener, AlertEngine.Context alertContext) {
    this(settings, scale, calibration, null, plan, listener, alertContext);
  }

  /** Two sensors' calibrations, no alert context. */
  public Pipeline(Settings settings, SensorScale scale, PostureCalibration calibration,
      PostureCalibration lowerCalibration, PostureCalibrator.Plan plan,
      PipelineListener listener) {
    this(settings, scale, calibration, lowerCalibration, plan, listener,
        AlertEngine.Context.none());
  }

  /**
   * @param calibration the upper-back sensor's stored calibration, or null to learn one
   *     with {@code plan}
   * @param lowerCalibration the lower-back sensor's (index 1), or null: with it, flexion is
   *     thoracic flexion, upper minus lower sagittal angle
   * @param plan when to learn the calibration (session seconds), or null; after a slipped
   *     clip the same windows run again from the next whole second
   * @param alertContext the session's wall-clock anchor and the wearer's controls
   */
  public Pipeline(Settings settings, SensorScale scale, PostureCalibration calibration,
      PostureCalibration lowerCalibration, PostureCalibrator.Plan plan,
      PipelineListener listener, AlertEngine.Context alertContext) {
    this.settings = settings;
    setScale(scale);
    this.calibration = calibration;
    this.lowerCalibration = calibration == null ? null : lowerCalibration;
    this.guidedPlan = plan;
    this.calibrator = calibration == null && plan != null ? new PostureCalibrator(plan) : null;
    this.listener = listener;
    this.filter = new InclinationFilter(settings.filter());
    this.lowerFilter = new InclinationFilter(settings.filter());
    this.smoother = new InclinationSmoother(settings.smoother());
    this.lowerSmoother = new InclinationSmoother(settings.smoother());
    this.slipDetector = new SlipDetector(settings.slip());
    this.activity = new ActivityClassifier(settings.activity());
    this.slump = new SlumpTracker(settings.slump());
    this.sitting = new SittingTracker(settings.sitting());
    this.alerts = new AlertEngine(settings.alerts(), alertContext, this);
    this.gapMicros = (long) (settings.gapSeconds() * 1e6);
    this.filterResetMicros = (long) (settings.filterResetSeconds() * 1e6);
  }

  private void setScale(SensorScale newScale) {
    accelGPerCount = 1.0 / newScale.accelLsbPerG();
    gyroRadPerCount = Math.toRadians(1.0 / newScale.gyroLsbPerDegPerSec());
  }

  /** Feeds one event from a source. */
  public void accept(SourceEvent event) {
    if (event instanceof SourceEvent.Samples s) {
      for (ImuSample sample : s.samples()) {
        process(sample);
      }
    } else if (event instanceof SourceEvent.Gap g) {
      pendingGapReason = g.reason();
      drain(); // nothing follows these samples before the gap: no need to wait for it
    } else if (event instanceof SourceEvent.DeviceInfo info) {
      setScale(info.scale());
      listener.deviceInfo(info);
    } else if (event instanceof SourceEvent.End end) {
      finish(end.reason());
    }
  }

  /** The hot path: one sample through every stage. */
  public void process(ImuSample s) {
    if (s.sensorIndex() != 0) {
      if (s.sensorIndex() == 1 && started) {
        processLower(s);
      }
      return;
    }
    long t = s.deviceTimeMicros();
    double dt;
    if (!started) {
      started = true;
      firstMicros = t;
      lastMicros = t;
      dt = 0;
      pendingGapReason = null; // nothing before the first sample to be a gap from
      nextLiveMicros = t + 1_000_000L;
      listener.sessionStarted(t);
    } else {
      long step = t - lastMicros;
      if (step <= 0) {
        droppedOutOfOrder++;
        return;
      }
      // a gap the source announced (a disconnection) is one even when short
      if (step > gapMicros || pendingGapReason != null) {
        gap(lastMicros, t);
      }
      dt = step / 1e6;
      lastMicros = t;
    }
    samples++;

    double ax = s.accelX() * accelGPerCount;
    double ay = s.accelY() * accelGPerCount;
    double az = s.accelZ() * accelGPerCount;
    double gx = s.gyroX() * gyroRadPerCount;
    double gy = s.gyroY() * gyroRadPerCount;
    double gz = s.gyroZ() * gyroRadPerCount;
    filter.update(ax * SensorScale.STANDARD_GRAVITY, ay * SensorScale.STANDARD_GRAVITY,
        az * SensorScale.STANDARD_GRAVITY, gx, gy, gz, dt);
    if (t >= nextLiveMicros) {
      long sec = (t - firstMicros) / 1_000_000L;
      nextLiveMicros = firstMicros + (sec + 1) * 1_000_000L;
      listener.liveSecond(sec - 1, liveFlexionDeg());
    }
    smoother.update(t, ax, ay, az, gx, gy, gz, dt, filter);
    while (smoother.ready()) {
      smoother.release();
      posture();
    }
  }

  /**
   * The posture path for the sample the smoother has just released: everything after the
   * filter, dated by that sample's device time.
   */
  private void posture() {
    InclinationSmoother sm = smoother;
    long t = sm.deviceMicros();
    double dt = sm.dtSeconds();
    double ax = sm.accelX();
    double ay = sm.accelY();
    double az = sm.accelZ();
    double sessionSeconds = (t - firstMicros) / 1e6;
    boolean converged = sm.converged();
    double accelNorm = Math.sqrt(ax * ax + ay * ay + az * az);
    // calibration averages the accelerometer itself: while the wearer holds still it is the
    // vertical, free of whatever gyroscope bias the filter has not yet absorbed
    if (calibrator != null && accelNorm > 0
        && calibrator.update(sessionSeconds, ax / accelNorm, ay / accelNorm, az / accelNorm)) {
      calibrationStepDone();
    }
    double ux = sm.upX();
    double uy = sm.upY();
    double uz = sm.upZ();
    double wx = sm.rateX();
    double wy = sm.rateY();
    double wz = sm.rateZ();
    PostureCalibration cal = calibration;
    if (cal != null && converged
        && slipDetector.update(t, wx, wy, wz, ax, ay, az, ux, uy, uz, dt)) {
      slipped(t);
      cal = null;
    }

    activity.update(t, accelNorm, converged ? ax * ux + ay * uy + az * uz : Double.NaN,
        wx * RAD_TO_DEG, wy * RAD_TO_DEG, wz * RAD_TO_DEG,
        cal == null ? Double.NaN : ux * cal.upX() + uy * cal.upY() + uz * cal.upZ());
    Activity act = activity.activity();

    if (cal != null && converged && act != Activity.NOT_WORN) {
      double upper = cal.flexionDeg(ux, uy, uz);
      if (lowerCalibration == null) {
        flexionDeg = upper;
      } else if (t - lowerLastMicros <= gapMicros && lowerSmoother.converged()) {
        // the lower sensor's sample released last: as far behind its newest as this one is
        flexionDeg = upper - lowerCalibration.flexionDeg(lowerSmoother.upX(),
            lowerSmoother.upY(), lowerSmoother.upZ());
      } else {
        flexionDeg = Double.NaN; // a two-sensor profile without the lower sensor's data
      }
      secUpX += ux;
      secUpY += uy;
      secUpZ += uz;
      secCalibration = cal;
    } else {
      flexionDeg = Double.NaN;
    }

    if (slump.update(t, flexionDeg, act) == SlumpTracker.Event.ENDED) {
      listener.episode(slump.lastEpisode());
    }
    SittingTracker.Break completed = sitting.update(t, act, flexionDeg);
    if (completed != null) {
      listener.breakTaken(completed);
    }
    alerts.update(t, flexionDeg, act, wx * wx + wy * wy + wz * wz, slump, sitting, completed);
    aggregate(t, act);
  }

  /** The lower-back sensor: its own filter (and calibration), nothing else per sample. */
  private void processLower(ImuSample s) {
    long t = s.deviceTimeMicros();
    double dt = 0;
    if (lowerLastMicros == Long.MIN_VALUE) { // the lower sensor's first sample
      if (calibrator != null && !calibrator.done()) {
        lowerCalibrator = lowerCalibrator(calibrator.plan());
      }
    } else {
      long step = t - lowerLastMicros;
      if (step <= 0) {
        return;
      }
      if (step > filterResetMicros) {
        lowerFilter.reset();
        while (lowerSmoother.pending()) {
          lowerSmoother.release();
        }
        lowerSmoother.reset();
      } else {
        dt = step / 1e6;
      }
    }
    lowerLastMicros = t;
    lowerSamples++;
    double ax = s.accelX() * accelGPerCount;
    double ay = s.accelY() * accelGPerCount;
    double az = s.accelZ() * accelGPerCount;
    double gx = s.gyroX() * gyroRadPerCount;
    double gy = s.gyroY() * gyroRadPerCount;
    double gz = s.gyroZ() * gyroRadPerCount;
    lowerFilter.update(ax * SensorScale.STANDARD_GRAVITY, ay * SensorScale.STANDARD_GRAVITY,
        az * SensorScale.STANDARD_GRAVITY, gx, gy, gz, dt);
    lowerSmoother.update(t, ax, ay, az, gx, gy, gz, dt, lowerFilter);
    while (lowerSmoother.ready()) {
      lowerSmoother.release();
    }
    double norm = Math.sqrt(ax * ax + ay * ay + az * az);
    if (lowerCalibrator != null && norm > 0 && lowerCalibrator.update(
        (t - firstMicros) / 1e6, ax / norm, ay / norm, az / norm)) {
      calibrationStepDone();
    }
  }


  /** A calibrator finished: once every running one has, install or report. */
  private void calibrationStepDone() {
    if (calibrator == null || !calibrator.done()
        || (lowerCalibrator != null && !lowerCalibrator.done())) {
      return;
    }
    PostureCalibrator upper = calibrator;
    PostureCalibrator lower = lowerCalibrator;
    calibrator = null;
    lowerCalibrator = null;
    if (upper.result() == null) {
      listener.calibrationFailed(upper.failure());
      return;
    }
    if (lower != null && lower.result() == null) {
      // the upper sensor alone still measures: its inclination, hip lean included
      listener.calibrationFailed(lower.failure() + "; using the upper sensor alone");
    }
    calibration = upper.result();
    lowerCalibration = lower == null ? null : lower.result();
    slipDetector.reset();
    listener.calibrated(calibration, lowerCalibration);
  }

  /**
   * The clip slipped: the calibration no longer holds. Flexion is unknown from here (an
   * open episode closes at the last sample before); with a guided plan the calibration runs
   * again from the next whole second, else until the session ends.
   */
  private static PostureCalibrator lowerCalibrator(PostureCalibrator.Plan plan) {
    return new PostureCalibrator(plan, PostureCalibration.MIN_LOWER_BEND_DEG,
        "lower-back sensor");
  }

  private void slipped(long t) {
    slips++;
    calibration = null;
    lowerCalibration = null;
    listener.recalibrationNeeded(t, slipDetector.describeLast());
    if (guidedPlan != null) {
      double now = (t - firstMicros) / 1e6;
      double startAt = Math.ceil(now);
      calibrator = new PostureCalibrator(PostureCalibrator.shift(guidedPlan, startAt));
      lowerCalibrator = lowerLastMicros != Long.MIN_VALUE
          ? lowerCalibrator(calibrator.plan()) : null;
      listener.calibrationStarted(startAt);
    }
  }

  /** Runs every sample the smoother still holds through the posture path (gap, end). */
  private void drain() {
    while (smoother.pending()) {
      smoother.release();
      posture();
    }
  }

  private void gap(long from, long to) {
    drain();
    gaps++;
    flushSecond();
    String reason = pendingGapReason != null ? pendingGapReason : "samples missing";
    pendingGapReason = null;
    listener.gap(from, to, reason);
    if (slump.update(from, Double.NaN, Activity.UNKNOWN) == SlumpTracker.Event.ENDED) {
      listener.episode(slump.lastEpisode());
    }
    sitting.update(to, Activity.UNKNOWN, Double.NaN);
    activity.reset();
    if (to - from > filterResetMicros) {
      filter.reset();
      smoother.reset();
    }
  }

  private void aggregate(long t, Activity act) {
    long sec = (t - firstMicros) / 1_000_000L;
    if (sec != second) {
      flushSecond();
      second = sec;
      secondStartMicros = firstMicros + sec * 1_000_000L;
    }
    secN++;
    if (!Double.isNaN(flexionDeg)) {
      if (secKnown == 0) {
        secMin = flexionDeg;
        secMax = flexionDeg;
      } else {
        secMin = Math.min(secMin, flexionDeg);
        secMax = Math.max(secMax, flexionDeg);
      }
      secKnown++;
      secSum += flexionDeg;
    }
    lastActivity = act;
  }

  private void flushSecond() {
    if (secN == 0) {
      return;
    }
    boolean known = secKnown > 0;
    double lateral = known && secCalibration != null
        ? secCalibration.lateralDeg(secUpX, secUpY, secUpZ) : Double.NaN;
    listener.second(new PostureSecond(second, secondStartMicros,
        known ? secSum / secKnown : Double.NaN, known ? secMin : Double.NaN,
        known ? secMax : Double.NaN, lateral,
        // not worn has no flexion, but it is known what the sensor is doing
        known || lastActivity == Activity.NOT_WORN ? lastActivity : Activity.UNKNOWN,
        slump.slumped(), secN));
    secN = 0;
    secKnown = 0;
    secSum = 0;
    secUpX = 0;
    secUpY = 0;
    secUpZ = 0;
  }

  /** Ends the session: closes an open episode and flushes the last second. */
  public void finish(String reason) {
    if (finished) {
      return;
    }
    finished = true;
    drain();
    if (slump.finish() == SlumpTracker.Event.ENDED) {
      listener.episode(slump.lastEpisode());
    }
    flushSecond();
    listener.finished(reason);
  }

  @Override
  public void alert(Alert alert) {
    listener.alert(alert);
  }

  @Override
  public void outcome(Alert alert, AlertOutcome outcome) {
    listener.outcome(alert, outcome);
  }

  @Override
  public void acknowledged(Alert alert, Acknowledgement ack) {
    listener.acknowledged(alert, ack);
  }

  // ---- snapshots

  /**
   * Flexion of the sample the posture path processed last ({@link #postureMicros()}, the
   * smoother's lag behind the newest), degrees; NaN when unknown.
   */
  public double flexionDeg() {
    return flexionDeg;
  }

  /** Device time of the sample {@link #flexionDeg()}, {@link #lateralDeg()} and
   * {@link #activity()} describe. */
  public long postureMicros() {
    return smoother.deviceMicros();
  }

  /** Lateral bend of that sample, degrees, right positive; NaN when unknown. */
  public double lateralDeg() {
    return Double.isNaN(flexionDeg) ? Double.NaN
        : calibration.lateralDeg(smoother.upX(), smoother.upY(), smoother.upZ());
  }

  /**
   * Flexion of the newest sample from the causal filter, degrees, for a live display: no
   * lag, but neither smoothed nor checked against the activity (not worn, a slipped clip)
   * as the posture path's is. NaN until the filter has converged and the posture is
   * calibrated, and in two-sensor mode while the lower sensor's data is missing.
   */
  public double liveFlexionDeg() {
    PostureCalibration cal = calibration;
    if (cal == null || !filter.converged()) {
      return Double.NaN;
    }
    double upper = cal.flexionDeg(filter.upX(), filter.upY(), filter.upZ());
    if (lowerCalibration == null) {
      return upper;
    }
    return lastMicros - lowerLastMicros <= gapMicros && lowerFilter.converged()
        ? upper - lowerCalibration.flexionDeg(lowerFilter.upX(), lowerFilter.upY(),
        lowerFilter.upZ()) : Double.NaN;
  }

  /** The lower-back sensor's calibration, or null (one-sensor mode). */
  public PostureCalibration lowerCalibration() {
    return lowerCalibration;
  }

  /** Samples from the lower-back sensor (index 1). */
  public long lowerSamples() {
    return lowerSamples;
  }

  /** Slipped clips seen (each made the posture unknown until recalibrated). */
  public long slips() {
    return slips;
  }

  public Activity activity() {
    return activity.activity();
  }

  public PostureCalibration calibration() {
    return calibration;
  }

  public long samples() {
    return samples;
  }

  public long gaps() {
    return gaps;
  }

  /** Samples dropped because their device time did not move forward (duplicates). */
  public long droppedOutOfOrder() {
    return droppedOutOfOrder;
  }

  public long firstDeviceMicros() {
    return firstMicros;
  }

  public SlumpTracker slumpTracker() {
    return slump;
  }

  public SittingTracker sittingTracker() {
    return sitting;
  }

  public AlertEngine alertEngine() {
    return alerts;
  }

  public InclinationFilter filter() {
    return filter;
  }

  public InclinationSmoother smoother() {
    return smoother;
  }

  public Settings settings() {
    return settings;
  }
}
