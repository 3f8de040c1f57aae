package dev.slumpwatch.store;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpEpisode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The history: one SQLite file, WAL mode, versioned schema.
 *
 * <p>The schema version lives in SQLite's {@code user_version}. Opening runs the
 * migrations this version knows, each in its own transaction; a file from a newer
 * slumpwatch is refused before anything is written to it. WAL with
 * {@code synchronous=NORMAL} keeps every committed transaction across a crash of the
 * process (a power cut may lose the last few); readers (reports) see consistent data
 * while the monitor writes.
 *
 * <p>Not thread-safe: one thread writes (see {@link StoreWriter}); readers open their own
 * {@code Store}.
 */
public final class Store implements AutoCloseable {
  /** The schema version this code writes. Migration {@code Vn__*.sql} brings n-1 to n. */
  public static final int SCHEMA_VERSION = 2;
  private static final String[] MIGRATIONS = {"V1__initial.sql", "V2__acks.sql"};

  private final Path file;
  private final Connection db;

  private Store(Path file, Connection db) {
    this.file = file;
    this.db = db;
  }

  /** Opens (creating if needed) and migrates the store at {@code file}. */
  public static Store open(Path file) throws StoreException {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the data directory for " + file + ": " + e, e);
    }
    Connection db;
    try {
      db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    } catch (SQLException e) {
      throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
    }
    Store store = new Store(file, db);
    try {
      store.migrate();
      return store;
    } catch (StoreException e) {
      store.closeQuietly();
      throw e;
    }
  }

  private void migrate() throws StoreException {
    try (Statement st = db.createStatement()) {
      int version;
      try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
        version = rs.getInt(1);
      }
      if (version > SCHEMA_VERSION) {
        throw new StoreException("database " + file + " has schema version " + version
            + ", newer than this slumpwatch understands (" + SCHEMA_VERSION
            + "); it was left untouched: update slumpwatch or use another --data-dir");
      }
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA synchronous=NORMAL");
      st.execute("PRAGMA foreign_keys=ON");
      st.execute("PRAGMA busy_timeout=5000");
      db.setAutoCommit(false);
      for (int v = version; v < SCHEMA_VERSION; v++) {
        for (String sql : statements(MIGRATIONS[v])) {
          st.execute(sql);
        }
        st.execute("PRAGMA user_version = " + (v + 1));
        db.commit();
      }
    } catch (SQLException e) {
      rollbackQuietly();
      throw new StoreException("cannot prepare database " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<String> statements(String resource) throws StoreException {
    try (InputStream in = Store.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new StoreException("migration " + resource + " is missing from the jar");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : text.split("\n")) {
        String l = line.strip();
        if (l.startsWith("--") || l.isEmpty()) {
          continue;
        }
        current.append(line).append('\n');
        if (l.endsWith(";")) {
          out.add(current.toString());
          current.setLength(0);
        }
      }
      return out;
    } catch (IOException e) {
      throw new StoreException("cannot read migration " + resource + ": " + e, e);
    }
  }

  public Path file() {
    return file;
  }

  public int schemaVersion() throws StoreException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      return rs.getInt(1);
    } catch (SQLException e) {
      throw fail("read the schema version", e);
    }
  }

  private StoreException fail(String what, SQLException e) {
    return new StoreException("database " + file + ": cannot " + what + ": " + e.getMessage(), e);
  }

  // ------------------------------------------------------------------ writing

  /** Session metadata, written when it starts. */
  public record SessionInfo(long startedMs, String source, String deviceId, String firmware,
      String sensorModel, int rateHz, long firstDeviceMicros) {}

  public long beginSession(SessionInfo s) throws StoreException {
    try (PreparedStatement ps = db.prepareStatement("INSERT INTO sessions(started_ms, source, "
        + "device_id, firmware, sensor_model, rate_hz, first_device_micros) VALUES (?,?,?,?,?,?,?)",
        Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, s.startedMs());
      ps.setString(2, s.source());
      ps.setString(3, s.deviceId());
      ps.setString(4, s.firmware());
      ps.setString(5, s.sensorModel());
      ps.setInt(6, s.rateHz());
      ps.setLong(7, s.firstDeviceMicros());
      ps.executeUpdate();
      long id;
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        id = rs.getLong(1);
      }
      db.commit();
      return id;
    } catch (SQLException e) {
      rollbackQuietly();
      throw fail("start a session", e);
    }
  }

  public void endSession(long sessionId, long endedMs, String reason) throws StoreException {
    try (PreparedStatement ps = db.prepareStatement(
        "UPDATE sessions SET ended_ms = ?, end_reason = ? WHERE id = ?")) {
      ps.setLong(1, endedMs);
      ps.setString(2, reason);
      ps.setLong(3, sessionId);
      ps.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw fail("end the session", e);
    }
  }

  /** Writes a batch of records in one transaction. */
  public void write(long sessionId, long startedMs, List<?> records) throws StoreException {
    try (PreparedStatement sec = db.prepareStatement("INSERT OR REPLACE INTO posture_seconds "
        + "VALUES (?,?,?,?,?,?,?,?,?,?)");
        PreparedStatement epi = db.prepareStatement("INSERT INTO slump_episodes(session_id, "
            + "start_ms, end_ms, start_s, end_s, peak_deg, mean_deg, dose_deg_min) "
            + "VALUES (?,?,?,?,?,?,?,?)");
        PreparedStatement alr = db.prepareStatement("INSERT OR REPLACE INTO alerts(session_id, "
            + "alert_id, t_ms, session_s, kind, message) VALUES (?,?,?,?,?,?)");
        PreparedStatement out = db.prepareStatement("UPDATE alerts SET outcome = ?, "
            + "outcome_detail = ?, outcome_ms = ? WHERE session_id = ? AND alert_id = ?");
        PreparedStatement ack = db.prepareStatement("UPDATE alerts SET ack_ms = ?, ack_via = ? "
            + "WHERE session_id = ? AND alert_id = ?");
        PreparedStatement brk = db.prepareStatement("INSERT INTO breaks VALUES (?,?,?,?)");
        PreparedStatement gap = db.prepareStatement("INSERT INTO gaps VALUES (?,?,?,?)")) {
      for (Object r : records) {
        if (r instanceof Record.Second s) {
          PostureSecond p = s.second();
          sec.setLong(1, sessionId);
          sec.setLong(2, p.second());
          sec.setLong(3, startedMs + p.second() * 1000);
          setAngle(sec, 4, p.flexionMeanDeg());
          setAngle(sec, 5, p.flexionMinDeg());
          setAngle(sec, 6, p.flexionMaxDeg());
          setAngle(sec, 7, p.lateralMeanDeg());
          sec.setString(8, p.activity().key());
          sec.setInt(9, p.slumped() ? 1 : 0);
          sec.setInt(10, p.samples());
          sec.addBatch();
        } else if (r instanceof Record.Episode e) {
          SlumpEpisode x = e.episode();
          epi.setLong(1, sessionId);
          epi.setLong(2, startedMs + Math.round(e.startSeconds() * 1000));
          epi.setLong(3, startedMs + Math.round(e.endSeconds() * 1000));
          epi.setDouble(4, e.startSeconds());
          epi.setDouble(5, e.endSeconds());
          epi.setDouble(6, x.peakDeg());
          epi.setDouble(7, x.meanDeg());
          epi.setDouble(8, x.doseDegMinutes());
          epi.addBatch();
        } else if (r instanceof Record.AlertFired a) {
          Alert x = a.alert();
          alr.setLong(1, sessionId);
          alr.setInt(2, x.id());
          alr.setLong(3, startedMs + Math.round(x.sessionSeconds() * 1000));
          alr.setDouble(4, x.sessionSeconds());
          alr.setString(5, x.kind().key());
          alr.setString(6, x.message());
          alr.addBatch();
        } else if (r instanceof Record.Outcome o) {
          alr.executeBatch();
          out.setString(1, o.outcome().outcome());
          out.setString(2, o.outcome().detail());
          out.setLong(3, startedMs + Math.round(o.sessionSeconds() * 1000));
          out.setLong(4, sessionId);
          out.setInt(5, o.outcome().alertId());
          out.executeUpdate();
        } else if (r instanceof Record.Acknowledged k) {
          alr.executeBatch();
          ack.setLong(1, startedMs + Math.round(k.sessionSeconds() * 1000));
          ack.setString(2, k.ack().via());
          ack.setLong(3, sessionId);
          ack.setInt(4, k.ack().alertId());
          ack.executeUpdate();
        } else if (r instanceof Record.BreakTaken b) {
          brk.setLong(1, sessionId);
          brk.setString(2, b.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
          brk.setLong(3, startedMs + Math.round(b.startSeconds() * 1000));
          brk.setLong(4, startedMs + Math.round(b.endSeconds() * 1000));
          brk.addBatch();
        } else if (r instanceof Record.Gap g) {
          gap.setLong(1, sessionId);
          gap.setLong(2, startedMs + Math.round(g.fromSeconds() * 1000));
          gap.setLong(3, startedMs + Math.round(g.toSeconds() * 1000));
          gap.setString(4, g.reason());
          gap.addBatch();
        } else {
          throw new IllegalArgumentException("not a store record: " + r);
        }
      }
      sec.executeBatch();
      epi.executeBatch();
      alr.executeBatch();
      brk.executeBatch();
      gap.executeBatch();
      db.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw fail("write " + records.size() + " records", e);
    }
  }

  private static void setAngle(PreparedStatement ps, int i, double v) throws SQLException {
    if (Double.isNaN(v)) {
      ps.setNull(i, Types.REAL);
    } else {
      ps.setDouble(i, v);
    }
  }

  /** What the writer thread stores; session-relative times, mapped to wall time on write. */
  public sealed interface Record {
    record Second(PostureSecond second) implements Record {}

    record Episode(SlumpEpisode episode, double startSeconds, double endSeconds)
        implements Record {}

    record AlertFired(Alert alert) implements Record {}

    record Outcome(AlertOutcome outcome, double sessionSeconds) implements Record {}

    record Acknowledged(Acknowledgement ack, double sessionSeconds) implements Record {}

    record BreakTaken(SittingTracker.BreakKind kind, double startSeconds, double endSeconds)
        implements Record {}

    record Gap(double fromSeconds, double toSeconds, String reason) implements Record {}
  }

  // ------------------------------------------------------------------ reading

  /** A stored per-second row. Angles NaN where unknown. */
  public record SecondRow(long sessionId, long second, long tMs, double flexionMeanDeg,
      double flexionMinDeg, double flexionMaxDeg, double lateralMeanDeg, Activity activity,
      boolean slumped) {}

  public record EpisodeRow(long sessionId, long startMs, long endMs, double startSeconds,
      double endSeconds, double peakDeg, double meanDeg, double doseDegMinutes) {
    public double durationSeconds() {
      return endSeconds - startSeconds;
    }
  }

  /**
   * @param ackMs when the wearer acknowledged it, or null
   * @param ackVia how ({@link Acknowledgement#KEY}, {@link Acknowledgement#COMMAND}), or null
   */
  public record AlertRow(long sessionId, int alertId, long tMs, double sessionSeconds,
      AlertKind kind, String message, String outcome, String outcomeDetail, Long ackMs,
      String ackVia) {}

  public record GapRow(long sessionId, long fromMs, long toMs, String reason) {}

  /** Maps one result row; may throw what JDBC throws. */
  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Runs a query over a time range [fromMs, toMs) and maps its rows. */
  private <T> List<T> query(String what, String sql, long fromMs, long toMs, RowMapper<T> mapper)
      throws StoreException {
    List<T> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setLong(1, fromMs);
      ps.setLong(2, toMs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw fail("read " + what, e);
    }
  }

  public List<SecondRow> seconds(long fromMs, long toMs) throws StoreException {
    return query("posture", "SELECT session_id, second, t_ms, flexion_mean, flexion_min, "
        + "flexion_max, lateral_mean, activity, slumped FROM posture_seconds "
        + "WHERE t_ms >= ? AND t_ms < ? ORDER BY t_ms", fromMs, toMs,
        rs -> new SecondRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), angle(rs, 4),
            angle(rs, 5), angle(rs, 6), angle(rs, 7), Activity.fromKey(rs.getString(8)),
            rs.getInt(9) != 0));
  }

  private static double angle(ResultSet rs, int i) throws SQLException {
    double v = rs.getDouble(i);
    return rs.wasNull() ? Double.NaN : v;
  }

  public List<EpisodeRow> episodes(long fromMs, long toMs) throws StoreException {
    return query("slump episodes", "SELECT session_id, start_ms, end_ms, start_s, end_s, "
        + "peak_deg, mean_deg, dose_deg_min FROM slump_episodes "
        + "WHERE end_ms >= ? AND start_ms < ? ORDER BY start_ms", fromMs, toMs,
        rs -> new EpisodeRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4),
            rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8)));
  }

  public List<AlertRow> alerts(long fromMs, long toMs) throws StoreException {
    return query("alerts", "SELECT " + ALERT_COLUMNS + " FROM alerts "
        + "WHERE t_ms >= ? AND t_ms < ? ORDER BY t_ms", fromMs, toMs, Store::alertRow);
  }

  private static final String ALERT_COLUMNS = "session_id, alert_id, t_ms, session_s, kind, "
      + "message, outcome, outcome_detail, ack_ms, ack_via";

  private static AlertRow alertRow(ResultSet rs) throws SQLException {
    long ackMs = rs.getLong(9);
    Long ack = rs.wasNull() ? null : ackMs;
    return new AlertRow(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getDouble(4),
        AlertKind.fromKey(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
        ack, rs.getString(10));
  }

  /** A stored session; {@code endedMs} is null while it runs (or if its process died). */
  public record SessionRow(long id, long startedMs, Long endedMs, String source) {}

  /** The most recent session, or empty when none was stored. */
  public Optional<SessionRow> latestSession() throws StoreException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT id, "
        + "started_ms, ended_ms, source FROM sessions ORDER BY id DESC LIMIT 1")) {
      if (!rs.next()) {
        return Optional.empty();
      }
      long endedMs = rs.getLong(3);
      Long ended = rs.wasNull() ? null : endedMs;
      return Optional.of(new SessionRow(rs.getLong(1), rs.getLong(2), ended, rs.getString(4)));
    } catch (SQLException e) {
      throw fail("read the latest session", e);
    }
  }

  /** The session's latest alert the wearer was shown (not held back), or empty. */
  public Optional<AlertRow> latestShownAlert(long sessionId) throws StoreException {
    try (PreparedStatement ps = db.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts "
        + "WHERE session_id = ? AND (outcome IS NULL OR outcome <> 'suppressed') "
        + "ORDER BY alert_id DESC LIMIT 1")) {
      ps.setLong(1, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(alertRow(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw fail("read the latest alert", e);
    }
  }

  public List<GapRow> gaps(long fromMs, long toMs) throws StoreException {
    return query("gaps", "SELECT session_id, from_ms, to_ms, reason FROM gaps "
        + "WHERE to_ms >= ? AND from_ms < ? ORDER BY from_ms", fromMs, toMs,
        rs -> new GapRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
  }

  /** Runs {@code PRAGMA integrity_check}; "ok" when the file is sound. */
  public String integrityCheck() throws StoreException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      return rs.next() ? rs.getString(1) : "no answer";
    } catch (SQLException e) {
      throw fail("check integrity", e);
    }
  }

  private void rollbackQuietly() {
    try {
      db.rollback();
    } catch (SQLException ignored) {
      // the original failure is what the caller reports
    }
  }

  private void closeQuietly() {
    try {
      db.close();
    } catch (SQLException ignored) {
      // nothing more to do
    }
  }

  @Override
  public void close() throws StoreException {
    try {
      db.commit();
      db.close();
    } catch (SQLException e) {
      throw fail("close", e);
    }
  }
}
