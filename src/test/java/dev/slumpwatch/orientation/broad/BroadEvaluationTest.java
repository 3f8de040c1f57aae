package dev.slumpwatch.orientation.broad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.slumpwatch.cli.Main;
import dev.slumpwatch.orientation.InclinationFilter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptance figures on the BROAD trials in {@code ../shared/data/broad/data_hdf5}
 * (system property {@code broad.dir}, set by the build). When the data is not there each
 * test is skipped with the reason, which is also printed (a clone that is not beside
 * {@code ../shared} would otherwise report "Tests run: 0" and nothing else), except under
 * {@code CI=true}, where missing data is a failure.
 */
class BroadEvaluationTest {
  private static List<BroadTrial> nativeTrials;
  /** Why the trials are not there, or null. */
  private static String missing;

  @BeforeAll
  static void load() throws Exception {
    String prop = System.getProperty("broad.dir");
    Path dir = prop == null ? null : Path.of(prop);
    missing = null;
    if (dir == null || !Files.isDirectory(dir)) {
      String reason = "BROAD data not found at " + dir + " (system property broad.dir; the "
          + "build looks in ../shared/data/broad/data_hdf5 beside the clone, or pass "
          + "-Dbroad.dir=DIR); the evaluation is skipped";
      if ("true".equals(System.getenv("CI"))) {
        fail("BROAD data directory missing in CI: " + dir + " (system property broad.dir)");
      }
      System.err.println("SKIPPED: BroadEvaluationTest: " + reason);
      missing = reason;
      return;
    }
    nativeTrials = BroadEvaluation.load(dir, 1);
    assertEquals(10, nativeTrials.size(), "expected the ten trials of the subset in " + dir);
  }

  @BeforeEach
  void needsTheData() {
    // per test, so that each one is reported as skipped, with the reason
    Assumptions.assumeTrue(missing == null, () -> missing);
  }

  private static double mean(int factor) {
    List<BroadEvaluation.TrialResult> results = new ArrayList<>();
    for (BroadTrial t : nativeTrials) {
      results.add(BroadEvaluation.run(t.downsampled(factor),
          () -> BroadEvaluation.ours(InclinationFilter.Settings.GENERAL)));
    }
    return BroadEvaluation.mean(results);
  }

  @Test
  void nativeRateMeanRmseAtMostPointNine() {
    double m = mean(1);
    assertTrue(m <= 0.9, String.format(Locale.ROOT, "%.3f° at ~286 Hz", m));
  }

  @Test
  void ninetyFiveHertzMeanRmseAtMostOne() {
    double m = mean(3);
    assertTrue(m <= 1.0, String.format(Locale.ROOT, "%.3f° at ~95 Hz", m));
  }

  @Test
  void fortyEightHertzMeanRmseAtMostOnePointThree() {
    double m = mean(6);
    assertTrue(m <= 1.3, String.format(Locale.ROOT, "%.3f° at ~48 Hz", m));
  }

  @Test
  void theCommandEndsWithTheMeanLine() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("evaluate", "broad", System.getProperty("broad.dir"), "--rate", "95");
    assertEquals(0, code, err.toString());
    String[] lines = out.toString().strip().split("\\R");
    String last = lines[lines.length - 1];
    assertTrue(last.matches("mean inclination RMSE: \\d+\\.\\d\\d deg over 10 trials"), last);
    assertTrue(out.toString().contains("Madgwick (beta 0.040)"), out.toString());
  }

  @Test
  void errorIsZeroForTheSameTiltWhateverTheHeading() {
    double[] ref = {Math.cos(0.3), Math.sin(0.3), 0, 0};
    // a heading rotation on the left (earth frame) leaves inclination unchanged
    double h = 1.1;
    double[] est = {Math.cos(h) * ref[0] - Math.sin(h) * ref[3],
        Math.cos(h) * ref[1] - Math.sin(h) * ref[2],
        Math.cos(h) * ref[2] + Math.sin(h) * ref[1], Math.cos(h) * ref[3] + Math.sin(h) * ref[0]};
    assertEquals(0, BroadEvaluation.inclinationErrorRad(est, ref), 1e-7);
    double[] tilted = {Math.cos(0.35), Math.sin(0.35), 0, 0};
    assertEquals(0.1, BroadEvaluation.inclinationErrorRad(tilted, ref), 1e-9);
  }
}
