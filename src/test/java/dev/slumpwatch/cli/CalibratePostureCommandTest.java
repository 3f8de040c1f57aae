package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.pipeline.Pipeline;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.GroundTruth;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.testing.Cli.Outcome;
import dev.slumpwatch.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code calibrate posture} against the simulated wearer, good and bad calibrations. The
 * simulated wearer's profiles go to the demo's folder, never to a real wearer's.
 */
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

  /** The simulated wearer's profile, in the demo's folder. */
  private PostureProfile stored(String profile) throws Exception {
    return CalibrationFile.load(dir.resolve("data").resolve("demo"), profile);
  }

  /** {@code --settings} with the calibration's repeats switched off: the first failure ends it. */
  private String noRepeats() throws Exception {
    Path f = dir.resolve("no-repeats.properties");
    Files.writeString(f, "calibration.repeats = 0\n");
    return "--settings=" + f;
  }

  @Test
  void theGuidedCalibrationCountsDownShowsTheAngleAndStoresAProfileThatMeasuresRight()
      throws Exception {
    Outcome r = run("calibrate", "posture", "--source", "sim", "--speed", "100000", "--seed", "7",
        "--profile", "ann");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("[calibration 1/2] sit tall, shoulders back and down, and hold "
        + "still; measuring starts in 3 s\n"), r.out());
    assertTrue(r.out().contains("[calibration 1/2] sit tall and hold still for 5 s\n"), r.out());
    assertTrue(r.out().contains("[calibration 2/2] now bend forward slowly, about 30°, and hold "
        + "it\n"), r.out());
    assertTrue(r.out().matches("(?s).*\\[calibration 2/2] hold the bend still for 3 s "
        + "\\(\\d\\d\\.\\d° from neutral\\)\n.*"), r.out());
    assertFalse(r.out().contains("\033"), "no terminal codes into a file or a pipe");
    assertTrue(r.out().contains("saved profile 'ann'"), r.out());
    PostureProfile p = stored("ann");
    assertNotNull(p);
    assertEquals("two-step", p.method());
    assertNull(p.lower(), "one sensor");
    assertNull(stored("default"), "only the named profile is written");
    assertNull(CalibrationFile.load(dir.resolve("data"), "ann"),
        "the simulated wearer never writes a real wearer's profile");

    // the stored profile measures another session of the same wearer (same seed: the same
    // clip orientation) within the acceptance tolerance
    Scenario s = Scenario.builtIn("slow-creep").withSeed(7);
    GroundTruth truth = new GroundTruth();
    Pipeline pipeline = new Pipeline(SessionSetup.of(PostureSetup.storedOnly(p)), e -> { });
    double[] sum = new double[2];
    new SimulatedWearer(s, Pacer.unpaced(), truth).run(e -> {
      if (e instanceof SourceEvent.Samples b) {
        for (ImuSample x : b.samples()) {
          pipeline.process(x);
          int i = truth.size() - 1;
          if (!Double.isNaN(pipeline.flexionDeg()) && truth.activity(i).seated()) {
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
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.err().startsWith("slumpwatch: posture calibration rejected: " + reason),
        r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertNull(stored("default"), "nothing stored");
  }

  @Test
  void aFailedStepSaysWhyAndIsTriedAgainByItself() throws Exception {
    // bends only 6° and holds it; told why, bends 30° and holds
    Outcome r = sim("3s sit\n7s calibrate-neutral\n8s calibrate-bend flexion=5 lean=1\n"
        + "2s sit ramp=1.5\n12s calibrate-bend flexion=20 lean=10\n5s sit\n");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().matches("(?s).*\\[calibration 2/2, try 2 of 4] not taken: the forward "
        + "bend was [56]\\.\\d°, at least 10° is needed to tell forward from sideways: bend "
        + "further, about 30°; again: now bend forward slowly, about 30°, and hold it\n.*"),
        r.out());
    assertTrue(r.out().contains("saved profile 'default'"), r.out());
  }

  @Test
  void movingWhileSittingTallIsRejected() throws Exception {
    rejected(sim("3s sit\n40s extension count=6 range=15 period=5\n", noRepeats()),
        "you did not hold still for 5 s while sitting tall within 30 s");
  }

  @Test
  void aBendTooSmallIsRejectedWithItsAngle() throws Exception {
    rejected(sim("3s sit\n7s calibrate-neutral\n12s calibrate-bend flexion=5 lean=1\n20s sit"
        + " flexion=5 lean=1\n", noRepeats()), "the forward bend was 6.");
  }

  @Test
  void noBendAtAllIsRejected() throws Exception {
    rejected(sim("3s sit\n60s calibrate-neutral\n", noRepeats()),
        "no forward bend was held within 30 s");
  }

  @Test
  void aSidewaysBendIsRejectedWithTheClipMounting() throws Exception {
    rejected(sim("3s sit\n7s calibrate-neutral\n12s sit lateral=25 ramp=4\n", "--mounting",
        "clip", noRepeats()), "the bend was mostly sideways");
  }

  @Test
  void notSittingUprightIsRejectedWithTheClipMounting() throws Exception {
    rejected(sim("3s sit lean=50 ramp=1\n10s sit lean=50\n", "--quick", noRepeats()),
        "not upright");
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
    assertTrue(r.err().contains("--port PATH, or use --source pi-i2c for an MPU-6050 on this "
        + "Raspberry Pi's I2C bus, or --source sim for the simulated wearer"), r.err());
  }

  @Test
  void aStoredProfileWithAnUnknownKeyIsRefusedNamingIt() throws Exception {
    Path f = CalibrationFile.pathFor(dir.resolve("data").resolve("demo"), "bob");
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
