package dev.slumpwatch.cli;

import com.pi4j.context.Context;
import dev.slumpwatch.alert.Cue;
import dev.slumpwatch.alert.Notifiers;
import dev.slumpwatch.alert.VibrationNotifier;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.Reading;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.posture.GuidedCalibration;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.sensor.pi.PiI2cSampleSource;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code calibrate posture}: the guided posture calibration, stored as a wearer's profile.
 * Paced by the wearer ({@link GuidedCalibration}), timed by the sensor's clock; the
 * terminal shows a countdown, the step, the live angle from neutral and why a calibration
 * was rejected.
 */
@Command(name = "posture", mixinStandardHelpOptions = true,
    description = {"Guided posture calibration: sit tall and hold still for 5 s, then bend "
        + "forward slowly about 30° and hold. Learns your neutral and which way is forward "
        + "for the sensor (and for a second sensor on the lower back, if connected), and "
        + "stores them as a profile in DATA_DIR/profiles/NAME.properties for 'run', "
        + "'replay' and 'demo' (--profile NAME).",
        "--quick: only the first step; the forward direction is taken from the documented "
            + "mounting (board flat on the back, component side out; see "
            + "calibration/README.md)."})
final class CalibratePostureCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  CalibrateCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin
  SourceOptions sources;

  @Option(names = "--source", paramLabel = "NAME",
      description = "instead of a port: 'pi-i2c', the MPU-6050(s) on this Raspberry Pi's I2C "
          + "bus (--bus, --address), the steps then also given by the vibration motor if "
          + "notify.channels has 'vibration'; or 'sim', the simulated wearer (a demonstration)")
  String source;

  @CommandLine.Mixin
  SettingsOption settingsOption;

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

  @Option(names = "--timeout-seconds", defaultValue = "60",
      description = "give up after this much sensor time (default: ${DEFAULT-VALUE})")
  double timeoutSeconds;

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
    try {
      CalibrationFile.checkName(profile);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    Main main = (Main) spec.root().userObject();
    PiI2cSampleSource.Settings piSettings = SourceOptions.PI_I2C.equals(source)
        ? sources.piSettings(true) : null;
    Context pi4j = null;
    VibrationNotifier motor = null;
    try {
      if (piSettings != null) {
        pi4j = main.pi4j();
        motor = motor(main, pi4j, out);
      }
      SampleSource src = pi4j != null ? SourceOptions.openPi(out, pi4j, piSettings)
          : openSource(out, mount);
      return calibrate(src, main, out, mount, motor);
    } finally {
      if (motor != null) {
        motor.close(); // lets the last cue finish
      }
      if (pi4j != null) {
        pi4j.shutdown();
      }
    }
  }

  /** The vibration motor, when the settings choose it; else null (the terminal only). */
  private VibrationNotifier motor(Main main, Context pi4j, PrintWriter out) throws Exception {
    Notifiers.Settings n = settingsOption.load(main.ensureDataDir()).notifiers();
    if (!n.channels().contains("vibration")) {
      return null;
    }
    return VibrationNotifier.open(pi4j, n.vibrationPin(), m -> {
      out.println(m);
      out.flush();
    });
  }

  private int calibrate(SampleSource src, Main main, PrintWriter out,
      PostureCalibration.Mounting mount, VibrationNotifier motor) throws Exception {
    GuidedCalibration guide = new GuidedCalibration(
        GuidedCalibration.Settings.DEFAULTS.with(mount, quick));
    out.println("slumpwatch calibrate posture" + (quick ? " (quick)" : "") + ": "
        + src.describe() + "; profile '" + profile + "'");
    out.flush();
    String endReason = drive(src, guide, out, motor);
    if (guide.step() == GuidedCalibration.Step.FAILED) {
      throw new IllegalStateException("posture calibration rejected: " + guide.failure());
    }
    if (guide.step() != GuidedCalibration.Step.DONE) {
      if (motor != null) {
        motor.cue(Cue.FAILED); // timed out, or the sensor went away
      }
      throw new IllegalStateException("posture calibration incomplete at the step '"
          + guide.step().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "' ("
          + endReason + ")");
    }
    PostureProfile p = new PostureProfile(guide.result(), guide.lowerResult(),
        quick ? "quick" : "two-step");
    Path f = CalibrationFile.save(main.ensureDataDir(), profile, p);
    out.println("saved profile '" + profile + "'" + (p.lower() != null
        ? " (upper and lower back)" : "") + " in " + f);
    out.flush();
    return 0;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private SampleSource openSource(PrintWriter out, PostureCalibration.Mounting mount)
      throws Exception {
    if (sources.port != null) {
      return sources.openSerial(out, null);
    }
    Scenario scenario = DemoCommand.loadScenario(scenarioName).withSeed(seed);
    if (mount == PostureCalibration.Mounting.CLIP && scenario.mount().random()) {
      // the simulated clip then sits as documented, turned any way in its plane
      scenario = scenario.withMount(Scenario.MountSpec.clip(Double.NaN));
    }
    return new SimulatedWearer(scenario, new Pacer(speed, System::nanoTime), null);
  }

  /**
   * Reads the source on its own thread and feeds the guide until it is finished, the data
   * ends or the timeout passes. Prints the progress once a second of sensor time and at
   * every change of step.
   *
   * @return why reading stopped, if not because the calibration finished
   */
  private String drive(SampleSource src, GuidedCalibration guide, PrintWriter out,
      VibrationNotifier motor) throws InterruptedException {
    BlockingQueue<SourceEvent> queue = new ArrayBlockingQueue<>(64);
    Thread reader = SourceOptions.startReader(src, queue);
    SensorScale scale = src.scale();
    long first = Long.MIN_VALUE;
    long lastPrinted = Long.MIN_VALUE;
    try {
      while (!guide.finished()) {
        SourceEvent e = queue.take();
        if (e instanceof SourceEvent.DeviceInfo info) {
          scale = info.scale();
        } else if (e instanceof SourceEvent.End end) {
          return end.reason();
        } else if (e instanceof SourceEvent.Samples batch) {
          for (ImuSample s : batch.samples()) {
            Reading r = scale.reading(s);
            double ax = r.accelX();
            double ay = r.accelY();
            double az = r.accelZ();
            double n = r.accelNorm();
            if (!(n > 0)) {
              continue;
            }
            if (s.sensorIndex() == 1) {
              guide.updateLower(ax / n, ay / n, az / n);
              continue;
            }
            if (s.sensorIndex() != 0) {
              continue;
            }
            long t = s.deviceTimeMicros();
            if (first == Long.MIN_VALUE) {
              first = t;
            }
            if ((t - first) / 1e6 > timeoutSeconds) {
              return "timed out after " + timeoutSeconds + " s";
            }
            boolean changed = guide.update(t, ax / n, ay / n, az / n);
            long second = (t - first) / 1_000_000L;
            Cue cue = changed ? Cue.of(guide.step()) : null;
            if (cue != null && motor != null) {
              motor.cue(cue);
            }
            if (changed || second != lastPrinted) {
              lastPrinted = second;
              out.println(guide.progress().format());
              out.flush();
            }
            if (guide.finished()) {
              break;
            }
          }
        }
      }
      return "finished";
    } finally {
      src.close();
      reader.interrupt();
    }
  }
}
