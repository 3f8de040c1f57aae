package dev.slumpwatch.cli;

import dev.slumpwatch.alert.AlertControls;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.pipeline.Monitor;
import dev.slumpwatch.pipeline.Pipeline;
import dev.slumpwatch.pipeline.PipelineSettings;
import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.pipeline.SessionSummary;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.report.Coaching;
import dev.slumpwatch.report.DayFigures;
import dev.slumpwatch.report.DayReport;
import dev.slumpwatch.report.Reports;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.GroundTruth;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
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

  /** When the demo's session starts: {@link #DEMO_START} on the wall clock's day. */
  public static java.time.Instant start(Clock wallClock) {
    return LocalDate.now(wallClock).atTime(DEMO_START).atZone(wallClock.getZone()).toInstant();
  }

  /**
   * What the run produced; {@code report} is the day's HTML page with its charts, and
   * {@code figures} the day's figures as that page shows them (read back from the store).
   */
  public record Result(SessionSummary summary, long samples, Path chart, Path database,
      long sessionId, long startedMs, long endMs, SimulatedWearer source, Pipeline pipeline,
      Path report, DayFigures figures) {}

  /**
   * What the demo runs with.
   *
   * @param settings every stage's settings (the demo uses the defaults unless given a file)
   * @param controls the wearer's controls during the demo (the demo command's keys write
   *     them in the demo's own directory)
   * @param profile a stored posture profile to use instead of the scenario's calibration
   *     steps, or null to learn it from them
   * @param truth receives the simulator's ground truth, or null
   * @param consumers more consumers of the events (the console printer), on the processing
   *     thread
   * @param dailyGoalScore the day page's goal (the coaching setting)
   */
  public record Options(PipelineSettings settings, AlertControls controls,
      PostureProfile profile, GroundTruth truth, List<Consumer<PipelineEvent>> consumers,
      int dailyGoalScore) {
    public static final Options DEFAULTS = new Options(PipelineSettings.DEFAULTS,
        AlertControls.none(), null, null, List.of(),
        Coaching.Settings.DEFAULTS.dailyGoalScore());

    public Options withSettings(PipelineSettings s) {
      return new Options(s, controls, profile, truth, consumers, dailyGoalScore);
    }

    public Options withControls(AlertControls c) {
      return new Options(settings, c, profile, truth, consumers, dailyGoalScore);
    }

    public Options withProfile(PostureProfile p) {
      return new Options(settings, controls, p, truth, consumers, dailyGoalScore);
    }

    public Options withTruth(GroundTruth t) {
      return new Options(settings, controls, profile, t, consumers, dailyGoalScore);
    }

    public Options withConsumers(List<Consumer<PipelineEvent>> c) {
      return new Options(settings, controls, profile, truth, List.copyOf(c), dailyGoalScore);
    }

    public Options withDailyGoalScore(int goal) {
      return new Options(settings, controls, profile, truth, consumers, goal);
    }
  }

  /**
   * @param dir the demo's own directory; its previous database and chart are replaced
   * @param wallClock gives the day (and zone) the demo's session is dated on
   * @param onError store problems, as one-line messages
   */
  public static Result run(Scenario scenario, Pacer pacer, Path dir, Clock wallClock,
      Consumer<String> onError, Options options)
      throws IOException, StoreException, InterruptedException, Monitor.MonitorException {
    Files.createDirectories(dir);
    Path db = dir.resolve(DATABASE);
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(dir.resolve(DATABASE + suffix));
    }
    ZoneId zone = wallClock.getZone();
    long startMs = start(wallClock).toEpochMilli();
    Clock demoClock = Clock.fixed(java.time.Instant.ofEpochMilli(startMs), zone);

    SimulatedWearer source = new SimulatedWearer(scenario, pacer, options.truth());
    SessionSetup setup = new SessionSetup(options.settings(), source.scale(),
        PostureSetup.storedOrLearn(options.profile()),
        demoClock, options.controls());
    SessionRunner.Result run = SessionRunner.run(new SessionRunner.Spec(source, db, setup,
        "demo: " + source.describe(), options.consumers(), onError, 64), null);
    SessionSummary summary = run.summary();
    Pipeline pipeline = run.pipeline();
    long sessionId = run.sessionId();
    long endMs = startMs + Math.round(scenario.durationSeconds() * 1000) + 1000;
    Path chart = dir.resolve("daily-" + LocalDate.now(wallClock) + ".png");
    Path report;
    DayFigures figures;
    try (Store reader = Store.open(db)) {
      // the page a wearer reviews: the same report `slumpwatch report --demo --day` writes,
      // in the demo's own folder and titled as the demo's
      DayReport day = DayReport.load(reader, LocalDate.ofInstant(
          java.time.Instant.ofEpochMilli(startMs), zone), zone,
          pipeline.settings().slump().thresholdDeg());
      Reports.writeTimelinePng(day, "slumpwatch demo — flexion over the session", chart);
      report = Reports.writeDay(day, dir.resolve("reports"),
          new Reports.Options(true, options.dailyGoalScore()));
      figures = day.figures();
    }
    return new Result(summary, pipeline.samples(), chart, db, sessionId, startMs, endMs, source,
        pipeline, report, figures);
  }
}
