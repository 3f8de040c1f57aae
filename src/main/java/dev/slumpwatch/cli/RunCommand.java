package dev.slumpwatch.cli;

import com.pi4j.context.Context;
import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.alert.Notifiers;
import dev.slumpwatch.pipeline.Monitor;
import dev.slumpwatch.pipeline.MonitorLock;
import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.posture.GuidedCalibration;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.protocol.DecoderStats;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.sensor.pi.PiButton;
import dev.slumpwatch.sensor.pi.PiI2cSampleSource;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import dev.slumpwatch.settings.EffectiveSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code slumpwatch run}: live monitoring, headless, from the sensor on a serial port or
 * ({@code --source pi-i2c}) on the Raspberry Pi's own I2C bus; there the push button
 * ({@code button.pin}) acknowledges, snoozes and asks to recalibrate, and the vibration
 * motor leads the guided calibration.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Monitors posture live from the sensor on a serial port (--port) or on "
        + "this Raspberry Pi's I2C bus (--source pi-i2c), headless, with a one-line status "
        + "on a terminal (plain lines, one per change, into a file, a pipe, under nohup or "
        + "systemd; it also runs in the background: run ... &). History goes to "
        + "DATA_DIR/slumpwatch.db. Stop with Ctrl-C (or systemctl stop).",
        "Without a stored calibration, the session starts with the guided calibration: sit "
        + "tall and hold still, then bend forward slowly about 30° and hold; each step waits "
        + "for you, and a step that fails says why and is tried again (with the vibration "
        + "motor, each step is a pattern; see alert/PulsePattern). Calibrate again at any "
        + "time with the key c (then Enter), 'slumpwatch recalibrate' from elsewhere, or "
        + "the Pi's button held 2 s."})
public final class RunCommand implements java.util.concurrent.Callable<Integer> {
  public static final String DATABASE = "slumpwatch.db";

  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin
  SourceOptions sources;

  @Option(names = "--source", paramLabel = "NAME",
      description = "instead of a port: 'pi-i2c', the MPU-6050 on this Raspberry Pi's I2C bus "
          + "(--bus, --address; a second one at the other address is the lower back)")
  String source;

  @CommandLine.Mixin
  ProtocolOption protocol;

  @CommandLine.Mixin
  SettingsOption settingsOption;

  @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default",
      description = "the wearer's posture profile (default: ${DEFAULT-VALUE}); without a "
          + "stored one the session starts with the guided calibration and stores it")
  String profile;

  @Option(names = "--seconds", paramLabel = "N",
      description = "stop after N seconds, as Ctrl-C would (default: until Ctrl-C)")
  Double seconds;

  @Option(names = "--record", paramLabel = "FILE",
      description = "also record everything the sensor sends to FILE (as 'slumpwatch "
          + "record' does), for 'slumpwatch replay'; must not exist yet (serial ports only)")
  Path record;

  @Override
  public Integer call() throws Exception {
    sources.requirePortOrSource(source, null);
    PrintWriter out = spec.commandLine().getOut();
    // a terminal gets the status line and the keys; a file, a pipe, nohup or systemd get
    // plain lines, one per change, and nothing carries control characters
    boolean terminal = Terminal.stdout();
    boolean keysRead = terminal && Terminal.stdin();
    String clear = terminal ? SessionConsole.CLEAR_LINE : "";
    // the options are checked before anything is opened
    SerialSampleSource.Settings serialSettings = sources.port != null
        ? sources.serialSettings(protocol) : null;
    PiI2cSampleSource.Settings piSettings = serialSettings == null
        ? sources.piSettings(true) : null;
    if (record != null && serialSettings == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--record records a "
          + "serial port; the Pi's I2C sensor is read register by register, not recorded");
    }
    try {
      CalibrationFile.checkName(profile);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (seconds != null && !(seconds > 0 && seconds < 1e9)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--seconds must be a positive number, not " + seconds);
    }
    Path dir = main.ensureDataDir();
    PostureProfile stored = CalibrationFile.load(dir, profile);
    EffectiveSettings effective = settingsOption.load(dir);
    RecordingTap tap = null;
    if (record != null) {
      try {
        tap = RecordingTap.create(record, serialSettings);
      } catch (IOException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    // one monitor per data directory: refused here, before the sensor is opened
    MonitorLock lock;
    try {
      lock = MonitorLock.acquire(dir, "run", serialSettings != null ? "serial "
          + sources.port : "pi-i2c");
    } catch (Exception e) {
      if (tap != null) {
        tap.close();
      }
      throw e;
    }
    Context pi4j = null;
    try {
      pi4j = serialSettings == null ? main.pi4j() : null;
      SerialSampleSource serial = serialSettings == null ? null
          : new SerialSampleSource(serialSettings, System::nanoTime,
              SourceOptions.overStatusLine(out, clear), tap);
      PiI2cSampleSource pi = pi4j == null ? null
          : new PiI2cSampleSource(piSettings, pi4j, System::nanoTime, null,
              SourceOptions.overStatusLine(out, clear));
      return monitor(out, dir, stored, effective, serial, pi, pi4j, terminal, keysRead);
    } finally {
      if (tap != null) {
        tap.close();
      }
      if (pi4j != null) {
        pi4j.shutdown();
      }
      lock.close();
    }
  }

  private int monitor(PrintWriter out, Path dir, PostureProfile stored,
      EffectiveSettings effective, SerialSampleSource serial, PiI2cSampleSource pi,
      Context pi4j, boolean terminal, boolean keysRead) throws Exception {
    String clear = terminal ? SessionConsole.CLEAR_LINE : "";
    PostureCalibration calibration = stored == null ? null : stored.upper();
    Consumer<String> report = m -> {
      out.println(clear + "slumpwatch: " + m);
      out.flush();
    };
    Notifiers channels = Notifiers.open(effective.notifiers(), pi4j, report);
    SampleSource source = serial != null ? serial : pi;
    SessionConsole console = new SessionConsole(out, terminal, ZoneId.systemDefault(), dir,
        profile, keysRead ? "press c then Enter, or run 'slumpwatch recalibrate'"
        : pi != null ? "hold the button 2 s, or run 'slumpwatch recalibrate'"
        : "run 'slumpwatch recalibrate'");
    ConsoleKeys keys = new ConsoleKeys(dir, Clock.systemDefaultZone(), report);
    out.printf("slumpwatch run: %s; history in %s%s%s%n", serial != null ? sources.port
        + " at " + sources.baud + " baud" : pi.describe(), dir.resolve(DATABASE),
        calibration == null ? "" : "; using the stored calibration of profile '" + profile
        + "'" + (stored.lower() != null ? " (two sensors)" : ""),
        record == null ? "" : "; recording to " + record);
    if (keysRead) {
      out.println(ConsoleKeys.HELP);
      keys.start(System.in, Terminal::foreground);
    } else {
      out.println("not a terminal: no status line and no keys; 'slumpwatch ack', 'snooze', "
          + "'pain' and 'recalibrate' reach this monitor from elsewhere");
    }
    out.flush();

    ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "slumpwatch-status");
      t.setDaemon(true);
      return t;
    });
    AtomicReference<Monitor> monitor = new AtomicReference<>();
    // the button's long press asks the running session itself to calibrate again
    Runnable recalibrate = () -> {
      Monitor m = monitor.get();
      if (m != null) {
        m.requestCalibration("asked for by the button");
      }
    };
    PiButton button = pi4j != null ? openButton(pi4j, effective.button(), dir, channels, report,
        status, recalibrate) : null;
    AtomicBoolean stopAsked = new AtomicBoolean();
    // SIGTERM and Ctrl-C stop the session like the end of its source: summary, exit 0
    StopSignals.install(() -> {
      stopAsked.set(true);
      Monitor m = monitor.get();
      if (m != null) {
        m.stop();
      }
    }, report);
    CountDownLatch finished = new CountDownLatch(1);
    // other ways out of the JVM (SIGHUP, or where the signals cannot be handled)
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
    if (terminal) {
      status.scheduleAtFixedRate(() -> {
        out.print(clear + (serial != null
            ? statusLine(serial, console.last, console.calibrating())
            : statusLine(pi, console.last, console.calibrating())));
        out.flush();
      }, 1, 1, TimeUnit.SECONDS);
    }
    if (seconds != null) {
      status.schedule(() -> {
        Monitor m = monitor.get();
        if (m != null) {
          m.stop();
        }
      }, Math.round(seconds * 1000), TimeUnit.MILLISECONDS);
    }
    // sharing with a clinic server, if the wearer turned it on: a thread of its own
    dev.slumpwatch.clinic.SyncDaemon sync = dev.slumpwatch.clinic.SyncDaemon.startIfEnabled(
        dir.resolve(DATABASE), dev.slumpwatch.clinic.SyncDaemon.Settings.DEFAULTS,
        Clock.systemDefaultZone(), report);
    try {
      SessionSetup setup = new SessionSetup(effective.pipeline(), source.scale(),
          PostureSetup.storedOrLearn(stored), Clock.systemDefaultZone(),
          new ControlFile(dir, report));
      SessionRunner.Result r = SessionRunner.run(new SessionRunner.Spec(source,
          dir.resolve(DATABASE), setup, serial != null ? "serial " + sources.port
          : pi.describe(), List.of(console, new NotifierListener(channels), keys,
          new CalibrationCues(channels::cue)), report, 1024),
          m -> {
            monitor.set(m);
            if (stopAsked.get()) {
              m.stop(); // a signal came before the monitor existed
            }
          });
      status.shutdownNow();
      out.print(clear);
      out.println(r.summary().format());
      long reconnects = serial != null ? serial.reconnects() : pi.reconnects();
      String again = reconnects + " reconnection" + (reconnects == 1 ? "" : "s");
      if (serial != null) {
        out.println("link: " + serial.link().stats().format() + "; "
            + serial.droppedSamples() + " dropped at the hand-off; " + again
            + (record == null ? "" : "; recorded to " + record));
      } else {
        out.println("i2c: " + String.format(Locale.ROOT, "%,d", pi.samplesRead())
            + " samples; " + pi.overflows() + " FIFO overflows; " + again);
      }
      out.flush();
    } finally {
      status.shutdownNow();
      if (button != null) {
        button.close();
      }
      channels.close();
      if (sync != null) {
        // what is still queued goes with the next session, or with 'slumpwatch sync now'
        sync.close(java.time.Duration.ofSeconds(5));
      }
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook is running
      }
    }
    return 0;
  }

  /** The push button, if {@code button.pin} names one; null (with a reason) if it cannot be. */
  private PiButton openButton(Context pi4j, PiButton.Settings settings, Path dir,
      Notifiers channels, Consumer<String> report, ScheduledExecutorService ticker,
      Runnable recalibrate) {
    if (!settings.enabled()) {
      return null;
    }
    try {
      PiButton b = new PiButton(pi4j.create(PiButton.config(pi4j, settings.bcmPin())), settings,
          System::nanoTime, new ButtonControls(dir, Clock.systemDefaultZone(),
          Duration.ofMinutes(settings.snoozeMinutes()), recalibrate, channels::cue, report),
          report);
      b.start(ticker);
      report.accept("button on GPIO " + settings.bcmPin() + ": press to acknowledge, hold "
          + settings.longPressSeconds() + " s to recalibrate, press twice to snooze "
          + settings.snoozeMinutes() + " min");
      return b;
    } catch (RuntimeException | LinkageError e) {
      report.accept("button off: GPIO pin " + settings.bcmPin() + " cannot be read: "
          + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return null;
    }
  }

  static String statusLine(PiI2cSampleSource source, PostureSecond s,
      GuidedCalibration.Progress calibrating) {
    return String.format(Locale.ROOT, "%s%s | %s | %,d samples%s", source.connected()
        ? "connected" : "no sensor", source.lowerConnected() ? " (2 sensors)" : "",
        SessionConsole.posture(s, calibrating), source.samplesRead(), source.overflows() > 0
        ? " | " + source.overflows() + " FIFO overflows" : "");
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
