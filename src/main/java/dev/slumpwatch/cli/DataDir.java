package dev.slumpwatch.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

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

  /**
   * Creates the data directory (and parents) if needed, private to the user (0700); an
   * existing one that the group or others may read or enter (0755 from an older version,
   * a hand-made one) is tightened to 0700, and {@code tell} hears of it: the history in it
   * is health data.
   */
  public static Path ensure(Path dir, Consumer<String> tell) throws IOException {
    if (!Files.isDirectory(dir)) {
      return createPrivate(dir);
    }
    if (posix()) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
      Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
      perms.stream().filter(p -> p.name().startsWith("OWNER_")).forEach(owner::add);
      if (!owner.equals(perms)) {
        try {
          Files.setPosixFilePermissions(dir, owner);
          tell.accept("the data directory " + dir + " was open to others (mode "
              + PosixFilePermissions.toString(perms) + "); it is now private to you ("
              + PosixFilePermissions.toString(owner) + "): posture data is health data");
        } catch (IOException e) {
          tell.accept("the data directory " + dir + " is open to others (mode "
              + PosixFilePermissions.toString(perms) + ") and could not be made private ("
              + e.getMessage() + "): make it so with chmod 700 " + dir);
        }
      }
    }
    return dir;
  }

  /**
   * Creates a directory (and parents) private to the user (0700); one that exists is left
   * as it is (an output directory the user chose, such as {@code --out .}).
   */
  public static Path createPrivate(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      if (posix()) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    }
    return dir;
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
