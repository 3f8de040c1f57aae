package dev.slumpwatch.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.testing.RecordingCommands;
import dev.slumpwatch.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserServiceTest {
  @TempDir
  Path home;

  private static final List<String> RUN = List.of("--data-dir", "/home/w/.local/share/slumpwatch",
      "run", "--port", "/dev/ttyUSB0");

  /** An executable where systemd would expand the name if it were not escaped. */
  private Path launcher() throws Exception {
    Path program = home.resolve("opt/50% $HOME/slumpwatch");
    Files.createDirectories(program.getParent());
    Files.writeString(program, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    return program;
  }

  @Test
  void systemdAnalyzeVerifyAcceptsTheUnitAndFindsTheLauncherThroughTheEscapes()
      throws Exception {
    Path analyze = Tools.require("systemd-analyze", "Debian: apt-get install systemd");
    Path program = launcher();
    Path unit = home.resolve("slumpwatch.service");
    Files.writeString(unit, UserService.unitText(new Launcher(List.of(program.toString())), RUN,
        "sensor on /dev/ttyUSB0"));
    Path runtime = Files.createDirectories(home.resolve("run"));
    Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
    // --user wants a runtime directory; a private one keeps the developer's session out
    ProcessCommands commands = new ProcessCommands(Map.of("PATH", System.getenv("PATH"),
        "HOME", home.toString(), "XDG_RUNTIME_DIR", runtime.toString()));
    SystemCommands.Outcome o = commands.run(List.of(analyze.toString(), "verify", "--user",
        unit.toString()), Duration.ofSeconds(60));
    assertTrue(o.ok() && o.output().isEmpty(), o.describe() + "\n" + o.output());

    // and the check can fail: the same unit naming a program that is not there
    Files.delete(program);
    SystemCommands.Outcome missing = commands.run(List.of(analyze.toString(), "verify",
        "--user", unit.toString()), Duration.ofSeconds(60));
    assertFalse(missing.ok(), missing.output());
    assertTrue(missing.output().contains("50% $HOME/slumpwatch"), missing.output());
  }

  @Test
  void execStartQuotesOnlyWhatNeedsIt() {
    assertEquals("/usr/bin/slumpwatch --data-dir \"/home/a b/.local/share/slumpwatch\" run "
        + "--port /dev/ttyUSB0 \"\" 100%% \"it's \\\"q\\\" \\\\ $$x\"",
        UserService.execStart(List.of("/usr/bin/slumpwatch", "--data-dir",
            "/home/a b/.local/share/slumpwatch", "run", "--port", "/dev/ttyUSB0", "", "100%",
            "it's \"q\" \\ $x")));
    assertThrows(IllegalArgumentException.class,
        () -> UserService.execStart(List.of("/usr/bin/slumpwatch", "a\nb")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UserService.execStart(List.of("/opt/it's/slumpwatch", "run")));
    assertTrue(e.getMessage().contains("/opt/it's/slumpwatch"), e.getMessage());
  }

  @Test
  void installWritesEnablesAndStarts_removeStopsDisablesAndDeletes() throws Exception {
    RecordingCommands commands = RecordingCommands.allOk();
    Path cfg = home.resolve("cfg");
    UserService s = new UserService(new UserSession(Map.of("XDG_CONFIG_HOME", cfg.toString()),
        home, commands));
    assertEquals(cfg.resolve("systemd/user/slumpwatch.service"), s.file());
    String text = UserService.unitText(new Launcher(List.of("/usr/bin/slumpwatch")), RUN,
        "sensor on /dev/ttyUSB0");
    UserService.Result r = s.install(text, true);
    assertNull(r.failure());
    assertEquals(text, Files.readString(s.file()));
    assertEquals(List.of("systemctl --user enable slumpwatch.service",
        "systemctl --user restart slumpwatch.service"), commands.ran);
    assertTrue(text.contains("\nExecStart=/usr/bin/slumpwatch --data-dir "
        + "/home/w/.local/share/slumpwatch run --port /dev/ttyUSB0\n"), text);
    assertTrue(text.contains("\nWantedBy=default.target\n"), text);

    commands.ran.clear();
    s.install(text, false);
    assertEquals(List.of("systemctl --user enable slumpwatch.service",
        "systemctl --user daemon-reload"), commands.ran);

    commands.ran.clear();
    r = s.remove();
    assertNull(r.failure());
    assertFalse(Files.exists(s.file()));
    assertEquals(List.of("systemctl --user stop slumpwatch.service",
        "systemctl --user disable slumpwatch.service", "systemctl --user daemon-reload"),
        commands.ran);
    assertEquals("no unit at " + s.file() + ": nothing to remove", s.remove().done().get(0));
  }

  @Test
  void aFailureOfARunningManagerIsAFailureWithTheRestLeftToDo() throws Exception {
    RecordingCommands commands = new RecordingCommands(c -> c.contains("restart")
        ? new SystemCommands.Outcome(SystemCommands.Status.EXITED, 1,
            "Job for slumpwatch.service failed because the control process exited")
        : new SystemCommands.Outcome(SystemCommands.Status.EXITED, 0, ""));
    UserService s = new UserService(new UserSession(Map.of(), home, commands));
    UserService.Result r = s.install("[Unit]\n", true);
    assertTrue(r.managerReached());
    assertTrue(r.failure().startsWith("systemctl --user restart slumpwatch.service: Job for"),
        r.failure());
    assertEquals(List.of("systemctl --user restart slumpwatch.service"), r.todo());
  }

  /**
   * The real systemctl with no session bus (a private runtime directory, as under sudo or in
   * CI): enabling works on the files, starting is left to do.
   */
  @Test
  void withoutAUserManagerTheRealSystemctlStillEnablesOnTheFiles() throws Exception {
    Path systemctl = Tools.require("systemctl", "Debian: apt-get install systemd");
    Path cfg = home.resolve("cfg");
    Path runtime = Files.createDirectories(home.resolve("run"));
    ProcessCommands offline = new ProcessCommands(Map.of("PATH", System.getenv("PATH"),
        "HOME", home.toString(), "XDG_CONFIG_HOME", cfg.toString(),
        "XDG_RUNTIME_DIR", runtime.toString()));
    UserService s = new UserService(new UserSession(Map.of("XDG_CONFIG_HOME", cfg.toString()),
        home, offline));
    String text = UserService.unitText(new Launcher(List.of(launcher().toString())), RUN,
        "sensor on /dev/ttyUSB0");
    UserService.Result r = s.install(text, true);
    Path link = cfg.resolve("systemd/user/default.target.wants/slumpwatch.service");
    assertTrue(Files.isSymbolicLink(link), r + "; systemctl at " + systemctl);
    assertEquals(s.file(), Files.readSymbolicLink(link));
    assertFalse(r.managerReached(), r.toString());
    assertTrue(r.failure().contains("Failed to connect to bus"), r.failure());
    assertEquals(List.of("systemctl --user restart slumpwatch.service"), r.todo());

    UserService.Result status = s.status();
    assertEquals("enabled: enabled", status.done().get(1), status.toString());
    assertFalse(status.managerReached(), "is-active needs the manager: " + status);

    UserService.Result removed = s.remove();
    assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), removed.toString());
    assertFalse(Files.exists(s.file()));
    assertFalse(removed.managerReached());
    assertEquals(List.of("systemctl --user stop slumpwatch.service",
        "systemctl --user daemon-reload"), removed.todo());
  }
}
