package dev.slumpwatch.clinic;

import static dev.slumpwatch.report.Html.esc;

import dev.slumpwatch.report.DayReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The clinician's page: per wearer who consented, over a date range, worn time, slump
 * share and its trend, breaks taken and exercise adherence; and the cohort's distribution
 * of slump share. Read as the clinician's own login, so row-level security decides who is
 * on it; one aggregate query over the day summaries.
 *
 * <p>Definitions: slump share is slumped seconds over worn seconds of the whole range;
 * its trend is the least-squares slope of the daily slump share over the days worn, in
 * percentage points per week (negative is better); breaks taken is desk-break prompts
 * taken over prompted; exercise adherence is extension prompts done over shown.
 */
public final class CohortReport {
  /** One wearer over the range. Ratios are NaN when their denominator is 0. */
  public record Wearer(String wearerId, int daysWorn, long wornSeconds, long slumpedSeconds,
      double slumpTrendPointsPerWeek, int breaksPrompted, int breaksTaken,
      int extensionPrompts, int extensionDone) {
    public double wornHoursPerDay() {
      return daysWorn == 0 ? Double.NaN : wornSeconds / 3600.0 / daysWorn;
    }

    public double slumpPercent() {
      return wornSeconds == 0 ? Double.NaN : 100.0 * slumpedSeconds / wornSeconds;
    }

    public double breaksTakenPercent() {
      return breaksPrompted == 0 ? Double.NaN : 100.0 * breaksTaken / breaksPrompted;
    }

    public double adherencePercent() {
      return extensionPrompts == 0 ? Double.NaN : 100.0 * extensionDone / extensionPrompts;
    }
  }

  private final LocalDate from;
  private final LocalDate to;
  private final List<Wearer> wearers;
  private final double queryMillis;

  private CohortReport(LocalDate from, LocalDate to, List<Wearer> wearers, double queryMillis) {
    this.from = from;
    this.to = to;
    this.wearers = wearers;
    this.queryMillis = queryMillis;
  }

  static final String COHORT_SQL = "SELECT wearer_id, "
      + "count(*) FILTER (WHERE worn_s > 0), sum(worn_s), sum(slumped_s), "
      + "regr_slope(100.0 * slumped_s / nullif(worn_s, 0), day - ?::date) * 7, "
      + "sum(breaks_prompted), sum(breaks_taken), sum(extension_prompts), "
      + "sum(extension_done) "
      + "FROM clinic.day_summaries WHERE day >= ? AND day <= ? "
      + "GROUP BY wearer_id ORDER BY wearer_id";

  /** Reads days {@code from}..{@code to} (inclusive) as the connected clinician. */
  public static CohortReport load(Connection clinician, LocalDate from, LocalDate to)
      throws SQLException {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
    List<Wearer> out = new ArrayList<>();
    long t0 = System.nanoTime();
    try (PreparedStatement ps = clinician.prepareStatement(COHORT_SQL)) {
      ps.setDate(1, Date.valueOf(from));
      ps.setDate(2, Date.valueOf(from));
      ps.setDate(3, Date.valueOf(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double trend = rs.getDouble(5);
          out.add(new Wearer(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4),
              rs.wasNull() ? Double.NaN : trend, rs.getInt(6), rs.getInt(7), rs.getInt(8),
              rs.getInt(9)));
        }
      }
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    ClinicAdmin.commitIfNeeded(clinician);
    return new CohortReport(from, to, out, ms);
  }

  public List<Wearer> wearers() {
    return wearers;
  }

  /** How long the cohort query took, for the page's footer and the benchmark. */
  public double queryMillis() {
    return queryMillis;
  }

  /** Quartiles of the wearers' slump share: min, p25, median, p75, max (NaN when empty). */
  public double[] slumpQuartiles() {
    double[] v = wearers.stream().mapToDouble(Wearer::slumpPercent)
        .filter(x -> !Double.isNaN(x)).sorted().toArray();
    double[] q = new double[5];
    for (int i = 0; i < 5; i++) {
      q[i] = DayReport.percentile(v, i / 4.0);
    }
    return q;
  }

  private static String f(double v, int decimals) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String cell(double v, int decimals) {
    return Double.isNaN(v) ? "n/a" : f(v, decimals);
  }

  /** The CSV: one line per wearer, empty fields where a figure has no denominator. */
  public String csv() {
    StringBuilder b = new StringBuilder("wearer_id,days_worn,worn_h_per_day,slump_pct,"
        + "slump_trend_pp_per_week,breaks_prompted,breaks_taken,breaks_taken_pct,"
        + "extension_prompts,extension_done,exercise_adherence_pct\n");
    for (Wearer w : wearers) {
      b.append(w.wearerId()).append(',').append(w.daysWorn()).append(',')
          .append(f(w.wornHoursPerDay(), 2)).append(',').append(f(w.slumpPercent(), 2))
          .append(',').append(f(w.slumpTrendPointsPerWeek(), 2)).append(',')
          .append(w.breaksPrompted()).append(',').append(w.breaksTaken()).append(',')
          .append(f(w.breaksTakenPercent(), 1)).append(',').append(w.extensionPrompts())
          .append(',').append(w.extensionDone()).append(',')
          .append(f(w.adherencePercent(), 1)).append('\n');
    }
    return b.toString();
  }

  /** The self-contained page (no scripts, no remote resources). */
  public String html() {
    String title = "slumpwatch cohort " + from + " to " + to;
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(esc(title)).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:1.5em auto;max-width:1200px;color:#222;")
        .append("padding:0 0.5em}\ntable{border-collapse:collapse;margin:0.5em 0 1.5em}\n")
        .append("td,th{border:1px solid #ccc;padding:0.25em 0.6em;text-align:left}\n")
        .append("th{background:#f3f3f3}\ntd.n{text-align:right}\n")
        .append(".wide{overflow-x:auto}\nfigure svg{max-width:100%;height:auto}\n")
        .append(".note{color:#555;font-size:0.9em}\n</style>\n</head>\n<body>\n");
    b.append("<h1>").append(esc(title)).append("</h1>\n");
    b.append("<p>").append(wearers.size()).append(" wearers who consented to you. ")
        .append("Wearers are shown by pseudonym only.</p>\n");
    double[] q = slumpQuartiles();
    b.append("<h2>Cohort: slump share</h2>\n<table><tr><th>min</th><th>25 %</th>")
        .append("<th>median</th><th>75 %</th><th>max</th></tr><tr>");
    for (double x : q) {
      b.append("<td class=\"n\">").append(cell(x, 1)).append(" %</td>");
    }
    b.append("</tr></table>\n<figure>").append(histogram()).append("<figcaption>Wearers by ")
        .append("slump share of worn time, 5 % bins.</figcaption></figure>\n");
    b.append("<h2>Wearers</h2>\n<div class=\"wide\"><table>\n<tr><th>wearer</th>")
        .append("<th>days worn</th><th>worn h/day</th><th>slump share</th>")
        .append("<th>trend (points/week)</th><th>breaks taken</th>")
        .append("<th>exercise adherence</th></tr>\n");
    for (Wearer w : wearers) {
      b.append("<tr><td>").append(esc(w.wearerId())).append("</td><td class=\"n\">")
          .append(w.daysWorn()).append("</td><td class=\"n\">")
          .append(cell(w.wornHoursPerDay(), 1)).append("</td><td class=\"n\">")
          .append(cell(w.slumpPercent(), 1)).append(" %</td><td class=\"n\">")
          .append(cell(w.slumpTrendPointsPerWeek(), 2)).append("</td><td class=\"n\">")
          .append(w.breaksTaken()).append(" / ").append(w.breaksPrompted()).append(" (")
          .append(cell(w.breaksTakenPercent(), 0)).append(" %)</td><td class=\"n\">")
          .append(w.extensionDone()).append(" / ").append(w.extensionPrompts()).append(" (")
          .append(cell(w.adherencePercent(), 0)).append(" %)</td></tr>\n");
    }
    b.append("</table></div>\n<p class=\"note\">Slump share: slumped over worn seconds. ")
        .append("Trend: least-squares slope of the daily slump share over the days worn ")
        .append("(negative is better). Breaks taken: desk-break prompts taken over prompted. ")
        .append("Exercise adherence: extension prompts done over shown. n/a: nothing to ")
        .append("divide by. The cohort query took ").append(f(queryMillis, 1))
        .append(" ms.</p>\n</body>\n</html>\n");
    return b.toString();
  }

  /** Wearers per 5 % bin of slump share, as inline SVG. */
  private String histogram() {
    int[] bins = new int[20];
    for (Wearer w : wearers) {
      double p = w.slumpPercent();
      if (!Double.isNaN(p)) {
        bins[Math.min(19, (int) (p / 5))]++;
      }
    }
    int max = Math.max(1, Arrays.stream(bins).max().orElse(1));
    int width = 600;
    int height = 200;
    int barW = (width - 40) / 20;
    StringBuilder s = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(width).append(' ').append(height + 30).append("\" role=\"img\" aria-label=\"")
        .append("histogram of slump share\">");
    for (int i = 0; i < 20; i++) {
      int h = (int) Math.round((height - 20) * bins[i] / (double) max);
      int x = 30 + i * barW;
      s.append("<rect x=\"").append(x).append("\" y=\"").append(height - h).append("\" width=\"")
          .append(barW - 2).append("\" height=\"").append(h).append("\" fill=\"#c0504d\">")
          .append("<title>").append(i * 5).append("–").append(i * 5 + 5).append(" %: ")
          .append(bins[i]).append(" wearers</title></rect>");
      if (i % 4 == 0) {
        s.append("<text x=\"").append(x).append("\" y=\"").append(height + 15)
            .append("\" font-size=\"11\">").append(i * 5).append(" %</text>");
      }
    }
    s.append("<text x=\"0\" y=\"12\" font-size=\"11\">").append(max).append("</text>")
        .append("<line x1=\"28\" y1=\"").append(height).append("\" x2=\"").append(width)
        .append("\" y2=\"").append(height).append("\" stroke=\"#444\"/></svg>");
    return s.toString();
  }

  /** Writes {@code cohort.html} and {@code cohort.csv} into {@code dir}. */
  public List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path html = dir.resolve("cohort.html");
    Path csv = dir.resolve("cohort.csv");
    Files.writeString(html, html(), StandardCharsets.UTF_8);
    Files.writeString(csv, csv(), StandardCharsets.UTF_8);
    return List.of(html, csv);
  }
}
