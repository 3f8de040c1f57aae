package dev.slumpwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendReportTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final LocalDate FIRST = LocalDate.of(2026, 3, 2);

  @TempDir
  Path dir;

  /**
   * Fourteen days of 2000 worn seconds each except a day off (day 5), one slump episode a
   * day making the slumped share 40 % falling by 2 points a day, and day i with i % 3 desk
   * breaks taken of 3 prompted.
   */
  private Path history() throws Exception {
    Path db = dir.resolve("h.db");
    try (Store s = Store.open(db)) {
      for (int day = 0; day < 14; day++) {
        if (day == 5) {
          continue;
        }
        long start = FIRST.plusDays(day).atTime(9, 0).atZone(ZONE).toInstant().toEpochMilli();
        long id = s.beginSession(new Store.SessionInfo(start, "t", null, null, null, 100, 0));
        int slumped = 800 - 40 * day;
        List<PipelineEvent> rows = new ArrayList<>();
        for (int sec = 0; sec < 2000; sec++) {
          rows.add(new PipelineEvent.Second(new PostureSecond(sec, 0, 5, 4, 6, 0,
              Activity.SEATED_STILL, sec < slumped, 100)));
        }
        rows.add(Events.episode(new SlumpEpisode(0, slumped * 1_000_000L, 25, 20,
            slumped / 60.0 * 5), 0, slumped));
        for (int a = 1; a <= 3; a++) {
          rows.add(new PipelineEvent.AlertFired(new Alert(a, 0, a * 100, AlertKind.DESK_BREAK,
              "break")));
          rows.add(Events.outcome(new AlertOutcome(a, 0, a <= day % 3
              ? AlertOutcome.TAKEN : AlertOutcome.MISSED, ""), a * 100 + 50));
        }
        s.write(new Store.SessionRef(id, start, 0), rows);
      }
    }
    return db;
  }

  @Test
  void slumpShareAndBreaksPerDayWithALeastSquaresTrend() throws Exception {
    Path db = history();
    AtomicInteger progress = new AtomicInteger();
    try (Store s = Store.open(db)) {
      TrendReport t = TrendReport.load(s, FIRST, FIRST.plusDays(13), ZONE, progress::set);
      assertEquals(14, progress.get(), "progress told per day");
      assertEquals(14, t.days().size());
      assertEquals(0, t.days().get(5).wornSeconds(), "the day off");
      assertTrue(Double.isNaN(t.days().get(5).slumpPercent()));
      for (int day = 0; day < 14; day++) {
        if (day != 5) {
          DayFigures d = t.days().get(day);
          assertEquals(2000, d.wornSeconds());
          assertEquals(40 - 2 * day, d.slumpPercent(), 1e-9, "day " + day);
          assertEquals(3, d.breaksPrompted());
          assertEquals(day % 3, d.breaksTaken());
        }
      }
      TrendReport.Trend trend = t.slumpTrend();
      assertEquals(13, trend.days(), "the day off is left out of the fit");
      assertEquals(-2, trend.slopePerDay(), 1e-9, "an exact line is fitted exactly");
      assertEquals(40, trend.intercept(), 1e-9);
      // the score: 60 × upright share + 25 × breaks taken of prompted + 15 (no extensions)
      for (int day = 0; day < 14; day++) {
        if (day != 5) {
          long expected = Math.round(60 * (0.6 + 0.02 * day) + 25 * (day % 3) / 3.0 + 15);
          assertEquals(expected, t.days().get(day).score().getAsInt(), "score of day " + day);
        }
      }
      Path page = Reports.writeTrend(s, FIRST, FIRST.plusDays(13), ZONE, dir.resolve("r"),
          n -> { }, Reports.Options.DEFAULTS);
      String html = Files.readString(page);
      assertTrue(html.contains("-14.00 percentage points of worn time per week"),
          "trend stated");
      assertTrue(Files.size(dir.resolve("r").resolve("trend-2026-03-02_2026-03-15-slump.png"))
          > 5000);
      assertEquals(6, html.split("<svg", -1).length - 1, "three charts, wide and narrow");
      for (int day = 0; day < 14; day++) {
        assertTrue(html.contains("<tr data-day=\"" + FIRST.plusDays(day) + "\">"), "row " + day);
      }
      assertTrue(html.contains("<td colspan=\"8\" class=\"none\">no data</td>"),
          "the day off says so");
    }
  }

  @Test
  void tooFewDaysGiveNoTrendRatherThanANonsenseOne() throws Exception {
    Path db = history();
    try (Store s = Store.open(db)) {
      TrendReport t = TrendReport.load(s, FIRST.plusDays(5), FIRST.plusDays(6), ZONE, n -> { });
      assertEquals(1, t.slumpTrend().days());
      assertTrue(Double.isNaN(t.slumpTrend().slopePerDay()));
      Reports.writeTrend(s, FIRST.plusDays(5), FIRST.plusDays(6), ZONE, dir.resolve("r"),
          n -> { }, Reports.Options.DEFAULTS);
    }
  }
}
