package dev.slumpwatch.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.slump.SlumpEpisode;
import dev.slumpwatch.testing.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir
  Path dir;

  private static final long T0 = 1_767_000_000_000L;

  @Test
  void createsTheSchemaAndRoundTripsEveryRecord() throws Exception {
    Path db = dir.resolve("h.db");
    try (Store s = Store.open(db)) {
      assertEquals(Store.SCHEMA_VERSION, s.schemaVersion());
      long id = s.beginSession(new Store.SessionInfo(T0, "test", "dev1", "fw", "MPU-6050", 100,
          123));
      s.write(new Store.SessionRef(id, T0, 0), List.of(
          new PipelineEvent.Second(new PostureSecond(0, 123, 3.5, 2, 5, -1, Activity.SEATED_STILL,
              false, 100)),
          new PipelineEvent.Second(new PostureSecond(1, 1_000_123, Double.NaN, Double.NaN,
              Double.NaN, Double.NaN, Activity.UNKNOWN, false, 12)),
          Events.episode(new SlumpEpisode(0, 60_000_000, 25, 20, 5), 10, 70),
          new PipelineEvent.AlertFired(new Alert(1, 5, 40, AlertKind.SLUMP_NUDGE, "sit tall")),
          new PipelineEvent.AlertFired(new Alert(2, 5, 50, AlertKind.DESK_BREAK, "break")),
          Events.outcome(new AlertOutcome(2, 9, AlertOutcome.TAKEN, "walk"), 80),
          Events.gap(100, 130, "cable pulled")));
      List<Store.SecondRow> rows = s.seconds(T0, T0 + 10_000);
      assertEquals(2, rows.size());
      assertEquals(3.5, rows.get(0).flexionMeanDeg());
      assertTrue(Double.isNaN(rows.get(1).flexionMeanDeg()), "unknown stays unknown");
      assertEquals(Activity.UNKNOWN, rows.get(1).activity());
      Store.EpisodeRow e = s.episodes(T0, T0 + 200_000).get(0);
      assertEquals(T0 + 10_000, e.startMs());
      assertEquals(60, e.durationSeconds(), 1e-9);
      List<Store.AlertRow> alerts = s.alerts(T0, T0 + 200_000);
      assertEquals(2, alerts.size());
      assertEquals(AlertOutcome.TAKEN, alerts.get(1).outcome());
      assertEquals("walk", alerts.get(1).outcomeDetail());
      Store.GapRow g = s.gaps(T0, T0 + 200_000).get(0);
      assertEquals(T0 + 100_000, g.fromMs());
      assertEquals("cable pulled", g.reason());
      assertEquals("ok", s.integrityCheck());
    }
    try (Store again = Store.open(db)) {
      assertEquals(2, again.seconds(T0, T0 + 10_000).size(), "reopening keeps the data");
    }
  }

  @Test
  void aDatabaseFromANewerVersionIsRefusedAndLeftUntouched() throws Exception {
    Path db = dir.resolve("future.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE future_things(x)");
      st.execute("PRAGMA user_version = 99");
    }
    byte[] before = Files.readAllBytes(db);
    StoreException e = assertThrows(StoreException.class, () -> Store.open(db));
    assertTrue(e.getMessage().contains("has schema version 99, newer than this slumpwatch "
        + "understands (" + Store.SCHEMA_VERSION + "); it was left untouched"), e.getMessage());
    assertTrue(e.getMessage().contains(db.toString()), "names the file");
    assertArrayEquals(before, Files.readAllBytes(db));
  }

  @Test
  void aFileThatIsNotADatabaseGivesAClearError() throws Exception {
    Path db = dir.resolve("notes.db");
    Files.writeString(db, "these are my notes, not a database ".repeat(100));
    byte[] before = Files.readAllBytes(db);
    StoreException e = assertThrows(StoreException.class, () -> Store.open(db));
    assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(db), "the file is not touched");
  }

  @Test
  void anAcknowledgedAlertReadsBackWithWhenAndHow() throws Exception {
    Path db = dir.resolve("h.db");
    try (Store s = Store.open(db)) {
      long id = s.beginSession(new Store.SessionInfo(T0, "test", null, null, null, 100, 0));
      s.write(new Store.SessionRef(id, T0, 0), List.of(
          new PipelineEvent.AlertFired(new Alert(1, 5, 40, AlertKind.SLUMP_NUDGE, "sit tall")),
          new PipelineEvent.AlertFired(new Alert(2, 5, 50, AlertKind.DESK_BREAK, "break")),
          Events.ack(new Acknowledgement(2, 0, Acknowledgement.KEY), 52.4)));
      // the outcome comes later, in another batch, and leaves the acknowledgement alone
      s.write(new Store.SessionRef(id, T0, 0), List.of(
          Events.outcome(new AlertOutcome(2, 9, AlertOutcome.TAKEN, "walk"), 80)));
    }
    try (Store s = Store.open(db)) {
      List<Store.AlertRow> alerts = s.alerts(T0, T0 + 200_000);
      assertNull(alerts.get(0).ackMs(), "not acknowledged");
      assertNull(alerts.get(0).ackVia());
      assertEquals(T0 + 52_400, alerts.get(1).ackMs());
      assertEquals(Acknowledgement.KEY, alerts.get(1).ackVia());
      assertEquals(AlertOutcome.TAKEN, alerts.get(1).outcome());
    }
  }

  @Test
  void aDatabaseOfTheFirstSchemaIsUpgradedKeepingItsAlerts() throws Exception {
    Path db = dir.resolve("v1.db");
    String v1 = new String(Store.class.getResourceAsStream("V1__initial.sql").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      StringBuilder stmt = new StringBuilder();
      for (String line : v1.split("\n")) {
        if (!line.strip().startsWith("--")) {
          stmt.append(line).append('\n');
        }
        if (line.strip().endsWith(";")) {
          st.execute(stmt.toString());
          stmt.setLength(0);
        }
      }
      st.execute("PRAGMA user_version = 1");
      st.execute("INSERT INTO sessions(id, started_ms, source) VALUES (1, " + T0 + ", 'old')");
      st.execute("INSERT INTO alerts(session_id, alert_id, t_ms, session_s, kind, message, "
          + "outcome) VALUES (1, 1, " + (T0 + 5000) + ", 5, 'desk-break', 'break', 'missed')");
    }
    try (Store s = Store.open(db)) {
      assertEquals(Store.SCHEMA_VERSION, s.schemaVersion());
      Store.AlertRow old = s.alerts(T0, T0 + 10_000).get(0);
      assertEquals(AlertOutcome.MISSED, old.outcome());
      assertNull(old.ackMs());
      s.write(new Store.SessionRef(1, T0, 0), List.of(Events.ack(
          new Acknowledgement(1, 0, Acknowledgement.COMMAND), 7)));
      assertEquals(T0 + 7000, s.alerts(T0, T0 + 10_000).get(0).ackMs());
      assertEquals("ok", s.integrityCheck());
    }
  }

  /** Samples of one second delivered in two parts (around a link loss) add up, never replace. */
  @Test
  void aSecondWrittenInTwoPartsIsMergedNotReplaced() throws Exception {
    try (Store s = Store.open(dir.resolve("merge.db"))) {
      long id = s.beginSession(new Store.SessionInfo(T0, "test", null, null, null, 100, 0));
      Store.SessionRef ref = new Store.SessionRef(id, T0, 0);
      s.write(ref, List.of(new PipelineEvent.Second(new PostureSecond(7, 7_000_000, 10, 8, 12,
          1, Activity.SEATED_STILL, false, 60))));
      s.write(ref, List.of(new PipelineEvent.Second(new PostureSecond(7, 7_000_000, 20, 18, 25,
          3, Activity.SEATED_FIDGETING, true, 40))));
      s.write(ref, List.of(new PipelineEvent.Second(new PostureSecond(7, 7_000_000, Double.NaN,
          Double.NaN, Double.NaN, Double.NaN, Activity.UNKNOWN, false, 5))));
      Store.SecondRow row = s.seconds(T0, T0 + 60_000).get(0);
      assertEquals(14, row.flexionMeanDeg(), 1e-9, "mean weighted by samples");
      assertEquals(8, row.flexionMinDeg());
      assertEquals(25, row.flexionMaxDeg());
      assertEquals(1.8, row.lateralMeanDeg(), 1e-9);
      assertEquals(Activity.SEATED_FIDGETING, row.activity(), "the last known activity");
      assertTrue(row.slumped());
      assertEquals(1, s.minutes(T0, T0 + 60_000).get(0).seconds());
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("merge.db"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT samples FROM posture_seconds")) {
      assertEquals(105, rs.getInt(1), "samples add up");
    }
  }
}
