package dev.slumpwatch.firmware;

import dev.slumpwatch.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Runs {@code make} in {@code firmware/}, with the project's skip-or-fail rule for tools. */
final class Firmware {
  static final Path DIR = Path.of("firmware").toAbsolutePath();
  static final Path ELF = DIR.resolve("build/nano/slumpwatch.ino.elf");
  static final Path SIM = DIR.resolve("build/slumpwatch-sim");
  static final String APT = "apt-get install gcc make gcc-avr avr-libc arduino-core-avr "
      + "arduino-builder simavr libsimavr-dev";

  private Firmware() {
  }

  /** Skips (user's machine) or fails (CI=true) when the firmware toolchain is incomplete. */
  static void requireToolchain() throws IOException, InterruptedException {
    Tools.require("make", APT);
    Tools.require("gcc", APT);
    Tools.require("avr-gcc", APT);
    Tools.require("arduino-builder", APT);
    Result r = make("check-tools");
    if (r.exit != 0) {
      // a library or core (not a program on the PATH) is missing: same rule as Tools
      String reason = r.output.strip();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(reason + "; on CI (CI=true) a missing tool fails the test");
      }
      System.err.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
  }

  record Result(int exit, String output) {
  }

  static Result make(String... targets) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("make", "-C", DIR.toString()));
    cmd.addAll(List.of(targets));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      Assertions.fail("make " + String.join(" ", targets) + " did not finish in 10 min");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
