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
import org.jfree.chart.JFreeChart;

/**
 * Writes report pages with their charts into a directory: {@code day-DATE.html} with
 * {@code day-DATE-timeline|slump-per-hour|percentiles|states.png/.svg}, and
 * {@code trend-FROM_TO.html} with {@code trend-FROM_TO-slump|breaks.png/.svg}. Every file
 * is written under a temporary name and renamed when complete ({@link AtomicFile}), the
 * page last, so a killed report leaves no truncated file under a final name; files are
 * private to the user (0600): posture data is health data.
 */
public final class Reports {
  public static final int WIDTH = 1600;
  public static final int HEIGHT = 600;
  public static final int SMALL_HEIGHT = 400;

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
        for (JFreeChart c : List.of(DayCharts.timeline(empty, "warm-up"),
            DayCharts.percentilesPerHour(empty, "warm-up"))) {
          org.jfree.chart.ChartUtils.encodeAsPNG(c.createBufferedImage(64, 48));
          org.jfree.svg.SVGGraphics2D g = new org.jfree.svg.SVGGraphics2D(64, 48);
          c.draw(g, new java.awt.Rectangle(64, 48));
          g.getSVGElement();
        }
      } catch (IOException | RuntimeException e) {
        // only a warm-up: the real drawing reports any problem
      }
    }, "slumpwatch-warm-up");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A chart to draw; built once per output, so PNG and SVG can be drawn at once. */
  private record Job(java.util.function.Supplier<JFreeChart> chart, String caption,
      String name, int height) {}

  /**
   * Draws every chart's PNG and SVG on two threads (JFreeChart objects are not shared
   * between threads: each drawing gets its own); keeps the charts' order.
   */
  private static List<HtmlReport.Chart> render(List<Job> jobs, Path dir, String prefix)
      throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "slumpwatch-chart");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Path>> pngs = new ArrayList<>();
      List<Future<String>> svgs = new ArrayList<>();
      for (Job j : jobs) {
        svgs.add(pool.submit(() -> ChartFiles.svgElement(j.chart().get(), j.name(), WIDTH,
            j.height())));
        pngs.add(pool.submit(() -> ChartFiles.writePng(j.chart().get(), dir,
            prefix + "-" + j.name(), WIDTH, j.height())));
      }
      List<HtmlReport.Chart> out = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        String element = svgs.get(i).get();
        Path svg = ChartFiles.writeSvg(element, dir, prefix + "-" + jobs.get(i).name());
        out.add(new HtmlReport.Chart(jobs.get(i).caption(),
            new ChartFiles.Written(pngs.get(i).get(), svg, element)));
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

  /** The day's page; returns its path. */
  public static Path writeDay(DayReport day, Path dir) throws IOException {
    Files.createDirectories(dir);
    String prefix = "day-" + day.date();
    List<Job> jobs = List.of(
        new Job(() -> DayCharts.timeline(day, "Flexion on " + day.date()),
            "Flexion over the day: line = mean, band = min–max, dashed = slump threshold, "
            + "red shading = slump episodes, green shading = breaks taken, green lines = "
            + "desk-break prompts (✓ taken, ✗ missed), red lines = slump nudges, grey = no "
            + "data", "timeline", HEIGHT),
        new Job(() -> DayCharts.slumpPerHour(day, "Minutes slumped per hour"),
            "Minutes slumped in each hour", "slump-per-hour", SMALL_HEIGHT),
        new Job(() -> DayCharts.percentilesPerHour(day, "Flexion percentiles per hour"),
            "Flexion p10, median and p90 in each hour (known seconds only)", "percentiles",
            SMALL_HEIGHT),
        new Job(() -> DayCharts.timeInStates(day, "Time in each state"),
            "Minutes in each state", "states", SMALL_HEIGHT));
    List<HtmlReport.Chart> charts = render(jobs, dir, prefix);
    Path html = dir.resolve(prefix + ".html");
    byte[] page = HtmlReport.day(day, charts).getBytes(StandardCharsets.UTF_8);
    AtomicFile.write(html, out -> out.write(page));
    return html;
  }

  public static Path writeDay(Store store, LocalDate date, ZoneId zone, double thresholdDeg,
      Path dir) throws IOException, StoreException {
    return writeDay(DayReport.load(store, date, zone, thresholdDeg), dir);
  }

  /** The trend page for days {@code from}..{@code to}; returns its path. */
  public static Path writeTrend(Store store, LocalDate from, LocalDate to, ZoneId zone,
      Path dir, IntConsumer progress) throws IOException, StoreException {
    Files.createDirectories(dir);
    TrendReport t = TrendReport.load(store, from, to, zone, progress);
    String prefix = "trend-" + from + "_" + to;
    List<HtmlReport.Chart> charts = render(List.of(
        new Job(t::slumpChart, "Share of worn time slumped, per day, with the least-squares "
            + "trend", "slump", SMALL_HEIGHT),
        new Job(t::breaksChart, "Desk breaks taken per day (bars), prompted (red), with the "
            + "least-squares trend of breaks taken", "breaks", SMALL_HEIGHT)), dir, prefix);
    Path html = dir.resolve(prefix + ".html");
    byte[] page = t.html(charts).getBytes(StandardCharsets.UTF_8);
    AtomicFile.write(html, out -> out.write(page));
    return html;
  }
}
