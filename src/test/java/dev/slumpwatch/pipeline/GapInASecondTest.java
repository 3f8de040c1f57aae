package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Link losses shorter than a second, inside a second: every sample processed is counted in
 * the store, once, and the gaps themselves are stored. (Each second used to be flushed at
 * the gap and again after it, and the store's INSERT OR REPLACE kept only the later part:
 * a second of 60 samples stored with 40.)
 */
class GapInASecondTest {
  private static final long T0 = 1_767_000_000_000L;

  @TempDir
  Path dir;

  @Test
  void samplesOnBothSidesOfAGapInsideASecondAreAllStored() throws Exception {
    StringBuilder text = new StringBuilder("""
        name gaps-inside-seconds
        seed 5
        8s   calibrate-neutral
        10s  calibrate-bend flexion=20 lean=10
        """);
    for (int i = 0; i < 20; i++) {
      text.append("3.2s sit flexion=").append(i % 2 == 0 ? 3 : 18).append(" ramp=1\n")
          .append("0.3s gap\n").append("1.5s sit flexion=5 ramp=1\n");
    }
    Scenario scenario = Scenario.parse(text.toString(), "gaps");
    SimulatedWearer source = new SimulatedWearer(scenario, Pacer.unpaced(), null);
    SessionSetup setup = SessionSetup.of(PostureSetup.learn())
        .withClock(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
    Path db = dir.resolve("h.db");
    List<String> errors = new ArrayList<>();
    SessionRunner.Result r = SessionRunner.run(new SessionRunner.Spec(source, db, setup,
        "gaps", List.of(), errors::add, 1024), null);
    assertTrue(errors.isEmpty(), errors.toString());
    assertEquals(20, r.pipeline().gaps(), "every link loss is a gap");

    long stored;
    long rows;
    long partial;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT sum(samples), count(*), "
            + "sum(samples BETWEEN 60 AND 80) FROM posture_seconds")) {
      stored = rs.getLong(1);
      rows = rs.getLong(2);
      partial = rs.getLong(3);
    }
    assertEquals(r.pipeline().samples(), stored, "every sample processed is in the store");
    assertEquals(r.summary().seconds(), rows, "one row per second");
    // each 0.3 s gap starts at .2 of a second: that second keeps its 70 samples (a sample
    // at a boundary may fall either side, the device clock jitters by microseconds)
    assertEquals(20, partial, "seconds of about 70 samples");
    try (Store s = Store.open(db)) {
      assertEquals(20, s.gaps(T0, T0 + 86_400_000L).size(), "the gaps are stored");
    }
  }
}
