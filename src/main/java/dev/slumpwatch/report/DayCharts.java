package dev.slumpwatch.report;

import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.store.Store;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.SimpleDateFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The daily report's charts, built from a {@link DayReport}: the flexion timeline, slump
 * minutes per hour, flexion percentiles per hour and the time in each state.
 */
public final class DayCharts {
  static final Color FLEXION = new Color(0x1f, 0x5f, 0x9f);
  static final Color BAND = new Color(0x1f, 0x5f, 0x9f, 60);
  static final Color SLUMP = new Color(0xe0, 0x60, 0x40, 70);
  static final Color NUDGE = new Color(0xc0, 0x40, 0x20);
  static final Color BREAK = new Color(0x20, 0x90, 0x40);
  static final Color BREAK_TAKEN = new Color(0x20, 0x90, 0x40, 50);
  static final Color GAP = new Color(0x80, 0x80, 0x80, 45);
  static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
  private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  /** Wide enough that a day's timeline has about one point per pixel. */
  static final int TIMELINE_POINTS = 1600;

  private DayCharts() {
  }

  /**
   * Flexion over the day: the mean per bucket as a line, the min–max of the seconds in it
   * as a band, the slump threshold as a dashed line, slump episodes shaded, breaks taken
   * shaded green, desk-break prompts (green) and nudges (red) as vertical lines. Time
   * without data is drawn as a gap (shaded grey where a disconnection was recorded).
   */
  public static JFreeChart timeline(DayReport day, String title) {
    List<Store.SecondRow> rows = day.seconds();
    long first = rows.isEmpty() ? day.fromMs() : rows.get(0).tMs();
    long last = rows.isEmpty() ? day.toMs() : rows.get(rows.size() - 1).tMs() + 1000;
    long hour = 3_600_000L;
    long axisFrom = Math.max(day.fromMs(), day.fromMs() + (first - day.fromMs()) / hour * hour);
    long axisTo = Math.min(day.toMs(),
        day.fromMs() + ((last - day.fromMs()) + hour - 1) / hour * hour);
    long bucketMs = Math.max(5_000, ((axisTo - axisFrom) / TIMELINE_POINTS + 999) / 1000 * 1000);

    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    YIntervalSeries run = null;
    long runEnd = Long.MIN_VALUE;
    int i = 0;
    while (i < rows.size()) {
      long bucket = axisFrom + (rows.get(i).tMs() - axisFrom) / bucketMs * bucketMs;
      double sum = 0;
      int n = 0;
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (; i < rows.size() && rows.get(i).tMs() < bucket + bucketMs; i++) {
        Store.SecondRow r = rows.get(i);
        if (!Double.isNaN(r.flexionMeanDeg())) {
          sum += r.flexionMeanDeg();
          n++;
          lo = Math.min(lo, r.flexionMinDeg());
          hi = Math.max(hi, r.flexionMaxDeg());
        }
      }
      if (n == 0) {
        continue; // unknown posture: nothing drawn, the run breaks below
      }
      if (run == null || bucket != runEnd) {
        run = new YIntervalSeries("flexion " + data.getSeriesCount(), false, false);
        data.addSeries(run);
      }
      run.add(bucket + bucketMs / 2.0, sum / n, lo, hi);
      runEnd = bucket + bucketMs;
    }

    DateAxis time = new DateAxis("time of day");
    SimpleDateFormat fmt = new SimpleDateFormat("HH:mm", Locale.ROOT);
    fmt.setTimeZone(TimeZone.getTimeZone(day.zone()));
    time.setDateFormatOverride(fmt);
    time.setRange(axisFrom, Math.max(axisTo, axisFrom + hour));
    NumberAxis angle = new NumberAxis("flexion from your neutral (°, forward +)");
    angle.setAutoRangeIncludesZero(true);

    DeviationRenderer renderer = new DeviationRenderer(true, false);
    renderer.setAutoPopulateSeriesPaint(false);
    renderer.setAutoPopulateSeriesFillPaint(false);
    for (int s = 0; s < data.getSeriesCount(); s++) {
      renderer.setSeriesPaint(s, FLEXION);
      renderer.setSeriesFillPaint(s, BAND);
      renderer.setSeriesStroke(s, new BasicStroke(1.2f));
    }
    renderer.setAlpha(1f);

    XYPlot plot = new XYPlot(data, time, angle, renderer);
    style(plot);
    for (Store.GapRow g : day.gaps()) {
      IntervalMarker m = new IntervalMarker(g.fromMs(), g.toMs());
      m.setPaint(GAP);
      plot.addDomainMarker(m, Layer.BACKGROUND);
    }
    for (Store.EpisodeRow e : day.episodes()) {
      IntervalMarker m = new IntervalMarker(e.startMs(), e.endMs());
      m.setPaint(SLUMP);
      plot.addDomainMarker(m, Layer.BACKGROUND);
    }
    for (Store.BreakRow b : day.breaks()) {
      IntervalMarker m = new IntervalMarker(b.startMs(), b.endMs());
      m.setPaint(BREAK_TAKEN);
      plot.addDomainMarker(m, Layer.BACKGROUND);
    }
    ValueMarker threshold = new ValueMarker(day.thresholdDeg());
    threshold.setPaint(NUDGE);
    threshold.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f));
    threshold.setLabel("slump threshold " + Math.round(day.thresholdDeg()) + "°");
    threshold.setLabelFont(SMALL);
    threshold.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    threshold.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    plot.addRangeMarker(threshold);
    for (Store.AlertRow a : day.alerts()) {
      ValueMarker m = new ValueMarker(a.tMs());
      boolean isBreak = a.kind() == AlertKind.DESK_BREAK;
      m.setPaint(isBreak ? BREAK : NUDGE);
      m.setStroke(new BasicStroke(isBreak ? 2f : 0.8f));
      if (isBreak) {
        m.setLabel(AlertOutcome.TAKEN.equals(a.outcome()) ? "break ✓" : "break ✗");
        m.setLabelFont(SMALL);
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      }
      plot.addDomainMarker(m, Layer.FOREGROUND);
    }
    return chart(title, plot);
  }

  private static String hourLabel(int h) {
    return String.format(Locale.ROOT, "%02d", h);
  }

  /** The hours worth showing: from the first to the last with data (all 24 when none). */
  private static int[] hourSpan(DayReport day) {
    int from = 24;
    int to = -1;
    for (DayReport.Hour h : day.hours()) {
      if (h.knownSeconds() > 0 || h.slumpMinutes() > 0) {
        from = Math.min(from, h.hour());
        to = Math.max(to, h.hour());
      }
    }
    return to < 0 ? new int[] {0, 23} : new int[] {from, to};
  }

  /** Minutes slumped in each hour of the day. */
  public static JFreeChart slumpPerHour(DayReport day, String title) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    int[] span = hourSpan(day);
    for (int h = span[0]; h <= span[1]; h++) {
      data.addValue(day.hours().get(h).slumpMinutes(), "slump minutes", hourLabel(h));
    }
    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("hour of day"),
        new NumberAxis("minutes slumped"), bars(NUDGE));
    plot.getRangeAxis().setUpperBound(60);
    style(plot);
    return chart(title, plot);
  }

  /** Flexion percentiles (p10, p50, p90) of each hour's known seconds. */
  public static JFreeChart percentilesPerHour(DayReport day, String title) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    int[] span = hourSpan(day);
    for (int h = span[0]; h <= span[1]; h++) {
      DayReport.Hour x = day.hours().get(h);
      data.addValue(nullIfNaN(x.p90Deg()), "p90", hourLabel(h));
      data.addValue(nullIfNaN(x.p50Deg()), "median", hourLabel(h));
      data.addValue(nullIfNaN(x.p10Deg()), "p10", hourLabel(h));
    }
    LineAndShapeRenderer r = new LineAndShapeRenderer(true, true);
    r.setSeriesPaint(0, NUDGE);
    r.setSeriesPaint(1, FLEXION);
    r.setSeriesPaint(2, BREAK);
    for (int s = 0; s < 3; s++) {
      r.setSeriesStroke(s, new BasicStroke(s == 1 ? 2.5f : 1.5f));
    }
    NumberAxis angle = new NumberAxis("flexion (°)");
    angle.setAutoRangeIncludesZero(true);
    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("hour of day"), angle, r);
    style(plot);
    ValueMarker threshold = new ValueMarker(day.thresholdDeg());
    threshold.setPaint(NUDGE);
    threshold.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f));
    plot.addRangeMarker(threshold);
    JFreeChart c = chart(title, plot);
    LegendTitle legend = new LegendTitle(plot);
    legend.setPosition(RectangleEdge.BOTTOM);
    c.addLegend(legend);
    return c;
  }

  /** Minutes in each state (seated upright or slumped, other activities, no data). */
  public static JFreeChart timeInStates(DayReport day, String title) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map.Entry<String, Long> e : day.stateSeconds().entrySet()) {
      data.addValue(e.getValue() / 60.0, "minutes", e.getKey());
    }
    CategoryAxis states = new CategoryAxis(null);
    states.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    CategoryPlot plot = new CategoryPlot(data, states, new NumberAxis("minutes"),
        bars(FLEXION));
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    style(plot);
    return chart(title, plot);
  }

  private static Double nullIfNaN(double v) {
    return Double.isNaN(v) ? null : v;
  }

  static BarRenderer bars(Color c) {
    BarRenderer r = new BarRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, c);
    r.setMaximumBarWidth(0.08);
    return r;
  }

  static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
  }

  static void style(CategoryPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(GRID);
  }

  static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot) {
    JFreeChart c = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, false);
    c.setBackgroundPaint(Color.WHITE);
    return c;
  }
}
