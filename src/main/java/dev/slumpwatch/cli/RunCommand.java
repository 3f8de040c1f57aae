package dev.slumpwatch.cli;

import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.alert.Notifiers;
import dev.slumpwatch.pipeline.Listeners;
import dev.slumpwatch.pipeline.Monitor;
import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.protocol.DecoderStats;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import dev.slumpwatch.settings.EffectiveSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slumpwatch run}: live monitoring from a serial port, headless. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Monitors posture live from the sensor on a serial port, headless, with a "
        + "one-line status. History goes to DATA_DIR/slumpwatch.db. Stop with Ctrl-C.",
        "Without a stored calibration, the session starts with a guided calibration: sit "
        + "tall and hold still, then bend forward slowly about 30° and hold."})
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
    java.util.function.Consumer<String> report = m -> {
      out.println("\r\033[Kslumpwatch: " + m);
      out.flush();
    };
    Notifiers channels = Notifiers.open(effective.notifiers(), report);
    SerialSampleSource source = new SerialSampleSource(settings, System::nanoTime, m -> {
      out.print("\r\033[K");
      out.println(m);
      out.flush();
    }, null);
    SessionConsole console = new SessionConsole(out, calibration == null, dir, profile);
    ConsoleKeys keys = new ConsoleKeys(dir, Clock.systemDefaultZone(), report);
    out.printf("slumpwatch run: %s at %d baud; history in %s%s%n", port, baud,
        dir.resolve(DATABASE), calibration == null ? "" : "; using the stored calibration of "
        + "profile '" + profile + "'" + (stored.lower() != null ? " (two sensors)" : ""));
    if (System.console() != null) {
      out.println(ConsoleKeys.HELP);
      keys.start(System.in);
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
    status.scheduleAtFixedRate(() -> {
      out.print("\r\033[K" + statusLine(source, console.last, console.liveFlexionDeg));
      out.flush();
    }, 1, 1, TimeUnit.SECONDS);
    try {
      SessionRunner.Result r = SessionRunner.run(new SessionRunner.Spec(source,
          dir.resolve(DATABASE), Clock.systemDefaultZone(), "serial " + port, calibration,
          SessionConsole.GUIDED,
          Listeners.of(console, new NotifierListener(channels), keys), report, 1024,
          effective.pipeline(), new ControlFile(dir, report)).withProfile(stored),
          monitor::set);
      status.shutdownNow();
      out.println();
      out.println(r.summary().format());
      out.println("link: " + source.link().stats().format() + "; " + source.droppedSamples()
          + " dropped at the hand-off; " + source.reconnects() + " reconnections");
      out.flush();
    } finally {
      status.shutdownNow();
      channels.close();
      finished.countDown();
    }
    return 0;
  }

  /**
   * @param s the latest posture row (known or not, slumped, activity: the smoother's lag
   *     behind)
   * @param liveFlexionDeg the causal filter's flexion at the last live second, shown when
   *     the posture is known (the row's mean when it is NaN)
   */
  static String statusLine(SerialSampleSource source, PostureSecond s, double liveFlexionDeg) {
    DecoderStats st = source.link() == null ? DecoderStats.ZERO : source.link().stats();
    String posture = s == null ? "waiting for data"
        : Double.isNaN(s.flexionMeanDeg()) ? "posture unknown (" + s.activity() + ")"
        : String.format(Locale.ROOT, "flexion %5.1f°%s, %s", Double.isNaN(liveFlexionDeg)
            ? s.flexionMeanDeg() : liveFlexionDeg, s.slumped() ? " SLUMPED" : "",
            s.activity());
    return String.format(Locale.ROOT, "%s | %s | %,d samples%s%s", source.connected()
        ? "connected" : "DISCONNECTED", posture, st.samples(), st.hasProblems()
        ? String.format(Locale.ROOT, " | %d CRC, %d malformed, %d missing", st.crcErrors(),
        st.malformed(), st.sequenceGaps()) : "", source.droppedSamples() > 0
        ? " | " + source.droppedSamples() + " dropped (processing behind)" : "");
  }
}
