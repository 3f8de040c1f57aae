package dev.slumpwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every figure of the demo's day, as the demo's summary, the day page, the week page and the
 * export each say it, from the real commands run one after the other on the demo's data:
 * they agree with each other and with {@link DayFigures} (to the precision each shows), and
 * the one figure that differs on purpose (the per-second slump flag) is named differently
 * on the page and in the export.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FiguresAgreeTest {
  @TempDir
  static Path data;

  private DayFigures f;
  private LocalDate day;
  private String summary;
  private String dayPage;
  private String weekPage;
  private Path csv;
  private String wearersPage;

  private static Cli.Outcome ok(Cli.Outcome o) {
    assertEquals(0, o.code(), o.err() + o.out());
    return o;
  }

  @BeforeAll
  void runTheCommands() throws Exception {
    Cli.Outcome demo = ok(Cli.runIn(data, "demo", "--max"));
    summary = demo.out().substring(demo.out().indexOf("summary ("));
    Path db = data.resolve("demo").resolve("slumpwatch-demo.db");
    ZoneId zone = ZoneId.systemDefault();
    try (Store s = Store.open(db)) {
      day = LocalDate.ofInstant(Instant.ofEpochMilli(s.latestSession().orElseThrow()
          .startedMs()), zone);
      f = DayFigures.of(s, day, zone);
    }
    // the wearer's own page of that day, which the demo's report must leave alone
    Path mine = data.resolve("reports").resolve("day-" + day + ".html");
    Files.createDirectories(mine.getParent());
    wearersPage = "the wearer's own page";
    Files.writeString(mine, wearersPage);

    Cli.Outcome d = ok(Cli.runIn(data, "report", "--demo", "--day", day.toString()));
    Path page = data.resolve("demo").resolve("reports").resolve("day-" + day + ".html");
    assertTrue(d.out().contains("report: " + page), d.out());
    assertTrue(d.out().startsWith("demo " + Summaries.dayLine(f, 70)), d.out());
    dayPage = Files.readString(page);
    ok(Cli.runIn(data, "report", "--demo", "--week", day.toString()));
    try (var files = Files.list(page.getParent())) {
      Path week = files.filter(p -> p.getFileName().toString().startsWith("trend-")
          && p.toString().endsWith(".html")).findFirst().orElseThrow();
      weekPage = Files.readString(week);
    }
    csv = data.resolve("export").resolve("demo.csv");
    ok(Cli.runIn(data, "export", "--demo", "--from", day.toString(), "--to", day.toString(),
        "--out", csv.toString()));
  }

  // ---------------------------------------------------------------- reading the outputs

  /** "2 h 00 min" → seconds. */
  private static double hm(String s) {
    Matcher m = Pattern.compile("(\\d+) h (\\d+) min").matcher(s);
    assertTrue(m.find(), s);
    return (Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2))) * 60.0;
  }

  /** The first "N.N min" → seconds. */
  private static double min(String s) {
    Matcher m = Pattern.compile("([\\d.]+) min").matcher(s);
    assertTrue(m.find(), s);
    return Double.parseDouble(m.group(1)) * 60;
  }

  /** The numbers in a piece of text, in order. */
  private static List<Double> numbers(String s) {
    List<Double> out = new ArrayList<>();
    Matcher m = Pattern.compile("-?\\d+(\\.\\d+)?").matcher(s);
    while (m.find()) {
      out.add(Double.parseDouble(m.group()));
    }
    return out;
  }

  private String summaryLine(String name) {
    Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(name) + " +(.*)$").matcher(summary);
    assertTrue(m.find(), name + " in\n" + summary);
    return m.group(1).strip();
  }

  private String figure(String key) {
    Matcher m = Pattern.compile("data-figure=\"" + Pattern.quote(key) + "\">([^<]*)<")
        .matcher(dayPage);
    assertTrue(m.find(), "figure " + key + " on the day page");
    return m.group(1).replace("&#39;", "'").replace("&amp;", "&");
  }

  private static Map<String, String> csvRow(Path file, int row) throws Exception {
    List<String> lines = Files.readAllLines(file);
    String[] head = lines.get(0).split(",", -1);
    String[] v = lines.get(row).split(",", -1);
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < head.length; i++) {
      m.put(head[i], v[i]);
    }
    return m;
  }

  // ---------------------------------------------------------------- the checks

  @Test
  void theDemoHadSomethingOfEveryKindToCount() {
    assertTrue(f.wornSeconds() > 7000 && f.episodes() >= 5 && f.breaksTaken() >= 1
        && f.extensionsDone() >= 1 && f.extensionReps() > 0 && f.nudges() > 0
        && f.score().isPresent(), f.toString());
  }

  @Test
  void theDemoSummaryShowsTheDayFigures() {
    assertEquals(f.wornSeconds(), hm(summaryLine("worn time")), 30, "worn");
    assertEquals(f.knownSeconds(), hm(summaryLine("worn time").replaceFirst(".*known for", "")),
        30, "known");
    assertEquals(f.uprightPercent(), numbers(summaryLine("upright")).get(0), 0.5, "upright");
    List<Double> slump = numbers(summaryLine("slump time"));
    assertEquals(f.slumpMinutes(), slump.get(0), 0.05, "slump minutes");
    assertEquals(f.episodes(), slump.get(1).intValue(), "episodes");
    assertEquals(f.slumpDoseDegMinutes(), numbers(summaryLine("slump dose")).get(0), 0.5);
    assertEquals(f.nudges(), numbers(summaryLine("slump nudges")).get(0).intValue());
    List<Double> breaks = numbers(summaryLine("desk breaks"));
    assertEquals(List.of((double) f.breaksPrompted(), (double) f.breaksTaken(),
        (double) f.walkBreaks(), (double) (f.breaksTaken() - f.walkBreaks())), breaks);
    List<Double> ext = numbers(summaryLine("extensions"));
    assertEquals(List.of((double) f.extensionsPrompted(), (double) f.extensionsDone(),
        (double) f.extensionsPartial(), (double) f.extensionReps()), ext);
    assertEquals(f.score().getAsInt(), numbers(summaryLine("posture score")).get(0).intValue());
  }

  @Test
  void theDayPageShowsTheSameFigures() {
    assertEquals(f.wornSeconds(), hm(figure("worn")), 30);
    assertEquals(f.uprightPercent(), numbers(figure("upright")).get(0), 0.5);
    assertEquals(f.slumpMinutes(), min(figure("slump-time")) / 60, 0.05);
    assertEquals(f.episodes(), numbers(figure("episodes")).get(0).intValue());
    assertEquals(f.longestEpisodeSeconds(), numbers(figure("episodes")).get(1) * 60
        + numbers(figure("episodes")).get(2), 0.5, "longest episode");
    assertEquals(f.slumpDoseDegMinutes(), numbers(figure("dose")).get(0), 0.5);
    assertEquals(List.of((double) f.breaksPrompted(), (double) f.breaksTaken(),
        (double) f.walkBreaks(), (double) (f.breaksTaken() - f.walkBreaks())),
        numbers(figure("breaks")));
    assertEquals(List.of((double) f.extensionsPrompted(), (double) f.extensionsDone(),
        (double) f.extensionsPartial()), numbers(figure("extensions")));
    assertEquals(f.extensionReps(), numbers(figure("reps")).get(0).longValue());
    assertEquals(f.nudges(), numbers(figure("nudges")).get(0).intValue());
    assertEquals(f.heldBack(), numbers(figure("held-back")).get(0).intValue());
    assertEquals(f.sessions(), numbers(figure("sessions")).get(0).intValue());
    assertEquals(f.score().getAsInt(), numbers(figure("score")).get(0).intValue());
    assertEquals(f.goalMet(70), figure("goal").contains(" met ✓"), figure("goal"));
  }

  @Test
  void theDayPagesHoursAndPromptsAddUpToItsHeadline() {
    double worn = 0;
    double slump = 0;
    Matcher h = Pattern.compile("<tr data-hour=\"\\d+\"><td>[^<]*</td><td class=\"n\">"
        + "([\\d.]+) min</td><td class=\"n\">([\\d.]+) min</td>").matcher(dayPage);
    int hours = 0;
    while (h.find()) {
      worn += Double.parseDouble(h.group(1)) * 60;
      slump += Double.parseDouble(h.group(2)) * 60;
      hours++;
    }
    assertTrue(hours >= 2, "hours listed: " + hours);
    assertEquals(f.wornSeconds(), worn, 3 * hours, "hours' worn time");
    assertEquals(f.slumpSeconds(), slump, 3 * hours, "hours' slump time");

    assertEquals(f.nudges(), count(dayPage, "<tr data-kind=\"slump-nudge\">"), "nudge rows");
    assertEquals(f.breaksPrompted(), count(dayPage, "<tr data-kind=\"desk-break\">"));
    assertEquals(f.extensionsPrompted(), count(dayPage, "<tr data-kind=\"extension\">"));
    assertEquals(f.breaksTaken(), count(dayPage, "<span class=\"outcome\">taken</span>"));
    assertEquals(f.extensionsDone(), count(dayPage, "<span class=\"outcome\">done</span>"));
    long reps = 0;
    Matcher r = Pattern.compile("<span class=\"detail\">(\\d+) reps?, range [\\d.]+°</span>")
        .matcher(dayPage);
    while (r.find()) {
      reps += Long.parseLong(r.group(1));
    }
    assertEquals(f.extensionReps(), reps, "the prompts' repetitions add up to the day's");
  }

  private static int count(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }

  @Test
  void theWeekPagesRowForTheDayIsTheSame() {
    Matcher m = Pattern.compile("<tr data-day=\"" + day + "\">(.*?)</tr>").matcher(weekPage);
    assertTrue(m.find(), "the day's row in the week table");
    List<String> cells = new ArrayList<>();
    Matcher c = Pattern.compile("<td[^>]*>([^<]*)</td>").matcher(m.group(1));
    while (c.find()) {
      cells.add(c.group(1));
    }
    assertEquals(9, cells.size(), cells.toString());
    assertEquals(f.wornSeconds(), hm(cells.get(1)), 30, "worn");
    assertEquals(f.slumpSeconds(), min(cells.get(2)), 3, "slump time");
    assertEquals(f.uprightPercent(), numbers(cells.get(3)).get(0), 0.5, "upright");
    assertEquals(f.episodes(), Integer.parseInt(cells.get(4)), "episodes");
    assertEquals(f.breaksTaken() + " of " + f.breaksPrompted(), cells.get(5));
    assertEquals(f.extensionsDone() + " of " + f.extensionsPrompted(), cells.get(6));
    assertEquals(Integer.toString(f.score().getAsInt()), cells.get(7));
    assertEquals(f.goalMet(70) ? "met ✓" : "not met", cells.get(8));
    assertTrue(weekPage.contains("data-figure=\"mean-score\">" + f.score().getAsInt() + "<"),
        "the week's mean score is the one day's score");
  }

  @Test
  void theExportHoldsTheSameFiguresAndTheRowsTheyAreCountedFrom() throws Exception {
    Map<String, String> d = csvRow(CsvExport.daysFile(csv), 1);
    assertEquals(day.toString(), d.get("date"));
    assertEquals(f.wornSeconds(), Long.parseLong(d.get("worn_s")));
    assertEquals(f.knownSeconds(), Long.parseLong(d.get("known_s")));
    assertEquals(f.slumpSeconds(), Double.parseDouble(d.get("slump_s")), 0.001);
    assertEquals(f.flaggedSlumpSeconds(), Long.parseLong(d.get("slump_flagged_s")));
    assertEquals(f.uprightPercent(), Double.parseDouble(d.get("upright_pct")), 0.001);
    assertEquals(f.episodes(), Integer.parseInt(d.get("episodes")));
    assertEquals(f.slumpDoseDegMinutes(), Double.parseDouble(d.get("dose_deg_min")), 0.001);
    assertEquals(f.breaksTaken(), Integer.parseInt(d.get("breaks_taken")));
    assertEquals(f.extensionReps(), Long.parseLong(d.get("extension_reps")));
    assertEquals(f.score().getAsInt(), Integer.parseInt(d.get("score")));

    // recounted from the per-second and per-episode files
    long worn = 0;
    long known = 0;
    long flagged = 0;
    List<String> seconds = Files.readAllLines(csv);
    for (String line : seconds.subList(1, seconds.size())) {
      String[] v = line.split(",", -1);
      if (!v[8].equals("unknown") && !v[8].equals("not-worn")) {
        worn++;
      }
      if (!v[4].isEmpty()) {
        known++;
      }
      flagged += Integer.parseInt(v[9]);
    }
    assertEquals(f.wornSeconds(), worn, "worn seconds in the export");
    assertEquals(f.knownSeconds(), known, "known seconds in the export");
    assertEquals(f.flaggedSlumpSeconds(), flagged, "the export's slumped column");
    double slump = 0;
    double dose = 0;
    List<String> episodes = Files.readAllLines(CsvExport.episodesFile(csv));
    for (String line : episodes.subList(1, episodes.size())) {
      String[] v = line.split(",", -1);
      slump += Double.parseDouble(v[5]);
      dose += Double.parseDouble(v[8]);
    }
    assertEquals(f.episodes(), episodes.size() - 1, "episodes in the export");
    assertEquals(f.slumpSeconds(), slump, 0.001 * f.episodes(), "the episodes' durations");
    assertEquals(f.slumpDoseDegMinutes(), dose, 0.001 * f.episodes(), "the episodes' doses");
  }

  @Test
  void theFigureThatDiffersIsNamedApartEverywhere() {
    // slump time counts each episode from its first crossing; the per-second flag only
    // from its confirmation: two figures, two names
    assertTrue(f.flaggedSlumpSeconds() < f.slumpSeconds() - 30, f.toString());
    assertEquals(f.flaggedSlumpSeconds(), min(figure("flagged")), 3);
    assertTrue(dayPage.contains("<th>seconds flagged slumped</th>"));
    assertTrue(dayPage.contains("not the slump time"));
    assertFalse(summary.contains("flagged"), "the summary shows only the headline figure");
  }

  @Test
  void theDemosReportsStayInTheDemosFolderAndSaySo() throws Exception {
    assertEquals(wearersPage, Files.readString(data.resolve("reports")
        .resolve("day-" + day + ".html")), "the wearer's own page is untouched");
    try (var files = Files.list(data.resolve("reports"))) {
      assertEquals(1, files.count(), "nothing else written into the wearer's reports");
    }
    assertTrue(dayPage.contains("<title>slumpwatch demo — "), "the day page's title");
    assertTrue(dayPage.contains("<h1>Demo: "), "the day page's heading");
    assertTrue(weekPage.contains("<title>slumpwatch demo — "), "the week page's title");
  }
}
