package dev.slumpwatch.cli;

import dev.slumpwatch.report.DayReport;
import dev.slumpwatch.report.Reports;
import dev.slumpwatch.report.Summaries;
import dev.slumpwatch.report.TrendReport;
import dev.slumpwatch.settings.EffectiveSettings;
import dev.slumpwatch.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code slumpwatch report}: the daily report, or trends over a week, month or year. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes a report page (HTML, readable offline) with its charts as PNG and "
        + "SVG, from the history. Everything is made on this computer.",
        "--day: the flexion timeline, slump minutes and flexion percentiles per hour, time "
        + "in each state, and the day's figures. --week/--month/--year/--from..--to: slump "
        + "share and desk breaks per day with least-squares trend lines.",
        "Prints a one-line summary of the figures, then the page's path."})
public final class ReportCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
  Range range;

  static final class Range {
    @Option(names = "--day", paramLabel = "DATE", description = "one day (2026-03-02, today)")
    String day;

    @Option(names = "--week", paramLabel = "DATE",
        description = "trend over the week (Monday to Sunday) holding DATE")
    String week;

    @Option(names = "--month", paramLabel = "DATE",
        description = "trend over the calendar month holding DATE")
    String month;

    @Option(names = "--year", paramLabel = "DATE",
        description = "trend over the calendar year holding DATE")
    String year;

    @CommandLine.ArgGroup(exclusive = false)
    FromTo fromTo;
  }

  static final class FromTo {
    @Option(names = "--from", required = true, paramLabel = "DATE",
        description = "trend from this day...")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE",
        description = "...to this day (inclusive)")
    String to;
  }

  @Option(names = "--out", paramLabel = "DIR",
      description = "where to write the page and charts (default: DATA_DIR/reports; with "
          + "--demo DATA_DIR/demo/reports, so the demo never overwrites your own pages); a "
          + "new directory is made private to you (0700), the files always are (0600)")
  Path out;

  @CommandLine.Mixin
  HistoryOptions history;

  @CommandLine.Mixin
  SettingsOption settingsOption;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    CommandLine cl = spec.commandLine();
    ZoneId zone = ZoneId.systemDefault();
    Path dataDir = main.existingDataDir();
    // dates first: a mistyped date is a usage error whatever the state of the history
    LocalDate day = null;
    LocalDate from = null;
    LocalDate to = null;
    if (range.day != null) {
      day = HistoryOptions.date(cl, "--day", range.day, zone);
    } else if (range.week != null) {
      LocalDate d = HistoryOptions.date(cl, "--week", range.week, zone);
      from = d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      to = from.plusDays(6);
    } else if (range.month != null) {
      LocalDate d = HistoryOptions.date(cl, "--month", range.month, zone);
      from = d.withDayOfMonth(1);
      to = d.with(TemporalAdjusters.lastDayOfMonth());
    } else if (range.year != null) {
      LocalDate d = HistoryOptions.date(cl, "--year", range.year, zone);
      from = d.withDayOfYear(1);
      to = d.with(TemporalAdjusters.lastDayOfYear());
    } else {
      from = HistoryOptions.date(cl, "--from", range.fromTo.from, zone);
      to = HistoryOptions.date(cl, "--to", range.fromTo.to, zone);
      if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > 3660) {
        throw new CommandLine.ParameterException(cl, "--to must be on or after --from "
            + "and at most ten years later, not " + from + " .. " + to);
      }
    }
    // the threshold drawn and the goal are the monitor's (the settings file's, if any); the
    // demo runs on the built-in defaults unless given --settings, and so is its report
    EffectiveSettings settings = history.demo && settingsOption.file == null
        ? EffectiveSettings.defaults() : settingsOption.load(dataDir);
    double threshold = settings.pipeline().slump().thresholdDeg();
    Reports.Options options = new Reports.Options(history.demo,
        settings.coaching().dailyGoalScore());
    Reports.warmUpInBackground();
    Path page;
    String summary;
    try (Store store = history.open(dataDir)) {
      Path dir = DataDir.createPrivate(out != null ? out : history.reportsDir(dataDir));
      if (day != null) {
        DayReport report = DayReport.load(store, day, zone, threshold);
        page = Reports.writeDay(report, dir, options);
        summary = Summaries.dayLine(report.figures(), options.dailyGoalScore());
      } else {
        ProgressBar bar = new ProgressBar(w, "reading", ChronoUnit.DAYS.between(from, to) + 1,
            "days", ProgressBar.onTerminal(), System::nanoTime);
        TrendReport trend = TrendReport.load(store, from, to, zone, bar::update);
        bar.finish();
        page = Reports.writeTrend(trend, dir, options);
        summary = Summaries.periodLine(trend.days(), from, to, options.dailyGoalScore());
      }
    }
    w.println((history.demo ? "demo " : "") + summary);
    w.println("report: " + page);
    w.flush();
    return 0;
  }
}
