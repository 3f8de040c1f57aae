package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.desktop.Launcher;
import dev.slumpwatch.desktop.SystemCommands;
import dev.slumpwatch.desktop.UserSession;
import dev.slumpwatch.testing.Cli;
import dev.slumpwatch.testing.Cli.Outcome;
import dev.slumpwatch.testing.RecordingCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slumpwatch autostart} and {@code slumpwatch service}, in a temporary home. */
class DesktopCommandsTest {
  @TempDir
  Path home;

  /** The installed launcher, as the package puts it (a stand-in that exists). */
  private Path exe;

  @BeforeEach
  void launcherThere() throws Exception {
    exe = home.resolve("usr/bin/slumpwatch");
    Files.createDirectories(exe.getParent());
    Files.writeString(exe, "#!/bin/sh\n");
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Outcome run(SystemCommands commands, String... args) {
    UserSession session = new UserSession(Map.of(), home, commands);
    Main main = new Main(() -> {
      throw new AssertionError("no Pi here");
    }, () -> session, () -> new Launcher(List.of(exe.toString())));
    return Cli.run(main, args);
  }

  private Path autostartFile() {
    return home.resolve(".config/autostart/slumpwatch.desktop");
  }

  private Path unitFile() {
    return home.resolve(".config/systemd/user/slumpwatch.service");
  }

  @Test
  void autostartOnOffAndStatus() throws Exception {
    RecordingCommands commands = RecordingCommands.allOk();
    Outcome o = run(commands, "autostart");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().startsWith("autostart off (no " + autostartFile()), o.out());

    o = run(commands, "autostart", "on");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("at login the desktop runs " + exe + " app"), o.out());
    assertTrue(Files.readString(autostartFile()).contains("\nExec=" + exe + " app\n"));

    Path data = home.resolve("my data");
    o = run(commands, "--data-dir", data.toString(), "autostart", "on");
    assertEquals(0, o.code(), o.err());
    assertTrue(Files.readString(autostartFile()).contains("\nExec=" + exe + " "
        + "--data-dir \"" + data + "\" app\n"), Files.readString(autostartFile()));
    o = run(commands, "autostart");
    assertTrue(o.out().startsWith("autostart on"), o.out());

    o = run(commands, "autostart", "off");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().startsWith("autostart off: deleted " + autostartFile()), o.out());
    assertFalse(Files.exists(autostartFile()));
    o = run(commands, "autostart", "off");
    assertTrue(o.out().startsWith("autostart was off already"), o.out());
    assertEquals(List.of(), commands.ran, "autostart starts no program");
  }

  @Test
  void autostartSaysWhatItExpects() {
    Outcome o = run(RecordingCommands.allOk(), "autostart", "maybe");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("expected on or off, not 'maybe'"), o.err());
  }

  @Test
  void serviceInstallWritesTheUnitForRunAndSaysWhatIsMissing() throws Exception {
    RecordingCommands commands = new RecordingCommands(c -> new SystemCommands.Outcome(
        SystemCommands.Status.EXITED, 0, c.contains("is-enabled") ? "enabled"
        : c.contains("is-active") ? "active" : ""));
    Path data = home.resolve("data");
    Path port = home.resolve("ttyUSB9");
    Outcome o = run(commands, "--data-dir", data.toString(), "service", "install", "--port",
        port.toString(), "--baud", "57600", "--", "--protocol", "1");
    assertEquals(0, o.code(), o.out() + o.err());
    String unit = Files.readString(unitFile());
    assertTrue(unit.contains("\nExecStart=" + exe + " --data-dir " + data + " run --port "
        + port + " --baud 57600 --protocol 1\n"), unit);
    assertEquals(List.of("systemctl --user enable slumpwatch.service",
        "systemctl --user restart slumpwatch.service"), commands.ran);
    assertTrue(o.err().contains(port + " does not exist now"), o.err());
    assertTrue(o.err().contains("no stored calibration for profile 'default' in " + data),
        o.err());
    assertTrue(o.out().contains("journalctl --user -u slumpwatch"), o.out());

    commands.ran.clear();
    o = run(commands, "service", "status");
    assertEquals(0, o.code(), o.out());
    assertTrue(o.out().contains("  enabled: enabled\n  active: active"), o.out());
    assertEquals(List.of("systemctl --user is-enabled slumpwatch.service",
        "systemctl --user is-active slumpwatch.service"), commands.ran);

    o = run(commands, "service", "remove");
    assertEquals(0, o.code(), o.out());
    assertFalse(Files.exists(unitFile()));
    assertTrue(o.out().contains("deleted " + unitFile()), o.out());
  }

  @Test
  void serviceInstallRefusesOptionsThatRunWouldRefuse() {
    Outcome o = run(RecordingCommands.allOk(), "service", "install", "--port", "/dev/ttyUSB0",
        "--", "--frobnicate");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("'slumpwatch run' would refuse the service's options"),
        o.err());
    assertTrue(o.err().contains("--frobnicate"), o.err());
    assertFalse(Files.exists(unitFile()), "nothing written");

    o = run(RecordingCommands.allOk(), "service", "install");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("--port"), o.err());
    o = run(RecordingCommands.allOk(), "service");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("install, remove or status"), o.err());
  }

  @Test
  void withoutAUserManagerTheServiceIsEnabledAndTheRestIsLeftToDo() throws Exception {
    RecordingCommands noBus = new RecordingCommands(c -> c.contains(" enable ")
        ? new SystemCommands.Outcome(SystemCommands.Status.EXITED, 0, "Created symlink ...")
        : new SystemCommands.Outcome(SystemCommands.Status.EXITED, 1,
            "Failed to connect to bus: No medium found"));
    Outcome o = run(noBus, "service", "install", "--port", "/dev/ttyUSB0");
    assertEquals(0, o.code(), o.out() + o.err());
    assertTrue(o.out().contains("no user manager answered: systemctl --user restart "
        + "slumpwatch.service: Failed to connect to bus"), o.out());
    assertTrue(o.out().contains("left to do, in your desktop session:\n  systemctl --user "
        + "restart slumpwatch.service"), o.out());
  }

  @Test
  void withoutSystemdTheServiceInstallFails() {
    RecordingCommands none = new RecordingCommands(c -> new SystemCommands.Outcome(
        SystemCommands.Status.NOT_FOUND, -1, "systemctl: No such file or directory"));
    Outcome o = run(none, "service", "install", "--port", "/dev/ttyUSB0");
    assertEquals(1, o.code(), o.out());
    assertTrue(o.out().contains("systemctl --user enable slumpwatch.service: not installed"),
        o.out());
  }
}
