package dev.slumpwatch.cli;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import dev.slumpwatch.desktop.Launcher;
import dev.slumpwatch.desktop.UserSession;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The {@code slumpwatch} command. Exit codes: 0 ok, 2 usage error, 1 runtime failure
 * (reported as one line naming the cause; {@code --debug} adds the stack trace).
 */
@Command(name = "slumpwatch", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Posture monitor: thoracic flexion and slump tracking from a back-worn IMU.",
    subcommands = {DemoCommand.class, RunCommand.class, AppCommand.class, PortsCommand.class,
        RecordCommand.class, ReplayCommand.class, CalibrateCommand.class, EvaluateCommand.class,
        BenchCommand.class,
        SettingsCommand.class, PainCommand.class, SnoozeCommand.class, DndCommand.class,
        RedFlagsCommand.class, AckCommand.class, RecalibrateCommand.class,
        ReportCommand.class, ExportCommand.class, SyncCommand.class, ClinicCommand.class,
        AutostartCommand.class, ServiceCommand.class,
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

  private final Supplier<Context> pi4j;
  private final Supplier<UserSession> session;
  private final Supplier<Launcher> launcher;

  public Main() {
    this(Pi4J::newAutoContext);
  }

  /**
   * @param pi4j how the commands reach the Raspberry Pi's I2C bus and GPIO: a new Pi4J
   *     context each time (the command shuts it down); tests pass Pi4J's mock platform
   */
  public Main(Supplier<Context> pi4j) {
    this(pi4j, UserSession::current, Launcher::current);
  }

  /**
   * @param session the user's configuration directory and processes, for {@code autostart}
   *     and {@code service}; tests pass a temporary home and recorded commands
   * @param launcher how this program is started again from a login entry or a unit
   */
  public Main(Supplier<Context> pi4j, Supplier<UserSession> session,
      Supplier<Launcher> launcher) {
    this.pi4j = pi4j;
    this.session = session;
    this.launcher = launcher;
  }

  UserSession userSession() {
    return session.get();
  }

  Launcher launcher() {
    return launcher.get();
  }

  /** {@code --data-dir DIR} as given (absolute), for a command line run later; else empty. */
  java.util.List<String> dataDirOption() {
    return dataDir == null ? java.util.List.of()
        : java.util.List.of("--data-dir", dataDir.toAbsolutePath().toString());
  }

  /** A new Pi4J context for the I2C sensor, the button and the motor; the caller shuts it down. */
  Context pi4j() {
    return pi4j.get();
  }

  public Path dataDir() {
    return DataDir.resolve(dataDir, System.getenv(), System.getProperty("user.home"));
  }

  /**
   * The data directory, created private to the user, or tightened to private (and the
   * user told, on stderr) when it was open to others.
   */
  public Path ensureDataDir() throws java.io.IOException {
    PrintWriter err = spec.commandLine().getErr();
    return DataDir.ensure(dataDir(), m -> {
      err.println("slumpwatch: " + m);
      err.flush();
    });
  }

  /**
   * The data directory for a command that only reads it: tightened like
   * {@link #ensureDataDir} when it exists, never created.
   */
  public Path existingDataDir() throws java.io.IOException {
    Path dir = dataDir();
    return java.nio.file.Files.isDirectory(dir) ? ensureDataDir() : dir;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    return commandLine(new Main());
  }

  /** The command line around {@code main} (tests: one with the mock Pi4J platform). */
  public static CommandLine commandLine(Main root) {
    CommandLine cl = new CommandLine(root);
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
