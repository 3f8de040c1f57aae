package dev.slumpwatch.clinic;

import dev.slumpwatch.store.StoreException;
import dev.slumpwatch.store.SyncOutbox;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Sends what the outbox holds to the clinic server, batch by batch, as the wearer's own
 * login.
 *
 * <p>Each batch is one server transaction of idempotent upserts keyed by wearer, session
 * start and time (minute, episode start, prompt id), plus the day summaries of the days
 * the batch touched, recomputed from the local store. Only after the server has committed
 * are the batch's outbox rows deleted locally. A failure anywhere (network, server stopped,
 * this process killed) leaves the outbox as it was or with the batch still queued; sending
 * it again replaces the same rows, so nothing is duplicated and nothing is lost.
 *
 * <p>What is sent follows the wearer's consents on the server: day summaries while any
 * consent exists, the detail (minutes, episodes, prompts) only while one is
 * {@code detail}. The server's row-level security enforces the same rule; this class only
 * avoids sending what would be refused. With no consent nothing is sent and the outbox
 * keeps its rows.
 *
 * <p>Runs on whatever thread calls it (see {@link SyncDaemon}); never on the pipeline's.
 */
public final class SyncClient {
  /** @param batchRows outbox rows per server transaction */
  public record Settings(int batchRows) {
    public static final Settings DEFAULTS = new Settings(2000);

    public Settings {
      if (batchRows < 1 || batchRows > 100_000) {
        throw new IllegalArgumentException("batchRows must be 1..100000, not " + batchRows);
      }
    }
  }

  /** Told after each batch the server has committed. */
  @FunctionalInterface
  public interface Progress {
    void committed(int batches, long rowsSent);

    Progress NONE = (b, r) -> { };
  }

  /**
   * What one pass did.
   *
   * @param level what the consents allow, or null when there is no consent (nothing sent)
   * @param outboxRows outbox rows handled (sent or not shareable)
   * @param serverRows rows upserted on the server
   */
  public record Result(String wearerId, SyncOutbox.Level level, int batches, long outboxRows,
      long serverRows, int days) {}

  private final SyncOutbox outbox;
  private final DataSource server;
  private final String serverName;
  private final ZoneId zone;
  private final Settings settings;
  private final Progress progress;

  /**
   * @param serverName how the server is named in messages (host and database, no password)
   */
  public SyncClient(SyncOutbox outbox, DataSource server, String serverName, ZoneId zone,
      Settings settings, Progress progress) {
    this.outbox = outbox;
    this.server = server;
    this.serverName = serverName;
    this.zone = zone;
    this.settings = settings;
    this.progress = progress;
  }

  /** Sends until the outbox is empty. */
  public Result syncOnce() throws ClinicException, StoreException {
    try (Connection c = server.getConnection()) {
      c.setAutoCommit(false);
      String wearer = wearerId(c);
      SyncOutbox.Level level = consentLevel(c);
      c.commit();
      if (level == null) {
        return new Result(wearer, null, 0, 0, 0, 0);
      }
      int batches = 0;
      long outboxRows = 0;
      long serverRows = 0;
      Set<LocalDate> allDays = new TreeSet<>();
      while (true) {
        SyncOutbox.Batch batch = outbox.next(settings.batchRows());
        if (batch.isEmpty()) {
          break;
        }
        Set<LocalDate> days = days(batch.itemTimesMs());
        long n = send(c, wearer, level, batch, days);
        c.commit();
        outbox.sent(batch);
        batches++;
        outboxRows += batch.rows();
        serverRows += n;
        allDays.addAll(days);
        progress.committed(batches, serverRows);
      }
      return new Result(wearer, level, batches, outboxRows, serverRows, allDays.size());
    } catch (SQLException e) {
      throw new ClinicException("sync with " + serverName + " failed: " + describe(e)
          + " (nothing is lost: what was not confirmed stays queued)", e);
    }
  }

  /** The server's name for the wearer this login belongs to. */
  static String wearerId(Connection c) throws SQLException, ClinicException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT wearer_id FROM clinic.wearers")) {
      if (!rs.next()) {
        throw new ClinicException("login '" + c.getMetaData().getUserName()
            + "' is not enrolled as a wearer on this clinic server (ask the clinic's admin)");
      }
      String id = rs.getString(1);
      if (rs.next()) {
        throw new ClinicException("login '" + c.getMetaData().getUserName()
            + "' sees more than one wearer: it is not a wearer's device login");
      }
      return id;
    }
  }

  /** The widest level among the wearer's consents, or null without any. */
  static SyncOutbox.Level consentLevel(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT count(*), coalesce(bool_or(level = 'detail'), false) FROM clinic.consents")) {
      rs.next();
      if (rs.getLong(1) == 0) {
        return null;
      }
      return rs.getBoolean(2) ? SyncOutbox.Level.DETAIL : SyncOutbox.Level.DAYS;
    }
  }

  private Set<LocalDate> days(long[] timesMs) {
    Set<LocalDate> days = new TreeSet<>();
    for (long t : timesMs) {
      days.add(Instant.ofEpochMilli(t).atZone(zone).toLocalDate());
    }
    return days;
  }

  private static final String UPSERT_MINUTE = "INSERT INTO clinic.minutes(wearer_id, "
      + "session_start_ms, minute, t_ms, seconds, known_s, worn_s, seated_s, slumped_s) "
      + "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (wearer_id, session_start_ms, minute) "
      + "DO UPDATE SET t_ms = EXCLUDED.t_ms, seconds = EXCLUDED.seconds, "
      + "known_s = EXCLUDED.known_s, worn_s = EXCLUDED.worn_s, seated_s = EXCLUDED.seated_s, "
      + "slumped_s = EXCLUDED.slumped_s";

  private static final String UPSERT_EPISODE = "INSERT INTO clinic.episodes(wearer_id, "
      + "session_start_ms, start_ms, end_ms, peak_deg, mean_deg, dose_deg_min) "
      + "VALUES (?,?,?,?,?,?,?) ON CONFLICT (wearer_id, session_start_ms, start_ms) "
      + "DO UPDATE SET end_ms = EXCLUDED.end_ms, peak_deg = EXCLUDED.peak_deg, "
      + "mean_deg = EXCLUDED.mean_deg, dose_deg_min = EXCLUDED.dose_deg_min";

  private static final String UPSERT_PROMPT = "INSERT INTO clinic.prompts(wearer_id, "
      + "session_start_ms, alert_id, t_ms, kind, outcome, reps, ack_ms) "
      + "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (wearer_id, session_start_ms, alert_id) "
      + "DO UPDATE SET t_ms = EXCLUDED.t_ms, kind = EXCLUDED.kind, "
      + "outcome = EXCLUDED.outcome, reps = EXCLUDED.reps, ack_ms = EXCLUDED.ack_ms";

  private static final String UPSERT_DAY = "INSERT INTO clinic.day_summaries(wearer_id, day, "
      + "worn_s, known_s, slumped_s, slump_min, episodes, longest_episode_s, "
      + "slump_dose_deg_min, breaks_prompted, breaks_taken, nudges, extension_prompts, "
      + "extension_done, extension_reps, gap_s, sessions, updated_at) "
      + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, now()) ON CONFLICT (wearer_id, day) "
      + "DO UPDATE SET worn_s = EXCLUDED.worn_s, known_s = EXCLUDED.known_s, "
      + "slumped_s = EXCLUDED.slumped_s, slump_min = EXCLUDED.slump_min, "
      + "episodes = EXCLUDED.episodes, longest_episode_s = EXCLUDED.longest_episode_s, "
      + "slump_dose_deg_min = EXCLUDED.slump_dose_deg_min, "
      + "breaks_prompted = EXCLUDED.breaks_prompted, breaks_taken = EXCLUDED.breaks_taken, "
      + "nudges = EXCLUDED.nudges, extension_prompts = EXCLUDED.extension_prompts, "
      + "extension_done = EXCLUDED.extension_done, extension_reps = EXCLUDED.extension_reps, "
      + "gap_s = EXCLUDED.gap_s, sessions = EXCLUDED.sessions, updated_at = now()";

  /** Upserts one batch in the open transaction; returns the rows written. */
  private long send(Connection c, String wearer, SyncOutbox.Level level,
      SyncOutbox.Batch batch, Set<LocalDate> days) throws SQLException, StoreException {
    long n = 0;
    if (level == SyncOutbox.Level.DETAIL) {
      try (PreparedStatement ps = c.prepareStatement(UPSERT_MINUTE)) {
        for (SyncOutbox.MinuteItem m : batch.minutes()) {
          ps.setString(1, wearer);
          ps.setLong(2, m.sessionStartMs());
          ps.setInt(3, (int) m.minute());
          ps.setLong(4, m.tMs());
          ps.setInt(5, m.seconds());
          ps.setInt(6, m.knownSeconds());
          ps.setInt(7, m.wornSeconds());
          ps.setInt(8, m.seatedSeconds());
          ps.setInt(9, m.slumpedSeconds());
          ps.addBatch();
        }
        ps.executeBatch();
        n += batch.minutes().size();
      }
      try (PreparedStatement ps = c.prepareStatement(UPSERT_EPISODE)) {
        for (SyncOutbox.EpisodeItem e : batch.episodes()) {
          ps.setString(1, wearer);
          ps.setLong(2, e.sessionStartMs());
          ps.setLong(3, e.startMs());
          ps.setLong(4, e.endMs());
          ps.setDouble(5, e.peakDeg());
          ps.setDouble(6, e.meanDeg());
          ps.setDouble(7, e.doseDegMinutes());
          ps.addBatch();
        }
        ps.executeBatch();
        n += batch.episodes().size();
      }
      try (PreparedStatement ps = c.prepareStatement(UPSERT_PROMPT)) {
        for (SyncOutbox.AlertItem a : batch.alerts()) {
          ps.setString(1, wearer);
          ps.setLong(2, a.sessionStartMs());
          ps.setInt(3, a.alertId());
          ps.setLong(4, a.tMs());
          ps.setString(5, a.kind());
          ps.setString(6, a.outcome());
          if (a.reps() == null) {
            ps.setNull(7, Types.INTEGER);
          } else {
            ps.setInt(7, a.reps());
          }
          if (a.ackMs() == null) {
            ps.setNull(8, Types.BIGINT);
          } else {
            ps.setLong(8, a.ackMs());
          }
          ps.addBatch();
        }
        ps.executeBatch();
        n += batch.alerts().size();
      }
    }
    try (PreparedStatement ps = c.prepareStatement(UPSERT_DAY)) {
      for (LocalDate day : days) {
        DaySummary d = DaySummary.of(outbox.store(), day, zone);
        int i = 1;
        ps.setString(i++, wearer);
        ps.setDate(i++, Date.valueOf(day));
        ps.setLong(i++, d.wornSeconds());
        ps.setLong(i++, d.knownSeconds());
        ps.setLong(i++, d.slumpedSeconds());
        ps.setDouble(i++, d.slumpMinutes());
        ps.setInt(i++, d.episodes());
        ps.setDouble(i++, d.longestEpisodeSeconds());
        ps.setDouble(i++, d.slumpDoseDegMinutes());
        ps.setInt(i++, d.breaksPrompted());
        ps.setInt(i++, d.breaksTaken());
        ps.setInt(i++, d.nudges());
        ps.setInt(i++, d.extensionPrompts());
        ps.setInt(i++, d.extensionDone());
        if (d.extensionReps().isPresent()) {
          ps.setLong(i++, d.extensionReps().getAsLong());
        } else {
          ps.setNull(i++, Types.INTEGER);
        }
        ps.setDouble(i++, d.gapSeconds());
        ps.setInt(i, d.sessions());
        ps.addBatch();
      }
      ps.executeBatch();
      n += days.size();
    }
    return n;
  }

  /**
   * The innermost useful message of a JDBC failure: a refused connection, a TLS or
   * authentication failure, a row-level security refusal.
   */
  static String describe(SQLException e) {
    Throwable t = e;
    String best = e.getMessage();
    while (t.getCause() != null) {
      t = t.getCause();
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        best = t.getMessage();
      }
      if (t instanceof SQLException) {
        break;
      }
    }
    if (e.getNextException() != null && e.getNextException().getMessage() != null) {
      best = e.getNextException().getMessage();
    }
    return best == null ? e.getClass().getSimpleName() : best.replace('\n', ' ').strip();
  }
}
