package dev.slumpwatch.cli;

import dev.slumpwatch.alert.AlertControls;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.pipeline.EventLog;
import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sensor.replay.Recording;
import dev.slumpwatch.sensor.replay.RecordingReader;
import dev.slumpwatch.sensor.replay.ReplaySampleSource;
import dev.slumpwatch.settings.EffectiveSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code slumpwatch replay}: a recording through the same pipeline as a live run. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Plays a recording (from 'slumpwatch record') through the same pipeline "
        + "as 'run'. Deterministic: times come from the sensor's timestamps, the session is "
        + "dated by the recording's start, so the same file always gives the same stored "
        + "results and alerts, at any speed.",
        "Results go to DATA_DIR/replay/NAME.db (replaced each time), never into the "
        + "wearer's history. The stored calibration is used if there is one, else the "
        + "recording's start is taken through the same guided calibration as 'run' (a "
        + "recording of a calibration replays to the same profile); a learnt one is shown, "
        + "never stored."})
public final class ReplayCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the recording")
  Path file;

  @CommandLine.ArgGroup(exclusive = true)
  Pace pace;

  static final class Pace {
    @Option(names = "--speed", paramLabel = "N",
        description = "recorded seconds per wall-clock second (default: 1, as recorded)")
    Double speed;

    @Option(names = "--max", description = "as fast as the machine goes")
    boolean max;
  }

  @Option(names = "--db", paramLabel = "FILE",
      description = "where to store the results (default: DATA_DIR/replay/NAME.db)")
  Path db;

  @Option(names = "--events", paramLabel = "FILE",
      description = "also write every event the pipeline produced as JSON lines (replacing "
          + "FILE): the session as a diffable log; see calibration/reference/README.md")
  Path events;

  @CommandLine.Mixin
  TextOptions text;

  @CommandLine.Mixin
  SettingsOption settingsOption;

  @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default",
      description = "the posture profile to use (default: ${DEFAULT-VALUE}); without a "
          + "stored one the recording's first seconds are taken as the guided calibration")
  String profile;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    double speed = 1;
    if (pace != null && pace.max) {
      speed = Double.POSITIVE_INFINITY;
    } else if (pace != null && pace.speed != null) {
      if (!(pace.speed > 0) || pace.speed.isInfinite()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--speed must be a positive number, not " + pace.speed);
      }
      speed = pace.speed;
    }
    Instant started;
    try (RecordingReader r = RecordingReader.open(file)) { // refuses a non-recording early
      started = parseStart(r.header().get("started"));
      Recording.protocolVersion(file, r.header()); // refuses an unknown protocol early
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException(file + ": no such file");
    }
    Path dir = main.ensureDataDir();
    Path database = db != null ? db : DataDir.createPrivate(dir.resolve("replay"))
        .resolve(file.getFileName().toString().replaceAll("\\.[^.]*$", "") + ".db");
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(Path.of(database + suffix));
    }
    EffectiveSettings settings = settingsOption.load(dir);
    PostureProfile stored;
    try {
      stored = CalibrationFile.load(dir, profile);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    ReplaySampleSource source = new ReplaySampleSource(file, new Pacer(speed, System::nanoTime),
        text.format(), m -> {
          out.println(m);
          out.flush();
        });
    SessionConsole console = new SessionConsole(out, false, ZoneId.systemDefault(), null,
        profile, null);
    ProgressBar bar = new ProgressBar(out, "replaying", Files.size(file), "bytes",
        ProgressBar.onTerminal(), System::nanoTime);
    Consumer<PipelineEvent> progress = e -> {
      if (e instanceof PipelineEvent.Second) {
        bar.update(source.payloadBytes());
      }
    };
    long t0 = System.nanoTime();
    SessionSetup setup = new SessionSetup(settings.pipeline(), source.scale(),
        PostureSetup.storedOrLearn(stored),
        Clock.fixed(started, ZoneId.systemDefault()), AlertControls.none());
    List<Consumer<PipelineEvent>> consumers = new ArrayList<>(List.of(console, progress));
    EventLog log = events == null ? null : EventLog.create(events);
    if (log != null) {
      consumers.add(log);
    }
    SessionRunner.Result r;
    try {
      r = SessionRunner.run(new SessionRunner.Spec(source, database, setup,
          "replay " + file.getFileName(), consumers, msg -> {
            out.println("slumpwatch: " + msg);
            out.flush();
          }, 1024), null);
    } finally {
      if (log != null) {
        log.close();
      }
    }
    bar.finish();
    double wall = (System.nanoTime() - t0) / 1e9;
    long samples = r.pipeline().samples();
    out.println();
    out.println(r.summary().format());
    out.println("link: " + source.link().stats().format());
    double sensorSeconds = r.pipeline().samples() == 0 ? 0
        : (r.pipeline().lastDeviceMicros() - r.pipeline().firstDeviceMicros()) / 1e6;
    out.printf(Locale.ROOT, "replayed %,d samples (%s of sensor time) in %.2f s "
        + "(%,.0f samples/s)%n", samples, DemoCommand.duration(sensorSeconds), wall,
        samples / Math.max(wall, 1e-9));
    out.println("database: " + database);
    if (log != null) {
      out.printf(Locale.ROOT, "events:   %s (%,d events)%n", log.file(), log.written());
    }
    out.flush();
    return 0;
  }

  static Instant parseStart(String s) throws IOException {
    if (s == null) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IOException("the recording's 'started' header is not an ISO instant: " + s);
    }
  }
}
