package dev.slumpwatch.report;

import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.store.Store;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.ZoneId;
import java.util.List;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The day's flexion chart: per-second flexion over the time of day, slump episodes
 * shaded, the slump threshold as a line, prompts marked; time without data is left empty.
 */
public final class DailyChart {
  public static final int DEFAULT_WIDTH = 1600;
  public static final int DEFAULT_HEIGHT = 600;

  private static final Color FLEXION = new Color(0x1f, 0x5f, 0x9f);
  private static final Color SLUMP = new Color(0xe0, 0x60, 0x40, 70);
  private static final Color NUDGE = new Color(0xc0, 0x40, 0x20);
  private static final Color BREAK = new Color(0x20, 0x90, 0x40);

  private DailyChart() {
  }

  /** Builds the chart from stored rows. */
  public static JFreeChart build(String title, List<Store.SecondRow> seconds,
      List<Store.EpisodeRow> episodes, List<Store.AlertRow> alerts, double thresholdDeg,
      ZoneId zone) {
    XYSeries flexion = new XYSeries("flexion", true, true);
    long previous = Long.MIN_VALUE;
    for (Store.SecondRow r : seconds) {
      if (previous != Long.MIN_VALUE && r.tMs() - previous > 1500) {
        flexion.add(previous + 1000, null); // a gap stays a gap
      }
      flexion.add(r.tMs(), Double.isNaN(r.flexionMeanDeg()) ? null : r.flexionMeanDeg());
      previous = r.tMs();
    }
    XYSeriesCollection data = new XYSeriesCollection(flexion);

    DateAxis time = new DateAxis("time of day");
    SimpleDateFormat fmt = new SimpleDateFormat("HH:mm");
    fmt.setTimeZone(TimeZone.getTimeZone(zone));
    time.setDateFormatOverride(fmt);
    NumberAxis angle = new NumberAxis("flexion from your neutral (°, forward +)");
    angle.setAutoRangeIncludesZero(true);

    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    renderer.setSeriesPaint(0, FLEXION);
    renderer.setSeriesStroke(0, new BasicStroke(1.2f));
    renderer.setDrawSeriesLineAsPath(false);

    XYPlot plot = new XYPlot(data, time, angle, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));

    for (Store.EpisodeRow e : episodes) {
      IntervalMarker m = new IntervalMarker(e.startMs(), e.endMs());
      m.setPaint(SLUMP);
      plot.addDomainMarker(m, Layer.BACKGROUND);
    }
    ValueMarker threshold = new ValueMarker(thresholdDeg);
    threshold.setPaint(NUDGE);
    threshold.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f));
    threshold.setLabel("slump threshold " + Math.round(thresholdDeg) + "°");
    threshold.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    threshold.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    plot.addRangeMarker(threshold);

    Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    for (Store.AlertRow a : alerts) {
      ValueMarker m = new ValueMarker(a.tMs());
      boolean isBreak = a.kind() == AlertKind.DESK_BREAK;
      m.setPaint(isBreak ? BREAK : NUDGE);
      m.setStroke(new BasicStroke(isBreak ? 2f : 1f));
      if (isBreak) {
        m.setLabel("break" + (a.outcome() == null ? "" : " (" + a.outcome() + ")"));
        m.setLabelFont(small);
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      }
      plot.addDomainMarker(m, Layer.FOREGROUND);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** Renders to a PNG file. */
  public static void writePng(JFreeChart chart, Path file, int width, int height)
      throws IOException {
    ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
  }
}
