package dev.slumpwatch.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.store.SyncOutbox;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background sync while monitoring: with the server gone, the session still runs to
 * its end and stores every second; when the server comes back the daemon resumes on its
 * own and the server ends up with every minute.
 */
class SyncDaemonTest {
  static final String SCENARIO = """
      name sync-while-monitoring
      seed 11
      10s calibrate-neutral
      8s  calibrate-bend flexion=20 lean=10
      3m  sit flexion=2 typing=yes
      2m  sit flexion=25 ramp=5 typing=yes
      2m  sit flexion=2 ramp=3 typing=yes
      """;

  @TempDir
  Path dir;

  @Test
  void monitoringGoesOnWhileTheServerIsAwayAndTheDaemonResumes() throws Exception {
    try (ClinicFixture clinic = ClinicFixture.start()) {
      clinic.enrolClinician("k-physio");
      clinic.enrolWearer("w-mona");
      clinic.consent("w-mona", "k-physio", SyncOutbox.Level.DETAIL);
      Path db = clinic.wearerStore(dir, "w-mona", LocalDate.of(2025, 3, 12), 1, 9);
      try (SyncOutbox o = SyncOutbox.open(db)) {
        // give up on a refused connection after 2 s (the default is 10 s), to keep this short
        o.configure(clinic.cluster.url(ClinicFixture.DB) + "&connectTimeout=2", "w_mona",
            ClinicFixture.passwordFile(dir, "w-mona"), ClinicFixture.ZONE);
      }
      clinic.cluster.stop();

      List<String> events = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch failed = new CountDownLatch(1);
      CountDownLatch resumed = new CountDownLatch(1);
      SyncDaemon.Settings fast = new SyncDaemon.Settings(Duration.ofMillis(200),
          Duration.ofMillis(800), new SyncClient.Settings(500));
      try (SyncDaemon daemon = SyncDaemon.startIfEnabled(db, fast, Clock.systemUTC(), e -> {
        events.add(e);
        if (e.contains("retrying in the background")) {
          failed.countDown();
        }
        if (e.contains("answers again")) {
          resumed.countDown();
        }
      })) {
        assertTrue(failed.await(60, TimeUnit.SECONDS), "the daemon saw the server gone: "
            + events);

        // a monitoring session into the same store while the daemon keeps failing
        Scenario scenario = Scenario.parse(SCENARIO, "sync");
        List<String> storeErrors = Collections.synchronizedList(new ArrayList<>());
        SessionSetup setup = SessionSetup.of(PostureSetup.learn()).withClock(
            Clock.fixed(Instant.parse("2025-03-13T09:00:00Z"), java.time.ZoneOffset.UTC));
        SessionRunner.Result r = SessionRunner.run(new SessionRunner.Spec(
            new SimulatedWearer(scenario, Pacer.unpaced(), null), db, setup, "sync test",
            List.of(), storeErrors::add, 64), null);
        assertEquals(List.of(), storeErrors, "the store never failed");
        long sessionSeconds = seconds(db, r.sessionId());
        assertTrue(sessionSeconds >= 7 * 60 + 17, "every second stored: " + sessionSeconds);
        // (how many attempts failed meanwhile depends on the machine's speed, not asserted)
        assertTrue(daemon.state().failures() >= 1 && daemon.state().rowsSent() == 0,
            "nothing reached the server while it was away: " + daemon.state());

        clinic.cluster.start();
        daemon.syncNow();
        assertTrue(resumed.await(60, TimeUnit.SECONDS), "the daemon resumed: " + events);
      }
      try (SyncOutbox o = SyncOutbox.open(db)) {
        assertEquals(0, o.pending().total(), "everything sent");
      }
      long local = count("jdbc:sqlite:" + db, null, null, "SELECT count(*) FROM posture_minutes");
      long server = count(clinic.cluster.url(ClinicFixture.DB), ClinicFixture.OWNER,
          ClinicFixture.PASSWORD, "SELECT count(*) FROM clinic.minutes "
              + "WHERE wearer_id = 'w-mona'");
      assertEquals(local, server, "the history and the session's minutes are all on the server");
      assertEquals(1, events.stream().filter(e -> e.contains("retrying")).count(),
          "one line for the outage, not one per attempt: " + events);
    }
  }

  private static long seconds(Path db, long sessionId) throws Exception {
    return count("jdbc:sqlite:" + db, null, null,
        "SELECT count(*) FROM posture_seconds WHERE session_id = " + sessionId);
  }

  private static long count(String url, String user, String pw, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, pw);
        Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
