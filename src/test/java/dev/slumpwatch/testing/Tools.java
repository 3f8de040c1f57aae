package dev.slumpwatch.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * External tools the integration tests need (socat now; gcc-avr, simavr later). On a
 * user's machine a missing tool skips the test with a visible reason (printed to stderr
 * as well, since skips are easy to overlook); on CI ({@code CI=true}) it fails the test,
 * so that a broken CI image can never pass by skipping.
 */
public final class Tools {
  private Tools() {
  }

  /**
   * @param installHint how to get it, e.g. "apt-get install socat"
   * @return the tool's path
   */
  public static Path require(String tool, String installHint) {
    Path found = find(tool);
    if (found != null) {
      return found;
    }
    String reason = tool + " is not on the PATH (" + installHint + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(reason + "; on CI (CI=true) a missing tool fails the test");
    }
    System.err.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
    return null; // not reached
  }

  static Path find(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
