package dev.slumpwatch.pipeline;

import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.report.DailyChart;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sensor.sim.Scenario;
import dev.slumpwatch.sensor.sim.SimulatedWearer;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.function.Consumer;

/**
 * The demo's job from end to end: the simulated wearer through the real monitor, store and
 * chart. Also what the end-to-end test runs.
 */
public final class DemoRun {
  public static final String DATABASE = "slumpwatch-demo.db";
  /** The demo's workday starts at this local time, so its chart reads like a morning at a desk. */
  static final LocalTime DEMO_START = LocalTime.of(9, 0);

  private DemoRun() {
  }

  /** What the run produced. */
  public record Result(SessionSummary summary, long samples, Path chart, Path database,
      long sessionId, long startedMs, long endMs, SimulatedWearer source, Pipeline pipeline) {}

  /**
   * @param dir the demo's own directory; its previous database and chart are replaced
   * @param wallClock gives the day (and zone) the demo's session is dated on
   * @param extra another listener (the console printer), may be null
   * @param onError store problems, as one-line messages
   */
  public static Result run(Scenario scenario, Pacer pacer, Path dir, Clock wallClock,
      PipelineListener extra, Consumer<String> onError)
      throws IOException, StoreException, InterruptedException, Monitor.MonitorException {
    return run(scenario, pacer, dir, wallClock, extra, onError, null);
  }

  public static Result run(Scenario scenario, Pacer pacer, Path dir, Clock wallClock,
      PipelineListener extra, Consumer<String> onError,
      dev.slumpwatch.sensor.sim.GroundTruth truth)
      throws IOException, StoreException, InterruptedException, Monitor.MonitorException {
    return run(scenario, pacer, dir, wallClock, extra, onError, truth, null);
  }

  /**
   * @param profile a stored posture profile to use instead of the scenario's calibration
   *     steps, or null to learn it from them
   */
  public static Result run(Scenario scenario, Pacer pacer, Path dir, Clock wallClock,
      PipelineListener extra, Consumer<String> onError,
      dev.slumpwatch.sensor.sim.GroundTruth truth, PostureProfile profile)
      throws IOException, StoreException, InterruptedException, Monitor.MonitorException {
    Files.createDirectories(dir);
    Path db = dir.resolve(DATABASE);
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(dir.resolve(DATABASE + suffix));
    }
    ZoneId zone = wallClock.getZone();
    long startMs = LocalDate.now(wallClock).atTime(DEMO_START).atZone(zone).toInstant()
        .toEpochMilli();
    Clock demoClock = Clock.fixed(java.time.Instant.ofEpochMilli(startMs), zone);

    SimulatedWearer source = new SimulatedWearer(scenario, pacer, truth);
    SessionRunner.Result run = SessionRunner.run(new SessionRunner.Spec(source, db, demoClock,
        "demo: " + source.describe(), null, SimulatedWearer.calibrationPlan(scenario), extra,
        onError, 64).withProfile(profile), null);
    SessionSummary summary = run.summary();
    Pipeline pipeline = run.pipeline();
    long sessionId = run.sessionId();
    long endMs = startMs + Math.round(scenario.durationSeconds() * 1000) + 1000;
    Path chart = dir.resolve("daily-" + LocalDate.now(wallClock) + ".png");
    try (Store reader = Store.open(db)) {
      DailyChart.writePng(DailyChart.build("slumpwatch demo — flexion over the session",
          reader.seconds(startMs, endMs), reader.episodes(startMs, endMs),
          reader.alerts(startMs, endMs), pipeline.settings().slump().thresholdDeg(), zone),
          chart, DailyChart.DEFAULT_WIDTH, DailyChart.DEFAULT_HEIGHT);
    }
    return new Result(summary, pipeline.samples(), chart, db, sessionId, startMs, endMs, source,
        pipeline);
  }
}
