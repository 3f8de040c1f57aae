package dev.slumpwatch.cli;

import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.alert.Notifiers;
import dev.slumpwatch.pipeline.Monitor;
import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.posture.GuidedCalibration;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.protocol.DecoderStats;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import dev.slumpwatch.settings.EffectiveSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code slumpwatch run}: live monitoring from a serial port, headless. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Monitors posture live from the sensor on a serial port, headless, with a "
        + "one-line status on a terminal (plain lines, one per change, into a file, a pipe, "
        + "under nohup or systemd; it also runs in the background: run ... &). History goes "
        + "to DATA_DIR/slumpwatch.db. Stop with Ctrl-C.",
        "Without a stored calibration, the session starts with the guided calibration: sit "
        + "tall and hold still, then bend forward slowly about 30° and hold; each step waits "
        + "for you, and a step that fails says why and is tried again. Calibrate again at "
        + "any time with the key c (then Enter), or 'slumpwatch recalibrate' from "
        + "elsewhere."})
public final class RunCommand implements java.util.concurrent.Callable<Integer> {
  public static final String DATABASE = "slumpwatch.db";

  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", required = true, paramLabel = "PATH",
      description = "the sensor's serial port, e.g. /dev/ttyUSB0 (see 'slumpwatch ports')")
  String port;

  @Option(names = "--baud", defaultValue = "115200", paramLabel = "N",
      description = "baud rate (default: ${DEFAULT-VALUE})")
  int baud;

  @CommandLine.Mixin
  TextOptions text;

  @CommandLine.Mixin
  ProtocolOption protocol;

  @CommandLine.Mixin
  SettingsOption settingsOption;

  @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default",
      description = "the wearer's posture profile (default: ${DEFAULT-VALUE}); without a "
          + "stored one the session starts with the guided calibration and stores it")
  String profile;

  @Option(names = "--record", paramLabel = "FILE",
      description = "also record everything the sensor sends to FILE (as 'slumpwatch "
          + "record' does), for 'slumpwatch replay'; must not exist yet")
  Path record;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SerialSampleSource.Settings settings;
    try {
      settings = SerialSampleSource.Settings.of(port, baud, text.format(),
          protocol.version());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    try {
      CalibrationFile.checkName(profile);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Path dir = DataDir.ensure(main.dataDir());
    PostureProfile stored = CalibrationFile.load(dir, profile);
    PostureCalibration calibration = stored == null ? null : stored.upper();
    EffectiveSettings effective = settingsOption.load(dir);
    RecordingTap tap = null;
    if (record != null) {
      try {
        tap = RecordingTap.create(record, settings);
      } catch (IOException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    // a terminal gets the status line and the keys; a file, a pipe, nohup or systemd get
    // plain lines, one per change
    boolean terminal = Terminal.stdout();
    boolean keysRead = terminal && Terminal.stdin();
    String clear = terminal ? "\r\033[K" : "";
    java.util.function.Consumer<String> report = m -> {
      out.println(clear + "slumpwatch: " + m);
      out.flush();
    };
    Notifiers channels = Notifiers.open(effective.notifiers(), report);
    SerialSampleSource source = new SerialSampleSource(settings, System::nanoTime, m -> {
      out.println(clear + m);
      out.flush();
    }, tap);
    SessionConsole console = new SessionConsole(out, terminal, ZoneId.systemDefault(), dir,
        profile, keysRead ? "press c then Enter, or run 'slumpwatch recalibrate'"
        : "run 'slumpwatch recalibrate'");
    ConsoleKeys keys = new ConsoleKeys(dir, Clock.systemDefaultZone(), report);
    out.printf("slumpwatch run: %s at %d baud; history in %s%s%s%n", port, baud,
        dir.resolve(DATABASE), calibration == null ? "" : "; using the stored calibration of "
        + "profile '" + profile + "'" + (stored.lower() != null ? " (two sensors)" : ""),
        record == null ? "" : "; recording to " + record);
    if (keysRead) {
      out.println(ConsoleKeys.HELP);
      keys.start(System.in, Terminal::foreground);
    } else {
      out.println("not a terminal: no status line and no keys; 'slumpwatch ack', 'snooze', "
          + "'pain' and 'recalibrate' reach this monitor from elsewhere");
    }
    out.flush();

    AtomicReference<Monitor> monitor = new AtomicReference<>();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      Monitor m = monitor.get();
      if (m != null) {
        m.stop();
      }
      try {
        finished.await(5, TimeUnit.SECONDS); // let the store write the last second
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "slumpwatch-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "slumpwatch-status");
      t.setDaemon(true);
      return t;
    });
    if (terminal) {
      status.scheduleAtFixedRate(() -> {
        out.print("\r\033[K" + statusLine(source, console.last, console.calibrating()));
        out.flush();
      }, 1, 1, TimeUnit.SECONDS);
    }
    try {
      SessionSetup setup = new SessionSetup(effective.pipeline(), source.scale(),
          PostureSetup.storedOrLearn(stored), Clock.systemDefaultZone(),
          new ControlFile(dir, report));
      SessionRunner.Result r = SessionRunner.run(new SessionRunner.Spec(source,
          dir.resolve(DATABASE), setup, "serial " + port,
          List.of(console, new NotifierListener(channels), keys), report, 1024),
          monitor::set);
      status.shutdownNow();
      out.print(clear);
      out.println(r.summary().format());
      out.println("link: " + source.link().stats().format() + "; " + source.droppedSamples()
          + " dropped at the hand-off; " + source.reconnects() + " reconnection"
          + (source.reconnects() == 1 ? "" : "s")
          + (record == null ? "" : "; recorded to " + record));
      out.flush();
    } finally {
      status.shutdownNow();
      channels.close();
      if (tap != null) {
        tap.close();
      }
      finished.countDown();
    }
    return 0;
  }

  static String statusLine(SerialSampleSource source, PostureSecond s,
      GuidedCalibration.Progress calibrating) {
    DecoderStats st = source.link() == null ? DecoderStats.ZERO : source.link().stats();
    return String.format(Locale.ROOT, "%s | %s | %,d samples%s%s", source.connected()
        ? "connected" : "not connected", SessionConsole.posture(s, calibrating), st.samples(),
        st.hasProblems() ? String.format(Locale.ROOT, " | %d CRC, %d malformed, %d missing",
        st.crcErrors(), st.malformed(), st.sequenceGaps()) : "", source.droppedSamples() > 0
        ? " | " + source.droppedSamples() + " dropped (processing behind)" : "");
  }
}
