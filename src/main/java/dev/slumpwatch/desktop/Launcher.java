package dev.slumpwatch.desktop;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start this program again, from a login entry or a service: the installed
 * launcher ({@code /usr/bin/slumpwatch} from the .deb, {@code .../bin/slumpwatch} from the
 * app image), else this Java with the jar it runs from. Autostart entries and units name
 * it by its absolute path, so they start the same installation whatever the PATH holds at
 * login.
 *
 * @param command the program and the options before slumpwatch's own arguments
 */
public record Launcher(List<String> command) {
  /** The heap of {@code ./slumpwatch} and of the installed launcher, for a jar run. */
  static final String HEAP = "-Xmx512m";

  public Launcher {
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("a launcher needs a program");
    }
  }

  /** This process's launcher; see {@link #of}. */
  public static Launcher current() {
    return of(System.getProperty("jpackage.app-path"), Path.of(System.getProperty("java.home")),
        codeSource());
  }

  /**
   * @param appPath the {@code jpackage.app-path} property, which jpackage's native launcher
   *     sets to its own path; null when run otherwise
   * @param javaHome the running Java's home
   * @param codeSource where this class was loaded from (the jar, or a classes directory)
   * @throws IllegalStateException when neither a launcher nor a jar is there to name
   */
  static Launcher of(String appPath, Path javaHome, Path codeSource) {
    if (appPath != null && !appPath.isBlank()) {
      return new Launcher(List.of(Path.of(appPath).toAbsolutePath().toString()));
    }
    if (codeSource != null && codeSource.getFileName() != null
        && codeSource.getFileName().toString().endsWith(".jar")) {
      return new Launcher(List.of(javaHome.resolve("bin").resolve("java").toString(), HEAP,
          "-jar", codeSource.toAbsolutePath().toString()));
    }
    throw new IllegalStateException("cannot tell how to start slumpwatch again: it runs "
        + "neither from its installed launcher nor from a jar (classes in " + codeSource
        + "); install the package, or build the jar with './mvnw package' and use "
        + "'./slumpwatch'");
  }

  private static Path codeSource() {
    CodeSource cs = Launcher.class.getProtectionDomain().getCodeSource();
    try {
      return cs == null ? null : Path.of(cs.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The program itself: what must exist for the entry or the unit to start. */
  public Path executable() {
    return Path.of(command.get(0));
  }

  /** The whole command line: the launcher, then {@code arguments}. */
  public List<String> with(List<String> arguments) {
    List<String> all = new ArrayList<>(command);
    all.addAll(arguments);
    return List.copyOf(all);
  }
}
