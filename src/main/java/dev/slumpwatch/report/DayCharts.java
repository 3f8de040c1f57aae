package dev.slumpwatch.report;

import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.store.Store;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
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
 * The day page's charts, built from a {@link DayReport}: the flexion timeline, worn and
 * slumped minutes per hour, flexion percentiles per hour and the time in each state. Each
 * chart carries its own legend, so a PNG or SVG file read on its own still says what its
 * colours mean. Prompts differ by colour and by line (solid, dashed, thin), so they stay
 * apart in print and for colour-blind readers.
 */
public final class DayCharts {
  static final Color FLEXION = new Color(0x1f, 0x5f, 0x9f);
  static final Color BAND = new Color(0x1f, 0x5f, 0x9f, 60);
  static final Color SLUMP = new Color(0xe0, 0x60, 0x40, 70);
  static final Color SLUMP_BAR = new Color(0xd0, 0x50, 0x30);
  static final Color UPRIGHT_BAR = new Color(0x9d, 0xbc, 0xdc);
  static final Color NUDGE = new Color(0xe0, 0x80, 0x00);
  static final Color THRESHOLD = new Color(0xc0, 0x40, 0x20);
  static final Color BREAK = new Color(0x20, 0x90, 0x40);
  static final Color EXTENSION = new Color(0x7b, 0x3f, 0xa0);
  static final Color HELD_BACK = new Color(0x99, 0x99, 0x99);
  static final Color BREAK_TAKEN = new Color(0x20, 0x90, 0x40, 50);
  static final Color GAP = new Color(0x80, 0x80, 0x80, 45);
  static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  static final Stroke NUDGE_STROKE = new BasicStroke(1f);
  static final Stroke BREAK_STROKE = new BasicStroke(2.5f);
  static final Stroke EXTENSION_STROKE = new BasicStroke(2.5f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f);
  static final Stroke HELD_BACK_STROKE = new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f);
  static final Stroke THRESHOLD_STROKE = new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

  private DayCharts() {
  }

  /**
   * Flexion over the day: the mean per bucket as a line, the min–max of the seconds in it
   * as a band, the slump threshold dashed, slump episodes shaded red, breaks taken shaded
   * green, and the prompts as vertical lines: desk breaks green (✓ taken, ✗ missed),
   * extension prompts purple dashed (✓ done, ½ partly, ✗ missed), nudges thin orange,
   * prompts held back dotted grey. Time without data is a gap (shaded grey where a
   * disconnection was recorded).
   *
   * @param points about how many points the line gets: one per pixel of the drawing's width
   */
  public static JFreeChart timeline(DayReport day, String title, int points) {
    List<Store.SecondRow> rows = day.seconds();
    long first = rows.isEmpty() ? day.fromMs() : rows.get(0).tMs();
    long last = rows.isEmpty() ? day.toMs() : rows.get(rows.size() - 1).tMs() + 1000;
    long hour = 3_600_000L;
    long axisFrom = Math.max(day.fromMs(), day.fromMs() + (first - day.fromMs()) / hour * hour);
    long axisTo = Math.min(day.toMs(),
        day.fromMs() + ((last - day.fromMs()) + hour - 1) / hour * hour);
    long bucketMs = Math.max(5_000,
        ((axisTo - axisFrom) / Math.max(100, points) + 999) / 1000 * 1000);

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
        // buckets come in time order, one per x: no sorting, and no duplicate search (a
        // linear scan per point, quadratic over a day)
        run = new YIntervalSeries("flexion " + data.getSeriesCount(), false, true);
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
    NumberAxis angle = new NumberAxis("flexion from neutral (°, forward +)");
    angle.setAutoRangeIncludesZero(true);
    angle.setAutoRangeMinimumSize(5);

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
    threshold.setPaint(THRESHOLD);
    threshold.setStroke(THRESHOLD_STROKE);
    threshold.setLabel("slump threshold " + Math.round(day.thresholdDeg()) + "°");
    threshold.setLabelFont(SMALL);
    threshold.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    threshold.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    threshold.setLabelBackgroundColor(new Color(255, 255, 255, 210));
    plot.addRangeMarker(threshold);
    for (Store.AlertRow a : day.alerts()) {
      ValueMarker m = new ValueMarker(a.tMs());
      if (AlertOutcome.SUPPRESSED.equals(a.outcome())) {
        m.setPaint(HELD_BACK);
        m.setStroke(HELD_BACK_STROKE);
      } else if (a.kind() == AlertKind.DESK_BREAK) {
        m.setPaint(BREAK);
        m.setStroke(BREAK_STROKE);
        m.setLabel(AlertOutcome.TAKEN.equals(a.outcome()) ? "✓" : "✗");
      } else if (a.kind() == AlertKind.EXTENSION) {
        m.setPaint(EXTENSION);
        m.setStroke(EXTENSION_STROKE);
        m.setLabel(AlertOutcome.DONE.equals(a.outcome()) ? "✓"
            : AlertOutcome.PARTIAL.equals(a.outcome()) ? "½" : "✗");
      } else {
        m.setPaint(NUDGE);
        m.setStroke(NUDGE_STROKE);
      }
      if (m.getLabel() != null) {
        m.setLabelFont(LABEL_FONT);
        m.setLabelPaint(m.getPaint());
        m.setLabelBackgroundColor(new Color(255, 255, 255, 210));
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      }
      plot.addDomainMarker(m, Layer.FOREGROUND);
    }
    plot.setFixedLegendItems(Legend.items(timelineKeys(day)));
    return withLegend(chart(title, plot), plot);
  }

  /** The timeline's legend; "prompt held back" only on a day that had one. */
  static List<Legend.Key> timelineKeys(DayReport day) {
    List<Legend.Key> keys = new ArrayList<>(List.of(
        new Legend.Key("flexion (mean; band: min–max)", FLEXION, Legend.Style.LINE),
        new Legend.Key("slump threshold", THRESHOLD, Legend.Style.DASHED),
        new Legend.Key("slump episode", SLUMP, Legend.Style.AREA),
        new Legend.Key("break taken", BREAK_TAKEN, Legend.Style.AREA),
        new Legend.Key("desk-break prompt (✓ taken, ✗ missed)", BREAK, Legend.Style.LINE),
        new Legend.Key("extension prompt (✓ done, ½ partly, ✗ missed)", EXTENSION,
            Legend.Style.DASHED),
        new Legend.Key("slump nudge", NUDGE, Legend.Style.THIN)));
    if (day.alerts().stream().anyMatch(a -> AlertOutcome.SUPPRESSED.equals(a.outcome()))) {
      keys.add(new Legend.Key("prompt held back", HELD_BACK, Legend.Style.DOTTED));
    }
    keys.add(new Legend.Key("no data", GAP, Legend.Style.AREA));
    return keys;
  }

  static final List<Legend.Key> HOUR_KEYS = List.of(
      new Legend.Key("in a slump", SLUMP_BAR, Legend.Style.AREA),
      new Legend.Key("worn, not slumped", UPRIGHT_BAR, Legend.Style.AREA));

  static final List<Legend.Key> PERCENTILE_KEYS = List.of(
      new Legend.Key("p90", THRESHOLD, Legend.Style.LINE),
      new Legend.Key("median", FLEXION, Legend.Style.LINE),
      new Legend.Key("p10", BREAK, Legend.Style.LINE),
      new Legend.Key("slump threshold", THRESHOLD, Legend.Style.DASHED));

  private static String hourLabel(int h) {
    return String.format(Locale.ROOT, "%02d", h);
  }

  /** The hours worth showing: from the first to the last with data (all 24 when none). */
  private static int[] hourSpan(DayReport day) {
    int from = 24;
    int to = -1;
    for (DayReport.Hour h : day.hours()) {
      if (h.knownSeconds() > 0 || h.wornSeconds() > 0 || h.slumpSeconds() > 0) {
        from = Math.min(from, h.hour());
        to = Math.max(to, h.hour());
      }
    }
    return to < 0 ? new int[] {0, 23} : new int[] {from, to};
  }

  /** Worn minutes in each hour, split into in a slump and not. */
  public static JFreeChart slumpPerHour(DayReport day, String title) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    int[] span = hourSpan(day);
    for (int h = span[0]; h <= span[1]; h++) {
      DayReport.Hour x = day.hours().get(h);
      double slump = Math.min(x.slumpSeconds(), x.wornSeconds());
      data.addValue(slump / 60, HOUR_KEYS.get(0).label(), hourLabel(h));
      data.addValue((x.wornSeconds() - slump) / 60, HOUR_KEYS.get(1).label(), hourLabel(h));
    }
    StackedBarRenderer r = new StackedBarRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, SLUMP_BAR);
    r.setSeriesPaint(1, UPRIGHT_BAR);
    r.setMaximumBarWidth(0.08);
    NumberAxis minutes = new NumberAxis("minutes");
    minutes.setRange(0, 60);
    minutes.setTickUnit(new NumberTickUnit(10));
    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("hour of day"), minutes, r);
    style(plot);
    plot.setFixedLegendItems(Legend.items(HOUR_KEYS));
    return withLegend(chart(title, plot), plot);
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
    r.setSeriesPaint(0, THRESHOLD);
    r.setSeriesPaint(1, FLEXION);
    r.setSeriesPaint(2, BREAK);
    for (int s = 0; s < 3; s++) {
      r.setSeriesStroke(s, new BasicStroke(s == 1 ? 2.5f : 1.5f));
    }
    NumberAxis angle = new NumberAxis("flexion (°)");
    angle.setAutoRangeIncludesZero(true);
    angle.setAutoRangeMinimumSize(5);
    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("hour of day"), angle, r);
    style(plot);
    ValueMarker threshold = new ValueMarker(day.thresholdDeg());
    threshold.setPaint(THRESHOLD);
    threshold.setStroke(THRESHOLD_STROKE);
    plot.addRangeMarker(threshold);
    plot.setFixedLegendItems(Legend.items(PERCENTILE_KEYS));
    return withLegend(chart(title, plot), plot);
  }

  /** Minutes in each state (seated upright or slumped, other activities, no data). */
  public static JFreeChart timeInStates(DayReport day, String title) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map.Entry<String, Double> e : day.stateSeconds().entrySet()) {
      data.addValue(e.getValue() / 60.0, "minutes", e.getKey());
    }
    CategoryAxis states = new CategoryAxis(null);
    states.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    NumberAxis minutes = new NumberAxis("minutes");
    minutes.setAutoRangeMinimumSize(10);
    BarRenderer bars = new BarRenderer();
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setSeriesPaint(0, FLEXION);
    bars.setMaximumBarWidth(0.08);
    CategoryPlot plot = new CategoryPlot(data, states, minutes, bars);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    style(plot);
    return chart(title, plot);
  }

  private static Double nullIfNaN(double v) {
    return Double.isNaN(v) ? null : v;
  }

  static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    fonts(plot.getDomainAxis());
    fonts(plot.getRangeAxis());
  }

  static void style(CategoryPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(GRID);
    plot.getDomainAxis().setLabelFont(LABEL_FONT);
    plot.getDomainAxis().setTickLabelFont(TICK_FONT);
    fonts(plot.getRangeAxis());
  }

  private static void fonts(ValueAxis axis) {
    axis.setLabelFont(LABEL_FONT);
    axis.setTickLabelFont(TICK_FONT);
  }

  static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot) {
    JFreeChart c = new JFreeChart(title, TITLE_FONT, plot, false);
    c.setBackgroundPaint(Color.WHITE);
    return c;
  }

  static JFreeChart withLegend(JFreeChart c, org.jfree.chart.LegendItemSource plot) {
    LegendTitle legend = new LegendTitle(plot);
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setItemFont(SMALL);
    legend.setItemLabelPadding(new org.jfree.chart.ui.RectangleInsets(2, 4, 2, 12));
    c.addLegend(legend);
    return c;
  }
}
