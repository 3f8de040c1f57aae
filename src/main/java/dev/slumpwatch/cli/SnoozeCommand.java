package dev.slumpwatch.cli;

import dev.slumpwatch.alert.AlertControls;
import dev.slumpwatch.alert.ControlFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code slumpwatch snooze 30m|1h|tomorrow|off}. */
@Command(name = "snooze", mixinStandardHelpOptions = true,
    description = {"Holds alerts back for a while: 30m, 1h (or another duration such as 45m, "
        + "2h), 'tomorrow' (until midnight), or 'off'. Held-back alerts are still recorded; a "
        + "desk break is asked for again once the snooze is over. A running monitor picks it "
        + "up at its next prompt. Without an argument, says how long it lasts."})
public final class SnoozeCommand implements Callable<Integer> {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ROOT);

  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "30m|1h|tomorrow|off",
      description = "how long to snooze")
  String length;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Clock clock = Clock.systemDefaultZone();
    Path dir = main.ensureDataDir();
    if (length != null) {
      Instant until;
      try {
        until = ControlCommands.snoozeUntil(length, clock);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      ControlFile.set(dir, "snooze.until", until == null ? null : until.toString());
    }
    AlertControls.State s = ControlFile.read(dir);
    if (s.snoozeUntil() == null || !s.snoozeUntil().isAfter(clock.instant())) {
      out.println("not snoozed: alerts are on.");
    } else {
      out.println("alerts snoozed until " + s.snoozeUntil().atZone(clock.getZone()).format(WHEN)
          + " ('slumpwatch snooze off' ends it).");
    }
    if (length != null) {
      out.println(ControlCommands.whoHears(dir));
    }
    out.flush();
    return 0;
  }
}
