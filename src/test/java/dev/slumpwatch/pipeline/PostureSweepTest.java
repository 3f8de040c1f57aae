package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.posture.BendPivot;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.slump.SlumpEpisode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The posture acceptance figures over many seeds: every posture scenario (the eight of
 * {@link PostureAcceptanceTest}, the one-sensor reaches, the four creeps with and without
 * gyro bias), a clip drifting 5° over two hours and a wearer slumped 40 % of three hours.
 * Each seed mounts the clip at another random orientation and draws other MPU-6050 errors.
 *
 * <p>CI runs it with {@value #CI_SEEDS} seeds per scenario (about a minute on two cores);
 * the figures in the note come from 20:
 * {@code ./mvnw -q -B -o test -Dtest=PostureSweepTest -Dsweep.seeds=20}
 * ({@code -Dsweep.threads=N} to use N cores, default 2). Every figure is printed.
 *
 * <p>Truth for slump episodes here is the <em>thoracic</em> flexion (upper minus lower
 * back) for one sensor as for two: a slump is a rounded upper back, so an episode
 * detected while the wearer leans in from the hips with a straight back is a false
 * positive. The seated flexion error compares what the pipeline reports: with one sensor
 * the upper back's inclination, with two the thoracic flexion; the RMSE that is checked
 * leaves out the few seconds of {@code slip} segments (the clip turning on the back before
 * the slip detector has seen it: about 20° of error for a second) and the end of
 * {@code clip-slipped}, measured with a calibration learnt from a wearer who was not
 * following its prompts ({@link SimulatedSession#unpromptedCalibrationAt}: its neutral is
 * the 2° the scripted wearer sat at, so it reads 2° less than the script's truth), and is
 * printed with them too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostureSweepTest {
  static final int CI_SEEDS = 2;
  static final int SEEDS = Integer.getInteger("sweep.seeds", CI_SEEDS);
  static final int THREADS = Integer.getInteger("sweep.threads", 2);
  /** {@code -Dsweep.only=a,b}: only these scenarios (to look into one; checks that need
   * the others then fail or pass vacuously). */
  static final List<String> ONLY = System.getProperty("sweep.only", "").isBlank() ? List.of()
      : List.of(System.getProperty("sweep.only").split(","));

  /** Posture scenarios: the seated flexion RMSE, onsets and F1 are pooled over these. */
  static final String[] POSTURE = {"slow-creep", "hip-hinge", "lateral-lean",
      "walking-breaks", "fidgeting", "clip-slipped", "sensor-off", "two-sensor",
      "reach-one-sensor", "creep-0.05", "creep-0.1", "creep-0.3", "creep-1"};
  static final String[] CREEPS = {"creep-0.05", "creep-0.1", "creep-0.3", "creep-1"};
  /** The reference runs of reach-one-sensor with the one-sensor hinge test off. */
  static final String NO_HINGE_TEST = " (no hinge test)";
  /** The end of the clip-drift scenario over which its flexion error is taken, s. */
  static final double DRIFT_END_SECONDS = 240;

  /** One run's figures; the session itself is not kept (a long one holds 100 MB). */
  record Run(String scenario, String variant, long seed, boolean twoSensors, double sse,
      long count, double sseWithSlips, long countWithSlips, List<Double> onsets, int tp, int detected, int real, int upperTp,
      int upperReal, int hingeFalsePositives, double endErrorDeg, double neutralEndDeg,
      double neutralMaxDeg, int reanchorings, double slumpedFraction,
      List<Long> matchedTrueStarts) {
    String key() {
      return scenario + variant;
    }

    double rmse() {
      return Math.sqrt(sse / count);
    }
  }

  private final List<Run> runs = new ArrayList<>();
  private double elapsedSeconds;

  @BeforeAll
  void runAll() throws Exception {
    long t0 = System.nanoTime();
    List<Scenario> jobs = new ArrayList<>();
    List<String> variants = new ArrayList<>();
    List<PipelineSettings> settings = new ArrayList<>();
    // the posture scenarios, then the long ones judged on their own (the neutral's drift)
    List<String> names = new ArrayList<>(List.of(POSTURE));
    names.addAll(List.of("clip-drift", "slumped-day"));
    for (String name : names) {
      if (!ONLY.isEmpty() && !ONLY.contains(name)) {
        continue;
      }
      Scenario s = Scenario.builtIn(name);
      for (int k = 0; k < SEEDS; k++) {
        jobs.add(s.withSeed(s.seed() * 1000 + k));
        variants.add("");
        settings.add(PipelineSettings.DEFAULTS);
        if (name.startsWith("creep-")) {
          jobs.add(s.withSeed(s.seed() * 1000 + k).withGyroBias(false));
          variants.add(" (no bias)");
          settings.add(PipelineSettings.DEFAULTS);
        }
        if (name.equals("reach-one-sensor")) {
          jobs.add(s.withSeed(s.seed() * 1000 + k));
          variants.add(NO_HINGE_TEST);
          settings.add(PipelineSettings.DEFAULTS.with(BendPivot.Settings.HIP_LEAN, false));
        }
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Run>> futures = new ArrayList<>();
      // the longest first, so that two threads finish together
      for (int i = jobs.size() - 1; i >= 0; i--) {
        Scenario s = jobs.get(i);
        String v = variants.get(i);
        PipelineSettings p = settings.get(i);
        futures.add(pool.submit(() -> measure(s, v, p)));
      }
      for (Future<Run> f : futures) {
        runs.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    elapsedSeconds = (System.nanoTime() - t0) / 1e9;
    print();
  }

  static Run measure(Scenario s, String variant, PipelineSettings settings)
      throws InterruptedException {
    SimulatedSession r = SimulatedSession.run(s, settings);
    double[] e = r.seatedFlexionErrors(true);
    double[] all = r.seatedFlexionErrors(false);
    List<SlumpEpisode> thoracic = r.trueEpisodes(true);
    int[] m = r.matchCounts(thoracic);
    int[] upper = r.matchCounts(r.trueEpisodes(false));
    int hinge = hingeFalsePositives(r);
    double end = endError(r, DRIFT_END_SECONDS);
    double slumped = SimulatedSession.seconds(thoracic)
        / (r.truth.timeMicros(r.truth.size() - 1) - r.truth.timeMicros(0)) * 1e6;
    return new Run(s.name(), variant, s.seed(), r.twoSensors(), e[0], (long) e[1], all[0],
        (long) all[1], r.onsetErrors(thoracic), m[0], m[1], m[2], upper[0], upper[2], hinge, end,
        r.neutralShiftDeg(), r.neutralMaxShiftDeg(), r.reanchorings.size(), slumped,
        matchedStarts(r, thoracic));
  }

  /** Start times of the true episodes that a detected one matched. */
  static List<Long> matchedStarts(SimulatedSession r, List<SlumpEpisode> real) {
    int[] m = r.matching(real);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < m.length; i++) {
      if (m[i] >= 0) {
        out.add(real.get(i).startMicros());
      }
    }
    return out;
  }

  /**
   * {true slumps found without the one-sensor hinge test and missed with it, found only
   * with it}, over the reach-one-sensor runs (the same seeds either way).
   */
  private int[] hingeTestLossesAndGains() {
    int lost = 0;
    int gained = 0;
    for (Run with : of("reach-one-sensor")) {
      if (!with.variant().isEmpty()) {
        continue;
      }
      for (Run without : of("reach-one-sensor")) {
        if (without.variant().equals(NO_HINGE_TEST) && without.seed() == with.seed()) {
          for (Long t : without.matchedTrueStarts()) {
            lost += with.matchedTrueStarts().contains(t) ? 0 : 1;
          }
          for (Long t : with.matchedTrueStarts()) {
            gained += without.matchedTrueStarts().contains(t) ? 0 : 1;
          }
        }
      }
    }
    return new int[] {lost, gained};
  }

  /**
   * Detected episodes that lie mostly (over half their length) in a held hip hinge: the
   * lower back leant forward more than 10° while the thoracic flexion stays under 10°.
   */
  static int hingeFalsePositives(SimulatedSession r) {
    int n = 0;
    for (SlumpEpisode e : r.episodes) {
      int from = r.truth.indexAt(e.startMicros());
      int to = r.truth.indexAt(e.endMicros());
      int in = 0;
      for (int i = from; i < to && i < r.truth.size(); i++) {
        if (r.truth.lowerFlexionDeg(i) > 10 && r.truth.thoracicFlexionDeg(i) < 10) {
          in++;
        }
      }
      if (in > 0.5 * (to - from)) {
        n++;
      }
    }
    return n;
  }

  /** Mean error of the known seated flexion over the scenario's last seconds, degrees. */
  static double endError(SimulatedSession r, double lastSeconds) {
    long from = r.time[r.n - 1] - (long) (lastSeconds * 1e6);
    double sum = 0;
    int n = 0;
    for (int k = 0; k < r.n; k++) {
      if (r.time[k] < from || Float.isNaN(r.flexion[k])) {
        continue;
      }
      int i = r.truth.indexAt(r.time[k]);
      if (i < r.truth.size() && r.truth.activity(i).seated()) {
        sum += r.flexion[k] - r.trueFlexion(i);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private List<Run> of(String scenario) {
    return runs.stream().filter(r -> r.scenario().equals(scenario)).toList();
  }

  /** The runs with the defaults (not the hinge test's reference runs). */
  private List<Run> ofDefaults(String scenario) {
    return of(scenario).stream().filter(r -> !r.variant().equals(NO_HINGE_TEST)).toList();
  }

  private static double pooledRmse(List<Run> list) {
    double sse = 0;
    long n = 0;
    for (Run r : list) {
      sse += r.sse();
      n += r.count();
    }
    return Math.sqrt(sse / n);
  }

  private static double meanAbs(List<Double> values) {
    return values.stream().mapToDouble(Math::abs).average().orElse(Double.NaN);
  }

  private static List<Double> onsets(List<Run> list) {
    List<Double> out = new ArrayList<>();
    list.forEach(r -> out.addAll(r.onsets()));
    return out;
  }

  /** {tp, detected, real} over runs, for F1. */
  private static int[] counts(List<Run> list) {
    int[] c = new int[3];
    for (Run r : list) {
      c[0] += r.tp();
      c[1] += r.detected();
      c[2] += r.real();
    }
    return c;
  }

  private static double f1(int[] c) {
    double p = c[0] / (double) c[1];
    double rec = c[0] / (double) c[2];
    return 2 * p * rec / (p + rec);
  }

  /** Posture runs that count for F1: all but the clip that slips (nothing to measure after). */
  private List<Run> f1Runs(boolean twoSensors) {
    List<String> posture = List.of(POSTURE);
    return runs.stream().filter(r -> posture.contains(r.scenario())
        && !r.variant().equals(NO_HINGE_TEST) && !r.scenario().equals("clip-slipped")
        && r.twoSensors() == twoSensors).toList();
  }

  private List<Run> postureRuns() {
    List<String> posture = List.of(POSTURE);
    return runs.stream().filter(r -> posture.contains(r.scenario())
        && !r.variant().equals(NO_HINGE_TEST)).toList();
  }

  private void print() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "posture sweep: %d seeds per scenario, %d runs, %.0f s "
        + "on %d threads%n", SEEDS, runs.size(), elapsedSeconds, THREADS));
    b.append(String.format(Locale.ROOT, "%-30s %4s %8s %8s %13s %16s %6s%n", "scenario", "runs",
        "RMSE °", "worst °", "true/det/tp", "onset |s| / s", "hinge"));
    Map<String, List<Run>> byKey = new LinkedHashMap<>();
    for (Run r : runs) {
      byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
    }
    byKey.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(en -> {
      List<Run> l = en.getValue();
      int[] c = counts(l);
      double worst = l.stream().mapToDouble(Run::rmse).max().orElse(Double.NaN);
      List<Double> on = onsets(l);
      b.append(String.format(Locale.ROOT, "%-30s %4d %8.3f %8.3f %4d/%3d/%3d %7.2f / %+6.2f "
          + "%6d%n", en.getKey(), l.size(), pooledRmse(l), worst, c[2], c[1], c[0],
          meanAbs(on), on.stream().mapToDouble(d -> d).average().orElse(Double.NaN),
          l.stream().mapToInt(Run::hingeFalsePositives).sum()));
    });
    List<Run> posture = postureRuns();
    List<Double> on = onsets(posture);
    double withSlips = Math.sqrt(posture.stream().mapToDouble(Run::sseWithSlips).sum()
        / posture.stream().mapToLong(Run::countWithSlips).sum());
    b.append(String.format(Locale.ROOT, "seated flexion RMSE over the posture scenarios: "
        + "%.3f° (%d runs; worst run %.3f°); with the clip's slips themselves (about a "
        + "second each, before the slip detector sees them) and the time after a calibration "
        + "learnt from the unprompted scripted wearer: %.3f°%n", pooledRmse(posture),
        posture.size(), posture.stream().mapToDouble(Run::rmse).max().orElse(Double.NaN),
        withSlips));
    b.append(String.format(Locale.ROOT, "episode onset (detected minus true start): mean "
        + "|error| %.2f s, mean %+.2f s over %d matched episodes%n", meanAbs(on),
        on.stream().mapToDouble(d -> d).average().orElse(Double.NaN), on.size()));
    for (boolean two : new boolean[] {false, true}) {
      List<Run> l = f1Runs(two);
      int[] c = counts(l);
      int upperTp = l.stream().mapToInt(Run::upperTp).sum();
      int upperReal = l.stream().mapToInt(Run::upperReal).sum();
      b.append(String.format(Locale.ROOT, "%s: F1 %.3f (precision %.3f, recall %.3f; %d true "
          + "thoracic slumps, %d detected, %d matched; %d detections in held hip hinges); "
          + "against the upper back's inclination instead: %d of %d matched%n",
          two ? "two sensors" : "one sensor", f1(c), c[0] / (double) c[1],
          c[0] / (double) c[2], c[2], c[1], c[0],
          l.stream().mapToInt(Run::hingeFalsePositives).sum(), upperTp, upperReal));
    }
    int[] lg = hingeTestLossesAndGains();
    b.append(String.format(Locale.ROOT, "one-sensor hinge test on reach-one-sensor: %d true "
        + "slumps found without it and missed with it, %d found only with it%n", lg[0],
        lg[1]));
    for (Run r : of("clip-drift")) {
      b.append(String.format(Locale.ROOT, "clip-drift seed %d: flexion error over the last "
          + "%.0f s %+.2f°, neutral moved %+.2f° in %d re-anchorings%n", r.seed(),
          DRIFT_END_SECONDS, r.endErrorDeg(), r.neutralEndDeg(), r.reanchorings()));
    }
    for (Run r : of("slumped-day")) {
      b.append(String.format(Locale.ROOT, "slumped-day seed %d: slumped %.0f %% of the time, "
          + "neutral moved %+.2f° (at most %.2f°) in %d re-anchorings%n", r.seed(),
          100 * r.slumpedFraction(), r.neutralEndDeg(), r.neutralMaxDeg(), r.reanchorings()));
    }
    System.out.print(b);
  }

  @Test
  void seatedFlexionRmseIsAtMostThreeTenthsOfADegreeCreepsIncluded() {
    double all = pooledRmse(postureRuns());
    assertTrue(all <= 0.3, "seated flexion RMSE " + all + "°");
    for (String creep : CREEPS) {
      double rmse = pooledRmse(of(creep));
      assertTrue(rmse <= 0.3, creep + ": seated flexion RMSE " + rmse + "°");
    }
  }

  /**
   * On average (the issue's own measure: episodes started 1.4 s late on average) the onset
   * is within half a second. The mean of the absolute errors is printed too and is larger:
   * on a creep of 0.05 °/s every 0.1° of flexion error moves the crossing by 2 s, and the
   * part's uncalibrated accelerometer offset (up to 20 mg) alone makes about 0.2° at 15°.
   */
  @Test
  void episodesStartWithinHalfASecondOfTheTruthOnAverage() {
    double mean = onsets(postureRuns()).stream().mapToDouble(d -> d).average().orElseThrow();
    assertTrue(Math.abs(mean) <= 0.5, "mean onset error " + mean + " s");
  }

  @Test
  void oneSensorFindsSlumpsNotHipHingesAndTwoSensorsStayAbove98Percent() {
    int[] one = counts(f1Runs(false));
    int[] two = counts(f1Runs(true));
    assertTrue(one[2] >= 20 * SEEDS, "true one-sensor slumps " + one[2]);
    assertTrue(f1(one) >= 0.95, "one-sensor F1 " + f1(one));
    assertTrue(f1(two) >= 0.98, "two-sensor F1 " + f1(two));
    // no true slump lost to the hinge test: none that the same runs found without it, and
    // every one in the scenarios without a hip hinge
    int[] lg = hingeTestLossesAndGains();
    assertTrue(lg[0] == 0, lg[0] + " true slumps lost to the hinge test");
    for (Run r : f1Runs(false)) {
      if (!r.scenario().equals("reach-one-sensor")) {
        assertTrue(r.tp() == r.real(), r.scenario() + " seed " + r.seed() + ": "
            + (r.real() - r.tp()) + " true slumps missed");
      }
    }
    for (Run r : ofDefaults("reach-one-sensor")) {
      assertTrue(r.real() >= 4, "reach-one-sensor seed " + r.seed() + ": " + r.real()
          + " true slumps");
    }
  }

  @Test
  void aDriftingClipIsFollowedAndASlumpedWearerDoesNotMoveTheNeutral() {
    for (Run r : of("clip-drift")) {
      assertTrue(Math.abs(r.endErrorDeg()) <= 1.0, "clip-drift seed " + r.seed()
          + ": flexion error at the end " + r.endErrorDeg() + "°");
    }
    for (Run r : of("slumped-day")) {
      assertTrue(r.slumpedFraction() >= 0.4, "slumped-day seed " + r.seed() + " slumped "
          + r.slumpedFraction());
      assertTrue(r.neutralMaxDeg() < 1.0, "slumped-day seed " + r.seed()
          + ": the neutral moved " + r.neutralMaxDeg() + "°");
    }
  }
}
