package dev.slumpwatch.clinic;

import dev.slumpwatch.bench.HistoryBench;
import dev.slumpwatch.store.SyncOutbox;
import dev.slumpwatch.testing.Postgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A clinic server for one test class: a temporary TLS cluster, a database migrated by its
 * owner, an administrator login, and helpers to enrol people and to fill wearers' stores.
 */
final class ClinicFixture implements AutoCloseable {
  static final String DB = "clinic";
  static final String OWNER = "clinic_owner";
  static final String ADMIN = "clinic_admin";
  static final String PASSWORD = "test-password";
  static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

  final TemporaryCluster cluster;

  private ClinicFixture(TemporaryCluster cluster) {
    this.cluster = cluster;
  }

  static ClinicFixture start() throws Exception {
    TemporaryCluster c = TemporaryCluster.start(Postgres.requireBin(), true, false);
    try {
      ClinicAdmin.createDatabase(c.superuser("postgres"), DB, OWNER, PASSWORD);
      ClinicServer.migrate(login(c, OWNER));
      try (Connection owner = connect(c, OWNER)) {
        ClinicAdmin.createAdmin(owner, ADMIN, PASSWORD);
      }
      return new ClinicFixture(c);
    } catch (Exception e) {
      c.close();
      throw e;
    }
  }

  private static ClinicServer.Login login(TemporaryCluster c, String user) {
    return new ClinicServer.Login(c.url(DB), user, PASSWORD);
  }

  private static Connection connect(TemporaryCluster c, String user) throws SQLException {
    return DriverManager.getConnection(c.url(DB), user, PASSWORD);
  }

  ClinicServer.Login login(String user) {
    return login(cluster, user);
  }

  /** A connection in auto-commit mode as {@code user}. */
  Connection connect(String user) throws SQLException {
    return connect(cluster, user);
  }

  void enrolWearer(String wearerId) throws SQLException {
    try (Connection admin = connect(ADMIN)) {
      ClinicAdmin.enrolWearer(admin, wearerId, role(wearerId), PASSWORD,
          "Name of " + wearerId, wearerId + "@example.org");
    }
  }

  void enrolClinician(String clinicianId) throws SQLException {
    try (Connection admin = connect(ADMIN)) {
      ClinicAdmin.enrolClinician(admin, clinicianId, role(clinicianId), PASSWORD,
          "Dr " + clinicianId);
    }
  }

  /** The login role of a wearer or clinician id: ids may have dashes, roles here do not. */
  static String role(String id) {
    return id.replace('-', '_');
  }

  void consent(String wearerId, String clinicianId, SyncOutbox.Level level) throws Exception {
    try (Connection device = connect(role(wearerId))) {
      Consents.grant(device, clinicianId, level);
    }
  }

  /**
   * A wearer's store with {@code days} synthetic days ending {@code lastDay}, sync
   * configured to this server as that wearer and enabled (everything queued).
   */
  Path wearerStore(Path dir, String wearerId, LocalDate lastDay, int days, long seed)
      throws Exception {
    Path db = dir.resolve(wearerId + ".db");
    HistoryBench.write(db, lastDay, days, ZONE, seed, d -> { });
    configureSync(db, wearerId);
    return db;
  }

  void configureSync(Path db, String wearerId) throws Exception {
    Path pw = passwordFile(db.getParent(), wearerId);
    try (SyncOutbox o = SyncOutbox.open(db)) {
      o.configure(cluster.url(DB), role(wearerId), pw, ZONE);
      o.enable(0);
    }
  }

  static Path passwordFile(Path dir, String wearerId) throws IOException {
    Path pw = dir.resolve(wearerId + ".password");
    Files.writeString(pw, PASSWORD + "\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    return pw;
  }

  @Override
  public void close() {
    cluster.close();
  }
}
