package dev.slumpwatch.app;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.SimpleDateFormat;
import javax.swing.UIManager;
import org.jfree.chart.ChartPanel;
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
import org.jfree.data.xy.AbstractXYDataset;

/**
 * The live flexion chart (JFreeChart): one point per second, the slump threshold dashed,
 * slump episodes shaded red, gaps shaded grey with the line broken, prompts as labelled
 * vertical lines. Everything it draws arrives as one {@link AppView.Chart}; {@link #show}
 * (on the event-dispatch thread) only swaps it in, and the chart is redrawn once per new
 * value, not per event.
 */
final class LiveChart {
  private final JFreeChart chart;
  private final XYPlot plot;
  private final DateAxis time;
  private final NumberAxis flexion;
  private final ChartPanel panel;
  private AppView.Chart shown;

  LiveChart() {
    time = new DateAxis(null);
    time.setDateFormatOverride(new SimpleDateFormat("HH:mm"));
    flexion = new NumberAxis("flexion from neutral (°)");
    flexion.setAutoRangeIncludesZero(true);
    XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
    line.setSeriesStroke(0, new BasicStroke(2f));
    line.setDrawSeriesLineAsPath(true); // one path, not a line per point (breaks at NaN)
    plot = new XYPlot(new Points(null), time, flexion, line);
    plot.setDomainGridlinesVisible(false);
    chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    panel = new ChartPanel(chart, 600, 260, 300, 150, 4000, 2000, true, false, false, false,
        false, false);
    panel.setMouseZoomable(false);
    panel.setName("chart");
    restyle();
  }

  ChartPanel component() {
    return panel;
  }

  /** Colours from the installed look (light or dark). */
  void restyle() {
    Color bg = UIManager.getColor("Panel.background");
    Color fg = UIManager.getColor("Label.foreground");
    Color grid = UIManager.getColor("Separator.foreground");
    chart.setBackgroundPaint(bg);
    plot.setBackgroundPaint(bg);
    plot.setOutlinePaint(grid);
    plot.setRangeGridlinePaint(grid);
    for (var axis : new org.jfree.chart.axis.ValueAxis[] {time, flexion}) {
      axis.setLabelPaint(fg);
      axis.setTickLabelPaint(fg);
      axis.setAxisLinePaint(grid);
      axis.setTickMarkPaint(grid);
    }
    plot.getRenderer().setSeriesPaint(0, new Color(0x3b82f6));
  }

  /** The chart as shown, for tests. */
  AppView.Chart shown() {
    return shown;
  }

  JFreeChart chart() {
    return chart;
  }

  /** Swaps in a new chart value; event-dispatch thread. */
  void show(AppView.Chart c) {
    if (c == shown) {
      return;
    }
    shown = c;
    chart.setNotify(false);
    try {
      plot.setDataset(new Points(c));
      plot.clearDomainMarkers();
      plot.clearRangeMarkers();
      ValueMarker threshold = new ValueMarker(c.thresholdDeg(), Theme.colour(AppView.Tone.BAD),
          new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
              new float[] {6, 4}, 0));
      threshold.setLabel("slump threshold " + Math.round(c.thresholdDeg()) + "°");
      threshold.setLabelPaint(Theme.colour(AppView.Tone.BAD));
      threshold.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      threshold.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      plot.addRangeMarker(threshold, Layer.BACKGROUND);
      Color slump = withAlpha(Theme.colour(AppView.Tone.BAD), 50);
      for (AppView.Span s : c.slumps()) {
        plot.addDomainMarker(new IntervalMarker(s.fromMs(), s.toMs(), slump), Layer.BACKGROUND);
      }
      Color gap = withAlpha(Theme.colour(AppView.Tone.NEUTRAL), 70);
      for (AppView.Span g : c.gaps()) {
        IntervalMarker m = new IntervalMarker(g.fromMs(), g.toMs(), gap);
        m.setLabel("no data");
        m.setLabelPaint(UIManager.getColor("Label.foreground"));
        plot.addDomainMarker(m, Layer.BACKGROUND);
      }
      Font small = UIManager.getFont("Label.font").deriveFont(10f);
      for (AppView.Mark p : c.prompts()) {
        Color colour = p.delivered() ? new Color(0x8b5cf6) : Theme.colour(AppView.Tone.NEUTRAL);
        ValueMarker m = new ValueMarker(p.tMs(), colour, new BasicStroke(1.5f));
        m.setLabel(p.delivered() ? p.label() : p.label() + " (held)");
        m.setLabelFont(small);
        m.setLabelPaint(colour);
        m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        plot.addDomainMarker(m, Layer.FOREGROUND);
      }
      time.setRange(c.fromMs(), Math.max(c.toMs(), c.fromMs() + 1000));
      double lo = -10;
      double hi = c.thresholdDeg() + 15;
      for (double y : c.flexionDeg()) {
        if (!Double.isNaN(y)) {
          lo = Math.min(lo, y - 3);
          hi = Math.max(hi, y + 3);
        }
      }
      flexion.setRange(lo, hi);
    } finally {
      chart.setNotify(true);
    }
  }

  private static Color withAlpha(Color c, int alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
  }

  /** The chart's points straight from the view's arrays: no copy, no series objects. */
  private static final class Points extends AbstractXYDataset {
    private static final long serialVersionUID = 1L;
    private final transient AppView.Chart c;

    Points(AppView.Chart c) {
      this.c = c;
    }

    @Override
    public int getSeriesCount() {
      return 1;
    }

    @Override
    public Comparable<?> getSeriesKey(int series) {
      return "flexion";
    }

    @Override
    public int getItemCount(int series) {
      return c == null ? 0 : c.points();
    }

    @Override
    public Number getX(int series, int item) {
      return c.timesMs()[item];
    }

    @Override
    public double getXValue(int series, int item) {
      return c.timesMs()[item];
    }

    @Override
    public Number getY(int series, int item) {
      return c.flexionDeg()[item];
    }

    @Override
    public double getYValue(int series, int item) {
      return c.flexionDeg()[item];
    }
  }
}
