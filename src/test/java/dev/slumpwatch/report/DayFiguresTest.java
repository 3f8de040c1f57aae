package dev.slumpwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The day figures' definitions, on rows written straight into a real store. */
class DayFiguresTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  @TempDir
  Path dir;

  /**
   * A session from 23:50:30 to 00:10:30 local time: every second worn, the minutes of the
   * session straddling midnight, one episode from 23:58:00 to 00:03:00 and prompts of every
   * kind and outcome.
   */
  private Store acrossMidnight() throws Exception {
    Store s = Store.open(dir.resolve("h.db"));
    long start = DAY.atTime(23, 50, 30).atZone(ZONE).toInstant().toEpochMilli();
    long id = s.beginSession(new Store.SessionInfo(start, "t", null, null, null, 100, 0));
    List<PipelineEvent> rows = new ArrayList<>();
    for (int sec = 0; sec < 1200; sec++) {
      boolean slumped = sec >= 460 && sec < 750; // flag: 10 s after the episode's start
      Activity a = sec % 100 == 99 ? Activity.UNKNOWN : Activity.SEATED_STILL;
      rows.add(new PipelineEvent.Second(new PostureSecond(sec, 0, a == Activity.UNKNOWN
          ? Double.NaN : 5, 4, 6, 0, a, slumped, 100)));
    }
    rows.add(Events.episode(new SlumpEpisode(450_000_000L, 750_000_000L, 25, 20,
        10), 450, 750));
    int n = 0;
    for (Object[] p : new Object[][] {
        {AlertKind.DESK_BREAK, AlertOutcome.TAKEN, "walk", 60},
        {AlertKind.DESK_BREAK, AlertOutcome.MISSED, "no break within 120 s", 100},
        {AlertKind.DESK_BREAK, AlertOutcome.SUPPRESSED, "quiet hours 22:00–07:00", 700},
        {AlertKind.EXTENSION, AlertOutcome.DONE, "5 of 5 reps", 200},
        {AlertKind.EXTENSION, AlertOutcome.PARTIAL, "3 of 5 reps", 800},
        {AlertKind.SLUMP_NUDGE, null, null, 480}}) {
      n++;
      rows.add(new PipelineEvent.AlertFired(new Alert(n, 0, (Integer) p[3], (AlertKind) p[0],
          "msg")));
      if (p[1] != null) {
        int reps = p[0] == AlertKind.EXTENSION ? (p[1] == AlertOutcome.DONE ? 5 : 3) : -1;
        rows.add(Events.outcome(new AlertOutcome(n, 0, (String) p[1], (String) p[2],
            reps, reps > 0 ? 14 : Double.NaN), (Integer) p[3] + 5));
      }
    }
    s.write(new Store.SessionRef(id, start, 0), rows);
    return s;
  }

  @Test
  void aSessionAcrossMidnightIsSplitExactlyBetweenTheDays() throws Exception {
    try (Store s = acrossMidnight()) {
      List<DayFigures> two = DayFigures.days(s, DAY, DAY.plusDays(1), ZONE);
      DayFigures first = two.get(0);
      DayFigures second = two.get(1);
      // 23:50:30–24:00:00 is 570 s; every 100th second of the session is unknown
      assertEquals(570, first.recordedSeconds());
      assertEquals(630, second.recordedSeconds());
      long unknownFirst = java.util.stream.IntStream.range(0, 570).filter(i -> i % 100 == 99)
          .count();
      assertEquals(570 - unknownFirst, first.wornSeconds());
      assertEquals(630 - (12 - unknownFirst), second.wornSeconds());
      assertEquals(first.wornSeconds(), first.knownSeconds());
      // the per-second flag: seconds 460–569 and 570–749
      assertEquals(110, first.flaggedSlumpSeconds());
      assertEquals(180, second.flaggedSlumpSeconds());
      // the episode (seconds 450–750) is split by time, counted on the day it started
      assertEquals(120, first.slumpSeconds(), 1e-9);
      assertEquals(180, second.slumpSeconds(), 1e-9);
      assertEquals(1, first.episodes());
      assertEquals(0, second.episodes());
      assertEquals(300, first.longestEpisodeSeconds(), 1e-9);
      assertEquals(10 * 120 / 300.0, first.slumpDoseDegMinutes(), 1e-9);
      assertEquals(10 * 180 / 300.0, second.slumpDoseDegMinutes(), 1e-9);
      assertEquals(1, first.sessions());
      assertEquals(1, second.sessions());
      // each day alone gives the same as the two together
      assertEquals(first, DayFigures.of(s, DAY, ZONE));
      assertEquals(second, DayFigures.of(s, DAY.plusDays(1), ZONE));
    }
  }

  @Test
  void promptsCountByShownOutcomeAndHeldBackApart() throws Exception {
    try (Store s = acrossMidnight()) {
      List<DayFigures> two = DayFigures.days(s, DAY, DAY.plusDays(1), ZONE);
      DayFigures first = two.get(0);
      DayFigures second = two.get(1);
      assertEquals(2, first.breaksPrompted(), "the held-back break is not prompted");
      assertEquals(1, first.breaksTaken());
      assertEquals(1, first.walkBreaks());
      assertEquals(1, first.nudges());
      assertEquals(1, first.extensionsPrompted());
      assertEquals(1, first.extensionsDone());
      assertEquals(5, first.extensionReps());
      assertEquals(1, second.heldBack());
      assertEquals(1, second.extensionsPartial());
      assertEquals(3, second.extensionReps());
    }
  }

  private static DayFigures day(long worn, double slump, int prompted, int taken,
      int extensions, int done, int partial) {
    return day(DAY, worn, slump, prompted, taken, extensions, done, partial);
  }

  private static DayFigures day(LocalDate date, long worn, double slump, int prompted,
      int taken, int extensions, int done, int partial) {
    return new DayFigures(date, worn, worn, worn, worn, 0, slump, 1, slump, 0, prompted, taken,
        0, 0, extensions, done, partial, 0, 0, 0, 0, 1);
  }

  @Test
  void theScoreFollowsItsDocumentedFormula() {
    // 60 × 0.75 + 25 × 2/4 + 15 × (1 + ½)/3 = 45 + 12.5 + 7.5
    DayFigures d = day(4000, 1000, 4, 2, 3, 1, 1);
    assertEquals(65, d.score().getAsInt());
    assertEquals(75, d.uprightPercent(), 1e-9);
    assertTrue(d.goalMet(65));
    assertFalse(d.goalMet(66));
    // nothing prompted: breaks and exercises count in full
    assertEquals(100, day(4000, 0, 0, 0, 0, 0, 0).score().getAsInt());
    // worn under 30 minutes: no score, no goal
    DayFigures shortDay = day(1799, 0, 0, 0, 0, 0, 0);
    assertTrue(shortDay.score().isEmpty());
    assertFalse(shortDay.goalMet(1));
    assertTrue(Double.isNaN(day(0, 0, 0, 0, 0, 0, 0).uprightShare()), "not worn: unknown");
  }

  @Test
  void streaksSkipDaysWithoutAScore() {
    List<DayFigures> days = new ArrayList<>();
    int[] scores = {80, 40, 80, -1, 80, 80};
    for (int i = 0; i < scores.length; i++) {
      // upright share giving that score with nothing prompted: 60 u + 40 = score
      double u = scores[i] < 0 ? 1 : (scores[i] - 40) / 60.0;
      long worn = scores[i] < 0 ? 0 : 3600;
      days.add(new DayFigures(DAY.plusDays(i), worn, worn, worn, worn, 0, worn * (1 - u), 0, 0,
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
    }
    Coaching.Streaks s = Coaching.streaks(days, 70);
    assertEquals(3, s.current(), "the unworn day neither breaks nor counts");
    assertEquals(3, s.longest());
    assertFalse(s.reachesStart());
    assertTrue(Coaching.streaks(days.subList(2, 6), 70).reachesStart(),
        "a streak back to the first day read may be longer");
  }

  @Test
  void theSentenceNamesThePartThatMovedTheScoreMost() {
    List<DayFigures> days = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      boolean thisWeek = i >= 7;
      // upright 50 % the week before, 80 % this week; breaks always all taken
      double slump = thisWeek ? 720 : 1800;
      days.add(day(DAY.plusDays(i), 3600, slump, 2, 2, 0, 0, 0));
    }
    Coaching.Period[] p = Coaching.weekAndWeekBefore(days, DAY.plusDays(13), 70);
    assertEquals(88, p[0].meanScore(), 1e-9);
    assertEquals(70, p[1].meanScore(), 1e-9);
    assertEquals("Your mean score rose from 70 to 88, mostly because you slumped less "
        + "(upright 80 % of worn time, against 50 %).", Coaching.whatChanged(p[0], p[1]));
    assertTrue(Coaching.whatChanged(p[1], Coaching.period(days, DAY.minusDays(7),
        DAY.minusDays(1), 70)).contains("no scored day to compare with"));
  }
}
