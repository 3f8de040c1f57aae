package dev.slumpwatch.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The figures as console text: the demo's summary and the report command's one line. Made
 * from {@link DayFigures} and written with the pages' own formats, so the console and the
 * pages say the same numbers.
 */
public final class Summaries {
  private Summaries() {
  }

  private static String goal(DayFigures f, int goalScore) {
    if (f.score().isEmpty()) {
      return "no score (worn under 30 min)";
    }
    return "score " + f.score().getAsInt() + " (goal " + goalScore + ": "
        + (f.goalMet(goalScore) ? "met" : "not met") + ")";
  }

  /** One line for a day: "2026-03-06: score 64 (goal 70: not met), upright 66 % ...". */
  public static String dayLine(DayFigures f, int goalScore) {
    if (!f.hasData()) {
      return f.date() + ": no posture recorded on this day";
    }
    return f.date() + ": " + goal(f, goalScore) + ", upright " + Fmt.pct(f.uprightShare())
        + " of " + Fmt.hm(f.wornSeconds()) + " worn, slump time " + Fmt.minutes(f.slumpSeconds())
        + " in " + Fmt.count(f.episodes(), "episode") + ", desk breaks " + f.breaksTaken() + " of "
        + f.breaksPrompted() + " taken";
  }

  /** One line for a stretch of days. */
  public static String periodLine(List<DayFigures> days, LocalDate from, LocalDate to,
      int goalScore) {
    Coaching.Period p = Coaching.period(days, from, to, goalScore);
    long n = java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1;
    if (p.daysWorn() == 0) {
      return from + " to " + to + ": no posture recorded on any of the " + n + " days";
    }
    if (p.daysScored() == 0) {
      return String.format(Locale.ROOT, "%s to %s: worn on %d of %d days, none long enough "
          + "(30 min) for a score", from, to, p.daysWorn(), n);
    }
    return String.format(Locale.ROOT, "%s to %s: worn on %d of %d days, mean score %s, goal "
        + "(%d) met on %d of %d scored days", from, to, p.daysWorn(), n,
        Fmt.whole(p.meanScore()), goalScore, p.daysGoalMet(), p.daysScored());
  }

  /**
   * The demo's end-of-run summary, from its stored history: the same figures its day page
   * shows.
   */
  public static String demo(DayFigures f, int goalScore) {
    StringBuilder b = new StringBuilder("summary (as the day's report counts it)\n");
    line(b, "worn time", Fmt.hm(f.wornSeconds()) + " (posture known for "
        + Fmt.hm(f.knownSeconds()) + ")");
    line(b, "upright", Fmt.pct(f.uprightShare()) + " of worn time");
    line(b, "slump time", Fmt.minutes(f.slumpSeconds()) + " in "
        + Fmt.count(f.episodes(), "episode")
        + (f.episodes() == 0 ? "" : " (longest " + Fmt.ms(f.longestEpisodeSeconds()) + ")"));
    line(b, "slump dose", String.format(Locale.ROOT, "%.0f °·min",
        f.slumpDoseDegMinutes()));
    line(b, "slump nudges", Integer.toString(f.nudges()));
    line(b, "desk breaks", f.breaksPrompted() + " prompted, " + f.breaksTaken() + " taken ("
        + f.walkBreaks() + " by walking, " + (f.breaksTaken() - f.walkBreaks())
        + " by Bruegger's relief position)");
    line(b, "extensions", f.extensionsPrompted() + " prompted, " + f.extensionsDone()
        + " done, " + f.extensionsPartial() + " partly done, " + f.extensionReps()
        + " repetitions counted");
    if (f.heldBack() > 0) {
      line(b, "held back", f.heldBack() + " prompts not shown");
    }
    if (f.selfCrackWarnings() > 0) {
      line(b, "self-cracking", "warned (more than the day's limit of forceful twists)");
    }
    if (f.gapSeconds() > 0) {
      line(b, "no data", Fmt.hm(f.gapSeconds()) + " (disconnections, recorded as unknown)");
    }
    line(b, "posture score", f.score().isPresent() ? f.score().getAsInt() + " of 100 (goal "
        + goalScore + ": " + (f.goalMet(goalScore) ? "met" : "not met") + ")"
        : "none (worn under 30 min)");
    return b.toString().stripTrailing();
  }

  private static void line(StringBuilder b, String name, String value) {
    b.append(String.format(Locale.ROOT, "  %-15s%s%n", name, value));
  }
}
