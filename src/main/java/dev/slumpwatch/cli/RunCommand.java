package dev.slumpwatch.cli;

import com.pi4j.context.Context;
import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.alert.Notifiers;
import dev.slumpwatch.pipeline.Monitor;
import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.protocol.DecoderStats;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.sensor.pi.PiButton;
import dev.slumpwatch.sensor.pi.PiI2cSampleSource;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import dev.slumpwatch.settings.EffectiveSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
        + "this Raspberry Pi's I2C bus (--source pi-i2c), headless, with a one-line status. "
        + "History goes to DATA_DIR/slumpwatch.db. Stop with Ctrl-C (or systemctl stop).",
        "Without a stored calibration, the session starts with a guided calibration: sit "
        + "tall and hold still, then bend forward slowly about 30° and hold (with the "
        + "vibration motor, each step is a pattern; see alert/PulsePattern)."})
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

  @Override
  public Integer call() throws Exception {
    sources.requirePortOrSource(source, null);
    PrintWriter out = spec.commandLine().getOut();
    // on a terminal the status line is redrawn in place each second; in a log (systemd's
    // journal) it is a plain line every minute, and nothing carries control characters
    boolean tty = System.console() != null;
    String clear = tty ? SessionConsole.CLEAR_LINE : "";
    // the options are checked before anything is opened
    SerialSampleSource serial = sources.port != null
        ? sources.openSerial(SourceOptions.overStatusLine(out, clear), protocol) : null;
    PiI2cSampleSource.Settings piSettings = serial == null ? sources.piSettings(true) : null;
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
    Context pi4j = sources.port == null ? main.pi4j() : null;
    try {
      return monitor(out, dir, stored, effective, serial, pi4j == null ? null
          : new PiI2cSampleSource(piSettings, pi4j, System::nanoTime, null,
          SourceOptions.overStatusLine(out, clear)), pi4j, tty);
    } finally {
      if (pi4j != null) {
        pi4j.shutdown();
      }
    }
  }

  /**
   * What a long press of the Pi's button asks for. Recalibration on request does not exist
   * yet: issue 14 adds it ({@code slumpwatch recalibrate} and an entry point into the
   * running pipeline), and this is where it is to be wired. Until then the wearer is told
   * how to calibrate again.
   */
  static Runnable recalibrationRequest(Consumer<String> report) {
    return () -> report.accept("button: long press — recalibrating on request is not "
        + "available yet; to calibrate again, stop the monitor and run 'slumpwatch calibrate "
        + "posture --source pi-i2c'");
  }

  private int monitor(PrintWriter out, Path dir, PostureProfile stored,
      EffectiveSettings effective, SerialSampleSource serial, PiI2cSampleSource pi,
      Context pi4j, boolean tty) throws Exception {
    String clear = tty ? SessionConsole.CLEAR_LINE : "";
    PostureCalibration calibration = stored == null ? null : stored.upper();
    Consumer<String> report = m -> {
      out.println(clear + "slumpwatch: " + m);
      out.flush();
    };
    Notifiers channels = Notifiers.open(effective.notifiers(), pi4j, report);
    SampleSource source = serial != null ? serial : pi;
    SessionConsole console = new SessionConsole(out, calibration == null, dir, profile, tty);
    ConsoleKeys keys = new ConsoleKeys(dir, Clock.systemDefaultZone(), report);
    out.printf("slumpwatch run: %s; history in %s%s%n", serial != null ? sources.port + " at "
        + sources.baud + " baud" : pi.describe(),
        dir.resolve(DATABASE), calibration == null ? "" : "; using the stored calibration of "
        + "profile '" + profile + "'" + (stored.lower() != null ? " (two sensors)" : ""));
    if (tty) {
      out.println(ConsoleKeys.HELP);
      keys.start(System.in);
    }
    out.flush();

    ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "slumpwatch-status");
      t.setDaemon(true);
      return t;
    });
    PiButton button = pi4j != null ? openButton(pi4j, effective.button(), dir, channels, report,
        status) : null;
    AtomicReference<Monitor> monitor = new AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean stopAsked =
        new java.util.concurrent.atomic.AtomicBoolean();
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
    long statusSeconds = tty ? 1 : 60;
    status.scheduleAtFixedRate(() -> {
      String line = serial != null ? statusLine(serial, console.last)
          : statusLine(pi, console.last);
      if (tty) {
        out.print(clear + line);
      } else {
        out.println(line);
      }
      out.flush();
    }, statusSeconds, statusSeconds, TimeUnit.SECONDS);
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
          PostureSetup.storedOrLearn(stored, SessionConsole.GUIDED), Clock.systemDefaultZone(),
          new ControlFile(dir, report));
      SessionRunner.Result r = SessionRunner.run(new SessionRunner.Spec(source,
          dir.resolve(DATABASE), setup, serial != null ? "serial " + sources.port
          : pi.describe(), List.of(console, new NotifierListener(channels), keys,
          new CalibrationCues(channels::cue, SessionConsole.GUIDED, stored == null)),
          report, 1024),
          m -> {
            monitor.set(m);
            if (stopAsked.get()) {
              m.stop(); // a signal came before the monitor existed
            }
          });
      status.shutdownNow();
      out.println();
      out.println(r.summary().format());
      if (serial != null) {
        out.println("link: " + serial.link().stats().format() + "; "
            + serial.droppedSamples() + " dropped at the hand-off; " + serial.reconnects()
            + " reconnections");
      } else {
        out.println("i2c: " + String.format(Locale.ROOT, "%,d", pi.samplesRead())
            + " samples; " + pi.overflows() + " FIFO overflows; " + pi.reconnects()
            + " reconnections");
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
      Notifiers channels, Consumer<String> report, ScheduledExecutorService ticker) {
    if (!settings.enabled()) {
      return null;
    }
    try {
      PiButton b = new PiButton(pi4j.create(PiButton.config(pi4j, settings.bcmPin())), settings,
          System::nanoTime, new ButtonControls(dir, Clock.systemDefaultZone(),
          Duration.ofMinutes(settings.snoozeMinutes()), recalibrationRequest(report),
          channels::cue, report), report);
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

  static String statusLine(PiI2cSampleSource source, PostureSecond s) {
    return String.format(Locale.ROOT, "%s%s | %s | %,d samples%s", source.connected()
        ? "connected" : "NO SENSOR", source.lowerConnected() ? " (2 sensors)" : "", posture(s),
        source.samplesRead(), source.overflows() > 0 ? " | " + source.overflows()
        + " FIFO overflows" : "");
  }

  private static String posture(PostureSecond s) {
    return s == null ? "waiting for data"
        : Double.isNaN(s.flexionMeanDeg()) ? "posture unknown (" + s.activity() + ")"
        : String.format(Locale.ROOT, "flexion %5.1f°%s, %s", s.flexionMeanDeg(),
            s.slumped() ? " SLUMPED" : "", s.activity());
  }

  static String statusLine(SerialSampleSource source, PostureSecond s) {
    DecoderStats st = source.link() == null ? DecoderStats.ZERO : source.link().stats();
    String posture = posture(s);
    return String.format(Locale.ROOT, "%s | %s | %,d samples%s%s", source.connected()
        ? "connected" : "DISCONNECTED", posture, st.samples(), st.hasProblems()
        ? String.format(Locale.ROOT, " | %d CRC, %d malformed, %d missing", st.crcErrors(),
        st.malformed(), st.sequenceGaps()) : "", source.droppedSamples() > 0
        ? " | " + source.droppedSamples() + " dropped (processing behind)" : "");
  }
}
