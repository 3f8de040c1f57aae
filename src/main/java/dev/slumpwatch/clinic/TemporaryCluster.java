package dev.slumpwatch.clinic;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster on this machine, for the tests and {@code bench clinic}:
 * {@code initdb} into a temporary directory, {@code pg_ctl start} on a free port on
 * 127.0.0.1, optionally with TLS from a throw-away certificate authority made with
 * {@code openssl} (so {@code sslmode=verify-full} is exercised for real), and deleted on
 * {@link #close()}.
 *
 * <p>PostgreSQL refuses to run as root; when this process is root, every PostgreSQL
 * command runs as the {@code postgres} user through {@code runuser}, in a directory that
 * user owns. Clients authenticate with SCRAM passwords over TCP only.
 */
public final class TemporaryCluster implements AutoCloseable {
  /** The superuser of the cluster; its password is {@link #superPassword()}. */
  public static final String SUPERUSER = "postgres";
  private static final long COMMAND_TIMEOUT_SECONDS = 120;

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private final boolean tls;
  private final String superPassword = "pw-" + Long.toHexString(System.nanoTime());
  private final boolean asPostgres;

  private TemporaryCluster(Path bin, Path dir, int port, boolean tls) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.tls = tls;
    this.asPostgres = "root".equals(System.getProperty("user.name"));
  }

  /**
   * Where PostgreSQL's server programs are: {@code $SLUMPWATCH_PG_BIN}, else the newest
   * {@code /usr/lib/postgresql/N/bin} (Debian's layout), else {@code initdb} on the PATH.
   */
  public static Optional<Path> findBin() {
    String env = System.getenv("SLUMPWATCH_PG_BIN");
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env);
      return Files.isExecutable(p.resolve("initdb")) ? Optional.of(p) : Optional.empty();
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Optional<Path> newest = versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")))
            .max(Comparator.comparingInt(TemporaryCluster::majorVersion));
        if (newest.isPresent()) {
          return newest;
        }
      } catch (IOException e) {
        // fall through to the PATH
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        if (Files.isExecutable(Path.of(d, "initdb")) && Files.isExecutable(Path.of(d, "pg_ctl"))) {
          return Optional.of(Path.of(d));
        }
      }
    }
    return Optional.empty();
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Makes and starts a cluster.
   *
   * @param tls serve TLS with a certificate for {@code localhost} signed by a new CA (see
   *     {@link #caCertificate()}); needs {@code openssl}
   * @param durable keep PostgreSQL's fsync on (for benchmarks); tests turn it off
   */
  public static TemporaryCluster start(Path bin, boolean tls, boolean durable)
      throws IOException, ClinicException {
    Path dir = Files.createTempDirectory("slumpwatch-pg-");
    TemporaryCluster c = new TemporaryCluster(bin, dir, freePort(), tls);
    try {
      c.init(durable);
      c.start();
      return c;
    } catch (IOException | ClinicException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void init(boolean durable) throws IOException, ClinicException {
    Path pwfile = dir.resolve("pwfile");
    Files.writeString(pwfile, superPassword + "\n");
    if (asPostgres) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
    }
    run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
        "--pwfile=" + pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C",
        "--no-sync"), true);
    StringBuilder conf = new StringBuilder();
    conf.append("listen_addresses = '127.0.0.1'\n")
        .append("port = ").append(port).append('\n')
        .append("unix_socket_directories = '").append(dir).append("'\n")
        .append("max_connections = 200\n")
        .append("shared_buffers = 128MB\n");
    if (!durable) {
      // survives a crash of the server processes (what the tests do), not of the machine.
      // synchronous_commit stays on: a device deletes its queued rows once the server has
      // acknowledged the commit, so an acknowledged commit must survive 'pg_ctl stop -m
      // immediate' (with it off, the last acknowledged batches could vanish)
      conf.append("fsync = off\nfull_page_writes = off\n");
    }
    if (tls) {
      makeCertificates();
      conf.append("ssl = on\nssl_cert_file = '").append(dir.resolve("server.crt"))
          .append("'\nssl_key_file = '").append(dir.resolve("server.key")).append("'\n");
    }
    Path pgConf = data.resolve("postgresql.conf");
    Files.writeString(pgConf, Files.readString(pgConf) + "\n# slumpwatch test cluster\n" + conf);
    if (asPostgres) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
    }
  }

  /**
   * A CA and a server certificate for {@code localhost} only (not 127.0.0.1), so that a
   * client verifying the host name fails on any other name: the check is real.
   */
  private void makeCertificates() throws IOException, ClinicException {
    String d = dir.toString();
    Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost\n"
        + "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
        + "extendedKeyUsage=serverAuth\n");
    run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", d + "/ca.key", "-out",
        d + "/ca.crt", "-days", "2", "-subj", "/CN=slumpwatch throw-away test CA"), false);
    run(List.of("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-keyout", d + "/server.key", "-out", d + "/server.csr", "-subj",
        "/CN=localhost"), false);
    run(List.of("openssl", "x509", "-req", "-in", d + "/server.csr", "-CA", d + "/ca.crt",
        "-CAkey", d + "/ca.key", "-CAcreateserial", "-out", d + "/server.crt", "-days", "2",
        "-extfile", d + "/server.ext"), false);
    Files.setPosixFilePermissions(dir.resolve("server.key"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  /** Starts the server (again, after {@link #stop()}); waits until it accepts connections. */
  public void start() throws IOException, ClinicException {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
        dir.resolve("server.log").toString(), "-w", "-t", "60", "start"), true);
  }

  /**
   * Stops the server at once ({@code immediate}: no checkpoint, open connections cut), as
   * a crash or a pulled cable would look to a client.
   */
  public void stop() throws IOException, ClinicException {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
        "-w", "-t", "60", "stop"), true);
  }

  private void run(List<String> command, boolean asServerUser) throws IOException,
      ClinicException {
    List<String> cmd = new ArrayList<>();
    if (asServerUser && asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(command);
    Path out = Files.createTempFile("slumpwatch-pg-cmd-", ".log");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      boolean done;
      try {
        done = p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new ClinicException("interrupted while running " + String.join(" ", command));
      }
      if (!done) {
        p.destroyForcibly();
        throw new ClinicException(String.join(" ", command) + " did not finish within "
            + COMMAND_TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        String log = Files.readString(out, StandardCharsets.UTF_8).strip();
        Path serverLog = dir.resolve("server.log");
        if (Files.isReadable(serverLog)) {
          log += "\nserver log: " + Files.readString(serverLog).strip();
        }
        throw new ClinicException(String.join(" ", command) + " failed (exit "
            + p.exitValue() + "): " + log);
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  public int port() {
    return port;
  }

  public String superPassword() {
    return superPassword;
  }

  /** The CA that signed the server's certificate (TLS clusters only). */
  public Path caCertificate() {
    return dir.resolve("ca.crt");
  }

  /**
   * A PgJDBC URL for {@code database}: over TLS with full verification of the server's
   * certificate and host name when the cluster serves TLS, else plain.
   */
  public String url(String database) {
    String base = "jdbc:postgresql://localhost:" + port + "/" + database;
    return tls ? base + "?sslmode=verify-full&sslrootcert=" + caCertificate() : base;
  }

  public ClinicServer.Login superuser(String database) {
    return new ClinicServer.Login(url(database), SUPERUSER, superPassword);
  }

  /** Stops the server (if running) and deletes its directory. */
  @Override
  public void close() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        stop();
      }
    } catch (IOException | ClinicException e) {
      // already stopped, or never started: the directory goes all the same
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; nothing more to do
    }
  }
}
