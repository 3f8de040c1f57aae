package dev.slumpwatch.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.pipeline.PipelineSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {
  @TempDir
  Path dir;

  private Path write(String text) throws Exception {
    Path f = dir.resolve("settings.properties");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  private String refused(String text) throws Exception {
    Path f = write(text);
    return assertThrows(SettingsException.class, () -> SettingsFile.load(f)).getMessage();
  }

  @Test
  void theRegistryDefaultsAreTheStagesDefaults() {
    EffectiveSettings d = EffectiveSettings.defaults();
    assertEquals(PipelineSettings.DEFAULTS, d.pipeline());
    assertEquals(dev.slumpwatch.alert.Notifiers.Settings.DEFAULTS, d.notifiers());
  }

  @Test
  void aFileSetsWhatItNamesAndLeavesTheRestAtTheirDefaults() throws Exception {
    Path f = write("""
        # my settings
        slump.thresholdDeg = 20

        alerts.deskBreakMinutes=45
        alerts.quietStart = 22:00
        alerts.quietEnd = 07:30
        filter.restBiasEstimation = FALSE
        notify.channels = sound, desktop
        """);
    EffectiveSettings s = SettingsFile.load(f);
    assertEquals(20, s.pipeline().slump().thresholdDeg());
    assertEquals(45, s.pipeline().alerts().deskBreakMinutes());
    assertEquals(LocalTime.of(22, 0), s.pipeline().alerts().quietStart());
    assertEquals(LocalTime.of(7, 30), s.pipeline().alerts().quietEnd());
    assertEquals(false, s.pipeline().filter().restBiasEstimation());
    assertEquals(List.of("sound", "desktop"), s.notifiers().channels());
    assertEquals(PipelineSettings.DEFAULTS.activity(), s.pipeline().activity());
    assertEquals(f + ":2", s.origin("slump.thresholdDeg"));
    assertEquals("default", s.origin("slump.onsetDelaySeconds"));
    assertTrue(s.format().contains("slump.thresholdDeg = 20   # °; from " + f + ":2 (default 15)"),
        s.format());
  }

  @Test
  void anUnknownKeyIsRefusedWithFileLineAndAGuess() throws Exception {
    String m = refused("slump.thresholdDeg = 20\nslump.treshold = 12\n");
    assertTrue(m.startsWith(dir.resolve("settings.properties") + ":2: unknown key "
        + "'slump.treshold'"), m);
    assertTrue(m.contains("did you mean 'slump.thresholdDeg'"), m);
  }

  @Test
  void aValueOutOfRangeIsRefusedWithTheRange() throws Exception {
    String m = refused("\n\nslump.thresholdDeg = 90\n");
    assertEquals(dir.resolve("settings.properties") + ":3: slump.thresholdDeg = 90 is out of "
        + "range; allowed: 1 to 60 °", m);
  }

  @Test
  void aValueThatIsNotANumberIsRefused() throws Exception {
    String m = refused("alerts.nudgeMaxPerHour = 2.5\n");
    assertEquals(dir.resolve("settings.properties") + ":1: alerts.nudgeMaxPerHour = '2.5' is "
        + "not a whole number; allowed: 0 to 60 count", m);
    m = refused("alerts.deskBreakMinutes = half an hour\n");
    assertTrue(m.endsWith(":1: alerts.deskBreakMinutes = 'half an hour' is not a number; "
        + "allowed: 5 to 240 min"), m);
    m = refused("alerts.deskBreakMinutes = NaN\n");
    assertTrue(m.contains("'NaN' is not a number"), m);
  }

  /** What Java's number parsers take but no one means: refused, not read as 16 and 15. */
  @Test
  void hexFloatsTypeSuffixesAndInfinityAreNotNumbers() throws Exception {
    for (String v : new String[] {"0x1p4", "15d", "15f", "Infinity", "-Infinity", "1e", "."}) {
      String m = refused("alerts.deskBreakMinutes = " + v + "\n");
      assertTrue(m.endsWith(":1: alerts.deskBreakMinutes = '" + v + "' is not a number; "
          + "allowed: 5 to 240 min"), m);
    }
    assertTrue(refused("alerts.nudgeMaxPerHour = \u0662\n").contains("is not a whole number"),
        "non-ASCII digits");
    Path f = write("slump.thresholdDeg = +1.5e1\nalerts.nudgeMaxPerHour = +3\n");
    assertEquals(15, SettingsFile.load(f).pipeline().slump().thresholdDeg());
  }

  @Test
  void aBinaryFileIsNamedWithTheLineOfItsFirstBadByte() throws Exception {
    Path f = dir.resolve("settings.properties");
    Files.write(f, new byte[] {'#', ' ', 'x', '\n', 'a', '=', (byte) 0xff, 0, 1});
    String m = assertThrows(SettingsException.class, () -> SettingsFile.load(f)).getMessage();
    assertEquals(f + ":2: not a text file (byte 0xff at offset 6 is not UTF-8); a settings "
        + "file is 'key = value' lines ('slumpwatch settings' lists every key)", m);
  }

  @Test
  void aDirectoryNamedLikeTheSettingsFileIsSaidNotSkipped() throws Exception {
    Files.createDirectory(dir.resolve(SettingsFile.NAME));
    String m = assertThrows(SettingsException.class, () -> SettingsFile.resolve(null, dir))
        .getMessage();
    assertTrue(m.startsWith(dir.resolve(SettingsFile.NAME) + ": is a directory"), m);
  }

  @Test
  void badTimesBooleansAndChannelsAreRefused() throws Exception {
    assertTrue(refused("alerts.quietStart = 25:00\n").endsWith(":1: alerts.quietStart = "
        + "'25:00' is not a time of day; allowed: 00:00 to 23:59 (HH:MM, 24-hour)"));
    assertTrue(refused("filter.restBiasEstimation = yes\n").endsWith(
        ":1: filter.restBiasEstimation = 'yes' is not true or false"));
    assertTrue(refused("notify.channels = desktop, pager\n").endsWith(
        ":1: notify.channels = 'pager' is not one of: desktop, sound, vibration"));
  }

  @Test
  void malformedAndRepeatedLinesAreRefused() throws Exception {
    assertTrue(refused("slump.thresholdDeg 20\n").endsWith(
        ":1: expected 'key = value', found 'slump.thresholdDeg 20'"));
    String m = refused("slump.thresholdDeg = 20\nslump.thresholdDeg = 21\n");
    assertTrue(m.contains(":2: slump.thresholdDeg is set twice (first at "), m);
  }

  @Test
  void noFileMeansTheDefaultsAndAnExplicitMissingFileIsAnError() throws Exception {
    assertEquals(PipelineSettings.DEFAULTS, SettingsFile.resolve(null, dir).pipeline());
    Path missing = dir.resolve("nope.properties");
    assertThrows(java.nio.file.NoSuchFileException.class,
        () -> SettingsFile.resolve(missing, dir));
    write("alerts.deskBreakMinutes = 50\n");
    assertEquals(50, SettingsFile.resolve(null, dir).pipeline().alerts().deskBreakMinutes());
  }

  @Test
  void everyKeyHasAUnitADefaultInRangeAndAMeaning() {
    for (Setting<?> k : SettingKeys.ALL) {
      assertTrue(!k.unit().isBlank() && !k.meaning().isBlank(), k.name());
      assertDefaultInRange(k);
    }
  }

  @Test
  void theUserGuideSettingsTableIsTheRegistry() throws Exception {
    String readme = Files.readString(Path.of("docs/user-guide.md"), StandardCharsets.UTF_8);
    String start = "<!-- settings-table: generated by 'slumpwatch settings --markdown' -->\n";
    int from = readme.indexOf(start);
    assertTrue(from >= 0, "docs/user-guide.md has no settings table marker");
    int to = readme.indexOf("<!-- /settings-table -->", from);
    assertEquals(SettingKeys.markdownTable(), readme.substring(from + start.length(), to),
        "docs/user-guide.md's settings table differs from SettingKeys: regenerate it with "
            + "'slumpwatch settings --markdown'");
    for (Setting<?> k : SettingKeys.ALL) {
      assertTrue(readme.contains("| `" + k.name() + "` |"), k.name());
    }
  }

  private static <T> void assertDefaultInRange(Setting<T> k) {
    assertEquals(k.defaultValue(), k.check(k.defaultValue()), k.name());
  }
}
