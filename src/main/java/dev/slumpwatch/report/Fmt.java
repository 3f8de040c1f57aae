package dev.slumpwatch.report;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * How figures are written, the same on every page and in every summary, so a figure reads
 * the same wherever it is shown.
 */
final class Fmt {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy",
      Locale.ENGLISH);
  private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("EEE d MMM",
      Locale.ENGLISH);

  private Fmt() {
  }

  /** "1 h 05 min", to the nearest minute. */
  static String hm(double seconds) {
    long m = Math.round(seconds / 60);
    return String.format(Locale.ROOT, "%d h %02d min", m / 60, m % 60);
  }

  /** "8 min 06 s". */
  static String ms(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
  }

  /** Minutes with one decimal: "40.4 min". */
  static String minutes(double seconds) {
    return String.format(Locale.ROOT, "%.1f min", seconds / 60);
  }

  /** A share 0–1 as a whole percentage, "66 %"; "—" for NaN. */
  static String pct(double share) {
    return Double.isNaN(share) ? "—" : String.format(Locale.ROOT, "%.0f %%", 100 * share);
  }

  /** "64", or "—" without a score. */
  static String score(OptionalInt score) {
    return score.isPresent() ? Integer.toString(score.getAsInt()) : "—";
  }

  /** A mean, whole: "62"; "—" for NaN. */
  static String whole(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.0f", v);
  }

  /** "1 episode", "8 episodes". */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** "Monday 2 March 2026". */
  static String day(LocalDate d) {
    return DAY.format(d);
  }

  /** "Mon 2 Mar". */
  static String shortDay(LocalDate d) {
    return SHORT_DAY.format(d);
  }
}
