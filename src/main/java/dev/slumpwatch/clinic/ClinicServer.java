package dev.slumpwatch.clinic;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Connections to the clinic's PostgreSQL: a HikariCP pool over PgJDBC, and the server
 * schema's Flyway migrations ({@code src/main/resources/dev/slumpwatch/clinic/db}).
 *
 * <p>The pool never tries to connect while it is built ({@code initializationFailTimeout}
 * -1): a monitor whose server is away starts normally and the sync retries later. Every
 * wait on the network is bounded: 10 s to connect, 120 s for one statement's answer, so a
 * half-open connection ends in an error instead of a hang.
 */
public final class ClinicServer {
  /** The Flyway location of the server schema's migrations. */
  public static final String MIGRATIONS = "classpath:dev/slumpwatch/clinic/db";
  static final int CONNECT_TIMEOUT_SECONDS = 10;
  static final int SOCKET_TIMEOUT_SECONDS = 120;

  private ClinicServer() {
  }

  /**
   * A database login.
   *
   * @param url a PgJDBC URL, {@code jdbc:postgresql://host:port/db?sslmode=verify-full&...}
   */
  public record Login(String url, String user, String password) {
    public Login {
      if (url == null || !url.startsWith("jdbc:postgresql://")) {
        throw new IllegalArgumentException("clinic server URL '" + url + "' is not a "
            + "PostgreSQL JDBC URL (expected jdbc:postgresql://HOST:PORT/DATABASE"
            + "?sslmode=verify-full)");
      }
      if (user == null || user.isBlank()) {
        throw new IllegalArgumentException("no database user given for " + url);
      }
    }

    @Override
    public String toString() {
      return user + " at " + url; // never the password
    }
  }

  /**
   * A warning when {@code url} would send data unverified over the network: anything but
   * {@code sslmode=verify-full} to a host other than this machine. Null when it is fine.
   */
  public static String tlsWarning(String url) {
    if (url.contains("sslmode=verify-full")) {
      return null;
    }
    String rest = url.substring("jdbc:postgresql://".length());
    String host = rest.split("[:/?]", 2)[0];
    if (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")) {
      return null;
    }
    return "the clinic server URL does not say sslmode=verify-full: the connection to "
        + host + " is not checked against the clinic's certificate (see docs/clinic.md, TLS)";
  }

  /** Work done on one connection to the server. */
  @FunctionalInterface
  public interface Work<T> {
    T on(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} on one connection of a one-connection pool named {@code task} (a
   * command's single round trip); the pool is closed after.
   */
  public static <T> T withConnection(Login login, String task, Work<T> work)
      throws SQLException {
    try (HikariDataSource pool = pool(login, task, 1); Connection c = pool.getConnection()) {
      return work.on(c);
    }
  }

  /** A small pool for {@code login}; close it when done. */
  public static HikariDataSource pool(Login login, String name, int maxConnections) {
    HikariConfig c = new HikariConfig();
    c.setPoolName(name);
    c.setJdbcUrl(login.url());
    c.setUsername(login.user());
    c.setPassword(login.password());
    c.setMaximumPoolSize(maxConnections);
    c.setMinimumIdle(0);
    c.setInitializationFailTimeout(-1);
    // the pool gives up a little after the driver would: the URL's connectTimeout, if any
    c.setConnectionTimeout((connectTimeoutSeconds(login.url()) + 2) * 1000L);
    c.setAutoCommit(false);
    // the URL's own parameters win over these defaults (PgJDBC reads the URL last)
    c.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    c.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
    c.addDataSourceProperty("ApplicationName", "slumpwatch " + name);
    // turns a batch of upserts into multi-row statements: one round trip per few hundred
    c.addDataSourceProperty("reWriteBatchedInserts", "true");
    return new HikariDataSource(c);
  }

  /** PgJDBC's connect time-out: the URL's {@code connectTimeout}, else ours. */
  static int connectTimeoutSeconds(String url) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]connectTimeout=(\\d{1,4})")
        .matcher(url);
    return m.find() ? Math.max(1, Integer.parseInt(m.group(1))) : CONNECT_TIMEOUT_SECONDS;
  }

  /**
   * Brings the server schema up to date; run as the schema owner.
   *
   * @return the schema version afterwards
   */
  public static String migrate(Login owner) throws ClinicException {
    try {
      Flyway flyway = Flyway.configure()
          .dataSource(owner.url(), owner.user(), owner.password())
          .locations(MIGRATIONS)
          .connectRetries(0)
          .load();
      MigrateResult r = flyway.migrate();
      return r.targetSchemaVersion != null ? r.targetSchemaVersion
          : flyway.info().current().getVersion().getVersion();
    } catch (FlywayException e) {
      throw new ClinicException("cannot migrate the clinic schema as " + owner + ": "
          + oneLine(e), e);
    }
  }

  /**
   * Reads a password from {@code file}: its first line. Refused when others may read it
   * (on a file system with POSIX permissions), since it unlocks the wearer's shared data.
   */
  public static String readPassword(Path file) throws ClinicException {
    try {
      try {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        if (p.contains(PosixFilePermission.GROUP_READ)
            || p.contains(PosixFilePermission.OTHERS_READ)) {
          throw new ClinicException("password file " + file + " may be read by other users "
              + "(" + java.nio.file.attribute.PosixFilePermissions.toString(p)
              + "); make it private with: chmod 600 " + file);
        }
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: nothing to check
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String first = text.lines().findFirst().orElse("").strip();
      if (first.isEmpty()) {
        throw new ClinicException("password file " + file + " is empty");
      }
      return first;
    } catch (IOException e) {
      throw new ClinicException("cannot read password file " + file + ": " + e, e);
    }
  }

  /** The cause of a failure in one line: PgJDBC's message, or its cause's. */
  public static String oneLine(Throwable e) {
    Throwable t = e;
    String m = t.getMessage();
    while (t.getCause() != null && (m == null || m.isBlank() || t instanceof FlywayException
        && t.getCause() instanceof SQLException)) {
      t = t.getCause();
      m = t.getMessage();
    }
    return (m == null ? t.getClass().getSimpleName() : m).replace('\n', ' ').strip();
  }
}
