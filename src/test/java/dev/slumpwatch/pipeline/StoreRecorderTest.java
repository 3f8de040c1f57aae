package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.event.EventBus;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.slump.SlumpEpisode;
import dev.slumpwatch.store.Store;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's recorder against records and files it cannot write: one bad record is set
 * aside and everything else is stored; a damaged file is told as damaged and gets nothing.
 */
class StoreRecorderTest {
  private static final long T0 = 1_767_000_000_000L;
  private static final int SECONDS = 120;

  @TempDir
  Path dir;

  private static PipelineEvent second(int i) {
    return new PipelineEvent.Second(new PostureSecond(i, i * 1_000_000L, 10, 9, 11, 0,
        Activity.SEATED_STILL, false, 100));
  }

  /** A session of {@link #SECONDS} seconds through a real bus; {@code extra} after second 30. */
  private static void record(Store store, List<String> errors, PipelineEvent extra)
      throws InterruptedException {
    EventBus bus = new EventBus();
    StoreRecorder recorder = new StoreRecorder(store, "test", errors::add).subscribeTo(bus);
    bus.accept(new PipelineEvent.SessionStarted(0, T0, null));
    for (int i = 0; i < SECONDS; i++) {
      bus.accept(second(i));
      if (i == 30) {
        bus.accept(extra);
      }
    }
    bus.accept(new PipelineEvent.SlumpEnded(new SlumpEpisode(40_000_000, 70_000_000, 25, 20,
        4)));
    bus.accept(new PipelineEvent.Finished(SECONDS * 1_000_000L, "end of source"));
    bus.close();
    recorder.close();
  }

  private static long count(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.getLong(1);
    }
  }

  @Test
  void oneRecordTheStoreRefusesIsSetAsideWithItsContentAndEveryOtherIsWritten()
      throws Exception {
    Path db = dir.resolve("h.db");
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    // a NaN mean: the episode's row would break NOT NULL (as a NaN calibration did)
    PipelineEvent bad = new PipelineEvent.SlumpEnded(new SlumpEpisode(5_000_000, 25_000_000,
        22, Double.NaN, 3));
    try (Store s = Store.open(db)) {
      record(s, errors, bad);
      assertEquals("ok", s.integrityCheck());
      assertEquals(SECONDS, s.seconds(T0, T0 + 86_400_000L).size(), "every second is stored");
      assertEquals(1, s.episodes(T0, T0 + 86_400_000L).size(), "the good episode is stored");
      assertTrue(s.latestSession().orElseThrow().endReason() != null, "the session has its end");
    }
    assertEquals(1, count(db, "SELECT count(*) FROM quarantine WHERE record LIKE "
        + "'%meanDeg=NaN%' AND error LIKE '%NOT NULL%'"), "the bad record is set aside with "
        + "its content and the error");
    assertEquals(1, errors.size(), "one line: " + errors);
    String line = errors.get(0);
    assertTrue(line.contains(db.toString()) && line.contains("quarantine")
        && line.contains("meanDeg=NaN") && line.contains("every other record is written"),
        line);
  }

  @Test
  void aDamagedDatabaseIsToldAsDamagedAndGetsNoNewSession() throws Exception {
    Path db = dir.resolve("damaged.db");
    try (Store s = Store.open(db)) {
      long id = s.beginSession(new Store.SessionInfo(T0 - 7_200_000, "earlier", null, null,
          null, 100, 0));
      List<PipelineEvent> rows = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        rows.add(second(i));
      }
      s.write(new Store.SessionRef(id, T0 - 7_200_000, 0), rows);
      s.endSession(id, T0 - 4_000_000, "end");
    }
    // scribble over the per-second table's root page: the sessions table stays readable
    long root = count(db, "SELECT rootpage FROM sqlite_master WHERE name = 'posture_seconds'");
    long pageSize = count(db, "PRAGMA page_size");
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      f.seek((root - 1) * pageSize + 8);
      for (int i = 0; i < 64; i++) {
        f.writeInt(0xdeadbeef);
      }
    }
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    try (Store s = Store.open(db)) {
      record(s, errors, new PipelineEvent.Gap(30_500_000, 30_600_000, "test"));
    }
    assertEquals(1, count(db, "SELECT count(*) FROM sessions"), "no new session row");
    assertFalse(errors.isEmpty());
    String all = String.join("\n", errors);
    assertTrue(errors.get(0).contains(db.toString()) && errors.get(0).contains("damaged")
        && errors.get(0).contains("not recorded"), errors.get(0));
    assertFalse(all.contains("intact"), "a damaged file is not called intact: " + all);
  }
}
