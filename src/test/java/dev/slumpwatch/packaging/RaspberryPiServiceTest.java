package dev.slumpwatch.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Raspberry Pi's systemd unit and install script in packaging/raspberry-pi: systemd's
 * own checker accepts the unit, and the unit keeps what the Pi build needs (a dedicated
 * user in the i2c and gpio groups, a state directory, the I2C and GPIO devices reachable
 * behind a closed device policy).
 */
class RaspberryPiServiceTest {
  private static final Path DIR = Path.of("packaging", "raspberry-pi");
  private static final Path UNIT = DIR.resolve("slumpwatch.service");

  private record Run(int code, String output) {}

  private static Run run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
    }
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8));
  }

  @Test
  void systemdAnalyzeVerifyAcceptsTheUnitWithoutAWord() throws Exception {
    Path analyze = Tools.require("systemd-analyze", "Debian: apt-get install systemd");
    Run r = run(analyze.toString(), "verify", UNIT.toAbsolutePath().toString());
    assertEquals(0, r.code(), r.output());
    assertEquals("", r.output().strip(), "no warnings either");
  }

  @Test
  void theUnitRunsAsItsOwnUserWithTheI2cAndGpioDevicesAndNothingElse() throws Exception {
    List<String> lines = Files.readAllLines(UNIT, StandardCharsets.UTF_8);
    for (String must : List.of("User=slumpwatch", "SupplementaryGroups=i2c gpio",
        "StateDirectory=slumpwatch", "DevicePolicy=closed", "DeviceAllow=char-i2c rw",
        "DeviceAllow=char-gpiochip rw", "ProtectSystem=strict", "PrivateNetwork=yes",
        "NoNewPrivileges=yes", "CapabilityBoundingSet=", "WantedBy=multi-user.target")) {
      assertTrue(lines.contains(must), "the unit lacks '" + must + "'");
    }
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("PrivateDevices=yes")),
        "PrivateDevices would hide /dev/i2c-1 and /dev/gpiochip*");
    String exec = String.join("\n", lines);
    assertTrue(exec.contains("--data-dir /var/lib/slumpwatch run --source pi-i2c"), exec);
  }

  @Test
  void theInstallScriptIsValidBashAndNamesAnUnknownOption() throws Exception {
    Path bash = Tools.require("bash", "Debian: apt-get install bash");
    Path script = DIR.resolve("install.sh").toAbsolutePath();
    assertEquals(0, run(bash.toString(), "-n", script.toString()).code());
    Run r = run(bash.toString(), script.toString(), "--frobnicate");
    assertEquals(2, r.code(), r.output());
    assertTrue(r.output().contains("unknown option '--frobnicate'"), r.output());
  }
}
