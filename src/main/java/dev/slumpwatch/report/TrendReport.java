package dev.slumpwatch.report;

import static dev.slumpwatch.report.Html.esc;

import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.function.IntConsumer;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Trends over days: slump share (slumped seconds over worn seconds) and desk breaks per
 * day, each with a least-squares trend line over the days the sensor was worn. Reads the
 * per-minute totals, so a year takes a fraction of a second.
 */
public final class TrendReport {
  /** One day. {@code slumpPercent} is NaN when the sensor was not worn. */
  public record Day(LocalDate date, long wornSeconds, long slumpedSeconds, int episodes,
      int breaksPrompted, int breaksTaken) {
    public double slumpPercent() {
      return wornSeconds == 0 ? Double.NaN : 100.0 * slumpedSeconds / wornSeconds;
    }
  }

  /**
   * A fitted line, value = intercept + slope * (days since the first day); NaN when fewer
   * than two days had data.
   */
  public record Trend(double intercept, double slopePerDay, int days) {
    public double at(long dayIndex) {
      return intercept + slopePerDay * dayIndex;
    }
  }

  private final LocalDate from;
  private final LocalDate to;
  private final ZoneId zone;
  private final List<Day> days;

  private TrendReport(LocalDate from, LocalDate to, ZoneId zone, List<Day> days) {
    this.from = from;
    this.to = to;
    this.zone = zone;
    this.days = days;
  }

  /**
   * Reads days {@code from}..{@code to} (inclusive).
   *
   * @param progress told the number of days read so far, after each day
   */
  public static TrendReport load(Store store, LocalDate from, LocalDate to, ZoneId zone,
      IntConsumer progress) throws StoreException {
    int n = (int) ChronoUnit.DAYS.between(from, to) + 1;
    long[] starts = new long[n + 1];
    for (int i = 0; i <= n; i++) {
      starts[i] = from.plusDays(i).atStartOfDay(zone).toInstant().toEpochMilli();
    }
    // three range queries, bucketed by day here: one query per day would make the
    // episode lookups (indexed by start only) quadratic in the length of the history
    long[] worn = new long[n];
    long[] slumped = new long[n];
    int[] episodes = new int[n];
    int[] prompted = new int[n];
    int[] taken = new int[n];
    for (Store.MinuteRow m : store.minutes(starts[0], starts[n])) {
      int d = dayOf(starts, m.tMs());
      worn[d] += m.wornSeconds();
      slumped[d] += m.slumpedSeconds();
    }
    for (Store.AlertRow r : store.alerts(starts[0], starts[n])) {
      if (r.kind() == AlertKind.DESK_BREAK) {
        int d = dayOf(starts, r.tMs());
        prompted[d]++;
        if (AlertOutcome.TAKEN.equals(r.outcome())) {
          taken[d]++;
        }
      }
    }
    for (Store.EpisodeRow e : store.episodes(starts[0], starts[n])) {
      if (e.startMs() >= starts[0]) {
        episodes[dayOf(starts, e.startMs())]++; // counted on the day it started
      }
    }
    List<Day> days = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      days.add(new Day(from.plusDays(i), worn[i], slumped[i], episodes[i], prompted[i],
          taken[i]));
      progress.accept(i + 1);
    }
    return new TrendReport(from, to, zone, days);
  }

  /** Index of the day holding {@code tMs}, given the days' start times. */
  private static int dayOf(long[] starts, long tMs) {
    int i = java.util.Arrays.binarySearch(starts, tMs);
    return Math.min(starts.length - 2, i >= 0 ? i : -i - 2);
  }

  public List<Day> days() {
    return days;
  }

  public LocalDate from() {
    return from;
  }

  public LocalDate to() {
    return to;
  }

  /** Ordinary least squares over the days the sensor was worn. */
  private Trend fit(java.util.function.ToDoubleFunction<Day> value) {
    SimpleRegression r = new SimpleRegression(true);
    for (Day d : days) {
      if (d.wornSeconds() > 0) {
        r.addData(ChronoUnit.DAYS.between(from, d.date()), value.applyAsDouble(d));
      }
    }
    int n = (int) r.getN();
    if (n < 2) {
      return new Trend(Double.NaN, Double.NaN, n);
    }
    return new Trend(r.getIntercept(), r.getSlope(), n);
  }

  public Trend slumpTrend() {
    return fit(Day::slumpPercent);
  }

  public Trend breaksTakenTrend() {
    return fit(Day::breaksTaken);
  }

  private long dayMs(LocalDate d) {
    return d.atStartOfDay(zone).toInstant().toEpochMilli();
  }

  private JFreeChart chart(String title, String valueAxis, Color colour,
      java.util.function.ToDoubleFunction<Day> value, Trend trend, XYSeries extra) {
    XYSeries bars = new XYSeries(valueAxis, false, false);
    for (Day d : days) {
      if (d.wornSeconds() > 0) {
        bars.add(dayMs(d.date()) + 43_200_000.0, value.applyAsDouble(d));
      }
    }
    XYSeriesCollection barData = new XYSeriesCollection(bars);
    barData.setIntervalWidth(86_400_000.0 * 0.8);
    XYBarRenderer br = new XYBarRenderer();
    br.setBarPainter(new StandardXYBarPainter());
    br.setShadowVisible(false);
    br.setSeriesPaint(0, colour);
    DateAxis time = new DateAxis("day");
    SimpleDateFormat fmt = new SimpleDateFormat(days.size() > 62 ? "MMM yyyy" : "EEE d MMM",
        Locale.ROOT);
    fmt.setTimeZone(TimeZone.getTimeZone(zone));
    time.setDateFormatOverride(fmt);
    time.setRange(dayMs(from), dayMs(to.plusDays(1)));
    NumberAxis axis = new NumberAxis(valueAxis);
    axis.setAutoRangeIncludesZero(true);
    XYPlot plot = new XYPlot(barData, time, axis, br);
    DayCharts.style(plot);

    XYSeriesCollection lines = new XYSeriesCollection();
    if (trend.days() >= 2) {
      XYSeries t = new XYSeries(String.format(Locale.ROOT, "trend (%+.2f per week)",
          trend.slopePerDay() * 7), false, false);
      long last = ChronoUnit.DAYS.between(from, to);
      t.add(dayMs(from) + 43_200_000.0, trend.at(0));
      t.add(dayMs(to) + 43_200_000.0, trend.at(last));
      lines.addSeries(t);
    }
    if (extra != null) {
      lines.addSeries(extra);
    }
    XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, false);
    lr.setSeriesPaint(0, Color.BLACK);
    lr.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
        10f, new float[] {8f, 4f}, 0f));
    lr.setSeriesPaint(1, DayCharts.NUDGE);
    lr.setSeriesShapesVisible(1, true);
    plot.setDataset(1, lines);
    plot.setRenderer(1, lr);
    JFreeChart c = DayCharts.chart(title, plot);
    LegendTitle legend = new LegendTitle(plot);
    legend.setPosition(RectangleEdge.BOTTOM);
    c.addLegend(legend);
    return c;
  }

  public JFreeChart slumpChart() {
    return chart("Slump share per day, " + from + " to " + to, "% of worn time slumped",
        DayCharts.NUDGE, Day::slumpPercent, slumpTrend(), null);
  }

  public JFreeChart breaksChart() {
    XYSeries prompted = new XYSeries("prompted", false, false);
    for (Day d : days) {
      if (d.wornSeconds() > 0) {
        prompted.add(dayMs(d.date()) + 43_200_000.0, d.breaksPrompted());
      }
    }
    return chart("Desk breaks taken per day, " + from + " to " + to, "breaks taken",
        DayCharts.BREAK, Day::breaksTaken, breaksTakenTrend(), prompted);
  }

  public String html(List<HtmlReport.Chart> charts) {
    StringBuilder b = new StringBuilder(Html.head("slumpwatch — " + from + " to " + to));
    b.append("<h1>").append(esc("Posture trend, " + from + " to " + to)).append("</h1>\n");
    Trend s = slumpTrend();
    long worn = days.stream().filter(d -> d.wornSeconds() > 0).count();
    b.append("<p>").append(esc(worn + " of " + days.size() + " days with the sensor worn. "
        + (s.days() >= 2 ? String.format(Locale.ROOT, "Slump share trend: %+.2f percentage "
        + "points per week (least squares over the worn days).", s.slopePerDay() * 7)
        : "Too few worn days for a trend."))).append("</p>\n");
    HtmlReport.figures(b, charts);
    b.append("<table>\n<tr><th>day</th><th>worn</th><th>slumped</th><th>slump share</th>"
        + "<th>episodes</th><th>breaks prompted</th><th>breaks taken</th></tr>\n");
    for (Day d : days) {
      b.append("<tr><td>").append(esc(d.date().toString())).append("</td><td class=\"n\">")
          .append(esc(HtmlReport.hm(d.wornSeconds()))).append("</td><td class=\"n\">")
          .append(esc(HtmlReport.hm(d.slumpedSeconds()))).append("</td><td class=\"n\">")
          .append(esc(Double.isNaN(d.slumpPercent()) ? "—"
              : String.format(Locale.ROOT, "%.1f %%", d.slumpPercent())))
          .append("</td><td class=\"n\">").append(d.episodes())
          .append("</td><td class=\"n\">").append(d.breaksPrompted())
          .append("</td><td class=\"n\">").append(d.breaksTaken()).append("</td></tr>\n");
    }
    b.append("</table>\n<p class=\"note\">").append(esc("Slump share: seconds slumped over "
        + "seconds worn. Made by slumpwatch on this computer; nothing was sent anywhere."))
        .append("</p>\n").append(Html.tail());
    return b.toString();
  }
}
