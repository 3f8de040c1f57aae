package dev.slumpwatch.bench;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.pipeline.Pipeline;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cost of the processing chain per sample (filter, posture, activity, slump tracker,
 * sitting tracker, alert engine, per-second aggregation), on samples from the simulated
 * wearer generated beforehand, so the generator's cost is not counted.
 */
public final class PipelineBench {
  private PipelineBench() {
  }

  /** Generates {@code seconds} of the built-in desk scenario (from its start) as samples. */
  public static List<ImuSample> samples(double seconds) throws Exception {
    Scenario scenario = Scenario.builtIn("desk-2h");
    List<ImuSample> out = new ArrayList<>();
    SimulatedWearer sim = new SimulatedWearer(scenario, Pacer.unpaced(), null);
    int max = (int) (seconds * SimulatedWearer.RATE_HZ);
    sim.run(e -> {
      if (e instanceof SourceEvent.Samples s && out.size() < max) {
        out.addAll(s.samples().subList(0, Math.min(s.samples().size(), max - out.size())));
        if (out.size() >= max) {
          sim.close();
        }
      }
    });
    return out;
  }

  public static Bench.Result run(List<ImuSample> samples, double maxSeconds) {
    PostureCalibration cal;
    try {
      cal = PostureCalibration.fromNeutralAndBend(new double[] {0, 0, 1},
          new double[] {0.5, 0, 0.866});
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    SessionSetup setup = SessionSetup.of(PostureSetup.storedOnly(
        new PostureProfile(cal, null, "bench")));
    return Bench.measure("pipeline (per sample)", samples.size(), 3, 10, maxSeconds, () -> {
      Pipeline p = new Pipeline(setup, e -> { });
      for (ImuSample s : samples) {
        p.process(s);
      }
      p.finish("bench");
      return p.samples() + p.slumpTracker().episodeCount();
    }, null);
  }
}
