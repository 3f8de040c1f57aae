package dev.slumpwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.GroundTruth;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.Events;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily report of a simulated day, checked against the wearer's ground truth, and its
 * files: PNGs with content, SVGs that parse, an HTML page that reads offline and escapes
 * hostile text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DayReportTest {
  /** About 38 minutes: three slumps, the sensor taken off, a link loss, a walk. */
  private static final String SCENARIO = """
      name report-day
      seed 11
      10s calibrate-neutral
      8s  calibrate-bend flexion=20 lean=10
      4m  sit flexion=2 typing=yes
      5m  sit flexion=24 ramp=20 typing=yes
      3m  sit flexion=2 ramp=3 typing=yes
      3m  off
      2m  sit flexion=3 typing=yes
      45s gap
      4m  sit flexion=22 ramp=10 typing=yes
      3m  sit flexion=2 ramp=3
      10s stand
      3m  walk
      2m  sit flexion=2 typing=yes
      6m  sit flexion=19 ramp=60 typing=yes
      2m  sit flexion=2 ramp=3 typing=yes
      """;
  private static final double THRESHOLD = 15;
  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);
  private static final long T0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
  private static final String HOSTILE = "<script>alert('x')</script>&\"";

  @TempDir
  static Path dir;

  private GroundTruth truth;
  private long simulatedReps;
  private DayReport day;
  private Path page;

  @BeforeAll
  void runTheDayAndWriteTheReport() throws Exception {
    Scenario scenario = Scenario.parse(SCENARIO, "report-day");
    truth = new GroundTruth();
    Path db = dir.resolve("slumpwatch.db");
    SimulatedWearer source = new SimulatedWearer(scenario, Pacer.unpaced(), truth);
    SessionSetup setup = SessionSetup.of(PostureSetup.learn())
        .withClock(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
    Consumer<PipelineEvent> reps = e -> {
      if (e instanceof PipelineEvent.AlertDecided d) {
        simulatedReps += Math.max(0, d.outcome().reps());
      }
    };
    SessionRunner.run(new SessionRunner.Spec(source, db, setup, "sim", List.of(reps), msg -> {
      throw new AssertionError(msg);
    }, 64), null);
    try (Store s = Store.open(db)) {
      // a second session later that day from a device with a hostile id and message
      long id = s.beginSession(new Store.SessionInfo(T0 + 7_200_000, HOSTILE + " source",
          HOSTILE, HOSTILE, HOSTILE, 100, 0));
      s.write(new Store.SessionRef(id, T0 + 7_200_000, 0), List.of(new PipelineEvent.Second(new PostureSecond(0, 0, 3, 2,
          4, 0, Activity.SEATED_STILL, false, 100)), new PipelineEvent.AlertFired(
          new Alert(1, 0, 0.5, AlertKind.SLUMP_NUDGE, HOSTILE)),
          new PipelineEvent.AlertFired(new Alert(2, 60_000_000L, 60, AlertKind.EXTENSION, "ext")),
          Events.outcome(new AlertOutcome(2, 240_000_000L, AlertOutcome.PARTIAL,
              "4 of 5 reps", 4, 12.5), 240)));
      day = DayReport.load(s, DAY, ZoneOffset.UTC, THRESHOLD);
    }
    page = Reports.writeDay(day, dir.resolve("reports"), Reports.Options.DEFAULTS);
  }

  private double truthSeconds(java.util.function.Predicate<Activity> which) {
    long n = 0;
    for (int i = 0; i < truth.size(); i++) {
      if (which.test(truth.activity(i))) {
        n++;
      }
    }
    return n / (double) SimulatedWearer.RATE_HZ;
  }

  @Test
  void wornTimeMatchesTheTruthWithinTwoPercent() {
    double trueWorn = truthSeconds(a -> a != Activity.UNKNOWN && a != Activity.NOT_WORN)
        + 1; // the hostile session's one second
    double reported = day.figures().wornSeconds();
    // the first seconds (filter convergence, calibration) are unknown by design, and the
    // activity classifier needs a few seconds after taking the sensor off and on
    assertEquals(trueWorn, reported, trueWorn * 0.02, "worn seconds");
  }

  @Test
  void slumpMinutesAndEpisodesMatchTheTruth() {
    List<GroundTruth.Episode> trueEpisodes = truth.slumpEpisodes(THRESHOLD, 10, false);
    double trueMinutes = trueEpisodes.stream().mapToDouble(GroundTruth.Episode::durationSeconds)
        .sum() / 60;
    DayFigures f = day.figures();
    assertEquals(3, trueEpisodes.size(), "the scenario scripts three slumps");
    assertEquals(trueEpisodes.size(), f.episodes(), "episodes");
    assertEquals(trueMinutes, f.slumpMinutes(), trueMinutes * 0.05, "slump minutes within 5 %");
    double trueLongest = trueEpisodes.stream()
        .mapToDouble(GroundTruth.Episode::durationSeconds).max().orElseThrow();
    assertEquals(trueLongest, f.longestEpisodeSeconds(), trueLongest * 0.05, "longest");
    // one definition: the hours' slump time and the "seated slumped" state are the day's
    double perHour = day.hours().stream().mapToDouble(DayReport.Hour::slumpSeconds).sum();
    assertEquals(f.slumpSeconds(), perHour, 1e-6, "per-hour slump time vs the day's");
    assertEquals(f.slumpSeconds(), day.stateSeconds().get(DayReport.SLUMPED), 1e-6);
    long wornPerHour = day.hours().stream().mapToLong(DayReport.Hour::wornSeconds).sum();
    assertEquals(f.wornSeconds(), wornPerHour, "per-hour worn time vs the day's");
    assertTrue(f.slumpDoseDegMinutes() > 0);
    double upright = 100 * (f.wornSeconds() - f.slumpSeconds()) / f.wornSeconds();
    assertEquals(upright, f.uprightPercent(), 1e-9);
    assertEquals(100 * (1 - trueMinutes * 60 / f.wornSeconds()), f.uprightPercent(), 2.0,
        "upright % against the truth");
    // the per-second flag is a different figure: shorter by about the onset delay (10 s)
    // per episode, and longer by the recovery hold (1 s)
    assertEquals(f.slumpSeconds() - 9 * f.episodes(), f.flaggedSlumpSeconds(),
        2.0 * f.episodes(), "flagged seconds vs slump time");
  }

  @Test
  void theGapAndTheTimeOffTheBackAreShownAsSuch() {
    assertEquals(45, day.figures().gapSeconds(), 1.0, "recorded gap");
    assertEquals(45, day.stateSeconds().get(DayReport.NO_DATA), 1.0);
    double trueOff = truthSeconds(a -> a == Activity.NOT_WORN);
    // the activity classifier needs up to about half a minute to settle on a new activity
    // (the sensor lying still on the desk, walking after standing up)
    assertEquals(trueOff, day.stateSeconds().get(Activity.NOT_WORN.key()), 40,
        "not-worn time within the classifier's settling time");
    double trueWalk = truthSeconds(a -> a == Activity.WALKING);
    assertEquals(trueWalk, day.stateSeconds().get(Activity.WALKING.key()), 40, "walking");
    double total = day.stateSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(day.seconds().size() + 45, total, 1, "every second in exactly one state");
  }

  @Test
  void percentilesPerHourAreOrderedAndFollowTheFlexion() {
    DayReport.Hour nine = day.hours().get(9);
    assertTrue(nine.knownSeconds() > 1800, "known seconds at 09h: " + nine.knownSeconds());
    assertTrue(nine.p10Deg() <= nine.p50Deg() && nine.p50Deg() <= nine.p90Deg());
    assertTrue(nine.p90Deg() > THRESHOLD, "slumps reach the 90th percentile: " + nine.p90Deg());
    assertTrue(nine.p50Deg() < THRESHOLD, "most of the hour is upright: " + nine.p50Deg());
    assertTrue(Double.isNaN(day.hours().get(3).p50Deg()), "no data at 03h");
    assertEquals(2.5, DayReport.percentile(new double[] {1, 2, 3, 4}, 0.5), 1e-12);
  }

  private Stream<Path> files(String ext) throws Exception {
    return Files.list(page.getParent()).filter(p -> p.toString().endsWith(ext)).sorted();
  }

  @Test
  void everyChartIsAPngWithContentAndAnSvgThatParses() throws Exception {
    List<Path> pngs = files(".png").toList();
    assertEquals(4, pngs.size(), pngs.toString());
    for (Path png : pngs) {
      BufferedImage img = ImageIO.read(png.toFile());
      assertNotNull(img, png.toString());
      assertEquals(Reports.WIDTH, img.getWidth());
      assertTrue(img.getHeight() >= Reports.SMALL_HEIGHT);
      // non-blank: the grey level varies (a blank or single-colour image has variance 0)
      double sum = 0;
      double sq = 0;
      int n = 0;
      for (int y = 0; y < img.getHeight(); y += 2) {
        for (int x = 0; x < img.getWidth(); x += 2) {
          int rgb = img.getRGB(x, y);
          double grey = ((rgb >> 16 & 255) + (rgb >> 8 & 255) + (rgb & 255)) / 3.0;
          sum += grey;
          sq += grey * grey;
          n++;
        }
      }
      double variance = sq / n - (sum / n) * (sum / n);
      assertTrue(variance > 100, png + ": pixel variance " + variance);
    }
    BufferedImage timeline = ImageIO.read(page.getParent().resolve("day-" + DAY
        + "-timeline.png").toFile());
    boolean flexionDrawn = false;
    for (int y = 0; y < timeline.getHeight() && !flexionDrawn; y++) {
      for (int x = 0; x < timeline.getWidth() && !flexionDrawn; x++) {
        flexionDrawn = (timeline.getRGB(x, y) & 0xFFFFFF) == DayCharts.FLEXION.getRGB()
            - 0xFF000000;
      }
    }
    assertTrue(flexionDrawn, "the flexion line is drawn");
    List<Path> svgs = files(".svg").toList();
    assertEquals(4, svgs.size());
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    for (Path svg : svgs) {
      org.w3c.dom.Document doc = f.newDocumentBuilder().parse(svg.toFile());
      assertEquals("svg", doc.getDocumentElement().getLocalName(), svg.toString());
      assertTrue(doc.getElementsByTagName("path").getLength()
          + doc.getElementsByTagName("line").getLength() > 10, svg + " has drawing");
    }
  }

  @Test
  void thePageReadsOfflineAndEscapesAllText() throws Exception {
    String html = Files.readString(page);
    // the only URLs allowed are XML namespace names (SVG, XLink, JFreeSVG's), which are
    // identifiers that nothing fetches
    String stripped = html.replaceAll("xmlns(:\\w+)?=(['\"])[^'\"]*\\2", "");
    assertFalse(stripped.matches("(?s).*https?:.*"), "a network reference in the page");
    assertFalse(stripped.contains("<script"), "no scripts, and no injected ones");
    assertFalse(stripped.contains("<link"), "no external style sheets or fonts");
    assertFalse(stripped.replace("url(#", "").contains("url("),
        "no external resources (only the charts' own clip paths)");
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"),
        "the hostile device id is shown, escaped");
    assertEquals(8, html.split("<svg", -1).length - 1, "four charts inline, wide and narrow");
    // every inline chart scales to the page: a viewBox, and no fixed width or height
    java.util.regex.Matcher svg = java.util.regex.Pattern.compile("<svg[^>]*>").matcher(html);
    while (svg.find()) {
      String tag = svg.group();
      assertTrue(tag.matches("(?s).*viewBox=['\"]0(\\.0)? 0(\\.0)? [0-9.]+ [0-9.]+['\"].*"),
          tag);
      assertFalse(tag.matches("(?s).*\\swidth=.*") || tag.matches("(?s).*\\sheight=.*"), tag);
    }
    assertEquals(4 + simulatedReps, day.figures().extensionReps(),
        "the repetitions counted for the day's extension prompts, summed");
    assertTrue(html.contains("<td data-figure=\"reps\">" + (4 + simulatedReps) + "</td>"),
        "the page shows the day's extension repetitions");
    assertTrue(html.contains("learnt"), "the session's calibration is listed");
  }

  @Test
  void escapingCoversMarkupQuotesAndControlCharacters() {
    assertEquals("&lt;b&gt; &amp;amp; &quot;q&quot; &#39;s&#39; \uFFFD", Html.esc(
        "<b> &amp; \"q\" 's' \u0007"));
    assertEquals("", Html.esc(null));
  }
}
