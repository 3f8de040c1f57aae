package dev.slumpwatch.clinic;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Setting up a clinic server and enrolling people: what the clinic's administrator does
 * (docs/clinic.md walks through it). Every statement names its values through bind
 * parameters or PostgreSQL's own quoting ({@code format('%I', ...)}), never by pasting.
 */
public final class ClinicAdmin {
  private ClinicAdmin() {
  }

  /**
   * As a superuser connected to any database: creates the schema owner (a login with
   * CREATEROLE, which it needs to create the group roles and enrol people) and a database
   * it owns. Then run {@link ClinicServer#migrate} as that owner.
   */
  public static void createDatabase(ClinicServer.Login superuser, String database,
      String owner, String ownerPassword) throws ClinicException {
    try (Connection c = DriverManager.getConnection(superuser.url(), superuser.user(),
        superuser.password()); Statement st = c.createStatement()) {
      st.execute(quoted(c, "CREATE ROLE %I LOGIN CREATEROLE PASSWORD %L", owner,
          ownerPassword));
      st.execute(quoted(c, "CREATE DATABASE %I OWNER %I", database, owner));
      st.execute(quoted(c, "REVOKE ALL ON DATABASE %I FROM PUBLIC", database));
    } catch (SQLException e) {
      throw new ClinicException("cannot create clinic database " + database + " as "
          + superuser + ": " + SyncClient.describe(e), e);
    }
  }

  /** Builds a statement with PostgreSQL's own identifier (%I) and literal (%L) quoting. */
  static String quoted(Connection c, String template, String... values) throws SQLException {
    StringBuilder args = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      args.append(", ?");
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT format(?" + args + ")")) {
      ps.setString(1, template);
      for (int i = 0; i < values.length; i++) {
        ps.setString(i + 2, values[i]);
      }
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /**
   * As the schema owner: creates an administrator login, member of {@code slumpwatch_admin}
   * (the only role that reads identities).
   */
  public static void createAdmin(Connection owner, String login, String password)
      throws SQLException {
    try (Statement st = owner.createStatement()) {
      st.execute(quoted(owner, "CREATE ROLE %I LOGIN PASSWORD %L IN ROLE slumpwatch_admin",
          login, password));
    }
    commitIfNeeded(owner);
  }

  /**
   * As an administrator: enrols a wearer under a pseudonym, with a device login and the
   * identity only administrators may read.
   */
  public static void enrolWearer(Connection admin, String wearerId, String login,
      String password, String fullName, String contact) throws SQLException {
    try (PreparedStatement ps = admin.prepareStatement(
        "SELECT clinic.enrol_wearer(?, ?, ?, ?, ?)")) {
      ps.setString(1, wearerId);
      ps.setString(2, login);
      ps.setString(3, password);
      ps.setString(4, fullName);
      ps.setString(5, contact);
      ps.execute();
    }
    commitIfNeeded(admin);
  }

  /** As an administrator: enrols a clinician with their own login. */
  public static void enrolClinician(Connection admin, String clinicianId, String login,
      String password, String displayName) throws SQLException {
    try (PreparedStatement ps = admin.prepareStatement(
        "SELECT clinic.enrol_clinician(?, ?, ?, ?)")) {
      ps.setString(1, clinicianId);
      ps.setString(2, login);
      ps.setString(3, password);
      ps.setString(4, displayName);
      ps.execute();
    }
    commitIfNeeded(admin);
  }

  static void commitIfNeeded(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }
}
