package dev.slumpwatch.cli;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.store.Store;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code slumpwatch ack}: acknowledges the latest alert of a monitor running elsewhere. */
@Command(name = "ack", mixinStandardHelpOptions = true,
    description = {"Acknowledges the latest alert of the monitor running on this data "
        + "directory (under systemd, say, or in another terminal). The monitor takes it "
        + "within about a second and stores it with the alert: when, and 'command'. "
        + "In the monitor's own terminal, 'a' then Enter does the same.",
        "Says so, and changes nothing, when there is nothing to acknowledge: no monitor "
        + "running, no alert shown yet, or the latest already acknowledged."})
public final class AckCommand implements Callable<Integer> {
  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter DAY_HM =
      DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ROOT);

  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemDefaultZone();
    Path dir = main.ensureDataDir();
    Path db = dir.resolve(RunCommand.DATABASE);
    if (!Files.exists(db)) {
      return refuse("no history in " + db + ": no monitor has run with this data directory");
    }
    String what;
    try (Store store = HistoryOptions.openExisting(db)) {
      RunningMonitor running = RunningMonitor.find(store, db, dir, clock);
      if (running.whyNot() != null) {
        return refuse(running.whyNot());
      }
      Store.SessionRow s = running.session();
      Optional<Store.AlertRow> latest = store.latestShownAlert(s.id());
      if (latest.isEmpty()) {
        return refuse("no alert has been shown since the monitor started "
            + when(s.startedMs(), clock));
      }
      Store.AlertRow a = latest.get();
      what = a.kind().title() + " " + when(a.tMs(), clock);
      if (a.ackMs() != null) {
        return refuse("the latest alert (" + what + ") was acknowledged "
            + when(a.ackMs(), clock));
      }
    }
    try {
      ControlFile.requestAcknowledgement(dir, clock.instant(), Acknowledgement.COMMAND);
    } catch (java.io.IOException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("slumpwatch ack: cannot ask the running monitor to acknowledge the latest "
          + "alert (" + what + "): " + Main.oneLine(e) + (Files.isWritable(dir) ? ""
          : " (the data directory " + dir + " is read-only)"));
      err.flush();
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("acknowledging the latest alert (" + what + "); the running monitor stores "
        + "it within about a second.");
    out.flush();
    return 0;
  }

  private int refuse(String why) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("slumpwatch ack: nothing to acknowledge: " + why);
    err.flush();
    return 1;
  }

  /** "at 10:32" today, "on Mon 2 Mar 10:32" another day. */
  static String when(long ms, Clock clock) {
    ZonedDateTime t = Instant.ofEpochMilli(ms).atZone(clock.getZone());
    return t.toLocalDate().equals(LocalDate.now(clock)) ? "at " + t.format(HM)
        : "on " + t.format(DAY_HM);
  }
}
