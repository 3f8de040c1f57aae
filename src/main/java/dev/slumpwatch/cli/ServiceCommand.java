package dev.slumpwatch.cli;

import dev.slumpwatch.desktop.Launcher;
import dev.slumpwatch.desktop.UserService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code slumpwatch service install|remove|status}: headless monitoring as a systemd user
 * service ({@link UserService}), for a desktop where nobody wants a window, or before the
 * desktop app is there. The Raspberry Pi has its own system unit (packaging/raspberry-pi).
 */
@Command(name = "service", mixinStandardHelpOptions = true,
    description = {"Monitors in the background as a systemd user service: 'slumpwatch "
        + "service install --port /dev/ttyUSB0' writes ~/.config/systemd/user/"
        + "slumpwatch.service (running 'slumpwatch run --port ...'), enables it and starts it; "
        + "it then starts whenever you log in. 'remove' stops, disables and deletes it; "
        + "'status' asks systemd about it.",
        "Logs: journalctl --user -u slumpwatch. To run it from boot without logging in: "
        + "sudo loginctl enable-linger $USER."},
    subcommands = {ServiceCommand.Install.class, ServiceCommand.Remove.class,
        ServiceCommand.Status.class})
public final class ServiceCommand implements Runnable {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "say what to do: install, remove or status");
  }

  /** Prints what was done; returns the exit code (0 when what was asked for holds). */
  static int report(PrintWriter out, UserService.Result r, boolean holds) {
    r.done().forEach(l -> out.println("  " + l));
    if (r.failure() != null) {
      out.println((r.managerReached() ? "failed: " : "no user manager answered: ")
          + r.failure());
      if (!r.todo().isEmpty()) {
        out.println("left to do, in your desktop session:");
        r.todo().forEach(l -> out.println("  " + l));
      }
    }
    out.flush();
    return holds ? 0 : 1;
  }

  @Command(name = "install", mixinStandardHelpOptions = true,
      description = {"Writes the user unit for 'slumpwatch run --port PATH', enables it "
          + "(it starts at every login) and starts it (not with --no-start). Run it again to "
          + "change the port; the history stays in DATA_DIR, named in the unit.",
          "Calibrate first ('slumpwatch calibrate posture --port PATH'): a service's guided "
          + "calibration has nobody watching its prompts."})
  static final class Install implements Callable<Integer> {
    @CommandLine.ParentCommand
    ServiceCommand service;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", required = true, paramLabel = "PATH",
        description = "the sensor's serial port, e.g. /dev/ttyUSB0 or /dev/rfcomm0")
    String port;

    @Option(names = "--baud", defaultValue = "115200",
        description = "serial speed (default: ${DEFAULT-VALUE})")
    int baud;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default",
        description = "the wearer's posture profile (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--no-start", description = "enable it for the next login, start nothing")
    boolean noStart;

    @Parameters(paramLabel = "RUN_OPTION", description = "more options for 'slumpwatch run', "
        + "after --, e.g. -- --protocol 1")
    List<String> more = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      Main main = service.main;
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        CalibrationFile.checkName(profile);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      Path dir = main.dataDir();
      List<String> args = new ArrayList<>(List.of("--data-dir", dir.toString(), "run",
          "--port", port));
      if (baud != 115200) {
        args.addAll(List.of("--baud", Integer.toString(baud)));
      }
      if (!profile.equals(CalibrationFile.DEFAULT_PROFILE)) {
        args.addAll(List.of("--profile", profile));
      }
      args.addAll(more);
      // the service's command line is checked now, not at its first start in the journal
      try {
        Main.commandLine().parseArgs(args.toArray(String[]::new));
      } catch (CommandLine.ParameterException e) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "'slumpwatch run' would refuse the service's options: " + e.getMessage());
      }
      warnings(Path.of(port), dir).forEach(w -> err.println("slumpwatch: note: " + w));
      err.flush();
      Launcher launcher = main.launcher();
      UserService user = new UserService(main.userSession());
      out.println("slumpwatch service: " + String.join(" ", launcher.with(args)));
      UserService.Result r = user.install(UserService.unitText(launcher, args,
          "sensor on " + port), !noStart);
      boolean enabled = r.done().contains("ran systemctl --user enable " + UserService.UNIT);
      int code = report(out, r, enabled && (r.failure() == null || !r.managerReached()));
      if (enabled) {
        out.println("it starts at every login; logs: journalctl --user -u slumpwatch -f; "
            + "without logging in (from boot): sudo loginctl enable-linger $USER");
      }
      return code;
    }

    /** What would keep the service from working, said before it fails in the journal. */
    List<String> warnings(Path port, Path dir) {
      List<String> w = new ArrayList<>();
      if (!Files.exists(port)) {
        w.add(port + " does not exist now (unplugged, or the Bluetooth link is not bound): "
            + "the service tries again every 30 s");
      } else if (!Files.isReadable(port) || !Files.isWritable(port)) {
        String group = "dialout";
        try {
          group = ((GroupPrincipal) Files.getAttribute(port, "posix:group")).getName();
        } catch (IOException | UnsupportedOperationException e) {
          // keep the usual owner of serial ports
        }
        w.add("you may not open " + port + " (it belongs to the group '" + group + "'): "
            + "'sudo usermod -aG " + group + " $USER', then log in again");
      }
      try {
        if (CalibrationFile.load(dir, profile) == null) {
          w.add("no stored calibration for profile '" + profile + "' in " + dir + ": the "
              + "service would start with the guided calibration, with nobody watching its "
              + "prompts; calibrate first: slumpwatch calibrate posture --port " + port);
        }
      } catch (IOException | RuntimeException e) {
        w.add("the calibration of profile '" + profile + "' cannot be read: "
            + Main.oneLine(e));
      }
      return w;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Stops and disables the user service and deletes its unit. The history "
          + "stays.")
  static final class Remove implements Callable<Integer> {
    @CommandLine.ParentCommand
    ServiceCommand service;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      UserService user = new UserService(service.main.userSession());
      out.println("slumpwatch service: removing " + user.file());
      UserService.Result r = user.remove();
      return report(out, r, r.failure() == null || !r.managerReached());
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Says whether the user service is installed, enabled and running.")
  static final class Status implements Callable<Integer> {
    @CommandLine.ParentCommand
    ServiceCommand service;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      UserService.Result r = new UserService(service.main.userSession()).status();
      out.println("slumpwatch service:");
      return report(out, r, r.failure() == null || !r.managerReached());
    }
  }
}
