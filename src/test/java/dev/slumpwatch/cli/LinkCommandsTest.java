package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.bench.ReplayBench;
import dev.slumpwatch.testing.Cli.Outcome;
import dev.slumpwatch.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link commands' bad-input paths: exit code and a message naming what and where. */
class LinkCommandsTest {
  @TempDir
  Path dir;

  private Outcome run(String... args) {
    return Cli.runIn(dir.resolve("data"), args);
  }

  @Test
  void replayOfAFileThatIsNotARecordingNamesIt() throws Exception {
    Path f = dir.resolve("notes.txt");
    Files.writeString(f, "not a recording\n");
    Outcome r = run("replay", "--max", f.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains(f.toString()) && r.err().contains("not a slumpwatch recording"),
        r.err());
  }

  @Test
  void replayOfAMissingFileNamesIt() {
    Outcome r = run("replay", "--max", dir.resolve("nope.swrec").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("nope.swrec") && r.err().contains("no such file"), r.err());
  }

  @Test
  void replayRunsARecordingAndReportsSpeed() throws Exception {
    Path rec = dir.resolve("short.swrec");
    ReplayBench.writeRecording(rec, 0.02);
    Outcome r = run("replay", "--max", rec.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("replayed 7,200 samples (1 min 12 s of sensor time)"), r.out());
    assertTrue(Files.exists(dir.resolve("data/replay/short.db")));
  }

  @Test
  void badTextOptionsAreUsageErrorsNamingTheOption() {
    Outcome r = run("run", "--port", "/dev/null", "--text-units", "volts");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--text-units must be auto, raw or si, not 'volts'"), r.err());
    r = run("run", "--port", "/dev/null", "--accel-range", "3");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--accel-range") && r.err().contains("not 3"), r.err());
    r = run("run", "--port", "/dev/null", "--protocol", "3");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--protocol must be 1 or 2, not 3"), r.err());
  }

  @Test
  void recordNeverOverwritesAFile() throws Exception {
    Path f = dir.resolve("old.swrec");
    Files.writeString(f, "precious");
    Outcome r = run("record", "--port", "/dev/null", "--out", f.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains(f + " exists already"), r.err());
    assertEquals("precious", Files.readString(f));
  }

  @Test
  void aCorruptCalibrationFileIsNamedWithItsKey() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve(CalibrationFile.NAME), "upX=abc\n");
    Path rec = dir.resolve("r.swrec");
    ReplayBench.writeRecording(rec, 0.001);
    Outcome r = run("replay", "--max", rec.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains(CalibrationFile.NAME) && r.err().contains("upX is 'abc'"),
        r.err());
  }

  /**
   * A NaN passed the old unit-vector check ({@code >} against NaN is false); its row then
   * broke the history's NOT NULL and blocked every later record of every session.
   */
  @Test
  void aProfileWithANanAxisIsRefusedNamingTheFileAndKey() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve(CalibrationFile.NAME),
        "upX=NaN\nupY=0\nupZ=1\nforwardX=1\nforwardY=0\nforwardZ=0\n");
    Path rec = dir.resolve("r.swrec");
    ReplayBench.writeRecording(rec, 0.001);
    Outcome r = run("replay", "--max", rec.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().contains(CalibrationFile.NAME) && r.err().contains("upX is 'NaN'"),
        r.err());
  }

  @Test
  void aBinaryProfileIsNamedNotJustInputLength() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.write(data.resolve(CalibrationFile.NAME), new byte[] {'u', 'p', 'X', '=', (byte) 0xff,
        (byte) 0xfe, 0, 1, 2});
    Path rec = dir.resolve("r.swrec");
    ReplayBench.writeRecording(rec, 0.001);
    Outcome r = run("replay", "--max", rec.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().contains(CalibrationFile.NAME) && r.err().contains("not a text file"),
        r.err());
  }
}
