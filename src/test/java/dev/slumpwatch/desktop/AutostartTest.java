package dev.slumpwatch.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.testing.RecordingCommands;
import dev.slumpwatch.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutostartTest {
  @TempDir
  Path home;

  private UserSession session(Map<String, String> env) {
    return new UserSession(env, home, RecordingCommands.allOk());
  }

  @Test
  void theEntryGoesToXdgConfigHomeElseDotConfig() {
    Path xdg = home.resolve("elsewhere");
    assertEquals(xdg.resolve("autostart/slumpwatch.desktop"),
        new Autostart(session(Map.of("XDG_CONFIG_HOME", xdg.toString()))).file());
    assertEquals(home.resolve(".config/autostart/slumpwatch.desktop"),
        new Autostart(session(Map.of())).file());
    // the XDG specification: a relative path is invalid and ignored
    assertEquals(home.resolve(".config/autostart/slumpwatch.desktop"),
        new Autostart(session(Map.of("XDG_CONFIG_HOME", "relative/cfg"))).file());
  }

  @Test
  void onWritesAValidEntryThatRunsTheApp_offDeletesIt() throws Exception {
    Path validate = Tools.require("desktop-file-validate",
        "Debian: apt-get install desktop-file-utils");
    Path xdg = home.resolve("cfg");
    Autostart a = new Autostart(session(Map.of("XDG_CONFIG_HOME", xdg.toString())));
    assertFalse(a.status().on());
    assertNull(a.status().exec());

    Launcher launcher = new Launcher(List.of("/usr/bin/true"));
    Path file = a.enable(launcher, List.of("app"));
    assertEquals(xdg.resolve("autostart/slumpwatch.desktop"), file);
    SystemCommands.Outcome v = new ProcessCommands().run(List.of(validate.toString(),
        file.toString()), Duration.ofSeconds(30));
    assertTrue(v.ok() && v.output().isEmpty(), "desktop-file-validate: " + v.output());
    Map<String, String> keys = DesktopEntry.read(file);
    assertEquals("/usr/bin/true app", keys.get("Exec"));
    assertEquals("/usr/bin/true", keys.get("TryExec"));
    assertEquals("slumpwatch", keys.get("Icon"));
    Autostart.Status s = a.status();
    assertTrue(s.on(), s.toString());
    assertEquals("/usr/bin/true app", s.exec());

    // on again replaces it, leaving nothing beside it
    a.enable(launcher, List.of("--data-dir", "/data dir", "app"));
    assertEquals("/usr/bin/true --data-dir \"/data dir\" app", a.status().exec());
    try (var files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }

    assertTrue(a.disable());
    assertFalse(Files.exists(file));
    assertFalse(a.status().on());
    assertFalse(a.disable(), "off twice: nothing to delete the second time");
  }

  @Test
  void theEntryStartsTheLauncherWithTheAppArgumentThroughGio() throws Exception {
    Path gio = Tools.require("gio", "Debian: apt-get install libglib2.0-bin");
    Path out = home.resolve("argv.txt");
    Path program = DesktopEntryTest.recorder(home, out);
    Autostart a = new Autostart(session(Map.of("XDG_CONFIG_HOME", home.resolve("c")
        .toString())));
    Path file = a.enable(new Launcher(List.of(program.toString())), List.of("app"));
    assertTrue(a.status().on(), a.status().toString());
    SystemCommands.Outcome o = new ProcessCommands().run(List.of(gio.toString(), "launch",
        file.toString()), Duration.ofSeconds(30));
    assertTrue(o.ok(), o.describe());
    assertEquals(List.of("app"), DesktopEntryTest.awaitRecord(out));
  }

  @Test
  void anEntrySwitchedOffByTheDesktopOrLeftByARemovedProgramIsReportedOff() throws Exception {
    Autostart a = new Autostart(session(Map.of()));
    Path file = a.enable(new Launcher(List.of("/usr/bin/true")), List.of("app"));
    // GNOME's "Startup Applications" and others switch an entry off in place
    Files.writeString(file, Files.readString(file).replace("X-GNOME-Autostart-enabled=true",
        "X-GNOME-Autostart-enabled=false"));
    Autostart.Status s = a.status();
    assertFalse(s.on());
    assertTrue(s.note().contains("switched off"), s.note());

    a.enable(new Launcher(List.of(home.resolve("gone/slumpwatch").toString())), List.of("app"));
    s = a.status();
    assertFalse(s.on());
    assertTrue(s.note().contains("gone/slumpwatch is gone"), s.note());
  }
}
