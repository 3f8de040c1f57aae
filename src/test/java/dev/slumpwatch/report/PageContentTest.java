package dev.slumpwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.alert.Guidance;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.slump.SlumpEpisode;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the pages say: every prompt outcome, texts once, charts that label days once. */
class PageContentTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final LocalDate DAY = LocalDate.of(2026, 3, 4);
  private static final String BREAK_TEXT = "Bruegger's relief position: sit on the edge.";
  private static final String EXT_TEXT = "Slumping has added up: do 5 extensions.";

  @TempDir
  Path dir;

  /** An hour at the desk on {@code day}, with the given prompts (kind, outcome, detail). */
  private static void hour(Store s, LocalDate day, Object[][] prompts) throws Exception {
    long start = day.atTime(9, 0).atZone(ZONE).toInstant().toEpochMilli();
    long id = s.beginSession(new Store.SessionInfo(start, "t", null, null, null, 100, 0));
    List<PipelineEvent> rows = new ArrayList<>();
    for (int sec = 0; sec < 3600; sec++) {
      rows.add(new PipelineEvent.Second(new PostureSecond(sec, 0, 5, 4, 6, 0,
          Activity.SEATED_STILL, sec >= 610 && sec < 900, 100)));
    }
    rows.add(Events.episode(new SlumpEpisode(0, 300_000_000L, 22, 20, 8), 600, 900));
    for (int i = 0; i < prompts.length; i++) {
      Object[] p = prompts[i];
      AlertKind kind = (AlertKind) p[0];
      String message = switch (kind) {
        case DESK_BREAK -> "30 min of sitting. " + BREAK_TEXT;
        case EXTENSION -> "60 °·min of slumping in the last 30 min. " + EXT_TEXT
            + (i == 3 ? " " + Guidance.redFlagsInline() : "");
        default -> "your upper back has been rounded for 30 s; sit tall.";
      };
      rows.add(new PipelineEvent.AlertFired(new Alert(i + 1, 0, 100 + 60 * i, kind, message)));
      if (p[1] != null) {
        int reps = p.length > 3 ? (Integer) p[3] : -1;
        rows.add(Events.outcome(new AlertOutcome(i + 1, 0, (String) p[1],
            (String) p[2], reps, reps > 0 ? 13.25 : Double.NaN), 130 + 60 * i));
      }
    }
    s.write(new Store.SessionRef(id, start, 0), rows);
  }

  @Test
  void thePromptsTableShowsEveryOutcomeAndEachTextOnce() throws Exception {
    Path page;
    try (Store s = Store.open(dir.resolve("h.db"))) {
      hour(s, DAY, new Object[][] {
          {AlertKind.DESK_BREAK, AlertOutcome.TAKEN, "walk"},
          {AlertKind.DESK_BREAK, AlertOutcome.TAKEN, "relief-hold"},
          {AlertKind.DESK_BREAK, AlertOutcome.MISSED, "no break within 120 s"},
          {AlertKind.EXTENSION, AlertOutcome.DONE, "5 of 5 reps", 5},
          {AlertKind.EXTENSION, AlertOutcome.PARTIAL, "3 of 5 reps", 3},
          {AlertKind.EXTENSION, AlertOutcome.MISSED, "no extension of 10° or more within 180 s",
              0},
          {AlertKind.DESK_BREAK, AlertOutcome.SUPPRESSED, "pain pause"},
          {AlertKind.SLUMP_NUDGE, null, null},
          {AlertKind.DESK_BREAK, null, null}});
      page = Reports.writeDay(s, DAY, ZONE, 15, dir.resolve("r"), Reports.Options.DEFAULTS);
    }
    String html = Files.readString(page).replace("&#39;", "'");
    List<String[]> rows = new ArrayList<>();
    Matcher m = Pattern.compile("<span class=\"outcome\">([^<]*)</span>(?:<br><span "
        + "class=\"detail\">([^<]*)</span>)?").matcher(html);
    while (m.find()) {
      rows.add(new String[] {m.group(1), m.group(2) == null ? "" : m.group(2)});
    }
    List<String> seen = rows.stream().map(r -> r[0] + ": " + r[1]).toList();
    assertEquals(List.of("taken: by walking", "taken: Bruegger's relief position held",
        "missed: no break within 120 s", "done: 5 reps, range 13.3°",
        "partly done: 3 reps, range 13.3°",
        "missed: no extension of 10° or more within 180 s", "held back: pain pause",
        "shown: ", "open: the session ended before the response time was up"), seen);
    // each prompt text once, in the legend; the rows point at it
    assertEquals(1, count(html, BREAK_TEXT), "the desk-break text once");
    assertEquals(1, count(html, EXT_TEXT), "the extension text once");
    assertEquals(1, count(html, Guidance.redFlagsInline().replace("&", "&amp;")
        .replace("\"", "&quot;")), "the red flags once");
    assertTrue(html.contains("<b>desk break</b> [1]<br><span class=\"why\">30 min of sitting"
        + "</span>"), "a desk-break row: its text's number and why it came");
    assertTrue(html.contains("<b>extension exercises</b> [2] [red flags]"), "the row that carried the red flags");
    assertTrue(html.contains("prompt held back"), "the timeline's legend has held-back prompts");
  }

  private static int count(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }

  /** The text elements of a chart drawn as SVG, with how often each appears. */
  private static Map<String, Integer> labels(org.jfree.chart.JFreeChart c) {
    String svg = ChartFiles.svg(c, "c", Reports.WIDTH, Reports.SMALL_HEIGHT).inline();
    Map<String, Integer> out = new HashMap<>();
    Matcher m = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(svg);
    while (m.find()) {
      out.merge(m.group(1), 1, Integer::sum);
    }
    return out;
  }

  @Test
  void trendChartsLabelEachDayOnceAndCountInWholeNumbers() throws Exception {
    try (Store s = Store.open(dir.resolve("w.db"))) {
      LocalDate monday = LocalDate.of(2026, 3, 2);
      for (int d = 0; d < 5; d++) {
        hour(s, monday.plusDays(d), new Object[][] {
            {AlertKind.DESK_BREAK, d % 2 == 0 ? AlertOutcome.TAKEN : AlertOutcome.MISSED, ""}});
      }
      TrendReport week = TrendReport.load(s, monday, monday.plusDays(6), ZONE, n -> { });
      for (int width : new int[] {Reports.WIDTH, Reports.NARROW_WIDTH}) {
        Map<String, Integer> l = labels(week.breaksChart(width));
        for (Map.Entry<String, Integer> e : l.entrySet()) {
          assertEquals(1, e.getValue(), "label '" + e.getKey() + "' once at " + width + " px");
        }
        if (width == Reports.WIDTH) {
          for (int d = 0; d < 7; d++) {
            String label = Fmt.shortDay(monday.plusDays(d));
            assertTrue(l.containsKey(label), label + " in " + l.keySet());
          }
        }
        // the count axis: whole numbers only (no 0.5 breaks)
        for (String t : l.keySet()) {
          if (t.matches("[0-9.,]+")) {
            assertTrue(t.matches("\\d+"), "tick " + t);
          }
        }
      }
      // a year: month labels, each once
      TrendReport year = TrendReport.load(s, monday.minusDays(364), monday, ZONE, n -> { });
      Map<String, Integer> l = labels(year.slumpChart(Reports.WIDTH));
      assertTrue(l.containsKey("Mar 2026"), l.keySet().toString());
      l.forEach((k, v) -> assertEquals(1, v, "label '" + k + "' once"));
    }
  }

  @Test
  void aDayWithoutDataSaysSoAndDrawsNothing() throws Exception {
    Path page;
    try (Store s = Store.open(dir.resolve("e.db"))) {
      hour(s, DAY, new Object[][] {});
      page = Reports.writeDay(s, DAY.plusDays(1), ZONE, 15, dir.resolve("r"),
          Reports.Options.DEFAULTS);
      String html = Files.readString(page);
      assertTrue(html.contains("No posture was recorded on this day"), "said in words");
      assertFalse(html.contains("<svg"), "no chart");
      try (var files = Files.list(dir.resolve("r"))) {
        assertEquals(1, files.count(), "the page only, no chart files");
      }
      Path week = Reports.writeTrend(s, DAY.plusDays(10), DAY.plusDays(16), ZONE,
          dir.resolve("w"), n -> { }, Reports.Options.DEFAULTS);
      String w = Files.readString(week);
      assertTrue(w.contains("No posture was recorded from"), "an empty week says so");
      assertFalse(w.contains("<svg"), "and draws nothing");
    }
  }
}
