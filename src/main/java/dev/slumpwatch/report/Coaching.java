package dev.slumpwatch.report;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * What the reports say to the wearer beyond the figures: the daily goal and whether it was
 * met, streaks, one week against the week before, and one sentence on what changed. All of
 * it is computed from {@link DayFigures}, so it can never disagree with the figures shown.
 */
public final class Coaching {
  /** The reports' coaching settings, by name. */
  public static final class Settings extends StageSettings<Settings> {
    public static final Setting.Whole DAILY_GOAL_SCORE = Setting.whole(
        "report.dailyGoalScore", "points", 70, 1, 100,
        "the daily posture score (0–100, see \"Reports\") that counts as the day's goal met; "
        + "streaks count days at or above it");

    /** Every key of this stage, in the order the user guide lists them. */
    public static final List<Setting<?>> KEYS = List.of(DAILY_GOAL_SCORE);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    private final int dailyGoalScore;

    public Settings(SettingValues values) {
      super(values, KEYS);
      this.dailyGoalScore = get(DAILY_GOAL_SCORE);
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    /** The daily posture score ({@link DayFigures#score()}) that counts as the goal met. */
    public int dailyGoalScore() {
      return dailyGoalScore;
    }
  }

  /** How far back the reports read for streaks and the week before. */
  public static final int LOOKBACK_DAYS = 60;

  private Coaching() {
  }

  /**
   * Goal streaks. A streak is a run of scored days that all met the goal; days without a
   * score (not worn, or worn under 30 minutes) neither break nor extend it, so a weekend
   * away from the desk does not end one.
   *
   * @param current the streak that reaches the last scored day (0 when that day missed)
   * @param longest the longest streak among the days given
   * @param reachesStart the current streak starts at the first scored day given, so it may be
   *     longer than counted (the reports read {@link #LOOKBACK_DAYS} back)
   */
  public record Streaks(int current, int longest, boolean reachesStart) {}

  public static Streaks streaks(List<DayFigures> days, int goalScore) {
    int run = 0;
    int longest = 0;
    boolean fromStart = true;
    for (DayFigures d : days) {
      if (!d.scored()) {
        continue;
      }
      if (d.goalMet(goalScore)) {
        run++;
        longest = Math.max(longest, run);
      } else {
        run = 0;
        fromStart = false;
      }
    }
    return new Streaks(run, longest, fromStart && run > 0);
  }

  /**
   * A stretch of days summed up. Shares and the score are the means over the scored days
   * (each day counts once, however long it was worn), the same values the sentence quotes.
   */
  public record Period(LocalDate from, LocalDate to, int daysWorn, int daysScored,
      int daysGoalMet, double meanScore, double meanUprightShare, double meanBreakShare,
      double meanExerciseShare, double slumpMinutes, int breaksPrompted, int breaksTaken) {

    /** Means of the score's parts, in points (NaN without scored days). */
    double uprightPoints() {
      return DayFigures.UPRIGHT_POINTS * meanUprightShare;
    }

    double breakPoints() {
      return DayFigures.BREAK_POINTS * meanBreakShare;
    }

    double exercisePoints() {
      return DayFigures.EXERCISE_POINTS * meanExerciseShare;
    }
  }

  /** The days of {@code days} within {@code from}..{@code to}, summed up. */
  public static Period period(List<DayFigures> days, LocalDate from, LocalDate to,
      int goalScore) {
    int worn = 0;
    int scored = 0;
    int met = 0;
    double score = 0;
    double upright = 0;
    double breaks = 0;
    double exercise = 0;
    double slump = 0;
    int prompted = 0;
    int taken = 0;
    for (DayFigures d : days) {
      if (d.date().isBefore(from) || d.date().isAfter(to)) {
        continue;
      }
      slump += d.slumpMinutes();
      prompted += d.breaksPrompted();
      taken += d.breaksTaken();
      if (d.worn()) {
        worn++;
      }
      OptionalInt s = d.score();
      if (s.isPresent()) {
        scored++;
        score += s.getAsInt();
        upright += d.uprightShare();
        breaks += d.breakShare();
        exercise += d.exerciseShare();
        if (s.getAsInt() >= goalScore) {
          met++;
        }
      }
    }
    double n = scored == 0 ? Double.NaN : scored;
    return new Period(from, to, worn, scored, met, score / n, upright / n, breaks / n,
        exercise / n, slump, prompted, taken);
  }

  /** The seven days ending on {@code last}, and the seven before them. */
  public static Period[] weekAndWeekBefore(List<DayFigures> days, LocalDate last,
      int goalScore) {
    return new Period[] {period(days, last.minusDays(6), last, goalScore),
        period(days, last.minusDays(13), last.minusDays(7), goalScore)};
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, "%.0f %%", 100 * share);
  }

  /**
   * One sentence on what changed from {@code before} to {@code now}: the mean score, and the
   * part of the score (upright share, breaks taken, extensions done) that moved it most.
   */
  public static String whatChanged(Period now, Period before) {
    if (now.daysScored() == 0) {
      return "No day from " + now.from() + " to " + now.to() + " was worn long enough (30 "
          + "min) for a score, so there is nothing to compare.";
    }
    if (before.daysScored() == 0) {
      return String.format(Locale.ROOT, "Your mean score from %s to %s was %.0f; the week "
          + "before has no scored day to compare with yet.", now.from(), now.to(),
          now.meanScore());
    }
    double change = now.meanScore() - before.meanScore();
    if (Math.abs(change) < 1) {
      return String.format(Locale.ROOT, "Your mean score held steady: %.0f, against %.0f the "
          + "week before.", now.meanScore(), before.meanScore());
    }
    double[] parts = {now.uprightPoints() - before.uprightPoints(),
        now.breakPoints() - before.breakPoints(),
        now.exercisePoints() - before.exercisePoints()};
    int most = 0;
    for (int i = 1; i < parts.length; i++) {
      if (Math.abs(parts[i]) > Math.abs(parts[most])) {
        most = i;
      }
    }
    boolean better = parts[most] > 0;
    String why = switch (most) {
      case 0 -> (better ? "you slumped less" : "you slumped more") + " (upright "
          + pct(now.meanUprightShare()) + " of worn time, against "
          + pct(before.meanUprightShare()) + ")";
      case 1 -> "you took " + (better ? "more" : "fewer") + " of the desk breaks "
          + "prompted (" + pct(now.meanBreakShare()) + ", against "
          + pct(before.meanBreakShare()) + ")";
      default -> "you did " + (better ? "more" : "fewer") + " of the extension "
          + "exercises prompted (" + pct(now.meanExerciseShare()) + ", against "
          + pct(before.meanExerciseShare()) + ")";
    };
    return String.format(Locale.ROOT, "Your mean score %s from %.0f to %.0f, mostly because "
        + "%s.", change > 0 ? "rose" : "fell", before.meanScore(), now.meanScore(),
        why);
  }
}
