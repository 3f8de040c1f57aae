package dev.slumpwatch.pipeline;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertEngine;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.orientation.InclinationFilter;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.ActivityClassifier;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureCalibrator;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.sensor.ImuSample;
import dev.slumpwatch.sensor.SensorScale;
import dev.slumpwatch.sensor.SourceEvent;
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
 * the trackers treat it as "no information".
 */
public final class Pipeline implements AlertEngine.AlertListener {

  /**
   * @param gapSeconds a jump in device time longer than this is a gap (data missing)
   * @param filterResetSeconds after a gap this long the filter starts afresh from gravity
   */
  public record Settings(InclinationFilter.Settings filter, ActivityClassifier.Settings activity,
      SlumpTracker.Settings slump, SittingTracker.Settings sitting,
      AlertEngine.Settings alerts, double gapSeconds, double filterResetSeconds) {
    public static final Settings DEFAULTS = new Settings(InclinationFilter.Settings.DEFAULTS,
        ActivityClassifier.Settings.DEFAULTS, SlumpTracker.Settings.DEFAULTS,
        SittingTracker.Settings.DEFAULTS, AlertEngine.Settings.DEFAULTS, 0.25, 5.0);
  }

  private final Settings settings;
  private final PipelineListener listener;
  private final InclinationFilter filter;
  private final ActivityClassifier activity;
  private final SlumpTracker slump;
  private final SittingTracker sitting;
  private final AlertEngine alerts;
  private final PostureCalibrator calibrator;
  private final long gapMicros;
  private final long filterResetMicros;
  private PostureCalibration calibration;

  private boolean started;
  private long firstMicros;
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
    this(settings, scale, calibration, plan, listener, AlertEngine.Context.none());
  }

  /**
   * @param alertContext the session's wall-clock anchor and the wearer's controls (snooze,
   *     pain pause), for the alert engine
   */
  public Pipeline(Settings settings, SensorScale scale, PostureCalibration calibration,
      PostureCalibrator.Plan plan, PipelineListener listener, AlertEngine.Context alertContext) {
    this.settings = settings;
    setScale(scale);
    this.calibration = calibration;
    this.calibrator = calibration == null && plan != null ? new PostureCalibrator(plan) : null;
    this.listener = listener;
    this.filter = new InclinationFilter(settings.filter());
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
      return; // the lower-back sensor is used from the two-sensor posture model on
    }
    long t = s.deviceTimeMicros();
    double dt;
    if (!started) {
      started = true;
      firstMicros = t;
      lastMicros = t;
      dt = 0;
      pendingGapReason = null; // nothing before the first sample to be a gap from
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
      dt = (t - lastMicros) / 1e6;
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

    double sessionSeconds = (t - firstMicros) / 1e6;
    boolean converged = filter.started()
        && (filter.flags() & InclinationFilter.FLAG_INITIALISING) == 0;
    double accelNorm = Math.sqrt(ax * ax + ay * ay + az * az);
    // calibration averages the accelerometer itself: while the wearer holds still it is the
    // vertical, free of whatever gyroscope bias the filter has not yet absorbed
    if (calibrator != null && calibration == null && accelNorm > 0
        && calibrator.update(sessionSeconds, ax / accelNorm, ay / accelNorm, az / accelNorm)) {
      if (calibrator.result() != null) {
        calibration = calibrator.result();
        listener.calibrated(calibration);
      } else {
        listener.calibrationFailed(calibrator.failure());
      }
    }
    if (calibration != null && converged) {
      double ux = filter.upX();
      double uy = filter.upY();
      double uz = filter.upZ();
      flexionDeg = calibration.flexionDeg(ux, uy, uz);
      secUpX += ux;
      secUpY += uy;
      secUpZ += uz;
    } else {
      flexionDeg = Double.NaN;
    }

    activity.update(t, accelNorm, Math.toDegrees(gx),
        Math.toDegrees(gy), Math.toDegrees(gz));
    Activity act = activity.activity();

    if (slump.update(t, flexionDeg, act) == SlumpTracker.Event.ENDED) {
      listener.episode(slump.lastEpisode());
    }
    SittingTracker.Break completed = sitting.update(t, act, flexionDeg);
    if (completed != null) {
      listener.breakTaken(completed);
    }
    alerts.motion(t, flexionDeg, act, gx * gx + gy * gy + gz * gz);
    alerts.update(t, slump, sitting, completed);
    aggregate(t, act);
  }

  private void gap(long from, long to) {
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
    double lateral = known ? calibration.lateralDeg(secUpX, secUpY, secUpZ) : Double.NaN;
    listener.second(new PostureSecond(second, secondStartMicros,
        known ? secSum / secKnown : Double.NaN, known ? secMin : Double.NaN,
        known ? secMax : Double.NaN, lateral,
        known ? lastActivity : Activity.UNKNOWN, slump.slumped(), secN));
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

  public double flexionDeg() {
    return flexionDeg;
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

  public Settings settings() {
    return settings;
  }
}
