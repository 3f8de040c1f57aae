package dev.slumpwatch.cli;

import dev.slumpwatch.settings.EffectiveSettings;
import dev.slumpwatch.settings.SettingKeys;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code slumpwatch settings}: the settings in force, checked, with where each came from. */
@Command(name = "settings", mixinStandardHelpOptions = true,
    description = {"Checks the settings file and prints every setting in force, its unit and "
        + "where it came from (the file and line, or the default).",
        "A file with an unknown key or a value out of range is refused, naming the file, "
        + "line, key and the allowed range."})
public final class SettingsCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin
  SettingsOption settings;

  @Option(names = "--markdown", description = "print the table of every key (unit, default, "
      + "range, meaning) as in the user guide instead")
  boolean markdown;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (markdown) {
      out.print(SettingKeys.markdownTable());
    } else {
      EffectiveSettings s = settings.load(main.dataDir());
      out.print(s.format());
    }
    out.flush();
    return 0;
  }
}
