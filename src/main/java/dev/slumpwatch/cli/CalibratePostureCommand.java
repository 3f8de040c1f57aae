package dev.slumpwatch.cli;

import com.pi4j.context.Context;
import dev.slumpwatch.alert.Cue;
import dev.slumpwatch.alert.Notifiers;
import dev.slumpwatch.alert.VibrationNotifier;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.pipeline.Pipeline;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.posture.GuidedCalibration;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.sensor.pi.PiI2cSampleSource;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import dev.slumpwatch.settings.EffectiveSettings;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code calibrate posture}: the guided posture calibration, stored as a wearer's profile.
 * The very calibration {@code run} and {@code replay} do at their start: the samples go
 * through the {@link Pipeline}, whose {@link GuidedCalibration} is paced by the wearer and
 * timed by the sensor's clock; the terminal shows the step, a countdown, the live angle
 * from neutral, and why a step was not taken (it is then tried again by itself).
 *
 * <p>With {@code --source sim} the profile is the simulated wearer's: it goes to the demo's
 * own folder ({@code DATA_DIR/demo/profiles}), for {@code demo --profile}, and never
 * replaces a real wearer's profile.
 */
@Command(name = "posture", mixinStandardHelpOptions = true,
    description = {"Guided posture calibration: sit tall and hold still for 5 s, then bend "
        + "forward slowly about 30° and hold 3 s. Each step waits for you; a step that "
        + "fails says why and is tried again (up to 3 times). Learns your neutral and "
        + "which way is forward for the sensor (and for a second sensor on the lower back, "
        + "if connected), and stores them as a profile in DATA_DIR/profiles/NAME.properties "
        + "for 'run' and 'replay' (--profile NAME).",
        "--quick: only the first step; the forward direction is taken from the documented "
            + "mounting (board flat on the back, component side out; see "
            + "calibration/README.md).",
        "--source sim: the simulated wearer; its profile goes to DATA_DIR/demo/profiles, "
            + "for 'demo --profile NAME', never to a real wearer's profiles.",
        "--source pi-i2c: the MPU-6050(s) on this Raspberry Pi's I2C bus; the steps are also "
            + "given by the vibration motor when notify.channels has 'vibration'."})
final class CalibratePostureCommand implements Callable<Integer> {
  /** Where a simulated wearer's profiles go, under the data directory: the demo's folder. */
  static final String SIMULATED_PROFILES = "demo";

  @CommandLine.ParentCommand
  CalibrateCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin
  SourceOptions sources;

  @CommandLine.Mixin
  SettingsOption settingsOption;

  @Option(names = "--source", paramLabel = "NAME",
      description = "instead of a port: 'pi-i2c', the MPU-6050(s) on this Raspberry Pi's I2C "
          + "bus (--bus, --address), the steps then also given by the vibration motor if "
          + "notify.channels has 'vibration'; or 'sim', the simulated wearer (a demonstration)")
  String source;

  @Option(names = "--seed", defaultValue = "42",
      description = "sim: the seed, which decides how the clip sits (default: "
          + "${DEFAULT-VALUE}, as the demo's desk-2h)")
  long seed;

  @Option(names = "--scenario", paramLabel = "NAME|FILE", defaultValue = "calibrate-posture",
      description = "sim: what the simulated wearer does (default: ${DEFAULT-VALUE})")
  String scenarioName;

  @Option(names = "--speed", defaultValue = "1", paramLabel = "N",
      description = "sim: sensor seconds per wall-clock second (default: ${DEFAULT-VALUE})")
  double speed;

  @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default",
      description = "the wearer's profile to store (default: ${DEFAULT-VALUE})")
  String profile;

  @Option(names = "--quick", description = "one step only (neutral); forward from the "
      + "documented clip mounting")
  boolean quick;

  @Option(names = "--mounting", paramLabel = "any|clip",
      description = "'clip': the sensor is mounted as documented (board flat on the back, "
          + "component side out), which allows the checks for sideways bends and for not "
          + "sitting upright; 'any' (default, or 'clip' with --quick): any orientation")
  String mounting;

  @Option(names = "--timeout-seconds", defaultValue = "600",
      description = "give up after this much sensor time (default: ${DEFAULT-VALUE}); each "
          + "step has its own time-out too (calibration.stepTimeoutSeconds)")
  double timeoutSeconds;

  @Option(names = "--no-data-seconds", defaultValue = "30",
      description = "give up when the sensor sends no samples for this long (default: "
          + "${DEFAULT-VALUE})")
  double noDataSeconds;

  @Option(names = "--record", paramLabel = "FILE",
      description = "port: also record what the sensor sends to FILE, for 'slumpwatch "
          + "replay' (which learns the same profile from it); must not exist yet")
  Path record;

  @Override
  public Integer call() throws Exception {
    sources.requirePortOrSource(source, "the simulated wearer");
    PostureCalibration.Mounting mount;
    if (mounting == null) {
      mount = quick ? PostureCalibration.Mounting.CLIP : PostureCalibration.Mounting.ANY;
    } else if (mounting.equals("clip") || mounting.equals("any")) {
      mount = PostureCalibration.Mounting.valueOf(mounting.toUpperCase(Locale.ROOT));
    } else {
      throw usage("--mounting must be 'any' or 'clip', not '" + mounting + "'");
    }
    if (quick && mount != PostureCalibration.Mounting.CLIP) {
      throw usage("--quick takes the forward direction from the clip mounting, so it "
          + "cannot be used with --mounting any");
    }
    if (!(speed > 0)) {
      throw usage("--speed must be a positive number, not " + speed);
    }
    if (!(noDataSeconds > 0) || !(timeoutSeconds > 0)) {
      throw usage("--timeout-seconds and --no-data-seconds must be positive");
    }
    if (record != null && sources.port == null) {
      throw usage("--record records a port; the simulated wearer needs no recording");
    }
    try {
      CalibrationFile.checkName(profile);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    Main main = (Main) spec.root().userObject();
    Path dataDir = main.ensureDataDir();
    EffectiveSettings settings = settingsOption.load(dataDir);
    boolean simulated = sources.port == null && !SourceOptions.PI_I2C.equals(source);
    // a simulated wearer's profile lives in the demo's folder: trying it out never spoils
    // the real setup
    Path profileDir = !simulated ? dataDir
        : DataDir.createPrivate(dataDir.resolve(SIMULATED_PROFILES));
    RecordingTap tap = null;
    Context pi4j = null;
    VibrationNotifier motor = null;
    SampleSource src;
    if (SourceOptions.PI_I2C.equals(source)) {
      PiI2cSampleSource.Settings pi = sources.piSettings(true);
      pi4j = main.pi4j();
      motor = motor(settings, pi4j, out);
      src = SourceOptions.openPi(out, pi4j, pi);
    } else if (sources.port != null) {
      SerialSampleSource.Settings port = sources.serialSettings(null);
      if (record != null) {
        try {
          tap = RecordingTap.create(record, port);
        } catch (IOException e) {
          throw usage(e.getMessage());
        }
      }
      src = SourceOptions.openSerial(out, port, tap);
    } else {
      src = simulated(mount);
    }
    GuidedCalibration.Method method = new GuidedCalibration.Method(mount, quick);
    out.println("slumpwatch calibrate posture" + (quick ? " (quick)" : "") + ": "
        + src.describe() + "; profile '" + profile + "'"
        + (record == null ? "" : "; recording to " + record));
    out.flush();
    AtomicReference<PipelineEvent> end = new AtomicReference<>();
    CalibrationLines lines = new CalibrationLines(out, Terminal.stdout(),
        "run 'slumpwatch calibrate posture' again", (upper, lower) -> "");
    CalibrationCues cues = motor == null ? null : new CalibrationCues(motor::cue);
    Pipeline pipeline = new Pipeline(SessionSetup.of(PostureSetup.learn(method))
        .withSettings(settings.pipeline()).withScale(src.scale()), e -> {
          lines.accept(e);
          if (cues != null) {
            cues.accept(e);
          }
          if (e instanceof PipelineEvent.Calibrated
              || e instanceof PipelineEvent.CalibrationFailed) {
            end.compareAndSet(null, e);
          }
        });
    String stopped;
    try {
      stopped = drive(src, pipeline, end);
      if (motor != null && !(end.get() instanceof PipelineEvent.Calibrated)) {
        motor.cue(Cue.FAILED); // timed out, or the sensor went away
      }
    } finally {
      if (tap != null) {
        tap.close();
      }
      if (motor != null) {
        motor.close(); // lets the last cue finish
      }
      if (pi4j != null) {
        pi4j.shutdown();
      }
    }
    PipelineEvent e = end.get();
    if (e instanceof PipelineEvent.CalibrationFailed f) {
      throw new IllegalStateException("posture calibration rejected: " + f.reason());
    }
    if (!(e instanceof PipelineEvent.Calibrated c)) {
      throw new IllegalStateException("posture calibration incomplete: " + stopped);
    }
    PostureProfile p = new PostureProfile(c.upper(), c.lower(), method.key());
    Path f = CalibrationFile.save(profileDir, profile, p);
    out.println("saved profile '" + profile + "'" + (p.lower() != null
        ? " (upper and lower back)" : "") + " in " + f + (!simulated ? ""
        : " (the simulated wearer's: for 'slumpwatch demo --profile " + profile + "', never "
        + "for a real wearer)") + (record == null ? "" : "; recorded to " + record));
    out.flush();
    return 0;
  }

  /** The vibration motor, when the settings choose it; else null (the terminal only). */
  private static VibrationNotifier motor(EffectiveSettings settings, Context pi4j,
      PrintWriter out) {
    Notifiers.Settings n = settings.notifiers();
    if (!n.channels().contains("vibration")) {
      return null;
    }
    return VibrationNotifier.open(pi4j, n.vibrationPin(), m -> {
      out.println(m);
      out.flush();
    });
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private SampleSource simulated(PostureCalibration.Mounting mount) throws Exception {
    Scenario scenario = DemoCommand.loadScenario(scenarioName).withSeed(seed);
    if (mount == PostureCalibration.Mounting.CLIP && scenario.mount().random()) {
      // the simulated clip then sits as documented, turned any way in its plane
      scenario = scenario.withMount(Scenario.MountSpec.clip(Double.NaN));
    }
    return new SimulatedWearer(scenario, new Pacer(speed, System::nanoTime), null);
  }

  /**
   * Reads the source on its own thread and feeds the pipeline until the calibration ends,
   * the data ends, no samples come for {@code --no-data-seconds} (wall time: a silent
   * port), or {@code --timeout-seconds} of sensor time pass.
   *
   * @return why reading stopped, if not because the calibration ended
   */
  private String drive(SampleSource src, Pipeline pipeline, AtomicReference<PipelineEvent> end)
      throws InterruptedException {
    BlockingQueue<SourceEvent> queue = new ArrayBlockingQueue<>(64);
    Thread reader = SourceOptions.startReader(src, queue);
    long lastSampleNanos = System.nanoTime();
    try {
      while (end.get() == null) {
        SourceEvent e = queue.poll(200, TimeUnit.MILLISECONDS);
        if (e == null) {
          double quiet = (System.nanoTime() - lastSampleNanos) / 1e9;
          if (quiet >= noDataSeconds) {
            throw new IllegalStateException(String.format(Locale.ROOT, "no data from %s "
                + "for %.0f s: is the sensor on, is the baud rate right? Nothing was stored",
                sources.port != null ? sources.port : src.describe(), quiet));
          }
          continue;
        }
        if (e instanceof SourceEvent.Samples) {
          lastSampleNanos = System.nanoTime();
        }
        pipeline.accept(e);
        if (e instanceof SourceEvent.End ended) {
          return "the data ended (" + ended.reason() + ")";
        }
        if (pipeline.samples() > 0 && (pipeline.lastDeviceMicros()
            - pipeline.firstDeviceMicros()) / 1e6 > timeoutSeconds) {
          return String.format(Locale.ROOT, "timed out after %.0f s", timeoutSeconds);
        }
      }
      return "finished";
    } finally {
      src.close();
      reader.interrupt();
    }
  }
}
