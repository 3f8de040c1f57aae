package dev.slumpwatch.cli;

import dev.slumpwatch.settings.EffectiveSettings;
import dev.slumpwatch.settings.SettingsException;
import dev.slumpwatch.settings.SettingsFile;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --settings FILE}, else {@code DATA_DIR/settings.properties} if it exists. */
final class SettingsOption {
  @Option(names = "--settings", paramLabel = "FILE",
      description = "settings file (default: DATA_DIR/" + SettingsFile.NAME + " if it exists; "
          + "'slumpwatch settings' lists every key)")
  Path file;

  EffectiveSettings load(Path dataDir) throws IOException, SettingsException {
    return SettingsFile.resolve(file, dataDir);
  }
}
