package dev.slumpwatch.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.testing.DirFingerprint;
import dev.slumpwatch.testing.Events;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history schema: migrations, minute totals, calibrations, concurrent readers. */
class HistoryStoreTest {
  @TempDir
  Path dir;

  private static final long T0 = 1_767_000_000_000L;

  private static PipelineEvent second(long s, double flexion, Activity a, boolean slumped) {
    return new PipelineEvent.Second(new PostureSecond(s, s * 1_000_000L, flexion, flexion - 1,
        flexion + 1, 0, a, slumped, 100));
  }

  /** Seconds 0..n-1 with a mix of states, deterministic. */
  private static List<PipelineEvent> seconds(long from, long n) {
    List<PipelineEvent> out = new ArrayList<>();
    for (long s = from; s < from + n; s++) {
      Activity a = s % 7 == 0 ? Activity.WALKING : s % 11 == 0 ? Activity.UNKNOWN
          : s % 13 == 0 ? Activity.NOT_WORN : Activity.SEATED_STILL;
      double f = a == Activity.UNKNOWN ? Double.NaN : (s % 50);
      out.add(second(s, f, a, a.seated() && s % 50 > 20));
    }
    return out;
  }

  @Test
  void aVersionOneDatabaseIsMigratedAndItsMinuteTotalsFilledFromItsSeconds() throws Exception {
    Path db = dir.resolve("old.db");
    String v1;
    try (InputStream in = Store.class.getResourceAsStream("V1__initial.sql")) {
      v1 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      for (String sql : v1.replaceAll("(?m)^--.*$", "").split(";")) {
        if (!sql.isBlank()) {
          st.execute(sql);
        }
      }
      st.execute("PRAGMA user_version = 1");
      st.execute("INSERT INTO sessions(id, started_ms, source) VALUES (1, " + T0 + ", 'old')");
      for (int s = 0; s < 150; s++) {
        st.execute("INSERT INTO posture_seconds VALUES (1, " + s + ", " + (T0 + s * 1000L)
            + ", 20, 19, 21, 0, '" + (s < 100 ? "seated-still" : "walking") + "', "
            + (s >= 30 && s < 90 ? 1 : 0) + ", 100)");
      }
    }
    try (Store s = Store.open(db)) {
      assertEquals(Store.SCHEMA_VERSION, s.schemaVersion());
      List<Store.MinuteRow> m = s.minutes(T0, T0 + 200_000);
      assertEquals(3, m.size(), "150 s are three minutes (60 + 60 + 30)");
      assertEquals(150, m.stream().mapToInt(Store.MinuteRow::seconds).sum());
      assertEquals(60, m.stream().mapToInt(Store.MinuteRow::slumpedSeconds).sum());
      assertEquals(100, m.stream().mapToInt(Store.MinuteRow::seatedSeconds).sum());
      assertEquals(150, m.stream().mapToInt(Store.MinuteRow::wornSeconds).sum());
      assertEquals(150, s.seconds(T0, T0 + 200_000).size(), "the old rows are kept");
    }
  }

  @Test
  void minuteTotalsAgreeWithTheSecondsAcrossBatchesThatSplitMinutes() throws Exception {
    try (Store s = Store.open(dir.resolve("h.db"))) {
      long id = s.beginSession(new Store.SessionInfo(T0, "t", null, null, null, 100, 0));
      // batches of 37 s: every minute is written in two or three transactions
      for (long from = 0; from < 1000; from += 37) {
        s.write(new Store.SessionRef(id, T0, 0), seconds(from, Math.min(37, 1000 - from)));
      }
      List<Store.SecondRow> rows = s.seconds(T0, T0 + 2_000_000);
      List<Store.MinuteRow> minutes = s.minutes(T0, T0 + 2_000_000);
      assertEquals(17, minutes.size());
      assertEquals(rows.size(), minutes.stream().mapToInt(Store.MinuteRow::seconds).sum());
      assertEquals(rows.stream().filter(Store.SecondRow::slumped).count(),
          minutes.stream().mapToInt(Store.MinuteRow::slumpedSeconds).sum());
      assertEquals(rows.stream().filter(r -> r.activity().seated()).count(),
          minutes.stream().mapToInt(Store.MinuteRow::seatedSeconds).sum());
      assertEquals(rows.stream().filter(r -> r.activity() != Activity.UNKNOWN
          && r.activity() != Activity.NOT_WORN).count(),
          minutes.stream().mapToInt(Store.MinuteRow::wornSeconds).sum());
      assertEquals(rows.stream().filter(r -> !Double.isNaN(r.flexionMeanDeg())).count(),
          minutes.stream().mapToInt(Store.MinuteRow::knownSeconds).sum());
    }
  }

  @Test
  void eachSessionKeepsItsDeviceAndTheCalibrationItUsed() throws Exception {
    PostureCalibration learnt = new PostureCalibration(0, 0, 1, 1, 0, 0);
    try (Store s = Store.open(dir.resolve("h.db"))) {
      long a = s.beginSession(new Store.SessionInfo(T0, "serial /dev/ttyUSB0", "SW-00af",
          "1.2", "MPU-6050", 100, 5));
      s.write(new Store.SessionRef(a, T0, 0), List.of(second(0, 3, Activity.SEATED_STILL, false),
          Events.calibrated(learnt, "learnt", 17)));
      s.endSession(a, T0 + 1000, "end");
      long b = s.beginSession(new Store.SessionInfo(T0 + 60_000, "replay x", null, null, null,
          0, 0));
      s.write(new Store.SessionRef(b, T0 + 60_000, 0), List.of(second(0, 3, Activity.SEATED_STILL, false)));
      List<Store.SessionRow> rows = s.sessions(T0, T0 + 3_600_000);
      assertEquals(2, rows.size());
      Store.SessionRow r = rows.get(0);
      assertEquals("SW-00af", r.deviceId());
      assertEquals("1.2", r.firmware());
      assertEquals("MPU-6050", r.sensorModel());
      assertEquals(100, r.rateHz());
      assertEquals("learnt", r.calibrationOrigin());
      assertEquals(learnt, s.calibration(a));
      assertNull(s.calibration(b), "never calibrated");
      assertNull(rows.get(1).endReason(), "a session that never ended has no end reason");
      assertEquals(T0 + 61_000, rows.get(1).endedMs(), "...and ends with its last second");
    }
  }

  @Test
  void aReportReadsWhileTheMonitorWrites() throws Exception {
    Path db = dir.resolve("h.db");
    int batches = 200;
    try (Store writer = Store.open(db); Store reader = Store.open(db)) {
      long id = writer.beginSession(new Store.SessionInfo(T0, "t", null, null, null, 100, 0));
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread w = new Thread(() -> {
        try {
          for (int b = 0; b < batches; b++) {
            writer.write(new Store.SessionRef(id, T0, 0), seconds(b * 30L, 30));
          }
        } catch (Throwable t) {
          failed.set(t);
        }
      });
      w.start();
      int reads = 0;
      int last = 0;
      boolean sawPartial = false;
      while (w.isAlive() || reads == 0) {
        List<Store.SecondRow> rows = reader.seconds(T0, T0 + 10_000_000);
        // a reader sees whole transactions only: a multiple of the batch, in order
        assertEquals(0, rows.size() % 30, "a half-written batch was visible");
        assertTrue(rows.size() >= last, "rows went backwards");
        for (int i = 0; i < rows.size(); i++) {
          assertEquals(i, rows.get(i).second());
        }
        sawPartial |= rows.size() > 0 && rows.size() < batches * 30;
        last = rows.size();
        reads++;
      }
      w.join();
      assertNull(failed.get(), () -> "writer failed: " + failed.get());
      assertEquals(batches * 30, reader.seconds(T0, T0 + 10_000_000).size());
      assertTrue(sawPartial || reads == 1, "the reader ran alongside the writer (" + reads
          + " reads)");
      assertEquals("ok", reader.integrityCheck());
    }
  }

  @Test
  void aWalDatabaseFromANewerVersionIsRefusedWithoutCreatingAnyFile() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("future"));
    Path db = sub.resolve("slumpwatch.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE sessions(id INTEGER PRIMARY KEY, shape_from_the_future TEXT)");
      st.execute("INSERT INTO sessions VALUES (1, 'x')");
      st.execute("PRAGMA user_version = " + (Store.SCHEMA_VERSION + 1));
    }
    try (Stream<Path> files = Files.list(sub)) {
      assertEquals(List.of(db), files.toList(), "a clean close leaves only the database");
    }
    String before = DirFingerprint.of(sub);
    byte[] bytes = Files.readAllBytes(db);
    NewerSchemaException e = assertThrows(NewerSchemaException.class, () -> Store.open(db));
    assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("schema version " + (Store.SCHEMA_VERSION + 1)),
        e.getMessage());
    assertTrue(e.getMessage().contains("left untouched"), e.getMessage());
    assertEquals(before, DirFingerprint.of(sub), "no -wal or -shm created, no byte changed");
    assertArrayEquals(bytes, Files.readAllBytes(db));
    assertFalse(Files.exists(Path.of(db + "-wal")));
    assertFalse(Files.exists(Path.of(db + "-shm")));
  }
}
