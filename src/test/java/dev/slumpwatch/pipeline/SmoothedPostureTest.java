package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.orientation.InclinationSmoother;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.slump.SlumpEpisode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The posture path on the fixed-lag smoother against the same path on the causal filter
 * (lag 0), on the same simulated sessions: the lag shifts when the values are available,
 * never the device time they are dated by.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmoothedPostureTest {
  private static final String[] SCENARIOS = PostureAcceptanceTest.SCENARIOS;

  private final List<SimulatedSession> smoothed = new ArrayList<>();
  private final List<SimulatedSession> causal = new ArrayList<>();
  private final PipelineSettings causalSettings = PipelineSettings.DEFAULTS.with(
      InclinationSmoother.Settings.LAG_SECONDS, 0.0);
  private final double lagSeconds = PipelineSettings.DEFAULTS.smoother().lagSeconds();

  @BeforeAll
  void runAll() throws Exception {
    for (String name : SCENARIOS) {
      Scenario s = Scenario.builtIn(name);
      smoothed.add(SimulatedSession.run(s));
      causal.add(SimulatedSession.run(s, causalSettings));
    }
  }

  @Test
  void theDefaultLagIsOneSecond() {
    assertEquals(1.0, lagSeconds);
  }

  @Test
  void aGapTheSourceAnnouncesRunsTheWaitingSamplesThroughAtOnce() {
    List<Long> gaps = new ArrayList<>();
    Pipeline p = new Pipeline(SessionSetup.of(PostureSetup.learn()), e -> {
      if (e instanceof PipelineEvent.Gap g) {
        gaps.add(g.fromMicros());
      }
    });
    long last = 0;
    for (int k = 0; k < 300; k++) {
      last = 5_000_000L + k * 10_000L;
      p.process(new ImuSample(last, 0, k, (short) 0, (short) 0, (short) 8192, (short) 0,
          (short) 0, (short) 0, 0));
    }
    assertEquals(last - 1_000_000L, p.postureMicros(), "one lag behind while data comes");
    p.accept(new SourceEvent.Gap(last, last, "disconnected"));
    assertEquals(last, p.postureMicros(), "the gap: nothing to wait for");
    assertEquals(List.of(), gaps, "the gap itself is stored when data resumes");
    p.process(new ImuSample(last + 3_000_000L, 0, 300, (short) 0, (short) 0, (short) 8192,
        (short) 0, (short) 0, (short) 0, 0));
    assertEquals(List.of(last), gaps);
  }

  /** The detected episode matching a true one, or null. */
  private static SlumpEpisode matching(List<SlumpEpisode> detected, SlumpEpisode real) {
    for (SlumpEpisode d : detected) {
      if (SimulatedSession.matches(d, real)) {
        return d;
      }
    }
    return null;
  }

  /**
   * Episode starts against the true ones. The lag must not move the dating: every start
   * lies within the lag of the causal filter's, or, where it moves further, it moves
   * towards the true start (the smoothed flexion crosses the threshold where the truth
   * does: with breathing on a slow creep a few tenths of a degree move the first crossing by
   * a whole breath, several seconds). On average the smoother's starts must be at least as
   * close to the truth as the causal filter's.
   */
  @Test
  void episodeStartsMoveByNoMoreThanTheLagUnlessTowardsTheTruth() {
    double worst = 0;
    int within = 0;
    int towards = 0;
    double errSmoothed = 0;
    double errCausal = 0;
    StringBuilder report = new StringBuilder();
    for (int k = 0; k < smoothed.size(); k++) {
      SimulatedSession r = smoothed.get(k);
      for (SlumpEpisode real : r.trueEpisodes()) {
        SlumpEpisode a = matching(causal.get(k).episodes, real);
        SlumpEpisode b = matching(r.episodes, real);
        assertEquals(a != null, b != null, SCENARIOS[k] + ": " + real + " found by the "
            + "causal filter " + (a != null) + ", by the smoother " + (b != null));
        if (a == null) {
          continue; // found by neither
        }
        double shift = (b.startMicros() - a.startMicros()) / 1e6;
        double ds = (b.startMicros() - real.startMicros()) / 1e6;
        double dc = (a.startMicros() - real.startMicros()) / 1e6;
        report.append(String.format(Locale.ROOT, "%n  %-14s %4.0f s: start causal %+.2f s, "
            + "smoothed %+.2f s from the truth", SCENARIOS[k],
            (real.startMicros() - r.truth.timeMicros(0)) / 1e6, dc, ds));
        worst = Math.max(worst, Math.abs(shift));
        if (Math.abs(shift) <= lagSeconds) {
          within++;
        } else {
          towards++;
          assertTrue(Math.abs(ds) < Math.abs(dc), String.format(Locale.ROOT, "%s: the "
              + "smoothed start moves %.2f s away from the truth (%+.2f s against %+.2f s)",
              SCENARIOS[k], Math.abs(shift), ds, dc));
        }
        errSmoothed += Math.abs(ds);
        errCausal += Math.abs(dc);
      }
    }
    int n = within + towards;
    System.out.printf(Locale.ROOT, "episode starts, smoothed against causal, %d episodes: %d "
        + "within the lag (%.1f s), %d further but towards the true start; largest move "
        + "%.2f s; mean distance from the true start: smoothed %.2f s, causal %.2f s%s%n",
        n, within, lagSeconds, towards, worst, errSmoothed / n, errCausal / n, report);
    assertTrue(n >= 12, "episodes compared: " + n);
    // on average no further from the truth than the causal start (within 20 ms: the blend
    // moves a start by a sample or two either way)
    assertTrue(errSmoothed / n <= errCausal / n + 0.02, String.format(Locale.ROOT,
        "mean distance from the true start: smoothed %.3f s, causal %.3f s", errSmoothed / n,
        errCausal / n));
  }

  @Test
  void perSecondRowsAreDatedByTheirSamplesNotByWhenTheyWereAvailable() {
    for (int k = 0; k < smoothed.size(); k++) {
      List<PostureSecond> a = causal.get(k).seconds;
      List<PostureSecond> b = smoothed.get(k).seconds;
      assertEquals(a.size(), b.size(), SCENARIOS[k]);
      for (int i = 0; i < a.size(); i++) {
        assertEquals(a.get(i).second(), b.get(i).second(), SCENARIOS[k]);
        assertEquals(a.get(i).deviceTimeMicros(), b.get(i).deviceTimeMicros(), SCENARIOS[k]);
        assertEquals(a.get(i).samples(), b.get(i).samples(), SCENARIOS[k]);
        assertEquals(a.get(i).activity(), b.get(i).activity(), SCENARIOS[k] + " second "
            + a.get(i).second());
      }
    }
  }

  @Test
  void theLiveSnapshotsComeWithoutTheLag() {
    for (SimulatedSession r : smoothed) {
      List<long[]> live = r.live;
      assertTrue(live.size() > 5000, r.scenario.name() + ": " + live.size());
      for (int i = 0; i < live.size(); i++) {
        // dated by the newest sample, not the one the posture path is at
        assertEquals(live.get(i)[1], live.get(i)[0], r.scenario.name() + " snapshot " + i);
        if (i > 0) {
          assertTrue(live.get(i)[0] - live.get(i - 1)[0] >= 100_000, "at most 10 a second");
        }
      }
    }
  }

  @Test
  void theLiveFlexionIsTheCausalFiltersOfTheNewestSample() {
    for (SimulatedSession r : smoothed) {
      int compared = 0;
      int inside = 0;
      long first = r.truth.timeMicros(0);
      for (PostureSecond row : r.seconds) {
        if (Double.isNaN(row.flexionMeanDeg()) || !row.activity().seated()) {
          continue;
        }
        // the first snapshot within the row's second: its causal value lies in the range of
        // the smoothed values of that second
        for (int i = 0; i < r.live.size(); i++) {
          long t = r.live.get(i)[0];
          if (t >= row.deviceTimeMicros() && t < row.deviceTimeMicros() + 1_000_000L) {
            double v = r.liveFlexion.get(i);
            if (!Double.isNaN(v)) {
              compared++;
              if (v >= row.flexionMinDeg() - 0.5 && v <= row.flexionMaxDeg() + 0.5) {
                inside++;
              }
            }
            break;
          }
          if (t > row.deviceTimeMicros() + 1_000_000L) {
            break;
          }
        }
      }
      assertTrue(compared > 300, r.scenario.name() + ": seconds compared " + compared
          + " (first sample at " + first + ")");
      assertTrue(inside >= 0.95 * compared, r.scenario.name() + ": the live flexion lies in "
          + "its second's range " + inside + " times out of " + compared);
    }
  }

  @Test
  void theSmoothedFlexionIsNoWorseWhileSeated() {
    double sumSmoothed = 0;
    double nSmoothed = 0;
    double sumCausal = 0;
    double nCausal = 0;
    for (int k = 0; k < smoothed.size(); k++) {
      double[] s = smoothed.get(k).seatedFlexionErrors();
      double[] c = causal.get(k).seatedFlexionErrors();
      sumSmoothed += s[0];
      nSmoothed += s[1];
      sumCausal += c[0];
      nCausal += c[1];
    }
    double rmseSmoothed = Math.sqrt(sumSmoothed / nSmoothed);
    double rmseCausal = Math.sqrt(sumCausal / nCausal);
    System.out.printf(Locale.ROOT, "seated flexion RMSE, %d sessions: smoothed %.3f°, causal "
        + "%.3f°%n", smoothed.size(), rmseSmoothed, rmseCausal);
    assertTrue(rmseSmoothed <= rmseCausal + 0.005, rmseSmoothed + "° against " + rmseCausal);
  }
}
