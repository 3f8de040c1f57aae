package dev.slumpwatch.store;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.NeutralReanchoring;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.slump.SlumpEpisode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
 * <p>Transactions are explicit ({@code BEGIN IMMEDIATE} ... {@code COMMIT}, and
 * {@code ROLLBACK} on any failure) on a connection left in auto-commit mode, never the JDBC
 * driver's implicit ones: when the disk is full SQLite may roll a transaction back by
 * itself, and a driver that still believed one open went on running every statement in
 * auto-commit and failing every commit, so writing never resumed once the disk was freed.
 *
 * <p>The database file is private to its owner (mode 0600, as are the {@code -wal} and
 * {@code -shm} files SQLite creates beside it with the same mode): posture data is health
 * data.
 *
 * <p>Not thread-safe: one thread writes (the pipeline's {@code StoreRecorder}); readers
 * open their own {@code Store}.
 */
public final class Store implements AutoCloseable {
  /** Migration {@code Vn__*.sql} brings schema version n-1 to n. */
  private static final String[] MIGRATIONS = {"V1__initial.sql", "V2__history.sql",
      "V3__extension_reps.sql", "V4__acks.sql", "V5__sync_outbox.sql", "V6__quarantine.sql",
      "V7__neutral_reanchorings.sql"};
  /** The schema version this code writes: one per migration. */
  public static final int SCHEMA_VERSION = MIGRATIONS.length;
  /** Where SQLite keeps {@code user_version} in the file header (big-endian int). */
  private static final int HEADER_USER_VERSION_OFFSET = 60;

  /**
   * How the store may grow.
   *
   * @param maxDatabaseBytes a cap on the database file's size, 0 for none: past it, writes
   *     fail as on a full disk (the monitor goes on; see the pipeline's
   *     {@code StoreRecorder}). For a small SD card on a Pi, so the history cannot fill the
   *     card the system runs from.
   */
  public record Options(long maxDatabaseBytes) {
    public static final Options DEFAULTS = new Options(0);

    public Options {
      if (maxDatabaseBytes < 0) {
        throw new IllegalArgumentException("maxDatabaseBytes must be 0 (no cap) or positive, not "
            + maxDatabaseBytes);
      }
    }
  }

  private final Path file;
  private final Connection db;
  private final boolean readOnly;

  private Store(Path file, Connection db, boolean readOnly) {
    this.file = file;
    this.db = db;
    this.readOnly = readOnly;
  }

  /** Opens (creating if needed) and migrates the store at {@code file}. */
  public static Store open(Path file) throws StoreException {
    return open(file, Options.DEFAULTS);
  }

  /**
   * Opens (creating if needed) and migrates the store at {@code file}.
   *
   * @throws NewerSchemaException when the file comes from a newer slumpwatch; the file,
   *     and its directory, are left exactly as they were
   */
  public static Store open(Path file, Options options) throws StoreException {
    refuseNewerSchema(file);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      makePrivate(file);
    } catch (IOException e) {
      throw new StoreException("cannot create the data directory for " + file + ": " + e, e);
    }
    Connection db;
    try {
      db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    } catch (SQLException e) {
      throw new StoreException("cannot open database " + file + writableHint(file) + ": "
          + e.getMessage(), e);
    }
    Store store = new Store(file, db, false);
    try {
      store.migrate();
      if (options.maxDatabaseBytes() > 0) {
        store.limitSize(options.maxDatabaseBytes());
      }
      return store;
    } catch (StoreException e) {
      store.closeQuietly();
      throw e;
    }
  }

  /**
   * Opens an existing history for reading only, for a file or directory the user may not
   * write (a history copied from another machine, a backup, a read-only mount). Nothing is
   * written, not even SQLite's {@code -wal} and {@code -shm} files when they do not exist:
   * then no writer can have the file open, and it is read as it lies on disk. A file of an
   * older schema is refused (it would need upgrading, which is a write) with a message
   * saying so.
   *
   * @throws StoreException when the file is missing, damaged, newer or older than this
   *     version
   */
  public static Store openReadOnly(Path file) throws StoreException {
    refuseNewerSchema(file);
    if (!Files.isRegularFile(file)) {
      throw new StoreException("no database at " + file);
    }
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    // a WAL file means a writer has (or had) it open: read through it. Without one, the
    // file is complete on its own, and "immutable" reads it without the -shm file that a
    // read-only directory could not hold.
    String url = "jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro"
        + (Files.exists(wal) ? "" : "&immutable=1");
    Connection db;
    try {
      db = DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw new StoreException("cannot open database " + file + " for reading: "
          + e.getMessage(), e);
    }
    Store store = new Store(file, db, true);
    try {
      int version = store.schemaVersion();
      if (version != SCHEMA_VERSION) {
        throw new StoreException("database " + file + " has schema version " + version
            + " and cannot be upgraded to " + SCHEMA_VERSION + " while it is read-only: make "
            + "it (and its directory) writable once, and run this command again");
      }
      return store;
    } catch (StoreException e) {
      store.closeQuietly();
      throw e;
    }
  }

  /**
   * Creates the database file private to its owner (0600) before SQLite creates it with the
   * process's umask; an existing one loses any group and other permission bits (never
   * gains any: a read-only file stays read-only).
   */
  private static void makePrivate(Path file) throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException raced) {
        // another process created it: tightened below like any existing file
      } catch (IOException e) {
        return; // a read-only directory: SQLite's own error names the cause
      }
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
      for (PosixFilePermission p : perms) {
        if (p.name().startsWith("OWNER_")) {
          owner.add(p);
        }
      }
      if (!owner.equals(perms)) {
        Files.setPosixFilePermissions(file, owner);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // not ours to change (another owner): the directory's mode still protects it
    }
  }

  /**
   * Reads the schema version from the file header before SQLite opens the file: opening a
   * WAL database creates its {@code -wal} and {@code -shm} files, and a file from a newer
   * version must not be touched at all. (A version written only to an un-checkpointed WAL
   * is caught by the check in {@link #migrate}, after opening.)
   */
  private static void refuseNewerSchema(Path file) throws StoreException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    byte[] header = new byte[100];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(header, 0, header.length);
    } catch (IOException e) {
      throw new StoreException("cannot read database " + file + ": " + e, e);
    }
    if (n < header.length || !new String(header, 0, 16, StandardCharsets.ISO_8859_1)
        .equals("SQLite format 3\0")) {
      return; // not a database (or empty): SQLite's own error says so below
    }
    int version = ((header[HEADER_USER_VERSION_OFFSET] & 0xff) << 24)
        | ((header[HEADER_USER_VERSION_OFFSET + 1] & 0xff) << 16)
        | ((header[HEADER_USER_VERSION_OFFSET + 2] & 0xff) << 8)
        | (header[HEADER_USER_VERSION_OFFSET + 3] & 0xff);
    if (version > SCHEMA_VERSION) {
      throw new NewerSchemaException(file, version, SCHEMA_VERSION);
    }
  }

  private void limitSize(long maxBytes) throws StoreException {
    try (Statement st = db.createStatement()) {
      long pageSize;
      try (ResultSet rs = st.executeQuery("PRAGMA page_size")) {
        pageSize = rs.getLong(1);
      }
      st.execute("PRAGMA max_page_count = " + Math.max(1, maxBytes / pageSize));
    } catch (SQLException e) {
      throw fail("set the size limit", e);
    }
  }

  private void migrate() throws StoreException {
    try (Statement st = db.createStatement()) {
      int version;
      try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
        version = rs.getInt(1);
      }
      if (version > SCHEMA_VERSION) {
        throw new NewerSchemaException(file, version, SCHEMA_VERSION);
      }
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA synchronous=NORMAL");
      st.execute("PRAGMA foreign_keys=ON");
      st.execute("PRAGMA busy_timeout=5000");
      for (int v = version; v < SCHEMA_VERSION; v++) {
        st.execute("BEGIN IMMEDIATE");
        for (String sql : statements(MIGRATIONS[v])) {
          st.execute(sql);
        }
        st.execute("PRAGMA user_version = " + (v + 1));
        st.execute("COMMIT");
      }
    } catch (SQLException e) {
      rollbackQuietly();
      throw new StoreException("cannot prepare database " + file + writableHint(file) + ": "
          + e.getMessage(), e);
    }
  }

  /** Says why SQLite could not write, when it is the file system's permissions. */
  private static String writableHint(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isWritable(parent)) {
      return " (its directory " + parent + " is read-only)";
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      return " (the file is read-only)";
    }
    return "";
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

  /** For {@link SyncOutbox}, which reads and writes the outbox tables on this connection. */
  Connection connection() {
    return db;
  }

  public int schemaVersion() throws StoreException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      return rs.getInt(1);
    } catch (SQLException e) {
      throw fail("read the schema version", e);
    }
  }

  private StoreException fail(String what, SQLException e) {
    return new StoreException("database " + file + ": cannot " + what + ": " + e.getMessage(),
        e, StoreException.kindOf(e));
  }

  /** Work inside one transaction. */
  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} in one explicit transaction: committed whole, or rolled back whole
   * and reported. A value a column refuses ({@code NOT NULL}, a check) or a record that
   * cannot be bound is {@link StoreException.Kind#RECORD}; a full disk, a read-only file
   * and a busy database are {@link StoreException.Kind#UNAVAILABLE} (try again later);
   * damaged pages are {@link StoreException.Kind#DAMAGED}.
   */
  private <T> T transaction(String what, Work<T> work) throws StoreException {
    if (readOnly) {
      throw new StoreException("database " + file + ": cannot " + what + ": opened for "
          + "reading only", null, StoreException.Kind.UNAVAILABLE);
    }
    try (Statement st = db.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      T result = work.run();
      st.execute("COMMIT");
      return result;
    } catch (SQLException e) {
      rollbackQuietly();
      throw fail(what, e);
    } catch (RuntimeException e) {
      rollbackQuietly();
      throw new StoreException("database " + file + ": cannot " + what + ": " + e, e,
          StoreException.Kind.RECORD);
    }
  }

  // ------------------------------------------------------------------ writing

  /** Session metadata, written when it starts. */
  public record SessionInfo(long startedMs, String source, String deviceId, String firmware,
      String sensorModel, int rateHz, long firstDeviceMicros) {}

  public long beginSession(SessionInfo s) throws StoreException {
    return transaction("start a session", () -> insertSession(s));
  }

  /**
   * Starts a session and writes its first events in one transaction, so that a file that
   * cannot take them (full, damaged) does not get a session row without its data.
   */
  public SessionRef beginSession(SessionInfo s, List<PipelineEvent> first)
      throws StoreException {
    return transaction("start a session with " + first.size() + " records", () -> {
      SessionRef ref = new SessionRef(insertSession(s), s.startedMs(), s.firstDeviceMicros());
      insert(ref, first);
      return ref;
    });
  }

  private long insertSession(SessionInfo s) throws SQLException {
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
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  public void endSession(long sessionId, long endedMs, String reason) throws StoreException {
    transaction("end the session", () -> {
      try (PreparedStatement ps = db.prepareStatement(
          "UPDATE sessions SET ended_ms = ?, end_reason = ? WHERE id = ?")) {
        ps.setLong(1, endedMs);
        ps.setString(2, reason);
        ps.setLong(3, sessionId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Sets a record aside that the store could not keep as it is (a value a column refuses),
   * with its content and the error, so that it neither blocks the records after it nor
   * vanishes. See {@code V6__quarantine.sql}.
   */
  public void quarantine(SessionRef session, PipelineEvent event, String error)
      throws StoreException {
    transaction("set a record aside", () -> {
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO quarantine(session_id, "
          + "kind, record, error) VALUES (?,?,?,?)")) {
        ps.setLong(1, session.id());
        ps.setString(2, event.getClass().getSimpleName());
        ps.setString(3, String.valueOf(event));
        ps.setString(4, error);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** A record set aside: {@link #quarantine}. */
  public record QuarantineRow(long sessionId, String kind, String record, String error) {}

  public List<QuarantineRow> quarantined(long sessionId) throws StoreException {
    List<QuarantineRow> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement("SELECT session_id, kind, record, error "
        + "FROM quarantine WHERE session_id = ? ORDER BY id")) {
      ps.setLong(1, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new QuarantineRow(rs.getLong(1), rs.getString(2), rs.getString(3),
              rs.getString(4)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw fail("read the records set aside", e);
    }
  }

  /**
   * Where a session's events are written: its row id, its wall-clock start and the device
   * time of its first sample, which together date every event (device time relative to the
   * first sample, added to the start).
   */
  public record SessionRef(long id, long startedMs, long firstDeviceMicros) {
    /** Wall-clock milliseconds of a device time of this session. */
    long wallMs(long deviceMicros) {
      return startedMs + Math.round(sessionSeconds(deviceMicros) * 1000);
    }

    /** Seconds since the session's first sample. */
    double sessionSeconds(long deviceMicros) {
      return (deviceMicros - firstDeviceMicros) / 1e6;
    }
  }

  /**
   * True for the events {@link #write} stores; the others (live snapshots, device info,
   * calibration progress, the session's start and end, which have calls of their own) it
   * passes over.
   */
  public static boolean keeps(PipelineEvent e) {
    return e instanceof PipelineEvent.Second || e instanceof PipelineEvent.SlumpEnded
        || e instanceof PipelineEvent.AlertFired || e instanceof PipelineEvent.AlertDecided
        || e instanceof PipelineEvent.Acknowledged || e instanceof PipelineEvent.BreakTaken
        || e instanceof PipelineEvent.Gap || e instanceof PipelineEvent.Calibrated
        || e instanceof PipelineEvent.NeutralReanchored;
  }

  /**
   * Writes a batch of pipeline events in one transaction. Events the store does not keep
   * (live snapshots, device info, the session's start and end, which have calls of their
   * own) are passed over.
   *
   * @throws StoreException with {@link StoreException#kind()} saying whether to retry later
   *     ({@code UNAVAILABLE}), look for the record at fault ({@code RECORD}) or give up on
   *     the file ({@code DAMAGED}); nothing of the batch is then written
   */
  public void write(SessionRef session, List<PipelineEvent> events) throws StoreException {
    transaction("write " + events.size() + " records", () -> {
      insert(session, events);
      return null;
    });
  }

  /**
   * A second already stored (samples of the same second on both sides of a reconnection,
   * a device clock that went back) is merged with the new one, never replaced: sample
   * counts add up, means are weighted by samples, min and max widen, and the activity and
   * slump state are those at the end of the later part unless it was unknown.
   */
  private static final String UPSERT_SECOND = "INSERT INTO posture_seconds "
      + "VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(session_id, second) DO UPDATE SET "
      + "flexion_mean = " + weighted("flexion_mean") + ", "
      + "flexion_min = coalesce(min(flexion_min, excluded.flexion_min), flexion_min, "
      + "excluded.flexion_min), "
      + "flexion_max = coalesce(max(flexion_max, excluded.flexion_max), flexion_max, "
      + "excluded.flexion_max), "
      + "lateral_mean = " + weighted("lateral_mean") + ", "
      + "activity = CASE WHEN excluded.activity = '" + Activity.UNKNOWN.key()
      + "' THEN activity ELSE excluded.activity END, "
      + "slumped = CASE WHEN excluded.activity = '" + Activity.UNKNOWN.key()
      + "' THEN slumped ELSE excluded.slumped END, "
      + "samples = samples + excluded.samples";

  private static String weighted(String column) {
    return "CASE WHEN " + column + " IS NULL THEN excluded." + column + " WHEN excluded."
        + column + " IS NULL THEN " + column + " ELSE (" + column + " * samples + excluded."
        + column + " * excluded.samples) / (samples + excluded.samples) END";
  }

  private void insert(SessionRef session, List<PipelineEvent> events) throws SQLException {
    long sessionId = session.id();
    long startedMs = session.startedMs();
    try (PreparedStatement sec = db.prepareStatement(UPSERT_SECOND);
        PreparedStatement epi = db.prepareStatement("INSERT INTO slump_episodes(session_id, "
            + "start_ms, end_ms, start_s, end_s, peak_deg, mean_deg, dose_deg_min) "
            + "VALUES (?,?,?,?,?,?,?,?)");
        PreparedStatement alr = db.prepareStatement("INSERT OR REPLACE INTO alerts(session_id, "
            + "alert_id, t_ms, session_s, kind, message) VALUES (?,?,?,?,?,?)");
        PreparedStatement out = db.prepareStatement("UPDATE alerts SET outcome = ?, "
            + "outcome_detail = ?, outcome_ms = ?, reps = ?, rep_range_deg = ? "
            + "WHERE session_id = ? AND alert_id = ?");
        PreparedStatement ack = db.prepareStatement("UPDATE alerts SET ack_ms = ?, ack_via = ? "
            + "WHERE session_id = ? AND alert_id = ?");
        PreparedStatement brk = db.prepareStatement("INSERT INTO breaks VALUES (?,?,?,?)");
        PreparedStatement gap = db.prepareStatement("INSERT INTO gaps VALUES (?,?,?,?)");
        PreparedStatement cal = db.prepareStatement("INSERT OR REPLACE INTO "
            + "session_calibrations VALUES (?,?,?,?,?,?,?,?,?)");
        PreparedStatement neu = db.prepareStatement("INSERT INTO neutral_reanchorings("
            + "session_id, t_ms, session_s, shift_deg, total_shift_deg, evidence_deg, "
            + "evidence_s) VALUES (?,?,?,?,?,?,?)")) {
      long firstSecond = Long.MAX_VALUE;
      long lastSecond = Long.MIN_VALUE;
      for (PipelineEvent event : events) {
        if (event instanceof PipelineEvent.Second s) {
          PostureSecond p = s.second();
          firstSecond = Math.min(firstSecond, p.second());
          lastSecond = Math.max(lastSecond, p.second());
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
        } else if (event instanceof PipelineEvent.SlumpEnded e) {
          SlumpEpisode x = e.episode();
          epi.setLong(1, sessionId);
          epi.setLong(2, session.wallMs(x.startMicros()));
          epi.setLong(3, session.wallMs(x.endMicros()));
          epi.setDouble(4, session.sessionSeconds(x.startMicros()));
          epi.setDouble(5, session.sessionSeconds(x.endMicros()));
          epi.setDouble(6, x.peakDeg());
          epi.setDouble(7, x.meanDeg());
          epi.setDouble(8, x.doseDegMinutes());
          epi.addBatch();
        } else if (event instanceof PipelineEvent.AlertFired a) {
          Alert x = a.alert();
          alr.setLong(1, sessionId);
          alr.setInt(2, x.id());
          alr.setLong(3, startedMs + Math.round(x.sessionSeconds() * 1000));
          alr.setDouble(4, x.sessionSeconds());
          alr.setString(5, x.kind().key());
          alr.setString(6, x.message());
          alr.addBatch();
        } else if (event instanceof PipelineEvent.AlertDecided d) {
          alr.executeBatch();
          AlertOutcome o = d.outcome();
          out.setString(1, o.outcome());
          out.setString(2, o.detail());
          out.setLong(3, session.wallMs(o.deviceTimeMicros()));
          if (o.reps() >= 0) {
            out.setInt(4, o.reps());
          } else {
            out.setNull(4, java.sql.Types.INTEGER);
          }
          if (Double.isNaN(o.repRangeDeg())) {
            out.setNull(5, java.sql.Types.REAL);
          } else {
            out.setDouble(5, o.repRangeDeg());
          }
          out.setLong(6, sessionId);
          out.setInt(7, o.alertId());
          out.executeUpdate();
        } else if (event instanceof PipelineEvent.Acknowledged k) {
          alr.executeBatch();
          ack.setLong(1, session.wallMs(k.ack().deviceTimeMicros()));
          ack.setString(2, k.ack().via());
          ack.setLong(3, sessionId);
          ack.setInt(4, k.ack().alertId());
          ack.executeUpdate();
        } else if (event instanceof PipelineEvent.BreakTaken b) {
          brk.setLong(1, sessionId);
          brk.setString(2, b.taken().kind().name().toLowerCase(java.util.Locale.ROOT)
              .replace('_', '-'));
          brk.setLong(3, session.wallMs(b.taken().startMicros()));
          brk.setLong(4, session.wallMs(b.taken().endMicros()));
          brk.addBatch();
        } else if (event instanceof PipelineEvent.Gap g) {
          gap.setLong(1, sessionId);
          gap.setLong(2, session.wallMs(g.fromMicros()));
          gap.setLong(3, session.wallMs(g.toMicros()));
          gap.setString(4, g.reason());
          gap.addBatch();
        } else if (event instanceof PipelineEvent.Calibrated c) {
          PostureCalibration x = c.upper();
          cal.setLong(1, sessionId);
          cal.setString(2, c.origin().key());
          cal.setLong(3, session.wallMs(c.deviceMicros()));
          cal.setDouble(4, x.upX());
          cal.setDouble(5, x.upY());
          cal.setDouble(6, x.upZ());
          cal.setDouble(7, x.forwardX());
          cal.setDouble(8, x.forwardY());
          cal.setDouble(9, x.forwardZ());
          cal.addBatch();
        } else if (event instanceof PipelineEvent.NeutralReanchored n) {
          NeutralReanchoring x = n.reanchoring();
          neu.setLong(1, sessionId);
          neu.setLong(2, session.wallMs(x.deviceMicros()));
          neu.setDouble(3, session.sessionSeconds(x.deviceMicros()));
          neu.setDouble(4, x.shiftDeg());
          neu.setDouble(5, x.totalShiftDeg());
          neu.setDouble(6, x.evidenceDeg());
          neu.setDouble(7, x.evidenceSeconds());
          neu.addBatch();
        }
      }
      sec.executeBatch();
      if (firstSecond <= lastSecond) {
        rollUpMinutes(sessionId, firstSecond / 60, lastSecond / 60);
      }
      cal.executeBatch();
      epi.executeBatch();
      alr.executeBatch();
      brk.executeBatch();
      gap.executeBatch();
      neu.executeBatch();
    }
  }

  /** Activity keys for the SQL of the minute totals, from the enum (so new classes count). */
  private static String keys(java.util.function.Predicate<Activity> which) {
    StringBuilder b = new StringBuilder();
    for (Activity a : Activity.values()) {
      if (which.test(a)) {
        b.append(b.length() == 0 ? "" : ",").append('\'').append(a.key()).append('\'');
      }
    }
    return b.length() == 0 ? "''" : b.toString();
  }

  private static final String ROLL_UP_MINUTES = "INSERT OR REPLACE INTO posture_minutes "
      + "SELECT session_id, second / 60, min(t_ms), count(*), count(flexion_mean), "
      + "sum(activity IN (" + keys(a -> a != Activity.UNKNOWN && a != Activity.NOT_WORN)
      + ")), sum(activity IN (" + keys(Activity::seated) + ")), sum(slumped) "
      + "FROM posture_seconds WHERE session_id = ? AND second >= ? AND second < ? "
      + "GROUP BY session_id, second / 60";

  /** Recomputes the minute totals of minutes {@code from..to} from the seconds themselves. */
  private void rollUpMinutes(long sessionId, long fromMinute, long toMinute) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(ROLL_UP_MINUTES)) {
      ps.setLong(1, sessionId);
      ps.setLong(2, fromMinute * 60);
      ps.setLong(3, (toMinute + 1) * 60);
      ps.executeUpdate();
    }
  }

  private static void setAngle(PreparedStatement ps, int i, double v) throws SQLException {
    if (Double.isNaN(v)) {
      ps.setNull(i, Types.REAL);
    } else {
      ps.setDouble(i, v);
    }
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
   * @param reps for an extension prompt with an outcome, the repetitions the sensor counted;
   *     -1 for every other alert (and for prompts stored before schema version 3)
   * @param repRangeDeg their mean range beyond neutral, degrees; NaN when none were counted
   */
  public record AlertRow(long sessionId, int alertId, long tMs, double sessionSeconds,
      AlertKind kind, String message, String outcome, String outcomeDetail, Long ackMs,
      String ackVia, int reps, double repRangeDeg) {}

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

  private static final String SECONDS_SQL = "SELECT session_id, second, t_ms, flexion_mean, "
      + "flexion_min, flexion_max, lateral_mean, activity, slumped FROM posture_seconds "
      + "WHERE t_ms >= ? AND t_ms < ? ORDER BY t_ms";

  /** Activity by stored key: a report reads tens of thousands of rows. */
  private static final java.util.Map<String, Activity> ACTIVITIES = new java.util.HashMap<>();

  static {
    for (Activity a : Activity.values()) {
      ACTIVITIES.put(a.key(), a);
    }
  }

  private static Activity activity(String key) {
    Activity a = ACTIVITIES.get(key);
    return a != null ? a : Activity.fromKey(key); // fromKey names the unknown key
  }

  private static SecondRow secondRow(ResultSet rs) throws SQLException {
    return new SecondRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), angle(rs, 4),
        angle(rs, 5), angle(rs, 6), angle(rs, 7), activity(rs.getString(8)),
        rs.getInt(9) != 0);
  }

  public List<SecondRow> seconds(long fromMs, long toMs) throws StoreException {
    return query("posture", SECONDS_SQL, fromMs, toMs, Store::secondRow);
  }

  /** Streams the seconds of [fromMs, toMs) in time order, for exports too long to hold. */
  public void forEachSecond(long fromMs, long toMs, java.util.function.Consumer<SecondRow> each)
      throws StoreException {
    try (PreparedStatement ps = db.prepareStatement(SECONDS_SQL)) {
      ps.setLong(1, fromMs);
      ps.setLong(2, toMs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          each.accept(secondRow(rs));
        }
      }
    } catch (SQLException e) {
      throw fail("read posture", e);
    }
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
      + "message, outcome, outcome_detail, ack_ms, ack_via, reps, rep_range_deg";

  private static AlertRow alertRow(ResultSet rs) throws SQLException {
    long ackMs = rs.getLong(9);
    Long ack = rs.wasNull() ? null : ackMs;
    int reps = rs.getInt(11);
    if (rs.wasNull()) {
      reps = -1;
    }
    return new AlertRow(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getDouble(4),
        AlertKind.fromKey(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
        ack, rs.getString(10), reps, angle(rs, 12));
  }

  /**
   * The most recent session, or empty when none was stored. Its {@code endReason} is null
   * while it runs (or if its process died).
   */
  public Optional<SessionRow> latestSession() throws StoreException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM ("
        + SESSIONS + ") ORDER BY id DESC LIMIT 1")) {
      return rs.next() ? Optional.of(sessionRow(rs)) : Optional.empty();
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

  /** A stored re-anchoring of the neutral (see {@link NeutralReanchoring}). */
  public record ReanchoringRow(long sessionId, long tMs, double sessionSeconds,
      double shiftDeg, double totalShiftDeg, double evidenceDeg, double evidenceSeconds) {}

  /** The neutral's re-anchorings from {@code fromMs} (inclusive) to {@code toMs}, in order. */
  public List<ReanchoringRow> reanchorings(long fromMs, long toMs) throws StoreException {
    return query("neutral re-anchorings", "SELECT session_id, t_ms, session_s, shift_deg, "
        + "total_shift_deg, evidence_deg, evidence_s FROM neutral_reanchorings "
        + "WHERE t_ms >= ? AND t_ms < ? ORDER BY t_ms, id", fromMs, toMs,
        rs -> new ReanchoringRow(rs.getLong(1), rs.getLong(2), rs.getDouble(3),
            rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)));
  }

  public List<GapRow> gaps(long fromMs, long toMs) throws StoreException {
    return query("gaps", "SELECT session_id, from_ms, to_ms, reason FROM gaps "
        + "WHERE to_ms >= ? AND from_ms < ? ORDER BY from_ms", fromMs, toMs,
        rs -> new GapRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
  }

  /**
   * A session and what it ran with.
   *
   * @param endedMs when it ended; for a session that never ended (a crash) the end of its
   *     last stored second, or its start if none
   * @param endReason null when the session never ended (the process was killed)
   * @param calibrationOrigin {@code stored}, {@code learnt}, or null (never calibrated)
   */
  public record SessionRow(long id, long startedMs, long endedMs, String source, String deviceId,
      String firmware, String sensorModel, int rateHz, String endReason,
      String calibrationOrigin) {}

  /** Sessions overlapping [fromMs, toMs), by start time. */
  public List<SessionRow> sessions(long fromMs, long toMs) throws StoreException {
    return query("sessions", "SELECT * FROM (" + SESSIONS + ") "
        + "WHERE end_ms >= ? AND started_ms < ? ORDER BY started_ms", fromMs, toMs,
        Store::sessionRow);
  }

  /** Every session as a {@link SessionRow}, the columns in its order. */
  private static final String SESSIONS = "SELECT s.id, s.started_ms, COALESCE(s.ended_ms, "
      + "(SELECT max(p.t_ms) + 1000 FROM posture_seconds p WHERE p.session_id = s.id), "
      + "s.started_ms) AS end_ms, s.source, s.device_id, s.firmware, s.sensor_model, "
      + "s.rate_hz, s.end_reason, c.origin FROM sessions s "
      + "LEFT JOIN session_calibrations c ON c.session_id = s.id";

  private static SessionRow sessionRow(ResultSet rs) throws SQLException {
    return new SessionRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9),
        rs.getString(10));
  }

  /** The posture calibration a session used, or null if it was never calibrated. */
  public PostureCalibration calibration(long sessionId) throws StoreException {
    try (PreparedStatement ps = db.prepareStatement("SELECT up_x, up_y, up_z, forward_x, "
        + "forward_y, forward_z FROM session_calibrations WHERE session_id = ?")) {
      ps.setLong(1, sessionId);
      PostureCalibration c;
      try (ResultSet rs = ps.executeQuery()) {
        c = rs.next() ? new PostureCalibration(rs.getDouble(1), rs.getDouble(2),
            rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)) : null;
      }
      return c;
    } catch (SQLException e) {
      throw fail("read the calibration of session " + sessionId, e);
    }
  }

  /**
   * Per-minute totals (seconds counted); see {@code V2__history.sql}. {@code minute} is
   * {@code second / 60} of its session; {@code tMs} that of its first stored second, so
   * every second of the minute lies in {@code [tMs, tMs + 59 s]}.
   */
  public record MinuteRow(long sessionId, long minute, long tMs, int seconds, int knownSeconds,
      int wornSeconds, int seatedSeconds, int slumpedSeconds) {}

  /** Minute totals whose first stored second lies in [fromMs, toMs), by time. */
  public List<MinuteRow> minutes(long fromMs, long toMs) throws StoreException {
    return query("minute totals", "SELECT session_id, minute, t_ms, seconds, known_s, worn_s, "
        + "seated_s, slumped_s FROM posture_minutes WHERE t_ms >= ? AND t_ms < ? ORDER BY t_ms",
        fromMs, toMs, rs -> new MinuteRow(rs.getLong(1), rs.getLong(2), rs.getLong(3),
            rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8)));
  }

  /** A break the sensor saw: {@code walk} or {@code relief-hold}. */
  public record BreakRow(long sessionId, String kind, long startMs, long endMs) {}

  public List<BreakRow> breaks(long fromMs, long toMs) throws StoreException {
    return query("breaks", "SELECT session_id, kind, start_ms, end_ms FROM breaks "
        + "WHERE start_ms >= ? AND start_ms < ? ORDER BY start_ms", fromMs, toMs,
        rs -> new BreakRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
  }

  /** Runs {@code PRAGMA integrity_check}; "ok" when the file is sound. */
  public String integrityCheck() throws StoreException {
    try (Statement st = db.createStatement()) {
      String answer;
      try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
        answer = rs.next() ? rs.getString(1) : "no answer";
      }
      return answer;
    } catch (SQLException e) {
      throw fail("check integrity", e);
    }
  }

  /**
   * Ends a failed transaction. SQLite may have rolled it back by itself (a full disk, an
   * I/O error): then there is nothing to roll back, and that is no error.
   */
  private void rollbackQuietly() {
    try (Statement st = db.createStatement()) {
      st.execute("ROLLBACK");
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
      db.close();
    } catch (SQLException e) {
      throw fail("close", e);
    }
  }
}
