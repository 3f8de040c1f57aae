package dev.slumpwatch.report;

import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * A day's figures, each with one definition, computed in one place from the stored rows.
 * The demo's summary, the day page, the trend pages, the export's day file and the report
 * command's one-line summary all show these values, so no two of them can disagree.
 *
 * <p>Definitions (the user guide's "Reports" section says the same):
 * <ul>
 * <li><b>recorded</b>: stored seconds of any kind (a day without any has no data);
 *     <b>worn time</b>: stored seconds whose activity is neither unknown nor not-worn;
 *     <b>known</b>: seconds with a flexion; <b>seated</b>: seconds seated (still or
 *     fidgeting).
 * <li><b>slump time</b>: the time inside slump episodes that falls in the day, each
 *     episode running from the first crossing of the threshold to the fall below the
 *     recovery level (the slump tracker's own definition). <b>Episodes</b> and the
 *     <b>longest</b> are those that started in the day; the <b>slump dose</b> (degree-minutes
 *     above the threshold) is each episode's dose in proportion to its time in the day.
 * <li><b>seconds flagged slumped</b> is a different figure, named differently: the stored
 *     per-second flag (the export's {@code slumped} column), set from the moment an episode
 *     is confirmed (after the onset delay) until its recovery hold ends. It is shorter than
 *     slump time by about the onset delay per episode, and is shown only to explain the
 *     export.
 * <li><b>upright</b>: the share of worn time not in a slump (walking and standing count as
 *     upright): {@code (worn − slump time) / worn}.
 * <li><b>desk breaks prompted</b>, <b>nudges</b>, <b>extension prompts</b>: prompts shown
 *     (not held back); <b>taken</b>, <b>done</b>, <b>partly done</b>: their outcomes;
 *     <b>held back</b>: prompts of any kind not shown (pain pause, quiet hours, snooze,
 *     hourly cap); <b>extension reps</b>: the repetitions counted after the day's extension
 *     prompts.
 * <li><b>posture score</b>: see {@link #score()}.
 * </ul>
 * Every stored row counts on the day its time falls in (local midnight to midnight in the
 * zone given), so a session across midnight is split exactly between the two days.
 */
public record DayFigures(LocalDate date, long recordedSeconds, long wornSeconds, long knownSeconds,
    long seatedSeconds, long flaggedSlumpSeconds, double slumpSeconds, int episodes,
    double longestEpisodeSeconds, double slumpDoseDegMinutes, int breaksPrompted,
    int breaksTaken, int walkBreaks, int nudges, int extensionsPrompted, int extensionsDone,
    int extensionsPartial, long extensionReps, int heldBack, int selfCrackWarnings,
    double gapSeconds, int sessions) {

  /** Points of the score for the upright share, the desk breaks and the extensions. */
  public static final int UPRIGHT_POINTS = 60;
  public static final int BREAK_POINTS = 25;
  public static final int EXERCISE_POINTS = 15;
  /** A day worn for less than this gets no score (too little to judge). */
  public static final long MIN_SCORED_WORN_SECONDS = 30 * 60;

  /** The figures of one day. */
  public static DayFigures of(Store store, LocalDate day, ZoneId zone) throws StoreException {
    return days(store, day, day, zone).get(0);
  }

  /** Whether anything was stored for the day. */
  public boolean hasData() {
    return recordedSeconds > 0;
  }

  public boolean worn() {
    return wornSeconds > 0;
  }

  public double slumpMinutes() {
    return slumpSeconds / 60;
  }

  /** Slump time over worn time, 0–1; NaN when not worn. */
  public double slumpShare() {
    return wornSeconds == 0 ? Double.NaN : Math.min(slumpSeconds, wornSeconds) / wornSeconds;
  }

  /** {@code 1 − slumpShare()}: the share of worn time not in a slump; NaN when not worn. */
  public double uprightShare() {
    return 1 - slumpShare();
  }

  public double uprightPercent() {
    return 100 * uprightShare();
  }

  public double slumpPercent() {
    return 100 * slumpShare();
  }

  /** Breaks taken over breaks prompted; 1 when none was prompted (no long sitting). */
  public double breakShare() {
    return breaksPrompted == 0 ? 1 : Math.min(1.0, (double) breaksTaken / breaksPrompted);
  }

  /** (done + ½ partly done) over extension prompts; 1 when none was prompted. */
  public double exerciseShare() {
    return extensionsPrompted == 0 ? 1
        : Math.min(1.0, (extensionsDone + 0.5 * extensionsPartial) / extensionsPrompted);
  }

  /** Whether the day was worn long enough for a score. */
  public boolean scored() {
    return wornSeconds >= MIN_SCORED_WORN_SECONDS;
  }

  public double uprightPoints() {
    return UPRIGHT_POINTS * uprightShare();
  }

  public double breakPoints() {
    return BREAK_POINTS * breakShare();
  }

  public double exercisePoints() {
    return EXERCISE_POINTS * exerciseShare();
  }

  /**
   * The daily posture score, 0–100: {@code 60 × upright share + 25 × break share + 15 ×
   * exercise share}, rounded. Upright share as {@link #uprightShare()}; break share =
   * breaks taken / prompted; exercise share = (extensions done + ½ partly done) / prompted
   * (each 1 when nothing was prompted: a day without long sitting or without slumping
   * enough to prompt loses nothing). Empty when worn for less than 30 minutes.
   */
  public OptionalInt score() {
    if (!scored()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) Math.round(uprightPoints() + breakPoints() + exercisePoints()));
  }

  /** Scored, and the score reached {@code goalScore}. */
  public boolean goalMet(int goalScore) {
    return score().isPresent() && score().getAsInt() >= goalScore;
  }

  /**
   * The figures of each day {@code from}..{@code to} (inclusive, local days in {@code zone}),
   * in order. A handful of range queries bucketed here, not one per day: a year takes a
   * fraction of a second. Worn, known, seated and flagged seconds come from the per-minute
   * totals; the few minutes that straddle a midnight are split by their own seconds.
   */
  public static List<DayFigures> days(Store store, LocalDate from, LocalDate to, ZoneId zone)
      throws StoreException {
    int n = (int) ChronoUnit.DAYS.between(from, to) + 1;
    if (n < 1) {
      throw new IllegalArgumentException("no days from " + from + " to " + to);
    }
    long[] starts = new long[n + 1];
    for (int i = 0; i <= n; i++) {
      starts[i] = from.plusDays(i).atStartOfDay(zone).toInstant().toEpochMilli();
    }
    long first = starts[0];
    long end = starts[n];
    Acc[] acc = new Acc[n];
    for (int i = 0; i < n; i++) {
      acc[i] = new Acc();
    }

    List<Store.MinuteRow> straddling = new ArrayList<>();
    // a minute whose first second is up to 59 s before the range may reach into it
    for (Store.MinuteRow m : store.minutes(first - 59_000, end)) {
      int d = dayOf(starts, m.tMs());
      int last = dayOf(starts, m.tMs() + 59_000);
      if (last < 0) {
        continue; // wholly before the range
      }
      if (d >= 0 && d == last) {
        acc[d].recorded += m.seconds();
        acc[d].worn += m.wornSeconds();
        acc[d].known += m.knownSeconds();
        acc[d].seated += m.seatedSeconds();
        acc[d].flagged += m.slumpedSeconds();
      } else {
        straddling.add(m);
      }
    }
    for (Store.MinuteRow m : straddling) {
      for (Store.SecondRow r : store.seconds(m.tMs(), m.tMs() + 60_000)) {
        int d = dayOf(starts, r.tMs());
        if (d < 0 || d >= n || r.sessionId() != m.sessionId()
            || r.second() / 60 != m.minute()) {
          continue;
        }
        acc[d].recorded++;
        if (DayReport.worn(r.activity())) {
          acc[d].worn++;
        }
        if (!Double.isNaN(r.flexionMeanDeg())) {
          acc[d].known++;
        }
        if (r.activity().seated()) {
          acc[d].seated++;
        }
        if (r.slumped()) {
          acc[d].flagged++;
        }
      }
    }

    for (Store.EpisodeRow e : store.episodes(first, end)) {
      double duration = e.durationSeconds();
      for (int d = Math.max(0, dayOf(starts, e.startMs())); d < n && starts[d] < e.endMs();
          d++) {
        double inDay = overlapSeconds(e.startMs(), e.endMs(), starts[d], starts[d + 1]);
        acc[d].slump += inDay;
        acc[d].dose += duration > 0 ? e.doseDegMinutes() * inDay / duration : 0;
      }
      int started = dayOf(starts, e.startMs());
      if (started >= 0) {
        acc[started].episodes++;
        acc[started].longest = Math.max(acc[started].longest, duration);
      }
    }

    for (Store.AlertRow a : store.alerts(first, end)) {
      Acc x = acc[dayOf(starts, a.tMs())];
      if (AlertOutcome.SUPPRESSED.equals(a.outcome())) {
        x.heldBack++;
        continue;
      }
      switch (a.kind()) {
        case DESK_BREAK -> {
          x.breaksPrompted++;
          if (AlertOutcome.TAKEN.equals(a.outcome())) {
            x.breaksTaken++;
            if ("walk".equals(a.outcomeDetail())) {
              x.walkBreaks++;
            }
          }
        }
        case SLUMP_NUDGE -> x.nudges++;
        case EXTENSION -> {
          x.extensionsPrompted++;
          if (AlertOutcome.DONE.equals(a.outcome())) {
            x.extensionsDone++;
          } else if (AlertOutcome.PARTIAL.equals(a.outcome())) {
            x.extensionsPartial++;
          }
          x.reps += Math.max(0, a.reps());
        }
        case SELF_CRACK_WARNING -> x.selfCrack++;
        default -> throw new IllegalStateException("unhandled alert kind " + a.kind());
      }
    }

    for (Store.GapRow g : store.gaps(first, end)) {
      for (int d = Math.max(0, dayOf(starts, g.fromMs())); d < n && starts[d] < g.toMs(); d++) {
        acc[d].gap += overlapSeconds(g.fromMs(), g.toMs(), starts[d], starts[d + 1]);
      }
    }
    for (Store.SessionRow s : store.sessions(first, end)) {
      for (int d = Math.max(0, dayOf(starts, s.startedMs())); d < n
          && starts[d] < Math.max(s.endedMs(), s.startedMs() + 1); d++) {
        acc[d].sessions++;
      }
    }

    List<DayFigures> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Acc x = acc[i];
      out.add(new DayFigures(from.plusDays(i), x.recorded, x.worn, x.known, x.seated, x.flagged, x.slump,
          x.episodes, x.longest, x.dose, x.breaksPrompted, x.breaksTaken, x.walkBreaks,
          x.nudges, x.extensionsPrompted, x.extensionsDone, x.extensionsPartial, x.reps,
          x.heldBack, x.selfCrack, x.gap, x.sessions));
    }
    return out;
  }

  /** Seconds of [aMs, bMs) inside [fromMs, toMs). */
  static double overlapSeconds(long aMs, long bMs, long fromMs, long toMs) {
    return Math.max(0, Math.min(bMs, toMs) - Math.max(aMs, fromMs)) / 1000.0;
  }

  /**
   * Index of the day holding {@code tMs}, given the days' start times (and the end of the
   * last); -1 before the first day, the number of days after the last.
   */
  static int dayOf(long[] starts, long tMs) {
    int i = Arrays.binarySearch(starts, tMs);
    return i >= 0 ? i : -i - 2;
  }

  /** Running totals of one day while the rows are read. */
  private static final class Acc {
    long recorded;
    long worn;
    long known;
    long seated;
    long flagged;
    double slump;
    int episodes;
    double longest;
    double dose;
    int breaksPrompted;
    int breaksTaken;
    int walkBreaks;
    int nudges;
    int extensionsPrompted;
    int extensionsDone;
    int extensionsPartial;
    long reps;
    int heldBack;
    int selfCrack;
    double gap;
    int sessions;
  }
}
