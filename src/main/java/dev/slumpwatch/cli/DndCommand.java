package dev.slumpwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code slumpwatch dnd on|off}: do not disturb. */
@Command(name = "dnd", mixinStandardHelpOptions = true,
    description = "Do not disturb: 'on' holds every alert back (they are still recorded) until "
        + "'off'. Without an argument, says whether it is on.")
public final class DndCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "on|off", description = "turn it on or off")
  String state;

  @Override
  public Integer call() throws Exception {
    return ControlCommands.toggle(main, spec, "dnd", state, s -> s.doNotDisturb()
        ? "do not disturb on: alerts are recorded but not shown." : "do not disturb off.");
  }
}
