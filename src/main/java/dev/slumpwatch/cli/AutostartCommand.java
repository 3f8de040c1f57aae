package dev.slumpwatch.cli;

import dev.slumpwatch.desktop.Autostart;
import dev.slumpwatch.desktop.Launcher;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code slumpwatch autostart on|off}: the desktop app at login (an XDG autostart entry). */
@Command(name = "autostart", mixinStandardHelpOptions = true,
    description = {"Starts the desktop app ('slumpwatch app') when you log in: 'on' writes "
        + "the autostart entry $XDG_CONFIG_HOME/autostart/slumpwatch.desktop (else "
        + "~/.config/autostart/), 'off' deletes it. Without an argument, says whether it is "
        + "on. The app's settings switch the same entry.",
        "The entry runs this installation (/usr/bin/slumpwatch from the package, else this "
        + "Java and jar), with --data-dir when given here."})
public final class AutostartCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "on|off", description = "switch it on or off")
  String state;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Autostart autostart = new Autostart(main.userSession());
    if (state == null) {
      Autostart.Status s = autostart.status();
      if (s.exec() == null) {
        out.println("autostart off (no " + s.file() + ")");
      } else if (s.on()) {
        out.println("autostart on: at login the desktop runs " + s.exec() + " (" + s.file()
            + ")");
      } else {
        out.println("autostart off: " + s.note());
      }
      return 0;
    }
    if (ControlCommands.onOff(spec, state)) {
      Launcher launcher = main.launcher();
      List<String> arguments = new ArrayList<>(main.dataDirOption());
      arguments.add("app");
      autostart.enable(launcher, arguments);
      out.println("autostart on: at login the desktop runs "
          + String.join(" ", launcher.with(arguments)) + " (" + autostart.file() + ")");
    } else if (autostart.disable()) {
      out.println("autostart off: deleted " + autostart.file());
    } else {
      out.println("autostart was off already (no " + autostart.file() + ")");
    }
    return 0;
  }
}
