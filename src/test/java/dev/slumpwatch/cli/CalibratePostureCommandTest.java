package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.pipeline.Pipeline;
import dev.slumpwatch.pipeline.PipelineListener;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.sim.GroundTruth;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.testing.Cli;
import dev.slumpwatch.testing.Cli.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code calibrate posture} against the simulated wearer, good and bad calibrations. */
class CalibratePostureCommandTest {
  @TempDir
  Path dir;

  private Outcome run(String... args) {
    return Cli.runIn(dir.resolve("data"), args);
  }

  private Outcome sim(String scenarioText, String... more) throws Exception {
    Path f = dir.resolve("wearer.scenario");
    Files.writeString(f, scenarioText);
    String[] args = new String[6 + more.length];
    args[0] = "calibrate";
    args[1] = "posture";
    args[2] = "--source=sim";
    args[3] = "--speed=100000";
    args[4] = "--scenario=" + f;
    args[5] = "--seed=5";
    System.arraycopy(more, 0, args, 6, more.length);
    return run(args);
  }

  private PostureProfile stored(String profile) throws Exception {
    return CalibrationFile.load(dir.resolve("data"), profile);
  }

  @Test
  void theGuidedCalibrationCountsDownShowsTheAngleAndStoresAProfileThatMeasuresRight()
      throws Exception {
    Outcome r = run("calibrate", "posture", "--source", "sim", "--speed", "100000", "--seed", "7",
        "--profile", "ann");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("[get ready] 3 s left"), r.out());
    assertTrue(r.out().contains("[sit tall] 5 s left"), r.out());
    assertTrue(r.out().matches("(?s).*\\[hold bend] \\d s left \\|  ?\\d\\d\\.\\d° from "
        + "neutral.*"), r.out());
    assertTrue(r.out().contains("saved profile 'ann'"), r.out());
    PostureProfile p = stored("ann");
    assertNotNull(p);
    assertEquals("two-step", p.method());
    assertNull(p.lower(), "one sensor");
    assertNull(stored("default"), "only the named profile is written");

    // the stored profile measures another session of the same wearer (same seed: the same
    // clip orientation) within the acceptance tolerance
    Scenario s = Scenario.builtIn("slow-creep").withSeed(7);
    GroundTruth truth = new GroundTruth();
    Pipeline pipeline = new Pipeline(Pipeline.Settings.DEFAULTS, SensorScale.DEFAULT,
        p.upper(), null, new PipelineListener() { });
    double[] sum = new double[2];
    new SimulatedWearer(s, Pacer.unpaced(), truth).run(e -> {
      if (e instanceof SourceEvent.Samples b) {
        for (ImuSample x : b.samples()) {
          pipeline.process(x);
          // the flexion is that of the sample the posture path processed last
          int i = truth.indexAt(pipeline.postureMicros());
          if (i < truth.size() && !Double.isNaN(pipeline.flexionDeg())
              && truth.activity(i).seated()) {
            double err = pipeline.flexionDeg() - truth.upperFlexionDeg(i);
            sum[0] += err * err;
            sum[1]++;
          }
        }
      } else {
        pipeline.accept(e);
      }
    });
    double rmse = Math.sqrt(sum[0] / sum[1]);
    assertTrue(sum[1] > 50_000 && rmse < 2, "RMSE " + rmse + " over " + sum[1]);
  }

  private static final String GOOD = "3s sit\n7s calibrate-neutral\n"
      + "12s calibrate-bend flexion=20 lean=15\n5s sit\n";

  @Test
  void withTwoSensorsBothAreCalibrated() throws Exception {
    Outcome r = sim("sensors 2\n" + GOOD);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("(upper and lower back)"), r.out());
    assertNotNull(stored("default").lower());
  }

  @Test
  void theQuickCalibrationNeedsOnlyTheNeutralStep() throws Exception {
    Outcome r = sim("3s sit\n10s calibrate-neutral\n", "--quick", "--profile", "q");
    assertEquals(0, r.code(), r.err());
    assertFalse(r.out().contains("[bend]"), r.out());
    assertEquals("quick", stored("q").method());
    // the simulated clip sits as documented, turned in its plane: forward is its −z
    assertTrue(stored("q").upper().forwardZ() < -0.99, stored("q").toString());
  }

  private void rejected(Outcome r, String reason) throws Exception {
    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().startsWith("slumpwatch: posture calibration rejected: " + reason),
        r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertNull(stored("default"), "nothing stored");
  }

  @Test
  void movingWhileSittingTallIsRejected() throws Exception {
    rejected(sim("3s sit\n12s extension count=2 range=15 period=3\n"),
        "you moved while sitting tall");
  }

  @Test
  void aBendTooSmallIsRejectedWithItsAngle() throws Exception {
    rejected(sim("3s sit\n7s calibrate-neutral\n12s calibrate-bend flexion=5 lean=1\n20s sit"
        + " flexion=5 lean=1\n"), "the forward bend was 6.");
  }

  @Test
  void noBendAtAllIsRejected() throws Exception {
    rejected(sim("3s sit\n40s calibrate-neutral\n"), "no forward bend was held within 20 s");
  }

  @Test
  void aSidewaysBendIsRejectedWithTheClipMounting() throws Exception {
    rejected(sim("3s sit\n7s calibrate-neutral\n12s sit lateral=25 ramp=4\n", "--mounting",
        "clip"), "the bend was mostly sideways");
  }

  @Test
  void notSittingUprightIsRejectedWithTheClipMounting() throws Exception {
    rejected(sim("3s sit lean=50 ramp=1\n10s sit lean=50\n", "--quick"), "not upright");
  }

  @Test
  void badOptionsAreUsageErrors() throws Exception {
    Outcome r = run("calibrate", "posture", "--source", "sim", "--quick", "--mounting", "any");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--quick takes the forward direction from the clip mounting"),
        r.err());
    r = run("calibrate", "posture", "--source", "sim", "--profile", "../evil");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("profile name must be"), r.err());
    r = run("calibrate", "posture");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--port PATH, or use --source sim"), r.err());
  }

  @Test
  void aStoredProfileWithAnUnknownKeyIsRefusedNamingIt() throws Exception {
    Path f = CalibrationFile.pathFor(dir.resolve("data"), "bob");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "upX=0\nupY=0\nupZ=1\nforwardX=1\nforwardY=0\nforwardZ=0\nlowerUpx=1\n");
    Outcome r = run("demo", "--max", "--profile", "bob");
    assertEquals(1, r.code());
    assertTrue(r.err().contains(f + ": unknown key lowerUpx"), r.err());
    r = run("demo", "--max", "--profile", "nobody");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("no posture profile 'nobody'"), r.err());
  }
}
