package dev.slumpwatch.cli;

import dev.slumpwatch.alert.ConsoleNotifier;
import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.alert.Notifiers;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.report.Summaries;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.settings.EffectiveSettings;
import dev.slumpwatch.settings.SettingsFile;
import dev.slumpwatch.sim.Scenario;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code slumpwatch demo}: the whole pipeline on the built-in simulated wearer. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs a simulated two-hour desk session through the real pipeline: "
        + "calibration, flexion, slump episodes, alerts, the store and the daily chart.",
        "Its data goes to DATA_DIR/demo/, apart from any real wearer's history."})
public final class DemoCommand implements Callable<Integer> {
  /** Default compression: the two-hour scenario in about 20 s. */
  public static final double DEFAULT_SPEED = 360;

  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.ArgGroup(exclusive = true)
  Pace pace;

  static final class Pace {
    @Option(names = "--speed", paramLabel = "N",
        description = "sensor seconds per wall-clock second (default: " + DEFAULT_SPEED + ")")
    Double speed;

    @Option(names = "--realtime", description = "run at the wearer's pace (same as --speed 1)")
    boolean realtime;

    @Option(names = "--max", description = "as fast as the machine goes")
    boolean max;
  }

  @Option(names = "--scenario", paramLabel = "NAME|FILE", defaultValue = "desk-2h",
      description = "a built-in scenario name or a scenario file (default: ${DEFAULT-VALUE})")
  String scenarioName;

  @Option(names = "--settings", paramLabel = "FILE",
      description = "a settings file (default: the built-in defaults, so every demo run "
          + "prints the same prompts)")
  Path settingsFile;

  @Option(names = "--seed", paramLabel = "N",
      description = "another seed: another clip orientation, other noise and gyro bias")
  Long seed;

  @Option(names = "--profile", paramLabel = "NAME",
      description = "use this simulated wearer's profile (DATA_DIR/demo/profiles/NAME) "
          + "instead of the scenario's calibration steps; make one with 'calibrate posture "
          + "--source sim --seed N --profile NAME' for the same seed (the seed decides how "
          + "the simulated clip sits)")
  String profile;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    double speed = speed();
    Scenario scenario = loadScenario(scenarioName);
    if (seed != null) {
      scenario = scenario.withSeed(seed);
    }
    Path dir = main.ensureDataDir().resolve(CalibratePostureCommand.SIMULATED_PROFILES);
    PostureProfile stored = null;
    if (profile != null) {
      try {
        stored = CalibrationFile.load(dir, profile);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      if (stored == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no posture profile '"
            + profile + "' in " + CalibrationFile.pathFor(dir, profile)
            + ": make one with 'slumpwatch calibrate posture --source sim --profile "
            + profile + "'");
      }
    }
    out.printf(Locale.ROOT, "slumpwatch demo: simulated wearer, scenario '%s' (%s of sensor "
        + "time, seed %d, clip at a %s orientation)%n", scenario.name(),
        duration(scenario.durationSeconds()), scenario.seed(),
        scenario.mount().random() ? "random" : "given");
    out.printf(Locale.ROOT, "running %s; data in %s%n%n", speed == Double.POSITIVE_INFINITY
        ? "as fast as possible" : String.format(Locale.ROOT, "at %.0fx", speed), dir);
    out.flush();

    EffectiveSettings settings = settingsFile == null ? EffectiveSettings.defaults()
        : SettingsFile.load(settingsFile);
    java.util.function.Consumer<String> say = m -> {
      out.println("slumpwatch: " + m);
      out.flush();
    };
    Notifiers channels = Notifiers.open(settings.notifiers(), say);
    ConsoleNotifier console = new ConsoleNotifier(out, ZoneId.systemDefault());
    // the keys act on the demo's own controls, which start afresh, on the demo's time
    Files.createDirectories(dir);
    for (String name : new String[] {ControlFile.NAME, ControlFile.RED_FLAGS_NAME,
        ControlFile.TWISTS_NAME}) {
      Files.deleteIfExists(dir.resolve(name));
    }
    AtomicLong demoSecond = new AtomicLong();
    ConsoleKeys keys = new ConsoleKeys(dir, new SessionTimeClock(
        DemoRun.start(Clock.systemDefaultZone()), ZoneId.systemDefault(), demoSecond::get),
        say);
    boolean keysRead = Terminal.stdin() && Terminal.stdout();
    if (keysRead) {
      out.println(ConsoleKeys.HELP);
      out.println();
      keys.start(System.in, Terminal::foreground);
    }
    // the calibration's steps as 'run' shows them (no live countdown: the demo runs fast)
    CalibrationLines calibration = new CalibrationLines(out, false,
        keysRead ? "press c then Enter" : null, (upper, lower) -> "");
    Consumer<PipelineEvent> printer = event -> {
      calibration.accept(event);
      if (event instanceof PipelineEvent.SessionStarted s) {
        console.sessionStarted(s.startedMs());
      } else if (event instanceof PipelineEvent.Second s) {
        demoSecond.set(s.second().second() + 1);
      } else if (event instanceof PipelineEvent.Acknowledged k) {
        console.acknowledged(k.alert(), k.ack());
      } else if (event instanceof PipelineEvent.AlertFired a) {
        console.notify(a.alert());
        channels.notify(a.alert());
      } else if (event instanceof PipelineEvent.AlertDecided d) {
        console.outcome(d.alert(), d.outcome());
      }
    };
    long wallStart = System.nanoTime();
    DemoRun.Result r;
    try {
      r = DemoRun.run(scenario, new Pacer(speed, System::nanoTime), dir,
          Clock.systemDefaultZone(), say, DemoRun.Options.DEFAULTS
              .withSettings(settings.pipeline()).withControls(new ControlFile(dir, say))
              .withProfile(stored).withConsumers(List.of(printer, keys))
              .withDailyGoalScore(settings.coaching().dailyGoalScore()));
    } finally {
      channels.close();
    }
    double wall = (System.nanoTime() - wallStart) / 1e9;
    out.println();
    // the figures as the day's report counts them, read back from the demo's store (the
    // pipeline's own tally, SessionSummary, counts slump time the same way but is not what
    // the report, the trends and the export read)
    out.println(Summaries.demo(r.figures(), settings.coaching().dailyGoalScore()));
    out.printf(Locale.ROOT, "%nran %s of sensor time in %.1f s (%.0f samples/s)%n",
        duration(scenario.durationSeconds()), wall, r.samples() / wall);
    out.println("chart:    " + r.chart());
    out.println("report:   " + r.report());
    out.println("database: " + r.database());
    out.flush();
    return 0;
  }

  private double speed() {
    if (pace == null) {
      return DEFAULT_SPEED;
    }
    if (pace.realtime) {
      return 1;
    }
    if (pace.max) {
      return Double.POSITIVE_INFINITY;
    }
    if (!(pace.speed > 0) || pace.speed.isInfinite()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--speed must be a positive number, not " + pace.speed);
    }
    return pace.speed;
  }

  static Scenario loadScenario(String nameOrFile) throws Exception {
    Path p = Path.of(nameOrFile);
    if (nameOrFile.contains("/") || nameOrFile.endsWith(".scenario")) {
      return Scenario.parse(p);
    }
    return Scenario.builtIn(nameOrFile);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s / 60) % 60);
    }
    return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
  }
}
