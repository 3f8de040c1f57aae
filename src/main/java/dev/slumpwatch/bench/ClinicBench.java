package dev.slumpwatch.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.slumpwatch.clinic.ClinicAdmin;
import dev.slumpwatch.clinic.ClinicServer;
import dev.slumpwatch.clinic.CohortReport;
import dev.slumpwatch.clinic.SyncClient;
import dev.slumpwatch.clinic.TemporaryCluster;
import dev.slumpwatch.store.SyncOutbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code slumpwatch bench clinic}: many wearers syncing to one PostgreSQL, and the
 * clinician's cohort query over them.
 *
 * <p>Starts a temporary cluster (durable: fsync on), migrates the schema, enrols
 * {@code wearers} wearers with their own logins and consents, then gives each a store
 * holding one synthetic weekday ({@link HistoryBench}: about 8 h worn, its per-minute
 * totals, slump episodes and prompts; one day generated once and copied per wearer) and
 * syncs it as that wearer, over TLS with verify-full, {@code threads} devices at a time.
 * Rows per second count the rows upserted on the server (minutes, episodes, prompts, day
 * summaries) over the time spent in sync calls per device thread (each call: TLS login,
 * reading the outbox and the day's report from SQLite, one server transaction; copying
 * the synthetic stores between calls is not counted).
 *
 * <p>Then it fills {@code cohortDays} days of day summaries per wearer (server-side
 * synthetic rows, as the owner) and times {@link CohortReport#load} as the clinician to
 * whom all wearers consented, so row-level security is in the measured path.
 */
public final class ClinicBench {
  private ClinicBench() {
  }

  public record Result(int wearers, long serverRows, double syncSeconds, double rowsPerSecond,
      int cohortWearers, long cohortRows, double[] cohortQueryMillis) {
    public String format() {
      double[] q = cohortQueryMillis.clone();
      Arrays.sort(q);
      return String.format(Locale.ROOT, "sync: %d wearers x one synthetic weekday: %,d rows "
          + "upserted in %.1f s = %,.0f rows/s%n"
          + "cohort query (clinician, row-level security): %d wearers x %,d day rows: "
          + "median %.1f ms, max %.1f ms over %d runs (budget 1000 ms)",
          wearers, serverRows, syncSeconds, rowsPerSecond, cohortWearers, cohortRows,
          q[q.length / 2], q[q.length - 1], q.length);
    }
  }

  /**
   * @param threads devices syncing at the same time
   * @param maxSeconds bound on the sync phase: wearers not started by then are skipped
   *     (and the figure says how many synced)
   */
  public static Result run(Path pgBin, int wearers, int cohortDays, int threads,
      double maxSeconds, Consumer<String> log) throws Exception {
    String pw = "bench-password";
    ZoneId zone = ZoneId.of("UTC");
    LocalDate day = LocalDate.of(2025, 3, 12);
    Path work = Files.createTempDirectory("slumpwatch-clinic-bench-");
    try (TemporaryCluster cluster = TemporaryCluster.start(pgBin, true, true)) {
      log.accept("temporary PostgreSQL on port " + cluster.port() + " (TLS, verify-full)");
      ClinicAdmin.createDatabase(cluster.superuser("postgres"), "clinic", "owner", pw);
      ClinicServer.Login owner = new ClinicServer.Login(cluster.url("clinic"), "owner", pw);
      ClinicServer.migrate(owner);
      try (Connection o = DriverManager.getConnection(owner.url(), "owner", pw)) {
        ClinicAdmin.createAdmin(o, "admin", pw);
      }
      try (Connection admin = DriverManager.getConnection(owner.url(), "admin", pw)) {
        ClinicAdmin.enrolClinician(admin, "k-bench", "k_bench", pw, "Bench clinician");
        for (int i = 0; i < wearers; i++) {
          ClinicAdmin.enrolWearer(admin, id(i), role(i), pw, "Synthetic " + i, null);
        }
        // every wearer consents to the one clinician, at the detail level (recorded here,
        // by the admin, so the sync phase times syncing only)
        try (Statement st = admin.createStatement()) {
          st.executeUpdate("INSERT INTO clinic.consents(wearer_id, clinician_id, level) "
              + "SELECT wearer_id, 'k-bench', 'detail' FROM clinic.wearers");
        }
      }
      log.accept("enrolled " + wearers + " wearers");
      Path template = work.resolve("template.db");
      HistoryBench.write(template, day, 1, zone, 42, d -> { });
      Path pwFile = work.resolve("password");
      Files.writeString(pwFile, pw + "\n");
      Files.setPosixFilePermissions(pwFile,
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

      AtomicLong rows = new AtomicLong();
      AtomicLong syncNanos = new AtomicLong();
      AtomicInteger done = new AtomicInteger();
      long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long wall0 = System.nanoTime();
      Future<?>[] futures = new Future<?>[wearers];
      for (int i = 0; i < wearers; i++) {
        int w = i;
        futures[i] = pool.submit(() -> {
          if (System.nanoTime() > deadline) {
            return null;
          }
          Path db = work.resolve(id(w) + ".db");
          Files.copy(template, db, StandardCopyOption.REPLACE_EXISTING);
          ClinicServer.Login login = new ClinicServer.Login(cluster.url("clinic"), role(w), pw);
          try (SyncOutbox outbox = SyncOutbox.open(db);
              HikariDataSource ds = ClinicServer.pool(login, "bench", 1)) {
            outbox.configure(login.url(), login.user(), pwFile, zone);
            outbox.enable(0);
            long t0 = System.nanoTime();
            SyncClient.Result r = new SyncClient(outbox, ds, login.toString(), zone,
                SyncClient.Settings.DEFAULTS, SyncClient.Progress.NONE).syncOnce();
            syncNanos.addAndGet(System.nanoTime() - t0);
            rows.addAndGet(r.serverRows());
          }
          Files.deleteIfExists(db);
          Files.deleteIfExists(work.resolve(id(w) + ".db-wal"));
          Files.deleteIfExists(work.resolve(id(w) + ".db-shm"));
          int n = done.incrementAndGet();
          if (n % 100 == 0) {
            log.accept(n + " wearers synced");
          }
          return null;
        });
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
      double wall = (System.nanoTime() - wall0) / 1e9;
      // the devices sync in parallel: the time in sync calls per device thread is the
      // sync's own wall time (copying the stores between calls is left out)
      double syncSeconds = syncNanos.get() / 1e9 / threads;
      log.accept(String.format(Locale.ROOT, "sync phase: %.1f s wall, of which %.1f s per "
          + "device thread in sync calls (the rest: copying the synthetic stores)", wall,
          syncSeconds));

      long cohortRows;
      try (Connection o = DriverManager.getConnection(owner.url(), "owner", pw);
          Statement st = o.createStatement()) {
        // synthetic day summaries for the cohort window, made on the server
        try (PreparedStatement ps = o.prepareStatement("INSERT INTO clinic.day_summaries "
            + "SELECT w.wearer_id, d::date, 20000 + (random() * 12000)::int, 30000, "
            + "(random() * 8000)::int, random() * 120, (random() * 20)::int, random() * 600, "
            + "random() * 400, 16, (random() * 16)::int, (random() * 30)::int, 6, "
            + "(random() * 6)::int, NULL, random() * 300, 2, now() "
            + "FROM clinic.wearers w, generate_series(?::date, ?::date, '1 day') d "
            + "ON CONFLICT (wearer_id, day) DO NOTHING")) {
          ps.setObject(1, day.minusDays(cohortDays - 1));
          ps.setObject(2, day);
          ps.executeUpdate();
        }
        st.execute("ANALYZE");
        try (var rs = st.executeQuery("SELECT count(*) FROM clinic.day_summaries "
            + "WHERE day > date '" + day.minusDays(cohortDays) + "'")) {
          rs.next();
          cohortRows = rs.getLong(1);
        }
      }
      double[] ms = new double[7];
      int cohortWearers;
      try (Connection k = DriverManager.getConnection(owner.url(), "k_bench", pw)) {
        CohortReport r = null;
        for (int i = 0; i < ms.length; i++) {
          r = CohortReport.load(k, day.minusDays(cohortDays - 1), day);
          ms[i] = r.queryMillis();
        }
        cohortWearers = r.wearers().size();
      }
      return new Result(done.get(), rows.get(), syncSeconds, rows.get() / syncSeconds,
          cohortWearers,
          cohortRows, ms);
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String id(int i) {
    return String.format(Locale.ROOT, "w-%05d", i);
  }

  private static String role(int i) {
    return String.format(Locale.ROOT, "w_%05d", i);
  }
}
