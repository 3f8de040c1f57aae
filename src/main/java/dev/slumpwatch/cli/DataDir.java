package dev.slumpwatch.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where slumpwatch keeps its data: {@code --data-dir}, else {@code $XDG_DATA_HOME/slumpwatch},
 * else {@code ~/.local/share/slumpwatch}. Created private to the user (mode 0700): posture
 * data is health data. The demo keeps its data in a {@code demo/} folder of its own, so it
 * never mixes with a real wearer's history.
 */
public final class DataDir {
  private DataDir() {
  }

  public static Path resolve(Path override, Map<String, String> env, String userHome) {
    if (override != null) {
      return override.toAbsolutePath();
    }
    String xdg = env.get("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "slumpwatch");
    }
    return Path.of(userHome, ".local", "share", "slumpwatch");
  }

  /** Creates the directory (and parents) if needed, private to the user where possible. */
  public static Path ensure(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    }
    return dir;
  }
}
