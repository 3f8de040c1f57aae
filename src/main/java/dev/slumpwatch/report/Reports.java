package dev.slumpwatch.report;

import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.jfree.chart.JFreeChart;

/**
 * Writes report pages with their charts into a directory: {@code day-DATE.html} with
 * {@code day-DATE-timeline|slump-per-hour|percentiles|states.png/.svg}, and
 * {@code trend-FROM_TO.html} with {@code trend-FROM_TO-score|slump|breaks.png/.svg}. Each
 * chart is drawn wide (the PNG, the SVG file, and the page on laptops, desktops and paper)
 * and narrow (the page on a phone).
 * Every file is written under a temporary name and renamed when complete
 * ({@link AtomicFile}), the page last, so a killed report leaves no truncated file under a
 * final name; files are private to the user (0600): posture data is health data.
 */
public final class Reports {
  public static final int WIDTH = 1200;
  public static final int HEIGHT = 560;
  public static final int SMALL_HEIGHT = 420;
  public static final int NARROW_WIDTH = 480;
  public static final int NARROW_HEIGHT = 420;
  public static final int NARROW_SMALL_HEIGHT = 360;

  /**
   * What a page is for.
   *
   * @param demo the demo's history: the title and heading say so
   * @param dailyGoalScore the daily goal ({@link Coaching.Settings})
   */
  public record Options(boolean demo, int dailyGoalScore) {
    public static final Options DEFAULTS = new Options(false,
        Coaching.Settings.DEFAULTS.dailyGoalScore());
  }

  private Reports() {
  }

  /**
   * Draws a small chart of each kind the reports use, to PNG and SVG in memory and thrown
   * away. A report is a short-lived process whose time goes mostly into loading chart and
   * imaging classes; started on a second thread while the store is opened and read, this
   * takes that loading off the critical path (about 0.4 s of a 1.5 s run).
   */
  public static Thread warmUpInBackground() {
    Thread t = new Thread(() -> {
      try {
        DayReport empty = DayReport.empty(LocalDate.of(2026, 1, 1), ZoneId.of("UTC"), 15);
        for (JFreeChart c : List.of(DayCharts.timeline(empty, "warm-up", 64),
            DayCharts.slumpPerHour(empty, "warm-up"),
            DayCharts.percentilesPerHour(empty, "warm-up"))) {
          org.jfree.chart.ChartUtils.encodeAsPNG(c.createBufferedImage(64, 48));
          ChartFiles.svg(c, "warm-up", 64, 48);
        }
      } catch (IOException | RuntimeException e) {
        // only a warm-up: the real drawing reports any problem
      }
    }, "slumpwatch-warm-up");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A chart to draw, built afresh for each drawing from the width it is drawn at. */
  private record Job(IntFunction<JFreeChart> chart, String caption, String legendHtml,
      String name, int height, int narrowHeight) {}

  /**
   * Draws every chart's files (PNG and SVG, with the chart's own legend) and its wide and
   * narrow SVG for the page (without: the page shows the legend as text under the chart)
   * on two threads. JFreeChart objects are not shared between threads: each drawing gets
   * its own. Keeps the charts' order.
   */
  private static List<HtmlReport.Chart> render(List<Job> jobs, Path dir, String prefix)
      throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "slumpwatch-chart");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Path[]>> files = new ArrayList<>();
      List<Future<String>> wide = new ArrayList<>();
      List<Future<String>> narrow = new ArrayList<>();
      for (Job j : jobs) {
        wide.add(pool.submit(() -> inline(j.chart().apply(WIDTH), j.name(), WIDTH,
            j.height())));
        narrow.add(pool.submit(() -> inline(j.chart().apply(NARROW_WIDTH),
            j.name() + "-narrow", NARROW_WIDTH, j.narrowHeight())));
        files.add(pool.submit(() -> {
          JFreeChart c = j.chart().apply(WIDTH);
          String name = prefix + "-" + j.name();
          Path svg = ChartFiles.writeSvg(ChartFiles.svg(c, j.name(), WIDTH, j.height())
              .standalone(), dir, name);
          return new Path[] {ChartFiles.writePng(c, dir, name, WIDTH, j.height()), svg};
        }));
      }
      List<HtmlReport.Chart> out = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        Job j = jobs.get(i);
        Path[] f = files.get(i).get();
        out.add(new HtmlReport.Chart(j.caption(), j.legendHtml(), wide.get(i).get(),
            narrow.get(i).get(), f[0], f[1]));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while drawing charts", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The chart as an inline SVG element without its legend (the page writes it as text). */
  private static String inline(JFreeChart c, String id, int width, int height) {
    c.removeLegend();
    return ChartFiles.svg(c, id, width, height).inline();
  }

  /** The day's page; returns its path. A day without data gets a page without charts. */
  public static Path writeDay(DayReport day, Path dir, Options options) throws IOException {
    Files.createDirectories(dir);
    String prefix = "day-" + day.date();
    List<HtmlReport.Chart> charts = List.of();
    if (day.hasData()) {
      charts = render(List.of(
          new Job(w -> DayCharts.timeline(day, "Flexion on " + day.date(), w),
              "Flexion over the day, with slump episodes, breaks and every prompt.",
              Legend.html(DayCharts.timelineKeys(day)), "timeline", HEIGHT, NARROW_HEIGHT),
          new Job(w -> DayCharts.slumpPerHour(day, "Worn minutes per hour"),
              "Worn minutes in each hour, and how many of them were in a slump.",
              Legend.html(DayCharts.HOUR_KEYS), "slump-per-hour", SMALL_HEIGHT,
              NARROW_SMALL_HEIGHT),
          new Job(w -> DayCharts.percentilesPerHour(day, "Flexion percentiles per hour"),
              "Flexion p10, median and p90 in each hour (seconds with a known posture).",
              Legend.html(DayCharts.PERCENTILE_KEYS), "percentiles", SMALL_HEIGHT,
              NARROW_SMALL_HEIGHT),
          new Job(w -> DayCharts.timeInStates(day, "Time in each state"),
              "Minutes in each state; seated slumped is the day's slump time.", "",
              "states", SMALL_HEIGHT, NARROW_SMALL_HEIGHT)), dir, prefix);
    }
    Path html = dir.resolve(prefix + ".html");
    byte[] page = HtmlReport.day(day, charts, options).getBytes(StandardCharsets.UTF_8);
    AtomicFile.write(html, out -> out.write(page));
    return html;
  }

  public static Path writeDay(Store store, LocalDate date, ZoneId zone, double thresholdDeg,
      Path dir, Options options) throws IOException, StoreException {
    return writeDay(DayReport.load(store, date, zone, thresholdDeg), dir, options);
  }

  /** The trend page; returns its path. A range without data gets a page without charts. */
  public static Path writeTrend(TrendReport t, Path dir, Options options) throws IOException {
    Files.createDirectories(dir);
    String prefix = "trend-" + t.from() + "_" + t.to();
    List<HtmlReport.Chart> charts = List.of();
    int goal = options.dailyGoalScore();
    if (t.anyWorn()) {
      charts = render(List.of(
          new Job(w -> t.scoreChart(goal, w), "The posture score of each day worn for 30 "
              + "min or more, against the daily goal.", Legend.html(t.scoreKeys(goal)),
              "score", SMALL_HEIGHT, NARROW_SMALL_HEIGHT),
          new Job(t::slumpChart, "The share of worn time in a slump, per day worn, with the "
              + "least-squares trend.", Legend.html(t.slumpKeys()), "slump", SMALL_HEIGHT,
              NARROW_SMALL_HEIGHT),
          new Job(t::breaksChart, "Desk breaks prompted and taken, per day worn, with the "
              + "least-squares trend of breaks taken.", Legend.html(t.breakKeys()),
              "breaks", SMALL_HEIGHT, NARROW_SMALL_HEIGHT)), dir, prefix);
    }
    Path html = dir.resolve(prefix + ".html");
    byte[] page = t.html(charts, options).getBytes(StandardCharsets.UTF_8);
    AtomicFile.write(html, out -> out.write(page));
    return html;
  }

  /** The trend page for days {@code from}..{@code to}; returns its path. */
  public static Path writeTrend(Store store, LocalDate from, LocalDate to, ZoneId zone,
      Path dir, IntConsumer progress, Options options) throws IOException, StoreException {
    return writeTrend(TrendReport.load(store, from, to, zone, progress), dir, options);
  }

  /** The day's timeline alone as a PNG (the demo's chart), legend included. */
  public static void writeTimelinePng(DayReport day, String title, Path file)
      throws IOException {
    org.jfree.chart.JFreeChart chart = DayCharts.timeline(day, title, WIDTH);
    AtomicFile.write(file, out -> org.jfree.chart.ChartUtils.writeChartAsPNG(out, chart, WIDTH,
        HEIGHT, null, false, 1));
  }
}
