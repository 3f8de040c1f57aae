package dev.slumpwatch.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's side of sharing with a clinic server: the wearer's sync choice and the
 * outbox of changed items (see {@code V5__sync_outbox.sql}).
 *
 * <p>The outbox is filled by SQLite triggers in the same transaction that stores the data,
 * so the monitor's own writing path does not change and cannot forget an item. This class
 * only reads batches from it and deletes what the server has confirmed. It has its own
 * connection (a {@link Store} of its own), so the sender never shares a transaction with
 * the monitor's writer; each method is one short transaction, and nothing here is held
 * open while the network is slow.
 *
 * <p>Not thread-safe: one sender thread (or process) at a time.
 */
public final class SyncOutbox implements AutoCloseable {
  /** What a wearer shares: day summaries only, or also the minutes, episodes and prompts. */
  public enum Level {
    DAYS("days"), DETAIL("detail");

    private final String key;

    Level(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    /** The level for {@code key}; the message lists the valid keys. */
    public static Level fromKey(String key) {
      for (Level l : values()) {
        if (l.key.equals(key)) {
          return l;
        }
      }
      throw new IllegalArgumentException("unknown consent level '" + key
          + "' (valid: days, detail)");
    }
  }

  /**
   * The wearer's sync choice.
   *
   * @param enabled whether changes are queued and sent
   * @param url the clinic server's JDBC URL, null until configured
   * @param user the wearer's own database login
   * @param passwordFile where that login's password is kept (readable by the wearer only)
   * @param zone the wearer's time zone, which decides a row's calendar day
   * @param lastOkMs wall time of the last sync that reached the server, or null
   * @param lastError the last failure, one line, or null after a success
   * @param sinceMs history from this time on is shared (0: all of it)
   */
  public record Config(boolean enabled, String url, String user, Path passwordFile,
      ZoneId zone, Long lastOkMs, String lastError, Long lastErrorMs, long sinceMs) {}

  /** A minute's totals as stored (see {@code V2__history.sql}), with its session's start. */
  public record MinuteItem(long sessionStartMs, long minute, long tMs, int seconds,
      int knownSeconds, int wornSeconds, int seatedSeconds, int slumpedSeconds) {}

  public record EpisodeItem(long sessionStartMs, long startMs, long endMs, double peakDeg,
      double meanDeg, double doseDegMinutes) {}

  /**
   * A prompt and what came of it. {@code outcome}, {@code reps}, {@code ackMs} may be null.
   */
  public record AlertItem(long sessionStartMs, int alertId, long tMs, String kind,
      String outcome, Integer reps, Long ackMs) {}

  /**
   * One batch: every outbox row with {@code seq <= lastSeq} at the time it was read.
   *
   * @param itemTimesMs the times of all its rows, of every kind: which days changed
   */
  public record Batch(long lastSeq, int rows, List<MinuteItem> minutes,
      List<EpisodeItem> episodes, List<AlertItem> alerts, long[] itemTimesMs) {
    public boolean isEmpty() {
      return rows == 0;
    }
  }

  /** Queued rows per kind, and the oldest queued item's time (null when nothing is). */
  public record Pending(Map<String, Long> byKind, Long oldestMs) {
    public long total() {
      return byKind.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final Store store;
  private final Connection db;

  private SyncOutbox(Store store) {
    this.store = store;
    this.db = store.connection();
  }

  /** Opens the store at {@code file} (migrating it) on a connection of its own. */
  public static SyncOutbox open(Path file) throws StoreException {
    return new SyncOutbox(Store.open(file));
  }

  /** The store this outbox reads, for the day figures of a batch's days. */
  public Store store() {
    return store;
  }

  private StoreException fail(String what, SQLException e) {
    return new StoreException("database " + store.file() + ": cannot " + what + ": "
        + e.getMessage(), e, StoreException.kindOf(e));
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} in one explicit transaction on the store's connection (which stays in
   * auto-commit mode, see {@link Store}): {@code BEGIN IMMEDIATE} for changes, a deferred
   * {@code BEGIN} for a read that must see one consistent snapshot while the monitor writes.
   */
  private <T> T transaction(boolean write, String what, Work<T> work) throws StoreException {
    try (Statement st = db.createStatement()) {
      st.execute(write ? "BEGIN IMMEDIATE" : "BEGIN");
      T result = work.run();
      st.execute("COMMIT");
      return result;
    } catch (SQLException e) {
      try (Statement st = db.createStatement()) {
        st.execute("ROLLBACK");
      } catch (SQLException ignored) {
        // no transaction was open, or SQLite rolled it back itself: the failure is e
      }
      throw fail(what, e);
    }
  }

  public Config config() throws StoreException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT enabled, "
        + "url, user_name, password_file, zone, last_ok_ms, last_error, last_error_ms, "
        + "since_ms "
        + "FROM sync_config WHERE id = 1")) {
      rs.next();
      String pw = rs.getString(4);
      String zone = rs.getString(5);
      Config c = new Config(rs.getInt(1) == 1, rs.getString(2), rs.getString(3),
          pw == null ? null : Path.of(pw), zone == null ? null : ZoneId.of(zone),
          nullableLong(rs, 6), rs.getString(7), nullableLong(rs, 8), rs.getLong(9));
      return c;
    } catch (SQLException e) {
      throw fail("read the sync settings", e);
    }
  }

  private static Long nullableLong(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : v;
  }

  /** Records where to send and as whom; does not enable sending (see {@link #enable}). */
  public void configure(String url, String user, Path passwordFile, ZoneId zone)
      throws StoreException {
    transaction(true, "save the sync settings", () -> {
      try (PreparedStatement ps = db.prepareStatement("UPDATE sync_config SET url = ?, "
          + "user_name = ?, password_file = ?, zone = ? WHERE id = 1")) {
        ps.setString(1, url);
        ps.setString(2, user);
        ps.setString(3, passwordFile.toAbsolutePath().toString());
        ps.setString(4, zone.getId());
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Starts queueing changes, and queues every stored item from {@code sinceMs} on (what was
   * recorded before sharing was turned on), in one transaction. Remembers {@code sinceMs}
   * (see {@link Config#sinceMs}) for when the history is queued again (a wider consent).
   *
   * @return the number of outbox rows queued by the backfill
   */
  public long enable(long sinceMs) throws StoreException {
    String[] backfill = {
        "INSERT OR REPLACE INTO sync_outbox(kind, session_id, item, t_ms) "
            + "SELECT 'minute', session_id, minute, t_ms FROM posture_minutes WHERE t_ms >= ?",
        "INSERT OR REPLACE INTO sync_outbox(kind, session_id, item, t_ms) "
            + "SELECT 'episode', session_id, id, start_ms FROM slump_episodes WHERE start_ms >= ?",
        "INSERT OR REPLACE INTO sync_outbox(kind, session_id, item, t_ms) "
            + "SELECT 'alert', session_id, alert_id, t_ms FROM alerts WHERE t_ms >= ?",
        "INSERT OR REPLACE INTO sync_outbox(kind, session_id, item, t_ms) "
            + "SELECT 'gap', session_id, rowid, from_ms FROM gaps WHERE from_ms >= ?"};
    return transaction(true, "turn sharing on", () -> {
      try (Statement st = db.createStatement()) {
        st.executeUpdate("UPDATE sync_config SET enabled = 1, since_ms = " + sinceMs
            + " WHERE id = 1");
      }
      long n = 0;
      for (String sql : backfill) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
          ps.setLong(1, sinceMs);
          n += ps.executeUpdate();
        }
      }
      return n;
    });
  }

  /** Stops queueing; with {@code clear}, also drops everything still queued. */
  public void disable(boolean clear) throws StoreException {
    transaction(true, "turn sharing off", () -> {
      try (Statement st = db.createStatement()) {
        st.executeUpdate("UPDATE sync_config SET enabled = 0 WHERE id = 1");
        if (clear) {
          st.executeUpdate("DELETE FROM sync_outbox");
        }
      }
      return null;
    });
  }

  /**
   * Reads the oldest {@code maxRows} outbox rows and the current values of their items, in
   * one read transaction (a consistent snapshot while the monitor goes on writing).
   */
  public Batch next(int maxRows) throws StoreException {
    return transaction(false, "read the sync outbox", () -> {
      long lastSeq = -1;
      int rows = 0;
      long[] times = new long[Math.min(maxRows, 4096)];
      try (PreparedStatement ps = db.prepareStatement(
          "SELECT seq, t_ms FROM sync_outbox ORDER BY seq LIMIT ?")) {
        ps.setInt(1, maxRows);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            lastSeq = rs.getLong(1);
            if (rows == times.length) {
              times = java.util.Arrays.copyOf(times, rows * 2);
            }
            times[rows++] = rs.getLong(2);
          }
        }
      }
      List<MinuteItem> minutes = new ArrayList<>();
      List<EpisodeItem> episodes = new ArrayList<>();
      List<AlertItem> alerts = new ArrayList<>();
      if (rows > 0) {
        read("SELECT s.started_ms, m.minute, m.t_ms, m.seconds, m.known_s, m.worn_s, "
            + "m.seated_s, m.slumped_s FROM sync_outbox o "
            + "JOIN posture_minutes m ON m.session_id = o.session_id AND m.minute = o.item "
            + "JOIN sessions s ON s.id = o.session_id "
            + "WHERE o.kind = 'minute' AND o.seq <= ? ORDER BY o.seq", lastSeq,
            rs -> minutes.add(new MinuteItem(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8))));
        read("SELECT s.started_ms, e.start_ms, e.end_ms, e.peak_deg, e.mean_deg, "
            + "e.dose_deg_min FROM sync_outbox o "
            + "JOIN slump_episodes e ON e.id = o.item AND e.session_id = o.session_id "
            + "JOIN sessions s ON s.id = o.session_id "
            + "WHERE o.kind = 'episode' AND o.seq <= ? ORDER BY o.seq", lastSeq,
            rs -> episodes.add(new EpisodeItem(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                rs.getDouble(4), rs.getDouble(5), rs.getDouble(6))));
        read("SELECT s.started_ms, a.alert_id, a.t_ms, a.kind, a.outcome, a.reps, a.ack_ms "
            + "FROM sync_outbox o "
            + "JOIN alerts a ON a.session_id = o.session_id AND a.alert_id = o.item "
            + "JOIN sessions s ON s.id = o.session_id "
            + "WHERE o.kind = 'alert' AND o.seq <= ? ORDER BY o.seq", lastSeq,
            rs -> {
              int reps = rs.getInt(6);
              Integer r = rs.wasNull() ? null : reps;
              alerts.add(new AlertItem(rs.getLong(1), rs.getInt(2), rs.getLong(3),
                  rs.getString(4), rs.getString(5), r, nullableLong(rs, 7)));
            });
      }
      return new Batch(lastSeq, rows, minutes, episodes, alerts,
          java.util.Arrays.copyOf(times, rows));
    });
  }

  @FunctionalInterface
  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private void read(String sql, long lastSeq, RowReader each) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setLong(1, lastSeq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          each.read(rs);
        }
      }
    }
  }

  /**
   * The server has committed {@code batch}: drops its rows. A row changed again since the
   * batch was read has a newer seq and stays queued.
   */
  public void sent(Batch batch) throws StoreException {
    transaction(true, "mark " + batch.rows() + " items as sent", () -> {
      try (PreparedStatement ps =
          db.prepareStatement("DELETE FROM sync_outbox WHERE seq <= ?")) {
        ps.setLong(1, batch.lastSeq());
        return ps.executeUpdate();
      }
    });
  }

  /** Records how the last attempt went: {@code error} null for a success. */
  public void recordAttempt(long wallMs, String error) throws StoreException {
    String sql = error == null
        ? "UPDATE sync_config SET last_ok_ms = ?, last_error = NULL, last_error_ms = NULL "
            + "WHERE id = 1"
        : "UPDATE sync_config SET last_error_ms = ?, last_error = ? WHERE id = 1";
    transaction(true, "record the sync result", () -> {
      try (PreparedStatement ps = db.prepareStatement(sql)) {
        ps.setLong(1, wallMs);
        if (error != null) {
          ps.setString(2, error);
        }
        return ps.executeUpdate();
      }
    });
  }

  public Pending pending() throws StoreException {
    Map<String, Long> byKind = new LinkedHashMap<>();
    for (String k : new String[] {"minute", "episode", "alert", "gap"}) {
      byKind.put(k, 0L);
    }
    Long oldest = null;
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT kind, count(*), min(t_ms) FROM sync_outbox GROUP BY kind")) {
      while (rs.next()) {
        byKind.put(rs.getString(1), rs.getLong(2));
        long t = rs.getLong(3);
        oldest = oldest == null ? t : Math.min(oldest, t);
      }
      return new Pending(byKind, oldest);
    } catch (SQLException e) {
      throw fail("count the sync outbox", e);
    }
  }

  @Override
  public void close() throws StoreException {
    store.close();
  }
}
