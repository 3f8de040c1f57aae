package dev.slumpwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code slumpwatch} command. Exit codes: 0 ok, 2 usage error, 1 runtime failure
 * (reported as one line naming the cause; {@code --debug} adds the stack trace).
 */
@Command(name = "slumpwatch", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Posture monitor: thoracic flexion and slump tracking from a back-worn IMU.",
    subcommands = {DemoCommand.class, RunCommand.class, PortsCommand.class,
        RecordCommand.class, ReplayCommand.class, CalibrateCommand.class, EvaluateCommand.class,
        BenchCommand.class,
        SettingsCommand.class, PainCommand.class, SnoozeCommand.class, DndCommand.class,
        RedFlagsCommand.class, AckCommand.class, RecalibrateCommand.class,
        ReportCommand.class, ExportCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:runtime failure (the message names the cause)",
        "2:usage error"})
public final class Main implements Runnable {

  @Option(names = "--data-dir", scope = CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
      description = "where the history is kept (default: $XDG_DATA_HOME/slumpwatch or "
          + "~/.local/share/slumpwatch)")
  Path dataDir;

  @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
      description = "print stack traces for failures")
  boolean debug;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public Path dataDir() {
    return DataDir.resolve(dataDir, System.getenv(), System.getProperty("user.home"));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      Main main = commandLine.getCommandSpec().root().userObject() instanceof Main m ? m : null;
      PrintWriter err = commandLine.getErr();
      err.println("slumpwatch: " + oneLine(ex));
      if (main != null && main.debug) {
        ex.printStackTrace(err);
      }
      err.flush();
      return 1;
    });
    return cl;
  }

  static String oneLine(Throwable ex) {
    // these carry only the path as their message; say what was wrong with it
    if (ex instanceof java.nio.file.FileAlreadyExistsException f) {
      return f.getFile() + ": already exists (not overwritten)";
    }
    if (ex instanceof java.nio.file.NoSuchFileException f) {
      return f.getFile() + ": no such file or directory";
    }
    if (ex instanceof java.nio.file.AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (ex instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getFile() + ": " + f.getReason();
    }
    String m = ex.getMessage();
    if (m == null || m.isBlank()) {
      m = ex.getClass().getSimpleName();
    }
    return m.replace('\n', ' ');
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
