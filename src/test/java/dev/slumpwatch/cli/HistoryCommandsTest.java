package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.slump.SlumpEpisode;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.ChildJvm;
import dev.slumpwatch.testing.Cli.Outcome;
import dev.slumpwatch.testing.Cli;
import dev.slumpwatch.testing.DirFingerprint;
import dev.slumpwatch.testing.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report and export from the command line, and the privacy of what they write. */
class HistoryCommandsTest {
  @TempDir
  Path dir;

  private static Outcome run(String... args) {
    return Cli.run(args);
  }

  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  /** 300 s from 10:00 local time: seconds 100–159 slumped, 200–209 unknown. */
  private Path history(Path data) throws Exception {
    long start = DAY.atTime(10, 0).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    Path db = DataDir.createPrivate(data).resolve(RunCommand.DATABASE);
    try (Store s = Store.open(db)) {
      long id = s.beginSession(new Store.SessionInfo(start, "test", "dev", null, null, 100, 0));
      List<PipelineEvent> rows = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        boolean unknown = i >= 200 && i < 210;
        rows.add(new PipelineEvent.Second(new PostureSecond(i, 0, unknown ? Double.NaN : 20.125,
            unknown ? Double.NaN : 19, unknown ? Double.NaN : 21, unknown ? Double.NaN : -1.5,
            unknown ? Activity.UNKNOWN : Activity.SEATED_STILL, i >= 100 && i < 160, 100)));
      }
      rows.add(Events.episode(new SlumpEpisode(0, 60_000_000, 21, 20, 5), 100, 160));
      s.write(new Store.SessionRef(id, start, 0), rows);
    }
    return db;
  }

  @Test
  void theDataDirectoryIsCreatedPrivate() throws Exception {
    Path data = dir.resolve("a/b/slumpwatch");
    DataDir.createPrivate(data);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
  }

  @Test
  void reportWritesTheDayPageIntoAPrivateReportsFolder() throws Exception {
    Path data = dir.resolve("data");
    history(data);
    Outcome o = run("--data-dir", data.toString(), "report", "--day", DAY.toString());
    assertEquals(0, o.code(), o.err());
    Path page = data.resolve("reports").resolve("day-" + DAY + ".html");
    assertEquals(DAY + ": no score (worn under 30 min), upright 79 % of 0 h 05 min worn, slump "
        + "time 1.0 min in 1 episode, desk breaks 0 of 0 taken\nreport: " + page + "\n",
        o.out().replace("\r\n", "\n"), "a one-line summary, then the path");
    assertTrue(Files.size(page) > 10_000);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        page.getParent())));
    Outcome w = run("--data-dir", data.toString(), "report", "--week", DAY.toString());
    assertEquals(0, w.code(), w.err());
    assertTrue(Files.exists(data.resolve("reports").resolve("trend-2026-03-02_2026-03-08.html")),
        "the ISO week, Monday to Sunday");
    assertEquals("2026-03-02 to 2026-03-08: worn on 1 of 7 days, none long enough (30 min) "
        + "for a score\n", w.out().replaceAll("report: .*\\R", "").replace("\r\n", "\n"),
        "the summary line and no progress bar off a terminal");
  }

  @Test
  void aDayWithoutDataIsSaidToBeSo() throws Exception {
    Path data = dir.resolve("data-empty-day");
    history(data);
    Outcome o = run("--data-dir", data.toString(), "report", "--day", "2026-03-05");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().startsWith("2026-03-05: no posture recorded on this day"), o.out());
    String page = Files.readString(data.resolve("reports").resolve("day-2026-03-05.html"));
    assertTrue(page.contains("No posture was recorded on this day"), "the page says so too");
    assertFalse(page.contains("<svg"), "and draws no chart");
  }

  @Test
  void reportDrawsTheThresholdOfTheSettingsFile() throws Exception {
    Path data = dir.resolve("data-settings");
    history(data);
    Files.writeString(data.resolve("settings.properties"), "slump.thresholdDeg = 20\n");
    Outcome o = run("--data-dir", data.toString(), "report", "--day", DAY.toString());
    assertEquals(0, o.code(), o.err());
    String svgs;
    try (var files = Files.list(data.resolve("reports"))) {
      svgs = files.filter(f -> f.toString().endsWith(".svg")).map(f -> {
        try {
          return Files.readString(f);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).collect(java.util.stream.Collectors.joining());
    }
    assertTrue(svgs.contains("slump threshold 20°"), "the settings file's threshold is drawn");
    assertFalse(svgs.contains("slump threshold 15°"), "not the default");
  }

  @Test
  void reportSaysWhatIsWrong() throws Exception {
    Outcome none = run("--data-dir", dir.resolve("empty").toString(), "report", "--day",
        "today");
    assertEquals(1, none.code());
    assertTrue(none.err().contains("no history at " + dir.resolve("empty")), none.err());
    assertFalse(Files.exists(dir.resolve("empty").resolve(RunCommand.DATABASE)),
        "no database is created by a report");
    Outcome bad = run("--data-dir", dir.toString(), "report", "--day", "2026-13-01");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--day takes a date like 2026-03-02"), bad.err());
    Outcome two = run("--data-dir", dir.toString(), "report", "--day", "today", "--month",
        "today");
    assertEquals(2, two.code(), "one range at a time");
  }

  @Test
  void exportWritesSecondsAndEpisodesAsPrivateCsvFiles() throws Exception {
    Path data = dir.resolve("data");
    history(data);
    Path out = dir.resolve("out/x.csv");
    Outcome o = run("--data-dir", data.toString(), "export", "--from", DAY.toString(), "--to",
        DAY.toString(), "--format", "csv", "--out", out.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("exported 300 seconds"), o.out());
    List<String> lines = Files.readAllLines(out);
    assertEquals(301, lines.size());
    assertTrue(Files.readString(out).contains("\r\n"), "RFC 4180 line ends");
    assertEquals("time,t_ms,session,second,flexion_mean_deg,flexion_min_deg,flexion_max_deg,"
        + "lateral_mean_deg,activity,slumped", lines.get(0));
    String[] f = lines.get(101).split(",", -1);
    assertEquals("100", f[3]);
    assertEquals("20.125", f[4]);
    assertEquals("-1.5", f[7]);
    assertEquals("seated-still", f[8]);
    assertEquals("1", f[9]);
    assertTrue(f[0].startsWith("2026-03-02T10:01:40"), f[0]);
    String[] unknown = lines.get(1 + 205).split(",", -1);
    assertEquals("", unknown[4], "unknown is empty, never 0");
    assertEquals("unknown", unknown[8]);
    List<String> episodes = Files.readAllLines(dir.resolve("out/x-episodes.csv"));
    assertEquals(2, episodes.size());
    assertTrue(episodes.get(1).contains(",60.0,21.0,20.0,5.0"), episodes.get(1));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));

    Outcome again = run("--data-dir", data.toString(), "export", "--from", DAY.toString(),
        "--to", DAY.toString(), "--out", out.toString());
    assertEquals(1, again.code());
    assertTrue(again.err().contains(out + ": already exists (not overwritten)"), again.err());
    Outcome json = run("--data-dir", data.toString(), "export", "--from", DAY.toString(),
        "--to", DAY.toString(), "--format", "json");
    assertEquals(2, json.code());
    assertTrue(json.err().contains("--format must be csv, not 'json'"), json.err());
  }

  /**
   * An export stopped between renaming its files into place leaves the episodes (and days)
   * file without the seconds file, which goes last: the rerun replaces those and says so;
   * a file of someone else's under such a name is never touched.
   */
  @Test
  void anExportStoppedBetweenItsRenamesIsRedoneAndSomeoneElsesFileIsKept() throws Exception {
    Path data = dir.resolve("data");
    history(data);
    Path out = dir.resolve("left/x.csv");
    Outcome first = run("--data-dir", data.toString(), "export", "--from", DAY.toString(),
        "--to", DAY.toString(), "--out", out.toString());
    assertEquals(0, first.code(), first.err());
    byte[] episodes = Files.readAllBytes(dir.resolve("left/x-episodes.csv"));
    byte[] days = Files.readAllBytes(dir.resolve("left/x-days.csv"));
    Files.delete(out); // as if killed before the last rename
    Outcome again = run("--data-dir", data.toString(), "export", "--from", DAY.toString(),
        "--to", DAY.toString(), "--out", out.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("replaced " + dir.resolve("left/x-episodes.csv")
        + ": left by an earlier export to " + out + " that was stopped before it had "
        + "written all three files"), again.out());
    assertArrayEquals(episodes, Files.readAllBytes(dir.resolve("left/x-episodes.csv")));
    assertArrayEquals(days, Files.readAllBytes(dir.resolve("left/x-days.csv")));

    Path other = dir.resolve("other/y.csv");
    Files.createDirectories(other.getParent());
    Files.writeString(other.resolveSibling("y-episodes.csv"), "my own notes\n");
    Outcome refused = run("--data-dir", data.toString(), "export", "--from", DAY.toString(),
        "--to", DAY.toString(), "--out", other.toString());
    assertEquals(1, refused.code());
    assertTrue(refused.err().contains("y-episodes.csv: already exists (not overwritten)"),
        refused.err());
    assertEquals("my own notes\n", Files.readString(other.resolveSibling("y-episodes.csv")));
    assertFalse(Files.exists(other), "nothing written beside it");
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /**
   * A data directory made by an older version (0755) with a database readable by all
   * (0644): the next command makes both private and says so; reports written elsewhere
   * with --out are private files too, and the directory the user chose is left as it is.
   */
  @Test
  void aDataDirectoryOpenToOthersIsMadePrivateAndTheUserTold() throws Exception {
    Path data = dir.resolve("open-data");
    Path db = history(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    Path out = Files.createDirectories(dir.resolve("shared"));
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
    Outcome o = run("--data-dir", data.toString(), "report", "--day", DAY.toString(), "--out",
        out.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.err().contains(data + " was open to others (mode rwxr-xr-x); it is now "
        + "private to you (rwx------)"), o.err());
    assertEquals("rwx------", mode(data));
    assertEquals("rw-------", mode(db), "the database is private");
    assertEquals("rwxr-xr-x", mode(out), "the user's own directory is left as it is");
    try (var files = Files.list(out)) {
      for (Path f : files.toList()) {
        assertEquals("rw-------", mode(f), f + " is private");
      }
    }
    Outcome again = run("--data-dir", data.toString(), "report", "--day", DAY.toString());
    assertEquals("", again.err(), "told once");
  }

  @Test
  void aNewDatabaseIsCreatedPrivate() throws Exception {
    Path db = dir.resolve("new").resolve("h.db");
    Files.createDirectories(db.getParent());
    try (Store s = Store.open(db)) {
      assertEquals(Store.SCHEMA_VERSION, s.schemaVersion());
    }
    assertEquals("rw-------", mode(db));
  }

  /** A command in a JVM of its own that obeys file permissions even as root. */
  private Outcome child(String... args) throws Exception {
    Process p = ChildJvm.commandObeyingPermissions(Main.class, List.of(args), dir).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "child did not finish");
    return new Outcome(p.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8),
        new String(err, java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A history on a read-only mount or copied without write permission is read, not refused. */
  @Test
  void aReadOnlyHistoryIsReadByReportAndExport() throws Exception {
    Path data = dir.resolve("ro-data");
    Path db = history(data);
    Path out = Files.createDirectories(dir.resolve("ro-out"));
    String before;
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--------"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-x------"));
    try {
      before = DirFingerprint.of(data);
      Outcome r = child("--data-dir", data.toString(), "report", "--day", DAY.toString(),
          "--out", out.toString());
      assertEquals(0, r.code(), r.err());
      assertTrue(Files.size(out.resolve("day-" + DAY + ".html")) > 10_000);
      Outcome e = child("--data-dir", data.toString(), "export", "--from", DAY.toString(),
          "--to", DAY.toString(), "--out", out.resolve("x.csv").toString());
      assertEquals(0, e.code(), e.err());
      assertTrue(e.out().contains("exported 300 seconds"), e.out());
      assertEquals(before, DirFingerprint.of(data), "nothing written to the history");
    } finally {
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
      Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-------"));
    }
  }
}
