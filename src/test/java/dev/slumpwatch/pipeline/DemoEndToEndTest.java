package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.cli.DemoRun;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.GroundTruth;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.store.Store;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-hour desk scenario through the real pipeline (threads, queue, SQLite, chart),
 * checked against the simulator's ground truth.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoEndToEndTest {
  private static final double THRESHOLD_DEG = 15;

  @TempDir
  static Path dir;

  private DemoRun.Result result;
  private GroundTruth truth;
  private Scenario scenario;

  @BeforeAll
  void runDemo() throws Exception {
    scenario = Scenario.builtIn("desk-2h");
    truth = new GroundTruth();
    Clock day = Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC);
    result = DemoRun.run(scenario, Pacer.unpaced(), dir, day, msg -> {
      throw new AssertionError("store error: " + msg);
    }, DemoRun.Options.DEFAULTS.withTruth(truth));
  }

  private double sessionSeconds(long micros) {
    return (micros - truth.timeMicros(0)) / 1e6;
  }

  @Test
  void everyScriptedSlumpOfAMinuteOrMoreIsFoundWithItsDuration() throws Exception {
    List<GroundTruth.Episode> trueEpisodes = truth.slumpEpisodes(THRESHOLD_DEG, 10, false);
    List<Store.EpisodeRow> found;
    try (Store store = Store.open(result.database())) {
      found = store.episodes(result.startedMs(), result.endMs());
    }
    int checked = 0;
    for (GroundTruth.Episode t : trueEpisodes) {
      if (t.durationSeconds() < 60) {
        continue;
      }
      checked++;
      double ts = sessionSeconds(t.startMicros());
      double te = sessionSeconds(t.endMicros());
      Store.EpisodeRow best = null;
      double bestOverlap = 0;
      for (Store.EpisodeRow d : found) {
        double overlap = Math.min(te, d.endSeconds()) - Math.max(ts, d.startSeconds());
        if (overlap > bestOverlap) {
          bestOverlap = overlap;
          best = d;
        }
      }
      assertNotNull(best, "no episode found for the true slump at " + ts + " s");
      double error = Math.abs(best.durationSeconds() - t.durationSeconds()) / t.durationSeconds();
      assertTrue(error <= 0.10, String.format("true slump %.0f–%.0f s (%.0f s) found as "
          + "%.0f–%.0f s (%.0f s): %.1f %% off", ts, te, t.durationSeconds(), best.startSeconds(),
          best.endSeconds(), best.durationSeconds(), error * 100));
    }
    assertTrue(checked >= 7, "the scenario scripts at least 7 slumps of a minute or more, "
        + "found " + checked + " in the ground truth");
  }

  @Test
  void noSlumpIsReportedWhileWalking() throws Exception {
    List<double[]> walking = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= truth.size(); i++) {
      boolean w = i < truth.size() && truth.activity(i) == Activity.WALKING;
      if (w && start < 0) {
        start = i;
      } else if (!w && start >= 0) {
        walking.add(new double[] {sessionSeconds(truth.timeMicros(start)),
            sessionSeconds(truth.timeMicros(i - 1))});
        start = -1;
      }
    }
    assertFalse(walking.isEmpty(), "the scenario has a walk");
    try (Store store = Store.open(result.database())) {
      for (Store.EpisodeRow e : store.episodes(result.startedMs(), result.endMs())) {
        for (double[] w : walking) {
          assertTrue(e.endSeconds() <= w[0] || e.startSeconds() >= w[1],
              "slump episode " + e + " overlaps the walk " + w[0] + "–" + w[1] + " s");
        }
      }
      for (Store.SecondRow r : store.seconds(result.startedMs(), result.endMs())) {
        if (r.activity() == Activity.WALKING) {
          assertFalse(r.slumped(), "second " + r.second() + " is walking and slumped");
        }
      }
    }
  }

  /** Session seconds at which true sitting bouts start: after being up for 30 s or more. */
  private List<Double> trueBoutStarts() {
    List<Double> starts = new ArrayList<>();
    starts.add(0.0);
    int upSince = -1;
    for (int i = 0; i < truth.size(); i++) {
      Activity a = truth.activity(i);
      if (a.upright()) {
        if (upSince < 0) {
          upSince = i;
        }
      } else if (a.seated() && upSince >= 0) {
        if (sessionSeconds(truth.timeMicros(i)) - sessionSeconds(truth.timeMicros(upSince))
            >= 30) {
          starts.add(sessionSeconds(truth.timeMicros(i)));
        }
        upSince = -1;
      }
    }
    return starts;
  }

  @Test
  void deskBreakIsPromptedAfterThirtyMinutesOfContinuousSitting() {
    List<Double> bouts = trueBoutStarts();
    assertEquals(2, bouts.size(), "the scenario has one walk, so two sitting bouts");
    List<Double> prompts = result.summary().alerts().stream()
        .filter(a -> a.kind() == AlertKind.DESK_BREAK).map(a -> a.sessionSeconds()).toList();
    for (double boutStart : bouts) {
      double first = prompts.stream().filter(p -> p >= boutStart).findFirst()
          .orElseThrow(() -> new AssertionError("no desk-break prompt after " + boutStart));
      double minutes = (first - boutStart) / 60;
      assertEquals(30, minutes, 1.0, "first desk-break prompt of the bout that began at "
          + boutStart + " s came after " + minutes + " min of sitting");
    }
  }

  /**
   * Every prompt of the two-hour scenario, its time (h:mm:ss) and what became of it. The
   * times follow from the scenario's script and the default settings: nudges 30 s into a
   * slump, then +2, +4 min (the 0:50 slump gets none: six were given in the hour before);
   * extension prompts when 60 °·min of slump have accumulated (the wearer does not respond
   * to these; the 1:30 extensions come unprompted); desk breaks after 30 min of sitting,
   * the ignored one again 10 min later. Tolerances: a few seconds for the threshold-crossing
   * rules, a minute for the dose (an integral of the estimated flexion).
   */
  @Test
  void thePromptsOfTheDemoScenarioFireAtTheirTimes() {
    record Expected(AlertKind kind, String at, double toleranceSeconds, String outcome) {}
    List<Expected> expected = List.of(
        new Expected(AlertKind.SLUMP_NUDGE, "0:07:38", 5, null),
        new Expected(AlertKind.SLUMP_NUDGE, "0:09:38", 5, null),
        new Expected(AlertKind.SLUMP_NUDGE, "0:16:32", 5, null),
        new Expected(AlertKind.SLUMP_NUDGE, "0:20:46", 5, null),
        new Expected(AlertKind.SLUMP_NUDGE, "0:22:46", 5, null),
        new Expected(AlertKind.EXTENSION, "0:23:49", 60, "done 5 of 5 reps"),
        new Expected(AlertKind.DESK_BREAK, "0:30:01", 3, "taken relief-hold"),
        new Expected(AlertKind.SLUMP_NUDGE, "0:40:58", 5, null),
        new Expected(AlertKind.EXTENSION, "0:53:49", 60, "missed"),
        new Expected(AlertKind.DESK_BREAK, "1:01:01", 3, "missed"),
        new Expected(AlertKind.DESK_BREAK, "1:11:01", 3, "taken walk"),
        new Expected(AlertKind.SLUMP_NUDGE, "1:24:19", 5, null),
        new Expected(AlertKind.SLUMP_NUDGE, "1:26:19", 5, null),
        new Expected(AlertKind.SLUMP_NUDGE, "1:35:50", 5, null),
        new Expected(AlertKind.SLUMP_NUDGE, "1:37:50", 5, null),
        new Expected(AlertKind.EXTENSION, "1:41:35", 60, "missed"),
        new Expected(AlertKind.SLUMP_NUDGE, "1:41:50", 5, null),
        new Expected(AlertKind.DESK_BREAK, "1:45:16", 3, "taken relief-hold"),
        new Expected(AlertKind.SLUMP_NUDGE, "1:52:57", 5, null));
    List<dev.slumpwatch.alert.Alert> fired = result.summary().alerts();
    StringBuilder actual = new StringBuilder();
    for (dev.slumpwatch.alert.Alert a : fired) {
      actual.append(String.format(java.util.Locale.ROOT, "%n  %s %s", a.kind().key(),
          dev.slumpwatch.alert.ConsoleNotifier.clock(a.sessionSeconds())));
    }
    assertEquals(expected.size(), fired.size(), "prompts fired:" + actual);
    Map<Integer, String> outcomes = new HashMap<>();
    try (Store store = Store.open(result.database())) {
      for (Store.AlertRow row : store.alerts(result.startedMs(), result.endMs())) {
        if (row.outcome() != null) {
          String detail = row.outcomeDetail() == null || row.outcome().equals("missed") ? ""
              : " " + row.outcomeDetail().replaceAll(", range .*", "");
          outcomes.put(row.alertId(), row.outcome() + detail);
          if (row.outcome().equals("done")) {
            // the scenario's five reps go 15° past neutral
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("range ([0-9.]+)°")
                .matcher(row.outcomeDetail());
            assertTrue(m.find(), row.outcomeDetail());
            assertEquals(15, Double.parseDouble(m.group(1)), 2, "measured range of the reps");
          }
        }
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    for (int i = 0; i < expected.size(); i++) {
      Expected e = expected.get(i);
      dev.slumpwatch.alert.Alert a = fired.get(i);
      String[] hms = e.at().split(":");
      double at = Integer.parseInt(hms[0]) * 3600 + Integer.parseInt(hms[1]) * 60
          + Integer.parseInt(hms[2]);
      assertEquals(e.kind(), a.kind(), "prompt " + (i + 1) + actual);
      assertEquals(at, a.sessionSeconds(), e.toleranceSeconds(), "prompt " + (i + 1) + " "
          + e.kind().key() + actual);
      assertTrue(a.delivered(), "nothing is held back in the demo: " + a.suppressedBy());
      assertEquals(e.outcome(), outcomes.get(a.id()), "outcome of prompt " + (i + 1));
    }
    // the red flags go with the day's first exercise prompt only
    assertTrue(fired.get(5).message().contains("numbness in the fingers"));
    assertFalse(fired.get(6).message().contains("numbness in the fingers"));
    // one forceful twist pair at 1:46, far from the warning
    assertEquals(1, result.pipeline().alertEngine().selfManipulationsToday());
  }

  @Test
  void theDatabaseHoldsOneRowPerSecondAndTheEpisodes() throws Exception {
    long expectedSeconds = Math.round(scenario.durationSeconds());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + result.database());
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT count(*), min(second), max(second) "
          + "FROM posture_seconds WHERE session_id = " + result.sessionId())) {
        assertEquals(expectedSeconds, rs.getLong(1), "per-second rows");
        assertEquals(0, rs.getLong(2));
        assertEquals(expectedSeconds - 1, rs.getLong(3));
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM slump_episodes")) {
        assertEquals(result.summary().episodes().size(), rs.getInt(1), "stored episodes");
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM alerts")) {
        assertEquals(result.summary().alerts().size(), rs.getInt(1), "stored alerts");
      }
      try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
        assertEquals("ok", rs.getString(1));
      }
    }
  }

  @Test
  void theChartIsAPngOfTheStatedSizeWithContent() throws Exception {
    BufferedImage img = ImageIO.read(result.chart().toFile());
    assertNotNull(img, "not a readable PNG: " + result.chart());
    assertEquals(dev.slumpwatch.report.Reports.WIDTH, img.getWidth());
    assertEquals(dev.slumpwatch.report.Reports.HEIGHT, img.getHeight());
    Set<Integer> colours = new HashSet<>();
    long nonWhite = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if (rgb != 0xFFFFFF) {
          nonWhite++;
        }
      }
    }
    long sampled = (long) (img.getWidth() / 2) * (img.getHeight() / 2);
    assertTrue(colours.size() > 20, "only " + colours.size() + " colours: blank chart?");
    assertTrue(nonWhite > sampled / 50, "only " + nonWhite + " of " + sampled
        + " sampled pixels are not white");
    // the flexion line's blue must be there (the data was drawn, not just the axes)
    assertTrue(colours.contains(0x1f5f9f), "no flexion line drawn");
    // desk breaks (green), extension prompts (purple) and nudges (orange) each in their own
    // colour, in the chart and its legend
    Set<Integer> all = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        all.add(img.getRGB(x, y) & 0xFFFFFF);
      }
    }
    assertTrue(all.contains(0x209040), "desk-break green");
    assertTrue(all.contains(0x7b3fa0), "extension purple");
    assertTrue(all.contains(0xe08000), "nudge orange");
  }

  @Test
  void theDayReportPageListsTheDemoSession() throws Exception {
    String html = java.nio.file.Files.readString(result.report());
    assertTrue(result.report().getFileName().toString().matches("day-\\d{4}-\\d{2}-\\d{2}\\.html"),
        result.report().toString());
    assertEquals(8, html.split("<svg", -1).length - 1,
        "the four charts are inline, each drawn wide and narrow");
    int episodes = result.summary().episodes().size();
    assertTrue(html.contains("<td data-figure=\"episodes\">" + episodes + " "),
        "the page's episode count is the session's " + episodes);
    assertTrue(html.contains("<title>slumpwatch demo — "), "the title says demo");
  }

  @Test
  void flexionFollowsTheTruthWhileSeated() throws Exception {
    // not the posture model's acceptance (that is issue 6), but a guard that the chain is sound
    try (Store store = Store.open(result.database())) {
      double sum = 0;
      int n = 0;
      for (Store.SecondRow r : store.seconds(result.startedMs(), result.endMs())) {
        if (Double.isNaN(r.flexionMeanDeg())) {
          continue;
        }
        int i = truth.indexAt(truth.timeMicros(0) + r.second() * 1_000_000L);
        int j = truth.indexAt(truth.timeMicros(0) + (r.second() + 1) * 1_000_000L);
        if (j - i < 90 || !truth.activity(i).seated() || !truth.activity(j - 1).seated()) {
          continue;
        }
        double mean = 0;
        for (int k = i; k < j; k++) {
          mean += truth.upperFlexionDeg(k);
        }
        mean /= (j - i);
        double e = r.flexionMeanDeg() - mean;
        sum += e * e;
        n++;
      }
      double rmse = Math.sqrt(sum / n);
      assertTrue(n > 6000, "seated seconds compared: " + n);
      assertTrue(rmse < 2.0, "flexion RMSE while seated " + rmse + "°");
    }
  }
}
