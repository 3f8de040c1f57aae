package dev.slumpwatch.cli;

import dev.slumpwatch.report.CsvExport;
import dev.slumpwatch.settings.EffectiveSettings;
import dev.slumpwatch.store.Store;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code slumpwatch export}: per-second rows and slump episodes as CSV. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Exports the history of a range of days as three CSV files: FILE with one "
        + "row per second (flexion mean/min/max, lateral bend, activity, slumped), "
        + "FILE-episodes.csv with one row per slump episode, and FILE-days.csv with one row "
        + "per day holding the figures the reports show. Unknown values are empty.",
        "The files are created private to you (mode 0600) and never overwrite existing ones; "
        + "they appear only when complete (written under a temporary name, then renamed)."})
public final class ExportCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "DATE", description = "first day")
  String from;

  @Option(names = "--to", required = true, paramLabel = "DATE",
      description = "last day (inclusive)")
  String to;

  @Option(names = "--format", defaultValue = "csv", paramLabel = "FORMAT",
      description = "csv (the only format so far)")
  String format;

  @Option(names = "--out", paramLabel = "FILE",
      description = "the per-second file (default: slumpwatch-FROM_TO.csv); the episodes go "
          + "next to it as NAME-episodes.csv")
  Path out;

  @CommandLine.Mixin
  HistoryOptions history;

  @CommandLine.Mixin
  SettingsOption settingsOption;

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    if (!"csv".equals(format)) {
      throw new CommandLine.ParameterException(cl, "--format must be csv, not '" + format
          + "'");
    }
    ZoneId zone = ZoneId.systemDefault();
    LocalDate a = HistoryOptions.date(cl, "--from", from, zone);
    LocalDate b = HistoryOptions.date(cl, "--to", to, zone);
    if (b.isBefore(a)) {
      throw new CommandLine.ParameterException(cl, "--to (" + b + ") is before --from (" + a
          + ")");
    }
    Path seconds = out != null ? out : Path.of("slumpwatch-" + a + "_" + b + ".csv");
    Path episodes = CsvExport.episodesFile(seconds);
    Path days = CsvExport.daysFile(seconds);
    PrintWriter w = cl.getOut();
    for (Path left : CsvExport.leftovers(seconds)) {
      Files.delete(left);
      w.println("replaced " + left + ": left by an earlier export to " + seconds
          + " that was stopped before it had written all three files");
    }
    for (Path p : new Path[] {seconds, episodes, days}) {
      if (Files.exists(p)) {
        throw new FileAlreadyExistsException(p.toString());
      }
    }
    // the goal is the wearer's (the demo's runs on the defaults), as for 'report'
    int goal = (history.demo && settingsOption.file == null ? EffectiveSettings.defaults()
        : settingsOption.load(main.dataDir())).coaching().dailyGoalScore();
    CsvExport.Result r;
    Path parent = seconds.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      DataDir.createPrivate(parent);
    }
    try (Store store = history.open(main.existingDataDir())) {
      ProgressBar bar = new ProgressBar(w, "exporting", ChronoUnit.DAYS.between(a, b) + 1,
          "days", ProgressBar.onTerminal(), System::nanoTime);
      r = CsvExport.write(store, a, b, zone, seconds, bar::update, goal);
      bar.finish();
    }
    w.printf(Locale.ROOT, "exported %,d seconds to %s%nexported %,d slump episodes to %s%n"
        + "exported %,d days' figures to %s%n", r.secondRows(), r.seconds(), r.episodeRows(),
        r.episodes(), r.dayRows(), r.days());
    w.flush();
    return 0;
  }
}
