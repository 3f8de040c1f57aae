package dev.slumpwatch.report;

import static dev.slumpwatch.report.Html.esc;

import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.IntConsumer;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickMarkPosition;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.ClusteredXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Trends over days, from each day's {@link DayFigures}: the posture score against the daily
 * goal, the share of worn time in a slump, and desk breaks prompted and taken, the last two
 * with a least-squares trend line over the days the sensor was worn. Reads per-minute
 * totals, so a year takes a fraction of a second.
 */
public final class TrendReport {
  /**
   * A fitted line, value = intercept + slope * (days since the first day); NaN when fewer
   * than two days had data.
   */
  public record Trend(double intercept, double slopePerDay, int days) {
    public double at(long dayIndex) {
      return intercept + slopePerDay * dayIndex;
    }
  }

  static final Color SCORE_MET = new Color(0x2a, 0x9d, 0x4f);
  static final Color SCORE_MISSED = new Color(0xe0, 0x90, 0x30);
  static final Color PROMPTED = new Color(0xb8, 0xb8, 0xb8);
  static final Color TREND = Color.BLACK;

  private final LocalDate from;
  private final LocalDate to;
  private final ZoneId zone;
  private final List<DayFigures> history;
  private final List<DayFigures> days;

  private TrendReport(LocalDate from, LocalDate to, ZoneId zone, List<DayFigures> history) {
    this.from = from;
    this.to = to;
    this.zone = zone;
    this.history = List.copyOf(history);
    this.days = this.history.subList(this.history.size()
        - (int) (ChronoUnit.DAYS.between(from, to) + 1), this.history.size());
  }

  /**
   * Reads days {@code from}..{@code to} (inclusive), and the {@link Coaching#LOOKBACK_DAYS}
   * before them for streaks and the week before.
   *
   * @param progress told the number of days read so far
   */
  public static TrendReport load(Store store, LocalDate from, LocalDate to, ZoneId zone,
      IntConsumer progress) throws StoreException {
    List<DayFigures> all = DayFigures.days(store, from.minusDays(Coaching.LOOKBACK_DAYS), to,
        zone);
    int n = (int) ChronoUnit.DAYS.between(from, to) + 1;
    for (int i = 1; i <= n; i++) {
      progress.accept(i);
    }
    return new TrendReport(from, to, zone, all);
  }

  /** The days of the range, in order. */
  public List<DayFigures> days() {
    return days;
  }

  /** The days before the range that were read too, then the range's days. */
  public List<DayFigures> history() {
    return history;
  }

  public LocalDate from() {
    return from;
  }

  public LocalDate to() {
    return to;
  }

  /** Whether the sensor was worn on any day of the range. */
  public boolean anyWorn() {
    return days.stream().anyMatch(DayFigures::worn);
  }

  /** Ordinary least squares over the days the sensor was worn. */
  private Trend fit(ToDoubleFunction<DayFigures> value) {
    SimpleRegression r = new SimpleRegression(true);
    for (DayFigures d : days) {
      if (d.worn()) {
        r.addData(ChronoUnit.DAYS.between(from, d.date()), value.applyAsDouble(d));
      }
    }
    int n = (int) r.getN();
    if (n < 2) {
      return new Trend(Double.NaN, Double.NaN, n);
    }
    return new Trend(r.getIntercept(), r.getSlope(), n);
  }

  /** Slump share (percent of worn time) per day. */
  public Trend slumpTrend() {
    return fit(DayFigures::slumpPercent);
  }

  public Trend breaksTakenTrend() {
    return fit(DayFigures::breaksTaken);
  }

  private long dayMs(LocalDate d) {
    return d.atStartOfDay(zone).toInstant().toEpochMilli();
  }

  private double noon(LocalDate d) {
    return (dayMs(d) + dayMs(d.plusDays(1))) / 2.0;
  }

  /**
   * The days axis: one label per day for up to about one label per 90 px, then every few
   * days, weeks or months, never a label twice.
   */
  private DateAxis dayAxis(int widthPx) {
    DateAxis time = new DateAxis(null, TimeZone.getTimeZone(zone), Locale.ENGLISH);
    int n = days.size();
    int maxLabels = Math.max(4, widthPx / 95);
    String pattern;
    if (n <= 62) {
      int step = (int) Math.ceil(n / (double) maxLabels);
      if (step > 1 && step < 7 && n > 21) {
        step = 7;
      }
      time.setTickUnit(new DateTickUnit(DateTickUnitType.DAY, step), false, true);
      time.setTickMarkPosition(DateTickMarkPosition.MIDDLE);
      pattern = step == 1 && n <= 7 && widthPx >= 700 ? "EEE d MMM" : step == 1 ? "EEE d"
          : "d MMM";
    } else {
      int months = (int) (ChronoUnit.MONTHS.between(from, to) + 1);
      int step = (int) Math.ceil(months / (double) maxLabels);
      time.setTickUnit(new DateTickUnit(DateTickUnitType.MONTH, step), false, true);
      time.setTickMarkPosition(DateTickMarkPosition.START);
      pattern = widthPx >= 700 ? "MMM yyyy" : "MMM yy";
    }
    SimpleDateFormat fmt = new SimpleDateFormat(pattern, Locale.ENGLISH);
    fmt.setTimeZone(TimeZone.getTimeZone(zone));
    time.setDateFormatOverride(fmt);
    time.setRange(dayMs(from), dayMs(to.plusDays(1)));
    return time;
  }

  private XYSeries series(String name, ToDoubleFunction<DayFigures> value,
      java.util.function.Predicate<DayFigures> which) {
    XYSeries s = new XYSeries(name, false, true); // in date order, one per day
    for (DayFigures d : days) {
      if (which.test(d)) {
        s.add(noon(d.date()), value.applyAsDouble(d));
      }
    }
    return s;
  }

  private XYBarRenderer bars(XYBarRenderer r, Color... colours) {
    r.setBarPainter(new StandardXYBarPainter());
    r.setShadowVisible(false);
    r.setDrawBarOutline(false);
    for (int i = 0; i < colours.length; i++) {
      r.setSeriesPaint(i, colours[i]);
    }
    return r;
  }

  private XYSeriesCollection barData(XYSeries... s) {
    XYSeriesCollection c = new XYSeriesCollection();
    for (XYSeries x : s) {
      c.addSeries(x);
    }
    c.setIntervalWidth(86_400_000.0 * 0.8);
    return c;
  }

  /** The trend line as a second dataset over the bars, when there is one. */
  private void trendLine(XYPlot plot, Trend trend) {
    if (trend.days() < 2) {
      return;
    }
    XYSeries t = new XYSeries("trend", false, false);
    t.add(noon(from), trend.at(0));
    t.add(noon(to), trend.at(ChronoUnit.DAYS.between(from, to)));
    XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, false);
    lr.setSeriesPaint(0, TREND);
    lr.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
        10f, new float[] {8f, 4f}, 0f));
    plot.setDataset(1, new XYSeriesCollection(t));
    plot.setRenderer(1, lr);
  }

  private static String perWeek(Trend t, String unit) {
    return String.format(Locale.ROOT, "%+.2f%s per week", t.slopePerDay() * 7,
        unit.isEmpty() ? "" : " " + unit);
  }

  /** The score chart's legend. */
  List<Legend.Key> scoreKeys(int goal) {
    return List.of(new Legend.Key("score, goal met", SCORE_MET, Legend.Style.AREA),
        new Legend.Key("score, below the goal", SCORE_MISSED, Legend.Style.AREA),
        new Legend.Key("daily goal (" + goal + ")", DayCharts.THRESHOLD, Legend.Style.DASHED));
  }

  /** The posture score of each scored day, coloured by whether it met the goal. */
  public JFreeChart scoreChart(int goal, int widthPx) {
    XYSeriesCollection data = barData(
        series("met", d -> d.score().getAsInt(), d -> d.goalMet(goal)),
        series("below", d -> d.score().getAsInt(), d -> d.scored() && !d.goalMet(goal)));
    NumberAxis points = new NumberAxis("posture score");
    points.setRange(0, 100);
    points.setTickUnit(new NumberTickUnit(20));
    XYPlot plot = new XYPlot(data, dayAxis(widthPx), points,
        bars(new XYBarRenderer(), SCORE_MET, SCORE_MISSED));
    DayCharts.style(plot);
    ValueMarker g = new ValueMarker(goal);
    g.setPaint(DayCharts.THRESHOLD);
    g.setStroke(DayCharts.THRESHOLD_STROKE);
    g.setLabel("goal " + goal);
    g.setLabelFont(DayCharts.SMALL);
    g.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    g.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    plot.addRangeMarker(g);
    plot.setFixedLegendItems(Legend.items(scoreKeys(goal)));
    return DayCharts.withLegend(DayCharts.chart("Posture score per day", plot), plot);
  }

  List<Legend.Key> slumpKeys() {
    List<Legend.Key> keys = new ArrayList<>(List.of(new Legend.Key("% of worn time in a slump",
        DayCharts.SLUMP_BAR, Legend.Style.AREA)));
    Trend t = slumpTrend();
    if (t.days() >= 2) {
      keys.add(new Legend.Key("trend (" + perWeek(t, "points") + ")", TREND,
          Legend.Style.DASHED));
    }
    return keys;
  }

  /** The share of worn time in a slump, per worn day, with its trend. */
  public JFreeChart slumpChart(int widthPx) {
    NumberAxis pct = new NumberAxis("% of worn time");
    pct.setAutoRangeIncludesZero(true);
    pct.setAutoRangeMinimumSize(10);
    XYPlot plot = new XYPlot(barData(series("slump", DayFigures::slumpPercent,
        DayFigures::worn)), dayAxis(widthPx), pct, bars(new XYBarRenderer(),
        DayCharts.SLUMP_BAR));
    DayCharts.style(plot);
    trendLine(plot, slumpTrend());
    plot.setFixedLegendItems(Legend.items(slumpKeys()));
    return DayCharts.withLegend(DayCharts.chart("Time in a slump per day", plot), plot);
  }

  List<Legend.Key> breakKeys() {
    List<Legend.Key> keys = new ArrayList<>(List.of(
        new Legend.Key("desk breaks prompted", PROMPTED, Legend.Style.AREA),
        new Legend.Key("desk breaks taken", DayCharts.BREAK, Legend.Style.AREA)));
    Trend t = breaksTakenTrend();
    if (t.days() >= 2) {
      keys.add(new Legend.Key("trend of breaks taken (" + perWeek(t, "") + ")", TREND, Legend.Style.DASHED));
    }
    return keys;
  }

  /** Desk breaks prompted and taken, side by side per worn day, with the trend of taken. */
  public JFreeChart breaksChart(int widthPx) {
    NumberAxis count = new NumberAxis("desk breaks");
    count.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    count.setAutoRangeIncludesZero(true);
    count.setAutoRangeMinimumSize(4);
    XYPlot plot = new XYPlot(barData(series("prompted", DayFigures::breaksPrompted,
        DayFigures::worn), series("taken", DayFigures::breaksTaken, DayFigures::worn)),
        dayAxis(widthPx), count, bars(new ClusteredXYBarRenderer(), PROMPTED,
            DayCharts.BREAK));
    DayCharts.style(plot);
    trendLine(plot, breaksTakenTrend());
    plot.setFixedLegendItems(Legend.items(breakKeys()));
    return DayCharts.withLegend(DayCharts.chart("Desk breaks per day", plot), plot);
  }

  /** The heading: "week of …" for a Monday-to-Sunday week, else the two dates. */
  String what() {
    if (from.getDayOfWeek() == java.time.DayOfWeek.MONDAY && to.equals(from.plusDays(6))) {
      return "the week of " + Fmt.day(from);
    }
    return "from " + from + " to " + to;
  }

  public String html(List<HtmlReport.Chart> charts, Reports.Options options) {
    int goal = options.dailyGoalScore();
    StringBuilder b = new StringBuilder(Html.head(HtmlReport.title("posture " + from + " to "
        + to, options)));
    HtmlReport.heading(b, "Posture, " + what(), options);
    Coaching.Period all = Coaching.period(days, from, to, goal);
    if (!anyWorn()) {
      b.append("<p class=\"empty\">").append(esc("No posture was recorded from " + from
          + " to " + to + ", so there is nothing to chart.")).append("</p>\n");
    }
    b.append("<section class=\"coach\">\n");
    if (anyWorn()) {
      b.append("<div class=\"score\"><span class=\"points\" data-figure=\"mean-score\">")
          .append(esc(Fmt.whole(all.meanScore()))).append("</span> <span>")
          .append(esc("mean posture score over " + Fmt.count(all.daysScored(), "scored day")
              + " (worn on " + all.daysWorn() + " of " + Fmt.count(days.size(), "day") + ")"))
          .append("</span></div>\n");
      b.append("<p data-figure=\"goal-days\">").append(esc("Daily goal of " + goal + " met on "
          + all.daysGoalMet() + " of " + all.daysScored() + " scored days.")).append("</p>\n");
      Optional<DayFigures> best = days.stream().filter(DayFigures::scored)
          .max(Comparator.comparingInt(d -> d.score().getAsInt()));
      Optional<DayFigures> worst = days.stream().filter(DayFigures::scored)
          .min(Comparator.comparingInt(d -> d.score().getAsInt()));
      if (best.isPresent() && all.daysScored() >= 2) {
        b.append("<p>").append(esc("Best day " + Fmt.shortDay(best.get().date()) + " ("
            + best.get().score().getAsInt() + "), worst day "
            + Fmt.shortDay(worst.get().date()) + " (" + worst.get().score().getAsInt()
            + ").")).append("</p>\n");
      }
    }
    b.append("<p>").append(esc(HtmlReport.streakText(Coaching.streaks(history, goal), goal,
        history.get(0).date())))
        .append("</p>\n");
    HtmlReport.weeks(b, history, to, goal);
    Trend s = slumpTrend();
    if (anyWorn()) {
      b.append("<p>").append(esc(s.days() >= 2 ? String.format(Locale.ROOT, "Time in a "
          + "slump, trend: %+.2f percentage points of worn time per week (least squares over "
          + "the %d worn days).", s.slopePerDay() * 7, s.days())
          : "Too few worn days for a trend.")).append("</p>\n");
    }
    b.append("</section>\n");
    HtmlReport.charts(b, charts);
    b.append("<h2>Day by day</h2>\n<table class=\"days\">\n<tr><th>day</th><th>worn</th>"
        + "<th>slump time</th><th>upright</th><th class=\"opt\">episodes</th><th>desk breaks "
        + "taken</th><th class=\"opt\">extensions done</th><th>score</th>"
        + "<th class=\"opt\">goal</th></tr>\n");
    for (DayFigures d : days) {
      b.append("<tr data-day=\"").append(d.date()).append("\"><td>")
          .append(esc(Fmt.shortDay(d.date()))).append("</td>");
      if (!d.hasData()) {
        b.append("<td colspan=\"8\" class=\"none\">").append(esc("no data")).append("</td>");
      } else {
        cell(b, "n", Fmt.hm(d.wornSeconds()));
        cell(b, "n", Fmt.minutes(d.slumpSeconds()));
        cell(b, "n", Fmt.pct(d.uprightShare()));
        cell(b, "n opt", Integer.toString(d.episodes()));
        cell(b, "n", d.breaksTaken() + " of " + d.breaksPrompted());
        cell(b, "n opt", d.extensionsDone() + " of " + d.extensionsPrompted());
        cell(b, "n", Fmt.score(d.score()));
        cell(b, "opt", d.score().isEmpty() ? "—" : d.goalMet(goal) ? "met ✓" : "not met");
      }
      b.append("</tr>\n");
    }
    b.append("</table>\n<p class=\"note\">").append(esc("Every figure is counted as on the "
        + "day pages (slump time: time inside slump episodes; upright: worn time not in a "
        + "slump; score: 60 × upright share + 25 × desk breaks taken of prompted + 15 × "
        + "extensions done of prompted). Made by slumpwatch on this computer; nothing was "
        + "sent anywhere.")).append("</p>\n").append(Html.tail());
    return b.toString();
  }

  private static void cell(StringBuilder b, String classes, String v) {
    b.append("<td class=\"").append(classes).append("\">").append(esc(v)).append("</td>");
  }
}
