package dev.slumpwatch.bench;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.Reading;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.pipeline.Pipeline;
import dev.slumpwatch.pipeline.PipelineSettings;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.ActivityClassifier;
import dev.slumpwatch.posture.BendPivot;
import dev.slumpwatch.posture.NeutralTracker;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.SlipDetector;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;
import java.util.List;

/**
 * Cost of the posture stages per sample, the orientation filter excluded: applying the
 * calibration (flexion, and the lateral bend the per-second aggregate needs), the slip
 * detector, the activity classifier, the neutral's re-anchoring, the one-sensor bend
 * pivot (hip lean), the slump tracker and the sitting tracker, called
 * with the same arguments in the same order as {@link Pipeline#process} calls them after
 * the filter's update. The filter's outputs (up vector, gyro bias) are recorded
 * beforehand by a real pipeline run over the same samples, so only the posture stages
 * are timed. Budget: 50 ns per sample.
 */
public final class PostureBench {
  private PostureBench() {
  }

  /** What the filter hands the posture stages, per sample, recorded beforehand. */
  public record Inputs(int n, long[] time, double[] dt, float[] data,
      PostureCalibration calibration) {
    /** Floats per sample: accel (m/s²) ×3, bias-corrected gyro (rad/s) ×3, up vector ×3. */
    static final int STRIDE = 9;
  }

  /** Runs the desk scenario's samples through a real pipeline and records the filter's output. */
  public static Inputs inputs(List<ImuSample> samples) throws Exception {
    Scenario scenario = Scenario.builtIn("desk-2h");
    Pipeline p = new Pipeline(SessionSetup.of(
        PostureSetup.learn()), e -> { });
    int n = samples.size();
    long[] time = new long[n];
    double[] dt = new double[n];
    float[] data = new float[n * Inputs.STRIDE];
    double[] bias = new double[3];
    int k = 0;
    long last = Long.MIN_VALUE;
    for (ImuSample s : samples) {
      if (s.sensorIndex() != 0) {
        continue;
      }
      Reading r = SensorScale.DEFAULT.reading(s);
      p.process(r);
      p.filter().gyroBias(bias, 0);
      time[k] = s.deviceTimeMicros();
      dt[k] = last == Long.MIN_VALUE ? 0 : (s.deviceTimeMicros() - last) / 1e6;
      last = s.deviceTimeMicros();
      int o = k * Inputs.STRIDE;
      data[o] = (float) r.accelX();
      data[o + 1] = (float) r.accelY();
      data[o + 2] = (float) r.accelZ();
      data[o + 3] = (float) (r.gyroX() - bias[0]);
      data[o + 4] = (float) (r.gyroY() - bias[1]);
      data[o + 5] = (float) (r.gyroZ() - bias[2]);
      data[o + 6] = (float) p.filter().upX();
      data[o + 7] = (float) p.filter().upY();
      data[o + 8] = (float) p.filter().upZ();
      k++;
    }
    if (p.calibration() == null) {
      throw new IllegalStateException("the bench's samples did not calibrate");
    }
    return new Inputs(k, time, dt, data, p.calibration());
  }

  public static Bench.Result run(Inputs in, double maxSeconds) {
    PipelineSettings settings = PipelineSettings.DEFAULTS;
    return Bench.measure("posture stages (per sample)", in.n(), 5, 15, maxSeconds, () -> {
      PostureCalibration cal = in.calibration();
      SlipDetector slip = new SlipDetector(settings.slip());
      ActivityClassifier activity = new ActivityClassifier(settings.activity());
      SlumpTracker slump = new SlumpTracker(settings.slump());
      SittingTracker sitting = new SittingTracker(settings.sitting());
      BendPivot bend = new BendPivot(settings.bend());
      NeutralTracker neutral = new NeutralTracker(settings.neutral());
      neutral.calibrated(in.time()[0]);
      float[] d = in.data();
      double lateralSum = 0;
      long events = 0;
      for (int i = 0; i < in.n(); i++) {
        int o = i * Inputs.STRIDE;
        double ax = d[o];
        double ay = d[o + 1];
        double az = d[o + 2];
        double wx = d[o + 3];
        double wy = d[o + 4];
        double wz = d[o + 5];
        double ux = d[o + 6];
        double uy = d[o + 7];
        double uz = d[o + 8];
        long t = in.time()[i];
        double accelNorm = Math.sqrt(ax * ax + ay * ay + az * az);
        if (slip.update(t, wx, wy, wz, ax, ay, az, ux, uy, uz, in.dt()[i])) {
          events++;
        }
        activity.update(t, accelNorm, ax * ux + ay * uy + az * uz, wx, wy, wz,
            ux * cal.upX() + uy * cal.upY() + uz * cal.upZ());
        Activity act = activity.activity();
        double calibrated = act == Activity.NOT_WORN ? Double.NaN
            : cal.flexionDeg(ux, uy, uz);
        double flexion = calibrated - neutral.shiftDeg();
        double hip = 0;
        if (!Double.isNaN(flexion) && act.seated()) {
          hip = bend.update(t, in.dt()[i], wx, wy, wz, ax, ay, az, ux, uy, uz, cal,
              flexion);
        } else if (bend.started()) {
          bend.reset();
        }
        if (slump.update(t, flexion - hip, act) == SlumpTracker.Event.ENDED) {
          events++;
        }
        if (neutral.update(t, in.dt()[i], calibrated, act == Activity.SEATED_STILL
            && slump.state() == SlumpTracker.State.UPRIGHT && hip == 0) != null) {
          events++;
        }
        if (sitting.update(t, act, flexion) != null) {
          events++;
        }
        // the per-second aggregate sums the up vector; the lateral bend is taken once a
        // second from the sum (one atan2 per 100 samples)
        if (i % 100 == 99) {
          lateralSum += cal.lateralDeg(ux, uy, uz);
        }
      }
      return events + slump.episodeCount() + (long) lateralSum;
    }, null);
  }
}
