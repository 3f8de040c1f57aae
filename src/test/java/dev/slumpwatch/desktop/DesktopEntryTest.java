package dev.slumpwatch.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Exec quoting, checked by the consumer that matters: GLib's desktop-entry launcher
 * ({@code gio launch}, what GNOME and most autostart implementations use) runs the written
 * entry, and a script records the arguments it receives.
 */
class DesktopEntryTest {
  @TempDir
  Path dir;

  /** A program that writes its arguments, one per line, to {@code out}, then renames it. */
  static Path recorder(Path dir, Path out) throws Exception {
    // (no % in the path: GLib checks that the program exists before it undoes %%)
    Path program = dir.resolve("my apps $HOME \"q\" it's").resolve("record args");
    Files.createDirectories(program.getParent());
    Files.writeString(program, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '"
        + out + ".part'\nmv '" + out + ".part' '" + out + "'\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    return program;
  }

  /** Waits for the launched program's record (it runs detached from gio). */
  static List<String> awaitRecord(Path out) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!Files.exists(out)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the launched program wrote nothing to " + out + " in 20 s");
      }
      Thread.sleep(20); // an external process: nothing to latch on
    }
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }

  @Test
  void gioLaunchPassesEveryArgumentThroughUnchanged() throws Exception {
    Path gio = Tools.require("gio", "Debian: apt-get install libglib2.0-bin");
    Path out = dir.resolve("argv.txt");
    Path program = recorder(dir, out);
    List<String> args = List.of("app", "two words", "quote\"d", "back\\slash", "dollar$HOME",
        "100%", "%u", "semi;colon", "tick`s", "it's", "ümlaut", "*?#()<>|&~");
    Path entry = dir.resolve("t.desktop");
    Files.writeString(entry, DesktopEntry.render(List.of("test"), Map.of("Type", "Application",
        "Name", "t", "Exec", DesktopEntry.exec(new Launcher(List.of(program.toString()))
            .with(args)))));
    SystemCommands.Outcome o = new ProcessCommands().run(List.of(gio.toString(), "launch",
        entry.toString()), Duration.ofSeconds(30));
    assertTrue(o.ok(), o.describe());
    assertEquals(args, awaitRecord(out));
  }

  @Test
  void anEmptyArgumentIsKeptAsOne() {
    assertEquals("a \"\" b", DesktopEntry.exec(List.of("a", "", "b")));
  }

  @Test
  void aLineBreakInAnArgumentIsRefusedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DesktopEntry.exec(List.of("/usr/bin/slumpwatch", "a\nb")));
    assertTrue(e.getMessage().contains("a\\nb"), e.getMessage());
  }

  @Test
  void stringValuesAreEscapedAsTheSpecificationSays() {
    assertEquals("\\sa\\\\b\\nc\\td", DesktopEntry.escape(" a\\b\nc\td"));
  }
}
