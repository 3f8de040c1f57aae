package dev.slumpwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code slumpwatch pain on|off}: the pain pause. */
@Command(name = "pain", mixinStandardHelpOptions = true,
    description = {"Pain pause: 'on' stops the exercise prompts (desk-break exercises and "
        + "extensions) until 'off'; slump nudges go on. A running monitor picks it up at its "
        + "next prompt. Without an argument, says whether the pause is on.",
        "If it hurts, stop: see 'slumpwatch red-flags'."})
public final class PainCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "on|off", description = "turn the pause on or off")
  String state;

  @Override
  public Integer call() throws Exception {
    return ControlCommands.toggle(main, spec, "pain", state, s -> s.painPause()
        ? "pain pause on: no exercise prompts until 'slumpwatch pain off'. If it hurts, stop; "
            + "'slumpwatch red-flags' says when to see a physiotherapist."
        : "pain pause off: exercise prompts are on.");
  }
}
