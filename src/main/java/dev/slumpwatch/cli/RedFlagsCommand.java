package dev.slumpwatch.cli;

import dev.slumpwatch.alert.Guidance;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code slumpwatch red-flags}: when to stop and see a professional. */
@Command(name = "red-flags", mixinStandardHelpOptions = true,
    description = "Lists the warning signs that mean seeing a physiotherapist or chiropractor "
        + "instead of exercising. They are also shown with the first exercise prompt of "
        + "each day.")
public final class RedFlagsCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println(Guidance.redFlagsList());
    out.flush();
    return 0;
  }
}
