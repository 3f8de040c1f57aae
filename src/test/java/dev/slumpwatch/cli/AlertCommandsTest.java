package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.AlertControls;
import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.settings.SettingKeys;
import dev.slumpwatch.testing.Cli;
import dev.slumpwatch.testing.Cli.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** settings, pain, snooze, dnd and red-flags, through the real command line. */
class AlertCommandsTest {
  @TempDir
  Path dir;

  private Outcome run(String... args) {
    return Cli.runIn(dir, args);
  }

  @Test
  void settingsPrintsEveryKeyAndRefusesABadFileNamingFileLineAndRange() throws Exception {
    Outcome o = run("settings");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("alerts.deskBreakMinutes = 30   # min; default"), o.out());
    assertEquals(SettingKeys.ALL.size(), o.out().lines().count());

    Files.writeString(dir.resolve("settings.properties"), "# mine\nalerts.deskBreakMinutes = 3\n");
    o = run("settings");
    assertEquals(1, o.code());
    assertEquals("slumpwatch: " + dir.resolve("settings.properties") + ":2: "
        + "alerts.deskBreakMinutes = 3 is out of range; allowed: 5 to 240 min\n", o.err());

    Path other = dir.resolve("other.properties");
    Files.writeString(other, "alerts.deskBreakMinutes = 45\n");
    o = run("settings", "--settings", other.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("alerts.deskBreakMinutes = 45   # min; from " + other + ":1 "
        + "(default 30)"), o.out());
    assertEquals(SettingKeys.markdownTable(), run("settings", "--markdown").out());
  }

  @Test
  void runReplayAndDemoRefuseABadSettingsFileBeforeStarting() throws Exception {
    Path bad = dir.resolve("bad.properties");
    Files.writeString(bad, "alerts.quietStart = 7pm\n");
    String expected = "slumpwatch: " + bad + ":1: alerts.quietStart = '7pm' is not a time of "
        + "day; allowed: 00:00 to 23:59 (HH:MM, 24-hour)\n";
    Outcome o = run("demo", "--max", "--settings", bad.toString());
    assertEquals(1, o.code());
    assertEquals(expected, o.err());
    assertTrue(!Files.exists(dir.resolve("demo").resolve("slumpwatch-demo.db")), "nothing ran");
    Files.copy(bad, dir.resolve("settings.properties"));
    o = run("run", "--port", dir.resolve("no-such-port").toString());
    assertEquals(1, o.code());
    assertEquals(expected.replace(bad.toString(), dir.resolve("settings.properties").toString()),
        o.err());
  }

  @Test
  void thePainPauseAndDoNotDisturbArePersistedInTheDataDir() throws Exception {
    Outcome o = run("pain", "on");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().startsWith("pain pause on"), o.out());
    assertTrue(ControlFile.read(dir).painPause());
    assertEquals(0, run("dnd", "on").code());
    AlertControls.State s = ControlFile.read(dir);
    assertTrue(s.painPause() && s.doNotDisturb(), "one does not undo the other");
    assertTrue(run("pain").out().startsWith("pain pause on"));
    run("pain", "off");
    assertEquals(false, ControlFile.read(dir).painPause());
    o = run("pain", "maybe");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("expected on or off, not 'maybe'"), o.err());
  }

  @Test
  void snoozeLengths() {
    Clock clock = Clock.fixed(Instant.parse("2026-03-02T15:20:00Z"), ZoneId.of("Europe/Berlin"));
    assertEquals(Instant.parse("2026-03-02T15:50:00Z"), ControlCommands.snoozeUntil("30m", clock));
    assertEquals(Instant.parse("2026-03-02T16:20:00Z"), ControlCommands.snoozeUntil("1h", clock));
    // midnight in Berlin (UTC+1 in March before the switch)
    assertEquals(Instant.parse("2026-03-02T23:00:00Z"),
        ControlCommands.snoozeUntil("tomorrow", clock));
    assertNull(ControlCommands.snoozeUntil("off", clock));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ControlCommands.snoozeUntil("later", clock));
    assertTrue(e.getMessage().contains("expected 30m, 1h, tomorrow or off"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ControlCommands.snoozeUntil("30h", clock));
  }

  @Test
  void snoozeIsWrittenForARunningMonitorAndCanBeEnded() throws Exception {
    Outcome o = run("snooze", "1h");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().startsWith("alerts snoozed until "), o.out());
    Instant until = ControlFile.read(dir).snoozeUntil();
    long minutes = java.time.Duration.between(Instant.now(), until).toMinutes();
    assertTrue(minutes >= 58 && minutes <= 60, "snoozed for " + minutes + " min");
    assertEquals("not snoozed: alerts are on.\nno monitor runs on " + dir + " now; the next "
        + "one started there picks it up.\n", run("snooze", "off").out());
    assertNull(ControlFile.read(dir).snoozeUntil());
    o = run("snooze", "soon");
    assertEquals(2, o.code());
  }

  @Test
  void redFlagsListsTheWarningSigns() {
    Outcome o = run("red-flags");
    assertEquals(0, o.code());
    for (String flag : dev.slumpwatch.alert.Guidance.RED_FLAGS) {
      assertTrue(o.out().contains("  - " + flag + "\n"), flag);
    }
    assertTrue(o.out().contains("slumpwatch pain on"));
  }
}
