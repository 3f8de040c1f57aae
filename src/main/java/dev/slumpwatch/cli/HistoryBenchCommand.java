package dev.slumpwatch.cli;

import dev.slumpwatch.bench.HistoryBench;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code slumpwatch bench history}: a synthetic history for timing reports. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = {"Writes a SYNTHETIC history (labelled as such in every session) into a "
        + "new database, for timing 'report' over long histories.",
        "Example: slumpwatch --data-dir /tmp/year bench history --days 365, then "
        + "time slumpwatch --data-dir /tmp/year report --year 2026-03-02"})
final class HistoryBenchCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  BenchCommand bench;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--days", defaultValue = "365",
      description = "days of history (default: ${DEFAULT-VALUE})")
  int days;

  @Option(names = "--last-day", paramLabel = "DATE", defaultValue = "today",
      description = "the last day written (default: ${DEFAULT-VALUE})")
  String lastDay;

  @Option(names = "--seed", defaultValue = "1", description = "random seed")
  long seed;

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    if (days < 1 || days > 3660) {
      throw new CommandLine.ParameterException(cl, "--days must be 1..3660, not " + days);
    }
    Main main = (Main) cl.getParent().getParent().getCommand();
    Path dir = main.ensureDataDir();
    Path db = dir.resolve(RunCommand.DATABASE);
    if (Files.exists(db)) {
      throw new java.nio.file.FileAlreadyExistsException(db.toString());
    }
    ZoneId zone = ZoneId.systemDefault();
    LocalDate last = HistoryOptions.date(cl, "--last-day", lastDay, zone);
    PrintWriter out = cl.getOut();
    ProgressBar bar = new ProgressBar(out, "writing", days, "days", ProgressBar.onTerminal(),
        System::nanoTime);
    long t0 = System.nanoTime();
    HistoryBench.Result r = HistoryBench.write(db, last, days, zone, seed, bar::update);
    bar.finish();
    out.printf(Locale.ROOT, "wrote a SYNTHETIC history: %d days to %s, %,d sessions, %,d "
        + "seconds (%.0f h), %,d bytes, in %.1f s%n", days, last, r.sessions(), r.seconds(),
        r.seconds() / 3600.0, Files.size(db), (System.nanoTime() - t0) / 1e9);
    out.printf("database: %s%n", db);
    out.flush();
    return 0;
  }
}
