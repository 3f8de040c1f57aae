package dev.slumpwatch.cli;

import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.store.Store;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code slumpwatch recalibrate}: asks the monitor running elsewhere on this data directory
 * for a new posture calibration, through the control file ({@link
 * ControlFile#requestRecalibration}, which a Raspberry Pi button's long press calls too).
 */
@Command(name = "recalibrate", mixinStandardHelpOptions = true,
    description = {"Asks the monitor running on this data directory (under systemd, say, or "
        + "in another terminal) to calibrate your posture again: within about a second it "
        + "starts the guided calibration and shows its prompts where it writes (its "
        + "terminal, or the journal: journalctl --user -u slumpwatch -f). Sit tall when it "
        + "says so, then bend forward slowly about 30° and hold. In the monitor's own "
        + "terminal, 'c' then Enter does the same.",
        "Says so, and changes nothing, when no monitor is running (none holds the data "
            + "directory's monitor.lock)."})
public final class RecalibrateCommand implements Callable<Integer> {
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
    RunningMonitor running;
    try (Store store = HistoryOptions.openExisting(db)) {
      running = RunningMonitor.find(store, db, dir, clock);
    }
    if (running.whyNot() != null) {
      return refuse(running.whyNot());
    }
    Store.SessionRow s = running.session();
    ControlFile.requestRecalibration(dir, clock.instant(), ControlFile.RECALIBRATE_BY_COMMAND);
    PrintWriter out = spec.commandLine().getOut();
    out.println("asked the running monitor (" + s.source() + ", started "
        + AckCommand.when(s.startedMs(), clock) + ") to calibrate again: within about a "
        + "second it says 'sit tall'; follow its prompts. Until it is done, posture is not "
        + "measured. It is " + running.holder().describe() + ".");
    out.flush();
    return 0;
  }

  private int refuse(String why) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("slumpwatch recalibrate: nothing asked: " + why);
    err.flush();
    return 1;
  }
}
