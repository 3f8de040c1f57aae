package dev.slumpwatch.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.slumpwatch.store.SyncOutbox;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync against a real PostgreSQL (a temporary cluster with TLS, verify-full): a day syncs
 * completely; a server stopped mid-sync loses and duplicates nothing; row-level security
 * keeps wearers apart and clinicians to their consents; withdrawing consent deletes.
 *
 * <p>Every test enrols its own wearers, so the tests do not depend on each other's order.
 */
class ClinicSyncTest {
  /** A Wednesday: the synthetic history has two sessions (about 8 h) on weekdays. */
  static final LocalDate DAY = LocalDate.of(2025, 3, 12);

  static ClinicFixture clinic;

  @TempDir
  Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    clinic = ClinicFixture.start();
    clinic.enrolClinician("k-physio");
    clinic.enrolClinician("k-other");
  }

  @AfterAll
  static void stopServer() {
    if (clinic != null) {
      clinic.close();
    }
  }

  private SyncClient client(Path db, SyncOutbox outbox, HikariDataSource pool, int batchRows,
      SyncClient.Progress progress) {
    return new SyncClient(outbox, pool, db.toString(), ClinicFixture.ZONE,
        new SyncClient.Settings(batchRows), progress);
  }

  private SyncClient.Result syncAll(String wearer, Path db) throws Exception {
    try (SyncOutbox outbox = SyncOutbox.open(db);
        HikariDataSource pool = ClinicServer.pool(clinic.login(ClinicFixture.role(wearer)),
            "test", 1)) {
      return client(db, outbox, pool, 2000, SyncClient.Progress.NONE).syncOnce();
    }
  }

  @Test
  void aDaySyncsCompletelyAndASecondPassChangesNothing() throws Exception {
    clinic.enrolWearer("w-anna");
    clinic.consent("w-anna", "k-physio", SyncOutbox.Level.DETAIL);
    Path db = clinic.wearerStore(dir, "w-anna", DAY, 1, 1);

    SyncClient.Result r = syncAll("w-anna", db);
    assertEquals("w-anna", r.wearerId());
    assertEquals(SyncOutbox.Level.DETAIL, r.level());
    assertEquals(1, r.days());
    Rows local = local(db);
    assertTrue(local.minutes.size() > 400, "a weekday has about 8 h of minutes, not "
        + local.minutes.size());
    assertTrue(local.episodes.size() > 5 && local.prompts.size() > 5,
        local.episodes.size() + " episodes, " + local.prompts.size() + " prompts");
    Rows server = server("w-anna");
    local.assertSame(server);
    assertEquals(local.minutes.size() + local.episodes.size() + local.prompts.size() + 1,
        r.serverRows(), "every local row once, plus the day summary");

    try (SyncOutbox o = SyncOutbox.open(db)) {
      assertEquals(0, o.pending().total(), "the outbox is empty after a complete sync");
      DaySummary expected = DaySummary.of(o.store(), DAY, ClinicFixture.ZONE);
      assertDaySummary(expected, "w-anna");
    }

    SyncClient.Result again = syncAll("w-anna", db);
    assertEquals(0, again.serverRows(), "nothing queued, nothing sent");
    local.assertSame(server("w-anna"));
  }

  @Test
  void serverStoppedMidSyncThenStartedAgainEndsEqualWithoutDuplicates() throws Exception {
    clinic.enrolWearer("w-bert");
    clinic.consent("w-bert", "k-physio", SyncOutbox.Level.DETAIL);
    Path db = clinic.wearerStore(dir, "w-bert", DAY, 3, 2);
    Rows local = local(db);

    try (SyncOutbox outbox = SyncOutbox.open(db);
        HikariDataSource pool = ClinicServer.pool(clinic.login("w_bert"), "test", 1)) {
      long queued = outbox.pending().total();
      // after the second committed batch the server goes away, as in a crash or a pulled
      // cable: the third batch's transaction is cut off
      SyncClient.Progress stopAfterTwo = (batches, rows) -> {
        if (batches == 2) {
          try {
            clinic.cluster.stop();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }
      };
      ClinicException e = assertThrows(ClinicException.class,
          () -> client(db, outbox, pool, 150, stopAfterTwo).syncOnce());
      assertTrue(e.getMessage().contains("stays queued"), e.getMessage());
      long left = outbox.pending().total();
      assertEquals(queued - 2 * 150, left, "two batches confirmed, the rest still queued");

      clinic.cluster.start();
      long onServer = count("minutes", "w-bert");
      assertTrue(onServer > 0 && onServer < local.minutes.size(),
          "the server had part of the minutes: " + onServer + " of " + local.minutes.size());

      SyncClient.Result r = client(db, outbox, pool, 150, SyncClient.Progress.NONE).syncOnce();
      assertEquals(left, r.outboxRows(), "the second pass resumes with what was left");
      assertEquals(0, outbox.pending().total());
    }
    Rows server = server("w-bert");
    local.assertSame(server);
    try (Connection owner = clinic.connect(ClinicFixture.OWNER);
        Statement st = owner.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT (session_start_ms, "
            + "minute)) FROM clinic.minutes WHERE wearer_id = 'w-bert'")) {
      rs.next();
      assertEquals(rs.getLong(2), rs.getLong(1), "no minute twice");
    }
  }

  @Test
  void twoWearersCannotReadOrWriteEachOthersRows() throws Exception {
    clinic.enrolWearer("w-cleo");
    clinic.enrolWearer("w-dora");
    clinic.consent("w-cleo", "k-physio", SyncOutbox.Level.DETAIL);
    clinic.consent("w-dora", "k-physio", SyncOutbox.Level.DETAIL);
    syncAll("w-cleo", clinic.wearerStore(dir, "w-cleo", DAY, 1, 3));
    syncAll("w-dora", clinic.wearerStore(dir, "w-dora", DAY, 1, 4));
    assertTrue(count("minutes", "w-dora") > 0);

    try (Connection cleo = clinic.connect("w_cleo"); Statement st = cleo.createStatement()) {
      for (String table : List.of("minutes", "episodes", "prompts", "day_summaries",
          "consents")) {
        assertEquals(Set.of("w-cleo"), wearers(st, "SELECT DISTINCT wearer_id FROM clinic."
            + table), "w-cleo sees only its own " + table);
      }
      assertEquals(Set.of("w-cleo"), wearers(st, "SELECT wearer_id FROM clinic.wearers"));
      assertEquals(0, st.executeUpdate("UPDATE clinic.minutes SET slumped_s = 0 "
          + "WHERE wearer_id = 'w-dora'"), "cannot change another wearer's rows");
      assertEquals(0, st.executeUpdate("DELETE FROM clinic.day_summaries "
          + "WHERE wearer_id = 'w-dora'"), "cannot delete another wearer's rows");
      SQLException insert = assertThrows(SQLException.class, () -> st.executeUpdate(
          "INSERT INTO clinic.minutes VALUES ('w-dora', 1, 1, 1, 60, 60, 60, 60, 60)"));
      assertTrue(insert.getMessage().contains("row-level security"), insert.getMessage());
      SQLException identities = assertThrows(SQLException.class,
          () -> st.executeQuery("SELECT * FROM clinic.identities"));
      assertTrue(identities.getMessage().contains("permission denied"), identities.getMessage());
    }
    assertTrue(count("minutes", "w-dora") > 0, "w-dora's rows are all still there");
  }

  @Test
  void aWearerWithoutConsentIsInvisibleToTheClinician() throws Exception {
    clinic.enrolClinician("k-solo");
    clinic.enrolWearer("w-emil"); // detail to k-solo
    clinic.enrolWearer("w-fina"); // days only to k-solo
    clinic.enrolWearer("w-gert"); // no consent at all
    clinic.enrolWearer("w-hild"); // detail, but to another clinician
    clinic.consent("w-emil", "k-solo", SyncOutbox.Level.DETAIL);
    clinic.consent("w-fina", "k-solo", SyncOutbox.Level.DAYS);
    clinic.consent("w-hild", "k-other", SyncOutbox.Level.DETAIL);
    for (String w : List.of("w-emil", "w-fina", "w-gert", "w-hild")) {
      SyncClient.Result r = syncAll(w, clinic.wearerStore(dir, w, DAY, 1, w.hashCode()));
      if (w.equals("w-gert")) {
        assertNull(r.level(), "no consent: nothing is sent");
        assertEquals(0, r.serverRows());
      }
    }
    assertEquals(0, count("minutes", "w-fina"), "days-only consent: no detail is sent");
    assertEquals(1, count("day_summaries", "w-fina"));
    // rows of the unconsenting wearer on the server (put there by the owner) stay hidden
    try (Connection owner = clinic.connect(ClinicFixture.OWNER);
        Statement st = owner.createStatement()) {
      st.executeUpdate("INSERT INTO clinic.day_summaries SELECT 'w-gert', day, worn_s, "
          + "known_s, slumped_s, slump_min, episodes, longest_episode_s, slump_dose_deg_min, "
          + "breaks_prompted, breaks_taken, nudges, extension_prompts, extension_done, "
          + "extension_reps, gap_s, sessions FROM clinic.day_summaries "
          + "WHERE wearer_id = 'w-emil'");
    }
    try (Connection k = clinic.connect("k_solo"); Statement st = k.createStatement()) {
      assertEquals(Set.of("w-emil", "w-fina"),
          wearers(st, "SELECT DISTINCT wearer_id FROM clinic.day_summaries"));
      assertEquals(Set.of("w-emil"), wearers(st, "SELECT DISTINCT wearer_id FROM clinic.minutes"));
      assertEquals(Set.of("w-emil"),
          wearers(st, "SELECT DISTINCT wearer_id FROM clinic.episodes"));
      assertEquals(Set.of("w-emil"), wearers(st, "SELECT DISTINCT wearer_id FROM clinic.prompts"));
      assertEquals(Set.of("w-emil", "w-fina"), wearers(st, "SELECT wearer_id FROM clinic.wearers"));
      SQLException e = assertThrows(SQLException.class,
          () -> st.executeQuery("SELECT * FROM clinic.identities"));
      assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
      SQLException write = assertThrows(SQLException.class,
          () -> st.executeUpdate("DELETE FROM clinic.day_summaries"));
      assertTrue(write.getMessage().contains("permission denied"), write.getMessage());
    }
    try (Connection admin = clinic.connect(ClinicFixture.ADMIN);
        Statement st = admin.createStatement();
        ResultSet rs = st.executeQuery("SELECT full_name FROM clinic.identities "
            + "WHERE wearer_id = 'w-gert'")) {
      assertTrue(rs.next(), "the admin role reads identities");
      assertEquals("Name of w-gert", rs.getString(1));
    }
  }

  @Test
  void withdrawingConsentDeletesTheRowsOnTheServer() throws Exception {
    clinic.enrolWearer("w-ines");
    clinic.consent("w-ines", "k-physio", SyncOutbox.Level.DETAIL);
    clinic.consent("w-ines", "k-other", SyncOutbox.Level.DAYS);
    syncAll("w-ines", clinic.wearerStore(dir, "w-ines", DAY, 2, 5));
    assertTrue(count("minutes", "w-ines") > 0 && count("episodes", "w-ines") > 0
        && count("prompts", "w-ines") > 0);
    assertEquals(2, count("day_summaries", "w-ines"));

    try (Connection device = clinic.connect("w_ines")) {
      assertTrue(Consents.withdraw(device, "k-physio"));
    }
    for (String t : List.of("minutes", "episodes", "prompts")) {
      assertEquals(0, count(t, "w-ines"), "detail consent withdrawn: " + t + " deleted");
    }
    assertEquals(2, count("day_summaries", "w-ines"), "the days consent still stands");

    try (Connection device = clinic.connect("w_ines")) {
      assertTrue(Consents.withdraw(device, "k-other"));
      assertFalse(Consents.withdraw(device, "k-other"), "nothing left to withdraw");
    }
    for (String t : List.of("minutes", "episodes", "prompts", "day_summaries", "consents")) {
      assertEquals(0, count(t, "w-ines"), "all consent withdrawn: " + t + " deleted");
    }
  }

  @Test
  void verifyFullChecksTheCertificateAndTheHostName() throws Exception {
    String url = clinic.cluster.url(ClinicFixture.DB);
    assertTrue(url.contains("sslmode=verify-full"), url);
    try (Connection c = DriverManager.getConnection(url, ClinicFixture.OWNER,
        ClinicFixture.PASSWORD); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT ssl FROM pg_stat_ssl "
            + "WHERE pid = pg_backend_pid()")) {
      rs.next();
      assertTrue(rs.getBoolean(1), "the connection is encrypted");
    }
    // the certificate names localhost only: another name for the same server is refused
    String byAddress = url.replace("//localhost:", "//127.0.0.1:");
    SQLException wrongName = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(byAddress, ClinicFixture.OWNER,
            ClinicFixture.PASSWORD).close());
    assertTrue(wrongName.getMessage().contains("hostname"), wrongName.getMessage());
    // and a server whose certificate no trusted CA signed is refused too
    String noCa = url.substring(0, url.indexOf("&sslrootcert=")) + "&sslrootcert="
        + dir.resolve("missing-ca.crt");
    assertThrows(SQLException.class, () -> DriverManager.getConnection(noCa,
        ClinicFixture.OWNER, ClinicFixture.PASSWORD).close());
  }

  // ------------------------------------------------------------------ helpers

  private void assertDaySummary(DaySummary d, String wearer) throws SQLException {
    try (Connection owner = clinic.connect(ClinicFixture.OWNER);
        PreparedStatement ps = owner.prepareStatement("SELECT worn_s, slumped_s, slump_min, "
            + "episodes, breaks_prompted, breaks_taken, sessions FROM clinic.day_summaries "
            + "WHERE wearer_id = ? AND day = ?")) {
      ps.setString(1, wearer);
      ps.setObject(2, d.day());
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertTrue(d.wornSeconds() > 6 * 3600, "worn " + d.wornSeconds());
        assertEquals(d.wornSeconds(), rs.getLong(1));
        assertEquals(d.slumpedSeconds(), rs.getLong(2));
        assertEquals(d.slumpMinutes(), rs.getDouble(3), 1e-9);
        assertEquals(d.episodes(), rs.getInt(4));
        assertEquals(d.breaksPrompted(), rs.getInt(5));
        assertEquals(d.breaksTaken(), rs.getInt(6));
        assertEquals(d.sessions(), rs.getInt(7));
      }
    }
  }

  private static Set<String> wearers(Statement st, String sql) throws SQLException {
    Set<String> out = new TreeSet<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** Rows of a wearer in a server table, counted as the owner (who sees every row). */
  private static long count(String table, String wearer) throws SQLException {
    try (Connection owner = clinic.connect(ClinicFixture.OWNER);
        PreparedStatement ps = owner.prepareStatement("SELECT count(*) FROM clinic." + table
            + " WHERE wearer_id = ?")) {
      ps.setString(1, wearer);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The shared rows in one canonical text form each, sorted by key. */
  record Rows(List<String> minutes, List<String> episodes, List<String> prompts) {
    void assertSame(Rows server) {
      assertEquals(minutes.size(), server.minutes.size(), "minute count");
      assertEquals(episodes.size(), server.episodes.size(), "episode count");
      assertEquals(prompts.size(), server.prompts.size(), "prompt count");
      assertEquals(checksum(minutes), checksum(server.minutes), "minute checksum");
      assertEquals(checksum(episodes), checksum(server.episodes), "episode checksum");
      assertEquals(checksum(prompts), checksum(server.prompts), "prompt checksum");
    }
  }

  static String checksum(List<String> rows) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String r : rows) {
        sha.update((r + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> rows(Connection c, String sql, String wearer) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (wearer != null) {
        ps.setString(1, wearer);
      }
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder b = new StringBuilder();
          for (int i = 1; i <= n; i++) {
            Object v = rs.getObject(i);
            // both databases hand back whole numbers as integers of some width, reals as
            // doubles: print them the same way
            b.append(v instanceof Number x && !(v instanceof Double || v instanceof Float)
                ? Long.toString(x.longValue()) : String.valueOf(v)).append('|');
          }
          out.add(b.toString());
        }
      }
    }
    return out;
  }

  static Rows local(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      return new Rows(
          rows(c, "SELECT s.started_ms, m.minute, m.t_ms, m.seconds, m.known_s, m.worn_s, "
              + "m.seated_s, m.slumped_s FROM posture_minutes m JOIN sessions s "
              + "ON s.id = m.session_id ORDER BY 1, 2", null),
          rows(c, "SELECT s.started_ms, e.start_ms, e.end_ms, e.peak_deg, e.mean_deg, "
              + "e.dose_deg_min FROM slump_episodes e JOIN sessions s ON s.id = e.session_id "
              + "ORDER BY 1, 2", null),
          rows(c, "SELECT s.started_ms, a.alert_id, a.t_ms, a.kind, a.outcome, a.reps, "
              + "a.ack_ms FROM alerts a JOIN sessions s ON s.id = a.session_id ORDER BY 1, 2",
              null));
    }
  }

  static Rows server(String wearer) throws SQLException {
    try (Connection c = clinic.connect(ClinicFixture.OWNER)) {
      return new Rows(
          rows(c, "SELECT session_start_ms, minute, t_ms, seconds, known_s, worn_s, seated_s, "
              + "slumped_s FROM clinic.minutes WHERE wearer_id = ? ORDER BY 1, 2", wearer),
          rows(c, "SELECT session_start_ms, start_ms, end_ms, peak_deg, mean_deg, "
              + "dose_deg_min FROM clinic.episodes WHERE wearer_id = ? ORDER BY 1, 2", wearer),
          rows(c, "SELECT session_start_ms, alert_id, t_ms, kind, outcome, reps, ack_ms "
              + "FROM clinic.prompts WHERE wearer_id = ? ORDER BY 1, 2", wearer));
    }
  }
}
