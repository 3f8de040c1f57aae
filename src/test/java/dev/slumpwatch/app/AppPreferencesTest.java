package dev.slumpwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's remembered choices, and what a broken preferences file does. */
class AppPreferencesTest {
  @TempDir
  Path dir;

  @Test
  void theChosenPortIsRememberedForNextTime() throws Exception {
    List<String> problems = new ArrayList<>();
    assertEquals(AppPreferences.DEFAULTS, AppPreferences.load(dir, problems::add));
    AppPreferences.DEFAULTS.withSource("serial", "/dev/ttyUSB0").withSpan("1h").save(dir);
    AppPreferences p = AppPreferences.load(dir, problems::add);
    assertEquals(new AppPreferences("serial", "/dev/ttyUSB0", "system", "1h"), p);
    // choosing the simulated wearer keeps the port for when the sensor is back
    assertEquals("/dev/ttyUSB0", p.withSource("sim", null).port());
    assertTrue(problems.isEmpty(), problems.toString());
  }

  @Test
  void aBrokenFileNamesFileLineAndKeyAndTheAppStillOpens() throws Exception {
    Path f = dir.resolve(AppPreferences.NAME);
    Files.writeString(f, "# mine\nsource=bluetooth\nport=/dev/rfcomm0\nthis is not a pair\n"
        + "colour=blue\ntheme=dark\n");
    List<String> problems = new ArrayList<>();
    AppPreferences p = AppPreferences.load(dir, problems::add);
    assertEquals(new AppPreferences(null, "/dev/rfcomm0", "dark", "10min"), p);
    assertEquals(List.of(
        f + ":2: source = 'bluetooth' must be one of [serial, sim, pi-i2c]; using null",
        f + ":4: expected 'key=value', found 'this is not a pair'; line ignored",
        f + ":5: unknown key 'colour' (known: source, port, theme, span); line ignored"),
        problems);
  }

  @Test
  void systemThemeFollowsGtkThemeWhenSet() {
    assertTrue(Theme.dark("system", Map.of("GTK_THEME", "Adwaita:dark")));
    assertFalse(Theme.dark("system", Map.of("GTK_THEME", "Adwaita")));
    assertTrue(Theme.dark("dark", Map.of("GTK_THEME", "Adwaita")));
    assertFalse(Theme.dark("light", Map.of("GTK_THEME", "Adwaita:dark")));
  }
}
