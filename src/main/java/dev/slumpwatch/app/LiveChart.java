package dev.slumpwatch.app;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.event.ComponentAdapter;
import java.awt.event.ComponentEvent;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.SimpleDateFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.JComponent;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.TickUnits;
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
 * (on the event-dispatch thread) only hands it over. The chart is drawn into an image on
 * its own thread ("chart painter", once per new value or size, the latest one only) and the
 * event-dispatch thread just copies the finished image: drawing the line, the axes and the
 * markers took 8–17 ms of processor time per new value there, which a busy core stretched
 * towards the 50 ms an event may take.
 */
final class LiveChart {
  /** Smaller than this, the chart is drawn at this size and scaled down (as ChartPanel did). */
  private static final int MIN_WIDTH = 300;
  private static final int MIN_HEIGHT = 150;

  // the JFreeChart objects: used by one thread at a time (the painter, or the caller of
  // drawOnTheCaller before the window shows), never by two
  private final JFreeChart chart;
  private final XYPlot plot;
  private final DateAxis time;
  private final NumberAxis flexion;
  private final Style style;
  private AppView.Chart drawn;

  private final Canvas canvas = new Canvas();
  /** What the event-dispatch thread last handed over. */
  private AppView.Chart shown;
  /** The last drawing asked for; event-dispatch thread. */
  private Job requested;
  /** The latest drawing asked for and not yet started: only the newest one is drawn. */
  private final AtomicReference<Job> pending = new AtomicReference<>();
  private final Object painterLock = new Object();
  private ScheduledExecutorService painter;
  /** When the painter last began a drawing, {@link System#nanoTime}. */
  private volatile long lastDrawNanos = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);
  private final AtomicInteger drawings = new AtomicInteger();
  /** The image the screen no longer shows, drawn into again when the size is the same. */
  private final AtomicReference<BufferedImage> spare = new AtomicReference<>();
  private boolean direct;
  private volatile boolean closed;

  /** What to draw and how big: the chart value, the component's size and the screen's scale. */
  private record Job(AppView.Chart chart, int width, int height, double scale) {}

  /** The look's colours and font, read on the event-dispatch thread when the chart is made. */
  private record Style(Color background, Color foreground, Color grid, Font small, Color bad,
      Color neutral) {
    static Style now() {
      return new Style(UIManager.getColor("Panel.background"),
          UIManager.getColor("Label.foreground"), UIManager.getColor("Separator.foreground"),
          UIManager.getFont("Label.font").deriveFont(10f), Theme.colour(AppView.Tone.BAD),
          Theme.colour(AppView.Tone.NEUTRAL));
    }
  }

  LiveChart() {
    style = Style.now();
    time = new DateAxis(null);
    time.setDateFormatOverride(new SimpleDateFormat("HH:mm"));
    // ticks on whole minutes only: with the axis's own units, a 10-minute chart ticked every
    // 30 s and printed each minute twice ("05:33 05:33 05:34")
    TickUnits minutes = new TickUnits();
    for (int m : new int[] {1, 2, 5, 10, 15, 30, 60, 120}) {
      minutes.add(new DateTickUnit(DateTickUnitType.MINUTE, m));
    }
    time.setStandardTickUnits(minutes);
    flexion = new NumberAxis("flexion from neutral (°)");
    flexion.setAutoRangeIncludesZero(true);
    XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
    line.setSeriesStroke(0, new BasicStroke(2f));
    line.setDrawSeriesLineAsPath(true); // one path, not a line per point (breaks at NaN)
    plot = new XYPlot(new Points(null), time, flexion, line);
    plot.setDomainGridlinesVisible(false);
    chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.setBackgroundPaint(style.background());
    plot.setBackgroundPaint(style.background());
    plot.setOutlinePaint(style.grid());
    plot.setRangeGridlinePaint(style.grid());
    for (var axis : new org.jfree.chart.axis.ValueAxis[] {time, flexion}) {
      axis.setLabelPaint(style.foreground());
      axis.setTickLabelPaint(style.foreground());
      axis.setAxisLinePaint(style.grid());
      axis.setTickMarkPaint(style.grid());
    }
    line.setSeriesPaint(0, new Color(0x3b82f6));
    canvas.setName("chart");
    canvas.setPreferredSize(new Dimension(600, 260));
    canvas.setMinimumSize(new Dimension(MIN_WIDTH, MIN_HEIGHT));
    canvas.addComponentListener(new ComponentAdapter() {
      @Override
      public void componentResized(ComponentEvent e) {
        request(); // a new size: draw again
      }
    });
  }

  JComponent component() {
    return canvas;
  }

  /** The chart as shown, for tests. */
  AppView.Chart shown() {
    return shown;
  }

  /** The chart value in the image on screen, for tests; event-dispatch thread. */
  AppView.Chart onScreen() {
    return canvas.job == null ? null : canvas.job.chart();
  }

  /** How many images the chart has been drawn into, for tests. */
  int drawings() {
    return drawings.get();
  }

  /**
   * The time axis's labels as drawn on a plot this wide, for tests: only while nothing is
   * being drawn ({@link #awaitDrawn}).
   */
  java.util.List<String> timeLabels(double plotWidth) {
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    try {
      return time.refreshTicks(g, new org.jfree.chart.axis.AxisState(),
          new Rectangle2D.Double(0, 0, plotWidth, 200), org.jfree.chart.ui.RectangleEdge.BOTTOM)
          .stream().map(t -> ((org.jfree.chart.axis.Tick) t).getText()).toList();
    } finally {
      g.dispose();
    }
  }

  /** Hands a new chart value over to be drawn; event-dispatch thread. */
  void show(AppView.Chart c) {
    if (c == shown) {
      return;
    }
    shown = c;
    request();
  }

  /**
   * From now on draws on the event-dispatch thread as each value arrives, with no painter
   * thread: for the window's warm-up copy, which is painted before any window shows.
   */
  void drawOnTheCaller() {
    direct = true;
  }

  /** Stops drawing and the painter thread (a window's warm-up copy, when it is disposed). */
  void close() {
    closed = true;
    canvas.alone.stop();
    synchronized (painterLock) {
      if (painter != null) {
        painter.shutdownNow();
      }
      painter = null;
    }
  }

  /**
   * Waits until every drawing asked for is on screen, for tests; not on the event-dispatch
   * thread.
   *
   * @return whether it got there within the time-out
   */
  boolean awaitDrawn(long timeout, TimeUnit unit) throws InterruptedException {
    return awaitDrawn(timeout, unit, true);
  }

  /**
   * Waits until the image on screen shows everything asked for but, perhaps, the newest
   * points (which wait their turn, {@link #minGapNanos}): for a test's screenshot while data
   * keeps arriving, where the newest value is always a moment ahead; not on the
   * event-dispatch thread.
   */
  boolean awaitDrawnBarNewPoints(long timeout, TimeUnit unit) throws InterruptedException {
    return awaitDrawn(timeout, unit, false);
  }

  private boolean awaitDrawn(long timeout, TimeUnit unit, boolean exact)
      throws InterruptedException {
    long end = System.nanoTime() + unit.toNanos(timeout);
    while (System.nanoTime() < end) {
      boolean[] done = new boolean[1];
      try {
        SwingUtilities.invokeAndWait(() -> done[0] = requested == canvas.job
            || !exact && canvas.job != null && onlyNewPoints(canvas.job, requested));
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw new IllegalStateException(e.getCause());
      }
      if (done[0]) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return false;
  }

  private Job job() {
    int w = canvas.getWidth();
    int h = canvas.getHeight();
    if (shown == null || w <= 0 || h <= 0) {
      return null; // nothing yet, or not laid out: drawn when it is
    }
    var gc = canvas.getGraphicsConfiguration();
    double scale = gc == null ? 1 : gc.getDefaultTransform().getScaleX();
    return new Job(shown, w, h, scale);
  }

  /** Asks the painter for the chart as it should look now; event-dispatch thread. */
  private void request() {
    Job j = closed ? null : job();
    if (j == null || j.equals(requested)) {
      return; // nothing to draw, or the same value at the same size (an idle resize event)
    }
    Job previous = requested;
    requested = j;
    if (direct) {
      canvas.take(j, draw(j));
      return;
    }
    Job before = pending.getAndSet(j);
    long delay = onlyNewPoints(previous, j)
        ? Math.max(0, lastDrawNanos + minGapNanos(j) - System.nanoTime()) : 0;
    if (before != null && delay > 0) {
      return; // a drawing asked for and not yet started will take this one instead
    }
    synchronized (painterLock) {
      if (painter == null) {
        painter = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "chart painter");
          t.setDaemon(true);
          return t;
        });
      }
      painter.schedule(this::paintPending, delay, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Whether {@code b} only adds points to what {@code a} showed: the same size, span,
   * threshold, episodes, gaps and prompts. Such a change waits for {@link #minGapNanos}; any
   * other is drawn at once.
   */
  private static boolean onlyNewPoints(Job a, Job b) {
    if (a == null || a.width() != b.width() || a.height() != b.height()
        || a.scale() != b.scale()) {
      return false;
    }
    AppView.Chart x = a.chart();
    AppView.Chart y = b.chart();
    return x.toMs() - x.fromMs() == y.toMs() - y.fromMs()
        && x.thresholdDeg() == y.thresholdDeg() && x.slumps().equals(y.slumps())
        && x.gaps().equals(y.gaps()) && x.prompts().equals(y.prompts());
  }

  /**
   * The least time between two drawings that only add points: the time a pixel of the chart
   * spans, about (a 10-minute chart on about 500 pixels: 2 s; an hour: 10 s). Drawing every
   * second of data moved the line by less than a pixel and was half the chart's cost.
   */
  private static long minGapNanos(Job j) {
    long spanMs = j.chart().toMs() - j.chart().fromMs();
    return TimeUnit.MILLISECONDS.toNanos(Math.max(1000, Math.min(10_000, spanMs / 300)));
  }

  /** On the painter thread: draws the newest job and hands the image to the screen. */
  private void paintPending() {
    Job j = pending.getAndSet(null);
    if (j == null || closed) {
      return;
    }
    lastDrawNanos = System.nanoTime();
    BufferedImage image = draw(j);
    SwingUtilities.invokeLater(() -> canvas.take(j, image));
  }

  private BufferedImage draw(Job j) {
    if (j.chart() != drawn) {
      apply(j.chart());
      drawn = j.chart();
    }
    int w = Math.max(j.width(), MIN_WIDTH);
    int h = Math.max(j.height(), MIN_HEIGHT);
    int pw = Math.max(1, (int) Math.ceil(j.width() * j.scale()));
    int ph = Math.max(1, (int) Math.ceil(j.height() * j.scale()));
    BufferedImage image = spare.getAndSet(null);
    if (image == null || image.getWidth() != pw || image.getHeight() != ph) {
      image = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_RGB); // the chart fills it
    }
    Graphics2D g = image.createGraphics();
    try {
      g.scale(j.scale() * j.width() / w, j.scale() * j.height() / h);
      chart.draw(g, new Rectangle2D.Double(0, 0, w, h));
    } finally {
      g.dispose();
    }
    drawings.incrementAndGet();
    return image;
  }

  /** Puts a chart value into the plot; the painter thread, or drawOnTheCaller's caller. */
  private void apply(AppView.Chart c) {
    chart.setNotify(false);
    try {
      plot.setDataset(new Points(c));
      plot.clearDomainMarkers();
      plot.clearRangeMarkers();
      ValueMarker threshold = new ValueMarker(c.thresholdDeg(), style.bad(),
          new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
              new float[] {6, 4}, 0));
      threshold.setLabel("slump threshold " + Math.round(c.thresholdDeg()) + "°");
      threshold.setLabelPaint(style.bad());
      threshold.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      threshold.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      plot.addRangeMarker(threshold, Layer.BACKGROUND);
      Color slump = withAlpha(style.bad(), 50);
      for (AppView.Span s : c.slumps()) {
        plot.addDomainMarker(new IntervalMarker(s.fromMs(), s.toMs(), slump), Layer.BACKGROUND);
      }
      Color gap = withAlpha(style.neutral(), 70);
      for (AppView.Span g : c.gaps()) {
        IntervalMarker m = new IntervalMarker(g.fromMs(), g.toMs(), gap);
        m.setLabel("no data");
        m.setLabelPaint(style.foreground());
        plot.addDomainMarker(m, Layer.BACKGROUND);
      }
      for (AppView.Mark p : c.prompts()) {
        Color colour = p.delivered() ? new Color(0x8b5cf6) : style.neutral();
        ValueMarker m = new ValueMarker(p.tMs(), colour, new BasicStroke(1.5f));
        m.setLabel(p.delivered() ? p.label() : p.label() + " (held)");
        m.setLabelFont(style.small());
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

  /**
   * Repaints the chart if an image finished since it was last painted: called with each view
   * the window applies, so a new image joins that view's repaint and the window repaints no
   * more often than views arrive; event-dispatch thread.
   */
  void repaintIfDrawn() {
    canvas.repaintIfFresh();
  }

  /** The component: copies the newest finished image, nothing more. */
  private final class Canvas extends JComponent {
    private static final long serialVersionUID = 1L;
    private transient BufferedImage image;
    private transient Job job;
    /** An image taken and not yet asked to be painted. */
    private boolean fresh;
    /** Paints a fresh image that no view came to take within a quarter of a second. */
    private final javax.swing.Timer alone = new javax.swing.Timer(250, e -> repaintIfFresh());

    Canvas() {
      alone.setRepeats(false);
    }

    void take(Job j, BufferedImage img) {
      BufferedImage old = image;
      job = j;
      image = img;
      if (old != null && old != img) {
        spare.set(old); // never painted again: the painter may draw into it
      }
      fresh = true;
      alone.restart(); // views come 5 or 10 times a second while the sensor streams
    }

    void repaintIfFresh() {
      if (fresh) {
        fresh = false;
        alone.stop();
        repaint();
      }
    }

    @Override
    protected void paintComponent(Graphics g) {
      if (image == null) {
        g.setColor(style.background());
        g.fillRect(0, 0, getWidth(), getHeight());
        return;
      }
      // the image's size in the component's units (the window may have been resized since:
      // the old image stands, stretched, until the new one is drawn)
      if (image.getWidth() == getWidth() && image.getHeight() == getHeight()) {
        g.drawImage(image, 0, 0, null); // a plain copy, the usual case
      } else {
        g.drawImage(image, 0, 0, getWidth(), getHeight(), null);
      }
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
