package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slumpwatch app} and {@code bench app}: what they say when they cannot start. */
class AppCommandTest {
  @TempDir
  Path dir;

  @Test
  void withoutADisplayTheAppSaysSoAndPointsToRun() {
    // the tests run with java.awt.headless=true, as on a server
    Cli.Outcome o = Cli.runIn(dir, "app", "--source", "sim");
    assertEquals(1, o.code());
    assertEquals("slumpwatch: the app needs a display, and there is none here (DISPLAY is not "
        + "set, or Java runs headless); 'slumpwatch run' monitors without one\n", o.err());
    Cli.Outcome b = Cli.runIn(dir, "bench", "app", "--seconds", "1", "--warmup", "0");
    assertEquals(1, b.code());
    assertTrue(b.err().contains("'xvfb-run -a slumpwatch bench app'"), b.err());
  }

  @Test
  void badOptionsAreUsageErrorsNamingTheOption() {
    Cli.Outcome o = Cli.runIn(dir, "app", "--source", "bluetooth");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("--source must be 'sim' or 'pi-i2c', not 'bluetooth'"), o.err());
    o = Cli.runIn(dir, "app", "--port", "/dev/ttyUSB0", "--source", "sim");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("not both"), o.err());
    o = Cli.runIn(dir, "app", "--speed", "0");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("--speed must be more than 0"), o.err());
    o = Cli.runIn(dir, "app", "--theme", "purple");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("--theme must be system, light or dark, not 'purple'"),
        o.err());
    o = Cli.runIn(dir, "app", "--profile", "../x");
    assertEquals(2, o.code());
    // the sensor's options are checked before the display is looked for
    o = Cli.runIn(dir, "app", "--source", "pi-i2c", "--address", "0x99");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("0x99"), o.err());
    o = Cli.runIn(dir, "app", "--text-units", "furlongs");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("--text-units must be auto, raw or si, not 'furlongs'"),
        o.err());
  }
}
