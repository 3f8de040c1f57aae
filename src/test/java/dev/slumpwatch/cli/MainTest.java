package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.testing.Cli.Outcome;
import dev.slumpwatch.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  @TempDir
  Path dir;

  private static Outcome run(String... args) {
    return Cli.run(args);
  }

  @Test
  void versionExitsZero() {
    Outcome o = run("--version");
    assertEquals(0, o.code());
    assertTrue(o.out().startsWith("slumpwatch "), o.out());
  }

  @Test
  void everyCommandHasHelp() {
    List<String[]> paths = new ArrayList<>();
    collect(Main.commandLine(), new ArrayList<>(), paths);
    assertTrue(paths.size() >= 3, "commands found: " + paths.size());
    for (String[] path : paths) {
      String[] args = java.util.Arrays.copyOf(path, path.length + 1);
      args[path.length] = "--help";
      Outcome o = run(args);
      assertEquals(0, o.code(), String.join(" ", args));
      assertTrue(o.out().contains("Usage:"), String.join(" ", args) + ": " + o.out());
    }
  }

  private static void collect(CommandLine cl, List<String> prefix, List<String[]> out) {
    out.add(prefix.toArray(new String[0]));
    for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      List<String> p = new ArrayList<>(prefix);
      p.add(e.getKey());
      collect(e.getValue(), p, out);
    }
  }

  @Test
  void aUsageErrorExitsTwoAndSaysWhat() {
    Outcome o = run("demo", "--sped", "5");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("--sped"), o.err());
    assertEquals(2, run("demo", "--speed", "-3").code());
    assertEquals(2, run("demo", "--speed", "3", "--max").code(), "mutually exclusive");
    Outcome noSensor = run("calibrate", "sensor");
    assertEquals(2, noSensor.code());
    assertTrue(noSensor.err().contains("name the sensor with --port PATH, or use --source "
        + "pi-i2c for an MPU-6050 on this Raspberry Pi's I2C bus, or --source sim for a "
        + "simulated one"), noSensor.err());
    assertEquals(2, run("calibrate", "sensor", "--port", "/dev/x", "--source", "sim").code());
    assertEquals(2, run("calibrate", "sensor", "--source", "bench").code());
  }

  @Test
  void aRuntimeFailureExitsOneWithOneLineAndNoStackTrace() throws Exception {
    Path bad = dir.resolve("broken.scenario");
    Files.writeString(bad, "10s sit\n5s slouch\n");
    Outcome o = run("--data-dir", dir.toString(), "demo", "--max", "--scenario", bad.toString());
    assertEquals(1, o.code());
    assertEquals("slumpwatch: " + bad + ":2: unknown segment kind 'slouch'; known: "
        + "calibrate-neutral, calibrate-bend, sit, reach, stand, walk, extension, bruegger, "
        + "twist, off, gap, slip", o.err().strip());
    Outcome debug = run("--data-dir", dir.toString(), "--debug", "demo", "--max", "--scenario",
        bad.toString());
    assertEquals(1, debug.code());
    assertTrue(debug.err().contains("\tat "), "--debug prints the stack trace");
  }

  /** {@code demo --scenario /etc/passwd} once printed the file's first line. */
  @Test
  void aFileThatIsNoScenarioIsNamedButNotEchoed() throws Exception {
    Path passwd = dir.resolve("passwd");
    Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\n");
    Outcome o = run("--data-dir", dir.toString(), "demo", "--max", "--scenario",
        passwd.toString());
    assertEquals(1, o.code());
    assertTrue(o.err().startsWith("slumpwatch: " + passwd + ":1: not a scenario file"), o.err());
    assertFalse(o.err().contains("root:x"), o.err());
    Path binary = dir.resolve("binary.scenario");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1});
    Outcome b = run("--data-dir", dir.toString(), "demo", "--max", "--scenario",
        binary.toString());
    assertEquals(1, b.code());
    assertTrue(b.err().contains(binary + ": not a scenario file: not UTF-8 text"), b.err());
  }

  @Test
  void fileProblemsSayWhatWasWrongWithTheFile() throws Exception {
    Path existing = dir.resolve("taken.swrec");
    Files.writeString(existing, "keep me");
    Outcome o = run("bench", "recording", "--hours", "0.01", "--out", existing.toString());
    assertEquals(1, o.code());
    assertEquals("slumpwatch: " + existing + ": already exists (not overwritten)",
        o.err().strip());
    assertEquals("keep me", Files.readString(existing));
    Outcome missing = run("--data-dir", dir.toString(), "replay", "--max",
        dir.resolve("nope.swrec").toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("nope.swrec"), missing.err());
  }

  @Test
  void theDemoKeepsItsDataApartAndReportsWhereItIs() throws Exception {
    Path scenario = dir.resolve("short.scenario");
    Files.writeString(scenario, "10s calibrate-neutral\n8s calibrate-bend\n2m sit flexion=3\n");
    Outcome o = run("--data-dir", dir.resolve("data").toString(), "demo", "--max",
        "--scenario", scenario.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("summary"), o.out());
    assertTrue(o.out().contains("[calibration 1/2] sit tall"), o.out());
    assertTrue(o.out().contains("[calibration 2/2] now bend forward slowly"), o.out());
    assertTrue(o.out().contains("[calibration] done: sit as you like"), o.out());
    Path demoDb = dir.resolve("data/demo/slumpwatch-demo.db");
    assertTrue(Files.exists(demoDb));
    assertTrue(o.out().contains("database: " + demoDb), o.out());
    assertFalse(Files.exists(dir.resolve("data/slumpwatch.db")),
        "the demo never writes the real history");
  }

  @Test
  void theDataDirectoryFollowsXdg() {
    assertEquals(Path.of("/x/data/slumpwatch"),
        DataDir.resolve(null, Map.of("XDG_DATA_HOME", "/x/data"), "/home/a"));
    assertEquals(Path.of("/home/a/.local/share/slumpwatch"),
        DataDir.resolve(null, Map.of(), "/home/a"));
    assertEquals(Path.of("/home/a/.local/share/slumpwatch"),
        DataDir.resolve(null, Map.of("XDG_DATA_HOME", "relative"), "/home/a"),
        "a relative XDG_DATA_HOME is ignored, as the spec says");
    assertEquals(Path.of("/d"), DataDir.resolve(Path.of("/d"), Map.of(), "/home/a"));
  }
}
