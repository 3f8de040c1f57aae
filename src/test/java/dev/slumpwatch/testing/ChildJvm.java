package dev.slumpwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a class from the test class path in a JVM of its own, for tests that must kill a
 * real process or see what a process without write permission sees.
 */
public final class ChildJvm {
  private ChildJvm() {
  }

  /** JVM flags for a quick start: the children are short-lived. */
  private static final List<String> FAST_START = List.of("-Xshare:auto",
      "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Djava.awt.headless=true");

  public static ProcessBuilder command(Class<?> main, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(FAST_START);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    return new ProcessBuilder(cmd);
  }

  /**
   * As {@link #command}, but the child obeys file permissions even when the tests run as
   * root (as in many containers): root would otherwise write into a read-only directory.
   * There the child runs without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH ({@code setpriv}).
   */
  public static ProcessBuilder commandObeyingPermissions(Class<?> main, List<String> args,
      Path scratch) throws IOException {
    ProcessBuilder pb = command(main, args);
    if (bypassesPermissions(scratch)) {
      Path setpriv = Tools.require("setpriv", "apt-get install util-linux");
      List<String> cmd = new ArrayList<>(List.of(setpriv.toString(),
          "--bounding-set=-dac_override,-dac_read_search"));
      cmd.addAll(pb.command());
      pb.command(cmd);
    }
    return pb;
  }

  /** True when this process can write into a directory of mode 0500 (root can). */
  static boolean bypassesPermissions(Path scratch) throws IOException {
    Path probe = Files.createTempDirectory(scratch, "probe");
    Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("r-x------"));
    try {
      Files.createFile(probe.resolve("x"));
      Files.delete(probe.resolve("x"));
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwx------"));
      Files.delete(probe);
    }
  }
}
