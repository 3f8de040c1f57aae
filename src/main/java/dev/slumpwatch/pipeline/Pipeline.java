package dev.slumpwatch.pipeline;

import dev.slumpwatch.alert.AlertDecision;
import dev.slumpwatch.alert.AlertEngine;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.Reading;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.orientation.InclinationFilter;
import dev.slumpwatch.orientation.InclinationSmoother;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.ActivityClassifier;
import dev.slumpwatch.posture.BendPivot;
import dev.slumpwatch.posture.GuidedCalibration;
import dev.slumpwatch.posture.NeutralReanchoring;
import dev.slumpwatch.posture.NeutralTracker;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.posture.ProfileFitCheck;
import dev.slumpwatch.posture.SlipDetector;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;
import java.util.ArrayDeque;
import java.util.function.Consumer;

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
 * <p>The posture path (flexion, activity, trackers, alerts, per-second rows) runs on the
 * {@link InclinationSmoother}'s output: each sample reaches it the smoother's lag (at most
 * 1 s, {@code smoother.lagSeconds}) later, its inclination smoothed by the samples that
 * followed, and everything it produces is dated by that sample's own device time. At a gap
 * and at the end the samples still waiting are run through first, with the lookahead there
 * is. The guided calibration, which reads the raw accelerometer, and the live snapshots
 * ({@link #liveFlexionDeg()}) take the newest sample, so prompts and a live display do not
 * wait.
 *
 * <p>Calibration: a stored profile is used from the first sample (and checked in the
 * first minute: {@link ProfileFitCheck}); without one, the {@link GuidedCalibration} runs
 * from the first sample. It runs again after a slipped clip and whenever it is asked for:
 * {@link #requestCalibration} from any thread (an app, a button), or the control file
 * ({@code slumpwatch recalibrate}, the key {@code c}), which is looked at once per second
 * of sensor time. While it runs flexion is unknown; if it gives up, the calibration in
 * force before (if any) is used again, and another can be asked for at any time.
 */
public final class Pipeline {


  private final PipelineSettings settings;
  private final SessionSetup setup;
  private final Consumer<PipelineEvent> events;
  private final InclinationFilter filter;
  /** The posture path's inclination: the filter's, smoothed with a fixed lag. */
  private final InclinationSmoother smoother;
  private final InclinationSmoother lowerSmoother;
  private final ActivityClassifier activity;
  private final SlumpTracker slump;
  private final SittingTracker sitting;
  private final AlertEngine alerts;
  private final SlipDetector slipDetector;
  /** One sensor: where each forward bend turns, and the hip lean it leaves. */
  private final BendPivot bendPivot;
  /** Follows a clip that creeps on the back: small, bounded moves of the neutral. */
  private final NeutralTracker neutral;
  /** The posture calibration {@link #neutral} was last anchored to, or null. */
  private PostureCalibration neutralAnchor;
  /** How the guided calibration learns; null in a session that never calibrates. */
  private final GuidedCalibration.Method guideMethod;
  /** The guided calibration while it runs, else null. */
  private GuidedCalibration guide;
  private long nextProgressMicros;
  /** Asked for from another thread: why, or null. */
  private volatile String calibrationRequest;
  /** The calibration in force when a recalibration began: used again if it gives up. */
  private PostureCalibration suspended;
  private PostureCalibration suspendedLower;
  private PipelineEvent.Origin suspendedOrigin;
  /** Checks a stored profile in the session's first minute; null when not checking. */
  private ProfileFitCheck fitCheck;
  private long fitFromMicros;
  private final long settingsGapMicros;
  /**
   * A step longer than this is a gap: the setting, or 2.5 sample periods of the rate the
   * device announced if that is longer (a sketch sending 3 lines a second is not missing
   * data between them).
   */
  private long gapMicros;
  private final long filterResetMicros;
  private PostureCalibration calibration;
  private PipelineEvent.Origin calibrationOrigin;
  /** Optional lower-back sensor (index 1): its own filter and calibration. */
  private final InclinationFilter lowerFilter;
  private PostureCalibration lowerCalibration;
  /**
   * The calibration the posture path measures with. It follows {@link #calibration} at the
   * sample time of each change: the posture path runs the smoother's lag behind the newest
   * sample, so a calibration learnt (or suspended) at time t holds for its samples from t on,
   * not for the ones still in the smoother.
   */
  private PostureCalibration postureCalibration;
  private PostureCalibration postureLower;
  /** Changes of the calibration the posture path has not reached yet, oldest first. */
  private final ArrayDeque<CalibrationChange> calibrationChanges =
      new ArrayDeque<>();

  private record CalibrationChange(long fromMicros, PostureCalibration upper,
      PostureCalibration lower) {
  }
  private long lowerLastMicros = Long.MIN_VALUE;
  private long lowerSamples;
  private long slips;

  private boolean started;
  /** The latest device description, for the session's start. */
  private SourceEvent.DeviceInfo device;
  /** Live snapshots: at most {@link PipelineEvent#MAX_LIVE_HZ} a second of sensor time. */
  private static final long LIVE_PERIOD_MICROS = 1_000_000L / PipelineEvent.MAX_LIVE_HZ;
  private long nextLiveMicros = Long.MIN_VALUE;
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
  /** The calibration the second's known samples were measured with. */
  private PostureCalibration secCalibration;

  private Activity lastActivity = Activity.UNKNOWN;
  private double flexionDeg = Double.NaN;
  /** One sensor: the part of {@link #flexionDeg} the latest bends credit to the hips. */
  private double hipLeanDeg;
  /** Flexion from the calibrated neutral, before re-anchoring; NaN when unknown. */
  private double calibratedFlexionDeg = Double.NaN;
  private long lastSeatedMicros = Long.MIN_VALUE / 2;
  /** Not seated for this long ends a hip lean (a stand-up, a walk), µs. */
  private static final long BEND_UNSEATED_MICROS = 10_000_000L;
  /** Counts to SI, from the session's scale until the device says otherwise. */
  private double accelPerCount;
  private double gyroPerCount;

  /**
   * @param setup the session: settings, scale, the stored profile or the guided
   *     calibration, the clock that dates it, the wearer's controls
   * @param events where everything the pipeline produces goes (an {@code EventBus}),
   *     called on the processing thread
   */
  public Pipeline(SessionSetup setup, Consumer<PipelineEvent> events) {
    this.setup = setup;
    this.settings = setup.settings();
    useScale(setup.scale());
    PostureProfile stored = setup.posture().stored();
    this.calibration = stored == null ? null : stored.upper();
    this.lowerCalibration = stored == null ? null : stored.lower();
    this.postureCalibration = calibration;
    this.postureLower = lowerCalibration;
    this.guideMethod = setup.posture().guided();
    this.events = events;
    this.filter = new InclinationFilter(settings.filter());
    this.lowerFilter = new InclinationFilter(settings.filter());
    this.smoother = new InclinationSmoother(settings.smoother());
    this.lowerSmoother = new InclinationSmoother(settings.smoother());
    this.slipDetector = new SlipDetector(settings.slip());
    this.bendPivot = new BendPivot(settings.bend());
    this.neutral = new NeutralTracker(settings.neutral());
    this.activity = new ActivityClassifier(settings.activity());
    this.slump = new SlumpTracker(settings.slump());
    this.sitting = new SittingTracker(settings.sitting());
    this.alerts = new AlertEngine(settings.alerts(), setup.controls(),
        setup.clock().getZone());
    this.settingsGapMicros = (long) (settings.gapSeconds() * 1e6);
    this.gapMicros = settingsGapMicros;
    this.filterResetMicros = (long) (settings.filterResetSeconds() * 1e6);
  }


  private void useScale(SensorScale scale) {
    accelPerCount = scale.accelMs2PerCount();
    gyroPerCount = scale.gyroRadPerSecPerCount();
  }

  /** Feeds one event from a source. */
  public void accept(SourceEvent event) {
    if (event instanceof SourceEvent.Samples s) {
      for (ImuSample sample : s.samples()) {
        process(sample);
      }
    } else if (event instanceof SourceEvent.Gap g) {
      pendingGapReason = g.reason();
      drain(); // nothing follows the samples before the gap: no need to wait for it
    } else if (event instanceof SourceEvent.DeviceInfo info) {
      useScale(info.scale());
      // a slow sketch (3 Hz) is not a gap between every two samples
      gapMicros = Math.max(settingsGapMicros, 2_500_000L / Math.max(1, info.rateHz()));
      device = info;
      events.accept(new PipelineEvent.DeviceInfo(info));
    } else if (event instanceof SourceEvent.End end) {
      finish(end.reason());
    }
  }

  /** One sample from a source: converted to SI once, here, then every stage. */
  public void process(ImuSample s) {
    // what scale.reading(s) makes, without a Reading per sample on the hot path
    double a = accelPerCount;
    double w = gyroPerCount;
    process(s.deviceTimeMicros(), s.sensorIndex(), s.accelX() * a, s.accelY() * a,
        s.accelZ() * a, s.gyroX() * w, s.gyroY() * w, s.gyroZ() * w);
  }

  /** One reading, already in SI. */
  public void process(Reading r) {
    process(r.deviceTimeMicros(), r.sensorIndex(), r.accelX(), r.accelY(), r.accelZ(),
        r.gyroX(), r.gyroY(), r.gyroZ());
  }

  /** The hot path: one reading (m/s², rad/s) through every stage. */
  private void process(long t, int sensorIndex, double ax, double ay, double az, double gx,
      double gy, double gz) {
    if (sensorIndex != 0) {
      if (sensorIndex == 1 && started) {
        processLower(t, ax, ay, az, gx, gy, gz);
      }
      return;
    }
    double dt;
    if (!started) {
      started = true;
      firstMicros = t;
      lastMicros = t;
      dt = 0;
      pendingGapReason = null; // nothing before the first sample to be a gap from
      long startedMs = setup.clock().millis(); // the session's one wall-clock anchor
      alerts.start(t, startedMs);
      events.accept(new PipelineEvent.SessionStarted(t, startedMs, device));
      if (calibration != null) {
        calibrationOrigin = PipelineEvent.Origin.STORED;
        fitCheck = new ProfileFitCheck(settings.profileFit());
        fitFromMicros = t;
        events.accept(new PipelineEvent.Calibrated(t, calibration, lowerCalibration,
            PipelineEvent.Origin.STORED));
      } else if (guideMethod != null) {
        startGuide(t, "the session starts without a stored calibration");
      }
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

    filter.update(ax, ay, az, gx, gy, gz, dt);

    double accelNorm = Math.sqrt(ax * ax + ay * ay + az * az);
    if (calibrationRequest != null) {
      String why = calibrationRequest;
      calibrationRequest = null;
      startGuide(t, why);
    }
    // calibration averages the accelerometer itself: while the wearer holds still it is the
    // vertical, free of whatever gyroscope bias the filter has not yet absorbed
    if (guide != null && accelNorm > 0) {
      boolean changed = guide.update(t, ax / accelNorm, ay / accelNorm, az / accelNorm);
      if (changed || t >= nextProgressMicros) {
        progress(t);
      }
      if (guide.finished()) {
        guideFinished(t);
      }
    }
    smoother.update(t, ax, ay, az, gx, gy, gz, dt, filter);
    while (smoother.ready()) {
      smoother.release();
      posture();
    }
    if (t >= nextLiveMicros) {
      nextLiveMicros = t + LIVE_PERIOD_MICROS;
      // the newest sample's causal estimate: a live display does not wait for the smoother
      events.accept(new PipelineEvent.Live(t, liveFlexionDeg(), activity.activity(),
          slump.state(), calibration != null, alerts.deskBreakDueSeconds()));
    }
  }

  /**
   * The posture path for the sample the smoother has just released: everything after the
   * filter and the calibration, dated by that sample's own device time (the smoother's lag
   * behind the newest).
   */
  private void posture() {
    InclinationSmoother sm = smoother;
    long t = sm.deviceMicros();
    double dt = sm.dtSeconds();
    double ax = sm.accelX();
    double ay = sm.accelY();
    double az = sm.accelZ();
    double accelNorm = Math.sqrt(ax * ax + ay * ay + az * az);
    boolean converged = sm.converged();
    double ux = sm.upX();
    double uy = sm.upY();
    double uz = sm.upZ();
    double wx = sm.rateX();
    double wy = sm.rateY();
    double wz = sm.rateZ();
    if (!calibrationChanges.isEmpty() && calibrationChanges.peekFirst().fromMicros() <= t) {
      reachCalibrationChanges(t);
    }
    PostureCalibration cal = postureCalibration;
    if (cal != null && converged
        && slipDetector.update(t, wx, wy, wz, ax, ay, az, ux, uy, uz, dt)) {
      slipped(t);
      cal = null;
    }
    if (cal != null && cal != neutralAnchor) {
      neutral.calibrated(t); // a new calibration: re-anchoring starts from it
      neutralAnchor = cal;
    }

    activity.update(t, accelNorm, converged ? ax * ux + ay * uy + az * uz : Double.NaN,
        wx, wy, wz, cal == null ? Double.NaN : ux * cal.upX() + uy * cal.upY() + uz * cal.upZ());
    Activity act = activity.activity();

    if (cal != null && converged && act != Activity.NOT_WORN) {
      double upper = cal.flexionDeg(ux, uy, uz);
      if (postureLower == null) {
        flexionDeg = upper;
      } else if (t - lowerLastMicros <= gapMicros + smoother.lagMicros()
          && lowerSmoother.converged()) {
        // the lower sensor's sample released last: as far behind its newest as this one is
        flexionDeg = upper - postureLower.flexionDeg(lowerSmoother.upX(),
            lowerSmoother.upY(), lowerSmoother.upZ());
      } else {
        flexionDeg = Double.NaN; // a two-sensor profile without the lower sensor's data
      }
      calibratedFlexionDeg = flexionDeg;
      flexionDeg -= neutral.shiftDeg();
      secUpX += ux;
      secUpY += uy;
      secUpZ += uz;
      secCalibration = cal;
    } else {
      flexionDeg = Double.NaN;
      calibratedFlexionDeg = Double.NaN;
    }

    hipLean(t, dt, act, cal, ax, ay, az, wx, wy, wz, ux, uy, uz);
    SlumpTracker.Event slumpEvent = slump.update(t, flexionDeg - hipLeanDeg, act);
    if (slumpEvent == SlumpTracker.Event.ENDED) {
      events.accept(new PipelineEvent.SlumpEnded(slump.lastEpisode()));
    } else if (slumpEvent == SlumpTracker.Event.STARTED) {
      events.accept(new PipelineEvent.SlumpStarted(slump.episodeStartMicros(), t));
    }
    NeutralReanchoring moved = neutral.update(t, dt, calibratedFlexionDeg,
        act == Activity.SEATED_STILL && slump.state() == SlumpTracker.State.UPRIGHT
            && hipLeanDeg == 0);
    if (moved != null) {
      events.accept(new PipelineEvent.NeutralReanchored(moved));
    }
    SittingTracker.Break completed = sitting.update(t, act, flexionDeg);
    if (completed != null) {
      events.accept(new PipelineEvent.BreakTaken(completed));
    }
    alerts.update(t, flexionDeg, act, wx * wx + wy * wy + wz * wz, slump, sitting, completed);
    if (alerts.hasDecisions()) {
      for (AlertDecision d : alerts.takeDecisions()) {
        events.accept(toEvent(d));
      }
    }
    aggregate(t, act);
  }

  /**
   * One sensor: how much of the flexion a hip hinge accounts for ({@link BendPivot}); the
   * slump tracker gets the flexion less this. A fast reach may read as moving, even walking,
   * for several seconds (its swing is a tenth of a g or more); only longer (standing up, a
   * walk) ends the lean. Meanwhile the lean stays within the flexion, so an upright stance
   * clears it anyway. With two sensors their difference has no hip lean in it.
   */
  private void hipLean(long t, double dt, Activity act, PostureCalibration cal, double ax,
      double ay, double az, double wx, double wy, double wz, double ux, double uy, double uz) {
    if (act.seated()) {
      lastSeatedMicros = t;
    }
    if (postureLower == null && cal != null && !Double.isNaN(flexionDeg)
        && t - lastSeatedMicros < BEND_UNSEATED_MICROS) {
      hipLeanDeg = bendPivot.update(t, dt, wx, wy, wz, ax, ay, az, ux, uy, uz, cal,
          flexionDeg);
    } else if (hipLeanDeg != 0 || bendPivot.started()) {
      bendPivot.reset();
      hipLeanDeg = 0;
    }
  }

  /** Runs every sample the smoother still holds through the posture path (gap, end). */
  private void drain() {
    while (smoother.pending()) {
      smoother.release();
      posture();
    }
  }

  /** The lower-back sensor: its own filter (and calibration), nothing else per sample. */
  private void processLower(long t, double ax, double ay, double az, double gx, double gy,
      double gz) {
    double dt = 0;
    if (lowerLastMicros != Long.MIN_VALUE) {
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
    lowerFilter.update(ax, ay, az, gx, gy, gz, dt);
    lowerSmoother.update(t, ax, ay, az, gx, gy, gz, dt, lowerFilter);
    while (lowerSmoother.ready()) {
      lowerSmoother.release();
    }
    double norm = Math.sqrt(ax * ax + ay * ay + az * az);
    if (guide != null && norm > 0) {
      guide.updateLower(ax / norm, ay / norm, az / norm);
    }
  }


  /**
   * Asks for the guided calibration, from any thread (a window's button, a Raspberry Pi
   * button, a test): it starts with the next upper-back sample, as if the session had just
   * begun without a profile, and restarts one already running. A session that never
   * calibrates ({@code PostureSetup.storedOnly}) answers with
   * {@link PipelineEvent.CalibrationFailed}.
   *
   * @param why for the wearer, e.g. {@code asked for in the app}
   */
  public void requestCalibration(String why) {
    calibrationRequest = why;
  }

  /** Starts (or restarts) the guided calibration at sample time {@code t}. */
  private void startGuide(long t, String why) {
    if (guideMethod == null) {
      events.accept(new PipelineEvent.CalibrationFailed(t, "this session cannot calibrate "
          + "(it measures with a fixed profile only)", calibration != null));
      return;
    }
    if (calibration != null) {
      suspended = calibration;
      suspendedLower = lowerCalibration;
      suspendedOrigin = calibrationOrigin;
      calibration = null;
      lowerCalibration = null;
      calibrationChanged(t);
    }
    fitCheck = null;
    guide = new GuidedCalibration(settings.calibration(), guideMethod);
    events.accept(new PipelineEvent.CalibrationStarted(t, (t - firstMicros) / 1e6, why));
    progress(t);
  }

  private void progress(long t) {
    nextProgressMicros = t + LIVE_PERIOD_MICROS;
    events.accept(new PipelineEvent.CalibrationProgress(t, guide.progress()));
  }

  /** The guided calibration ended: install its result, or go back to what was before. */
  private void guideFinished(long t) {
    GuidedCalibration g = guide;
    guide = null;
    if (g.result() == null) {
      boolean kept = suspended != null;
      if (kept) {
        calibration = suspended;
        lowerCalibration = suspendedLower;
        calibrationOrigin = suspendedOrigin;
        calibrationChanged(t);
      }
      suspended = null;
      suspendedLower = null;
      events.accept(new PipelineEvent.CalibrationFailed(t, g.failure(), kept));
      return;
    }
    suspended = null;
    suspendedLower = null;
    calibration = g.result();
    lowerCalibration = g.lowerResult();
    calibrationOrigin = PipelineEvent.Origin.LEARNT;
    calibrationChanged(t);
    events.accept(new PipelineEvent.Calibrated(t, calibration, lowerCalibration,
        PipelineEvent.Origin.LEARNT));
  }

  /**
   * The clip slipped: the calibration no longer holds. Flexion is unknown from here (an
   * open episode closes at the last sample before); the guided calibration runs again
   * when the session has a method for it, else posture stays unknown until asked for.
   */
  private void slipped(long t) {
    slips++;
    calibration = null;
    lowerCalibration = null;
    lostNow();
    fitCheck = null;
    events.accept(new PipelineEvent.RecalibrationNeeded(t, slipDetector.describeLast()));
    if (guideMethod != null) {
      startGuide(t, "the clip slipped");
    }
  }

  /** The stored profile does not fit the sensor as worn: measure nothing until asked. */
  private void misfit(long t) {
    calibration = null;
    lowerCalibration = null;
    lostNow();
    fitCheck = null;
    events.accept(new PipelineEvent.RecalibrationNeeded(t, ProfileFitCheck.MESSAGE));
  }

  /**
   * The live calibration changed at sample time {@code t} (the newest sample's): the
   * posture path takes it when it reaches that time.
   */
  private void calibrationChanged(long t) {
    calibrationChanges.addLast(new CalibrationChange(t, calibration, lowerCalibration));
  }

  /** Takes every change the posture path has reached by sample time {@code t}. */
  private void reachCalibrationChanges(long t) {
    while (!calibrationChanges.isEmpty() && calibrationChanges.peekFirst().fromMicros() <= t) {
      CalibrationChange c = calibrationChanges.removeFirst();
      postureCalibration = c.upper();
      postureLower = c.lower();
      slipDetector.reset(); // a new calibration (or the old one back) starts a new watch
    }
  }

  /**
   * The posture path found the calibration no longer holds (slip, misfit), at its own
   * sample time: from here on, for it and for the newest samples alike.
   */
  private void lostNow() {
    calibrationChanges.clear();
    postureCalibration = null;
    postureLower = null;
    neutral.reset(); // the clip moved: what the neutral followed no longer holds
    neutralAnchor = null;
  }

  private void gap(long from, long to) {
    drain(); // the samples before the gap get what lookahead there is
    gaps++;
    // the second being aggregated is not flushed here: when the data comes back within the
    // same second, its samples join those from before the gap (flushed twice, the second's
    // later part would overwrite the earlier in the store); aggregate() flushes it when
    // the next sample falls in another second
    String reason = pendingGapReason != null ? pendingGapReason : "samples missing";
    pendingGapReason = null;
    events.accept(new PipelineEvent.Gap(from, to, reason));
    if (guide != null) {
      guide.interrupted();
    }
    if (slump.update(from, Double.NaN, Activity.UNKNOWN) == SlumpTracker.Event.ENDED) {
      events.accept(new PipelineEvent.SlumpEnded(slump.lastEpisode()));
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
      // once per second of sensor time: has the wearer asked for a calibration elsewhere?
      String via = setup.controls().takeRecalibrationRequest();
      if (via != null) {
        calibrationRequest = "asked for by " + via;
      }
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
    if (fitCheck != null && known && fitCheck.second((secondStartMicros - fitFromMicros) / 1e6,
        secSum / secKnown, lateral, lastActivity)) {
      misfit(secondStartMicros);
    } else if (fitCheck != null && fitCheck.decided()) {
      fitCheck = null;
    }
    events.accept(new PipelineEvent.Second(new PostureSecond(second, secondStartMicros,
        known ? secSum / secKnown : Double.NaN, known ? secMin : Double.NaN,
        known ? secMax : Double.NaN, lateral,
        // not worn has no flexion, but it is known what the sensor is doing
        known || lastActivity == Activity.NOT_WORN ? lastActivity : Activity.UNKNOWN,
        slump.slumped(), secN)));
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
      events.accept(new PipelineEvent.SlumpEnded(slump.lastEpisode()));
    }
    flushSecond();
    events.accept(new PipelineEvent.Finished(started ? lastMicros : -1, reason));
  }

  private static PipelineEvent toEvent(AlertDecision d) {
    if (d instanceof AlertDecision.Fired f) {
      return new PipelineEvent.AlertFired(f.alert());
    } else if (d instanceof AlertDecision.Decided o) {
      return new PipelineEvent.AlertDecided(o.alert(), o.outcome());
    } else if (d instanceof AlertDecision.Acknowledged k) {
      return new PipelineEvent.Acknowledged(k.alert(), k.ack());
    } else if (d instanceof AlertDecision.Progress p) {
      return new PipelineEvent.ExerciseProgress(p.deviceTimeMicros(), p.alert(), p.reps(),
          p.targetReps());
    }
    throw new AssertionError(d);
  }

  // ---- snapshots

  public double flexionDeg() {
    return flexionDeg;
  }

  /**
   * Lateral bend of the sample the posture path took last ({@link #postureMicros()}),
   * degrees, right positive; NaN when unknown.
   */
  public double lateralDeg() {
    return Double.isNaN(flexionDeg) || postureCalibration == null ? Double.NaN
        : postureCalibration.lateralDeg(smoother.upX(), smoother.upY(), smoother.upZ());
  }

  /**
   * Device time of the sample {@link #flexionDeg()}, {@link #lateralDeg()} and
   * {@link #activity()} describe: the smoother's lag behind the newest.
   */
  public long postureMicros() {
    return smoother.deviceMicros();
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
    double upper = cal.flexionDeg(filter.upX(), filter.upY(), filter.upZ())
        - (cal == neutralAnchor ? neutral.shiftDeg() : 0);
    if (lowerCalibration == null) {
      return upper;
    }
    return lastMicros - lowerLastMicros <= gapMicros && lowerFilter.converged()
        ? upper - lowerCalibration.flexionDeg(lowerFilter.upX(), lowerFilter.upY(),
        lowerFilter.upZ()) : Double.NaN;
  }

  /**
   * One sensor: the part of the flexion that the latest bends credit to the hips (a hip
   * hinge: reaching, leaning in with a straight back), degrees; the slump tracker gets the
   * flexion less this. 0 with two sensors.
   */
  public double hipLeanDeg() {
    return hipLeanDeg;
  }

  /**
   * How far the neutral has been re-anchored from the calibrated one, degrees, forward
   * positive (flexion is measured from the re-anchored neutral).
   */
  public double neutralShiftDeg() {
    return neutral.shiftDeg();
  }

  /** The one-sensor bend classifier (its last bend, counts). */
  public BendPivot bendPivot() {
    return bendPivot;
  }

  public InclinationSmoother smoother() {
    return smoother;
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

  /** Whether the guided calibration is running. */
  public boolean calibrating() {
    return guide != null;
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

  /** The latest upper-back sample's device time (the first's before a second arrived). */
  public long lastDeviceMicros() {
    return lastMicros;
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

  public PipelineSettings settings() {
    return settings;
  }
}
