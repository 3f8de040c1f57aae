package dev.slumpwatch.pipeline;

import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.NeutralReanchoring;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.GroundTruth;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.Segment;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.slump.SlumpEpisode;
import dev.slumpwatch.slump.SlumpTracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One scenario through the real {@link Pipeline}, unpaced and without threads (the
 * pipeline's own {@code accept}), with the simulator's ground truth beside it: what the
 * posture-model acceptance tests measure.
 */
final class SimulatedSession {
  final Scenario scenario;
  final GroundTruth truth = new GroundTruth();
  final Pipeline pipeline;
  final List<SlumpEpisode> episodes = new ArrayList<>();
  /** The per-second rows, as the store would get them. */
  final List<PostureSecond> seconds = new ArrayList<>();
  /** Live snapshots: the event's device time and the newest sample's when it came. */
  final List<long[]> live = new ArrayList<>();
  /** The causal filter's flexion in each live snapshot. */
  final List<Double> liveFlexion = new ArrayList<>();
  final List<String> recalibrations = new ArrayList<>();
  final List<Long> recalibrationMicros = new ArrayList<>();
  final List<NeutralReanchoring> reanchorings = new ArrayList<>();
  /** When the guided calibration began, and when it learnt a calibration. */
  final List<Long> calibrationStartedMicros = new ArrayList<>();
  final List<Long> calibratedMicros = new ArrayList<>();
  String calibrationFailure;
  PostureCalibration calibration;
  /**
   * Per upper-sensor sample the posture path processed: its device time, estimated flexion
   * (NaN unknown), lateral bend, activity.
   */
  long[] time = new long[1 << 16];
  float[] flexion = new float[1 << 16];
  float[] lateral = new float[1 << 16];
  byte[] activity = new byte[1 << 16];
  int n;
  private long lastReleased;
  private long newestMicros;

  private SimulatedSession(Scenario scenario, PipelineSettings settings) {
    this.scenario = scenario;
    pipeline = new Pipeline(SessionSetup.of(PostureSetup.learn()).withSettings(settings), e -> {
          if (e instanceof PipelineEvent.SlumpEnded x) {
            episodes.add(x.episode());
          } else if (e instanceof PipelineEvent.Second x) {
            seconds.add(x.second());
          } else if (e instanceof PipelineEvent.Live x) {
            live.add(new long[] {x.deviceMicros(), newestMicros});
            liveFlexion.add(x.flexionDeg());
          } else if (e instanceof PipelineEvent.Calibrated c) {
            calibration = c.upper();
            calibratedMicros.add(c.deviceMicros());
          } else if (e instanceof PipelineEvent.CalibrationStarted c) {
            calibrationStartedMicros.add(c.deviceMicros());
          } else if (e instanceof PipelineEvent.CalibrationFailed f) {
            calibrationFailure = f.reason();
          } else if (e instanceof PipelineEvent.NeutralReanchored r) {
            reanchorings.add(r.reanchoring());
          } else if (e instanceof PipelineEvent.RecalibrationNeeded r) {
            recalibrations.add(r.reason());
            recalibrationMicros.add(r.deviceMicros());
          }
        });
  }

  static SimulatedSession run(Scenario scenario) throws InterruptedException {
    return run(scenario, PipelineSettings.DEFAULTS);
  }

  static SimulatedSession run(Scenario scenario, PipelineSettings settings)
      throws InterruptedException {
    SimulatedSession s = new SimulatedSession(scenario, settings);
    new SimulatedWearer(scenario, Pacer.unpaced(), s.truth).run(s::accept);
    return s;
  }

  private void accept(SourceEvent e) {
    if (e instanceof SourceEvent.Samples batch) {
      for (ImuSample sample : batch.samples()) {
        if (sample.sensorIndex() == 0) {
          newestMicros = sample.deviceTimeMicros();
        }
        pipeline.process(sample);
        if (sample.sensorIndex() == 0) {
          recordPosture();
        }
      }
    } else {
      pipeline.accept(e);
    }
  }

  /**
   * Records the sample the posture path processed last, at its own device time (the
   * smoother's lag behind the newest). The samples run through together at a gap or at
   * the end, all but the last of them, are not recorded.
   */
  private void recordPosture() {
    long released = pipeline.smoother().diagnostics().released();
    if (released != lastReleased) {
      lastReleased = released;
      record(pipeline.postureMicros());
    }
  }

  private void record(long t) {
    if (n == time.length) {
      time = Arrays.copyOf(time, 2 * n);
      flexion = Arrays.copyOf(flexion, 2 * n);
      lateral = Arrays.copyOf(lateral, 2 * n);
      activity = Arrays.copyOf(activity, 2 * n);
    }
    time[n] = t;
    flexion[n] = (float) pipeline.flexionDeg();
    lateral[n] = (float) pipeline.lateralDeg();
    activity[n] = (byte) pipeline.activity().ordinal();
    n++;
  }

  /** How far the neutral has moved since calibration, degrees (0 without re-anchoring). */
  double neutralShiftDeg() {
    return reanchorings.isEmpty() ? 0 : reanchorings.get(reanchorings.size() - 1).totalShiftDeg();
  }

  /** The largest distance the neutral was from where it was calibrated, degrees. */
  double neutralMaxShiftDeg() {
    double max = 0;
    for (NeutralReanchoring r : reanchorings) {
      max = Math.max(max, Math.abs(r.totalShiftDeg()));
    }
    return max;
  }

  /**
   * Whether the posture at device time {@code t} is measured with a calibration the guided
   * calibration learnt outside the scenario's calibration segments. The scripted wearer
   * does not follow the calibration's prompts: after a slip with no calibration in the
   * script (the end of {@code clip-slipped}) the calibration learns the neutral from
   * whatever posture the wearer holds (there 2° of flexion) and a bend from the next slump,
   * so from then on its zero is not the scenario's and the difference from the truth is
   * that definition, not the estimate (the samples count as known flexion all the same).
   */
  boolean unpromptedCalibrationAt(long t) {
    long learnt = Long.MIN_VALUE;
    for (long c : calibratedMicros) {
      if (c <= t) {
        learnt = c;
      }
    }
    if (learnt == Long.MIN_VALUE) {
      return false;
    }
    Segment.Kind kind = scenario.segmentAt((learnt - truth.timeMicros(0)) / 1e6).kind();
    return kind != Segment.Kind.CALIBRATE_NEUTRAL && kind != Segment.Kind.CALIBRATE_BEND;
  }

  boolean twoSensors() {
    return scenario.sensors() == 2;
  }

  /** What the pipeline's flexion means: the upper back's inclination, or thoracic flexion. */
  double trueFlexion(int truthIndex) {
    return twoSensors() ? truth.thoracicFlexionDeg(truthIndex)
        : truth.upperFlexionDeg(truthIndex);
  }

  /** Squared errors and count of the known flexion while the truth says seated. */
  double[] seatedFlexionErrors() {
    return seatedFlexionErrors(false);
  }

  /**
   * @param skipSlips leave out the clip's slips themselves: while the clip turns on the
   *     back and until the slip detector has seen it (about a second), the flexion is the
   *     clip's turn, which no estimator can tell from posture in the moment; and the time
   *     measured with a calibration learnt while the scenario had no calibration in it (see
   *     {@link #unpromptedCalibrationAt})
   */
  double[] seatedFlexionErrors(boolean skipSlips) {
    double sum = 0;
    long count = 0;
    long unknown = 0;
    long t0 = truth.size() == 0 ? 0 : truth.timeMicros(0);
    for (int k = 0; k < n; k++) {
      int i = truth.indexAt(time[k]);
      if (i >= truth.size() || truth.timeMicros(i) != time[k] || !truth.activity(i).seated()) {
        continue;
      }
      if (skipSlips && (scenario.segmentAt((time[k] - t0) / 1e6).kind() == Segment.Kind.SLIP
          || unpromptedCalibrationAt(time[k]))) {
        continue;
      }
      if (Float.isNaN(flexion[k])) {
        unknown++;
        continue;
      }
      double e = flexion[k] - trueFlexion(i);
      sum += e * e;
      count++;
    }
    return new double[] {sum, count, unknown};
  }

  /**
   * The true slump episodes: the same {@link SlumpTracker} (threshold, onset delay,
   * hysteresis, recovery hold) run over the true flexion (breathing and typing included)
   * and the scripted activity.
   */
  List<SlumpEpisode> trueEpisodes() {
    return trueEpisodes(twoSensors());
  }

  /**
   * The true slump episodes of the thoracic flexion (upper minus lower back) with
   * {@code thoracic}, else of the upper back's inclination. A slump is thoracic rounding:
   * with the thoracic truth a hip hinge (reaching, leaning in with a straight back) is no
   * slump whatever the number of sensors, so an episode detected during one is a false
   * positive.
   */
  List<SlumpEpisode> trueEpisodes(boolean thoracic) {
    SlumpTracker t = new SlumpTracker(pipeline.settings().slump());
    List<SlumpEpisode> out = new ArrayList<>();
    for (int i = 0; i < truth.size(); i++) {
      double f = thoracic ? truth.thoracicFlexionDeg(i) : truth.upperFlexionDeg(i);
      if (t.update(truth.timeMicros(i), f, truth.activity(i))
          == SlumpTracker.Event.ENDED) {
        out.add(t.lastEpisode());
      }
    }
    if (t.finish() == SlumpTracker.Event.ENDED) {
      out.add(t.lastEpisode());
    }
    return out;
  }

  Activity activityAt(int k) {
    return Activity.values()[activity[k]];
  }

  /** Episode matching: overlap of at least half of both the true and the detected episode. */
  static boolean matches(SlumpEpisode detected, SlumpEpisode real) {
    long overlap = Math.min(detected.endMicros(), real.endMicros())
        - Math.max(detected.startMicros(), real.startMicros());
    return overlap >= 0.5 * (real.endMicros() - real.startMicros())
        && overlap >= 0.5 * (detected.endMicros() - detected.startMicros());
  }

  /** {true positives (matched true), detected, true}. */
  int[] matchCounts() {
    return matchCounts(trueEpisodes());
  }

  int[] matchCounts(List<SlumpEpisode> real) {
    int[] matched = matching(real);
    int tp = 0;
    for (int j : matched) {
      tp += j >= 0 ? 1 : 0;
    }
    return new int[] {tp, episodes.size(), real.size()};
  }

  /** For each true episode, the index of the detected one it matched, or -1. */
  int[] matching(List<SlumpEpisode> real) {
    boolean[] used = new boolean[episodes.size()];
    int[] out = new int[real.size()];
    for (int i = 0; i < real.size(); i++) {
      out[i] = -1;
      for (int j = 0; j < episodes.size(); j++) {
        if (!used[j] && matches(episodes.get(j), real.get(i))) {
          used[j] = true;
          out[i] = j;
          break;
        }
      }
    }
    return out;
  }

  /** Detected minus true start of every matched episode, seconds. */
  List<Double> onsetErrors(List<SlumpEpisode> real) {
    int[] m = matching(real);
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < m.length; i++) {
      if (m[i] >= 0) {
        out.add((episodes.get(m[i]).startMicros() - real.get(i).startMicros()) / 1e6);
      }
    }
    return out;
  }

  static double seconds(List<SlumpEpisode> list) {
    double s = 0;
    for (SlumpEpisode e : list) {
      s += e.durationSeconds();
    }
    return s;
  }
}
