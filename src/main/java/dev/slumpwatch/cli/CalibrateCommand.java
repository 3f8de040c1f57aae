package dev.slumpwatch.cli;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.orientation.calibration.SensorCalibration;
import dev.slumpwatch.orientation.calibration.SensorCalibrationFile;
import dev.slumpwatch.orientation.calibration.SensorCalibrationProcedure;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.sim.SimulatedBenchSensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code slumpwatch calibrate}: sensor calibration procedures. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = "Calibration procedures.",
    subcommands = {CalibrateCommand.Sensor.class, CalibratePostureCommand.class})
public final class CalibrateCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code calibrate sensor}: gyro bias and six-position accelerometer calibration. */
  @Command(name = "sensor", mixinStandardHelpOptions = true,
      description = {"Calibrates a sensor: turn it onto each of its six faces and hold each "
          + "still for two seconds; the program finds the holds by itself. Fits accelerometer "
          + "offset and scale (least squares) and the gyro bias, and stores them in "
          + "DATA_DIR/sensors/DEVICE_ID.cal (see calibration/README.md)."})
  static final class Sensor implements Callable<Integer> {
    @CommandLine.ParentCommand
    CalibrateCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    SourceOptions sources;

    @CommandLine.Mixin
    ProtocolOption protocol;

    @Option(names = "--source", paramLabel = "NAME",
        description = "instead of a port: 'pi-i2c', an MPU-6050 on this Raspberry Pi's I2C bus "
            + "(--bus, --address); or 'sim', a simulated sensor on a bench (a demonstration)")
    String source;

    @Option(names = "--seed", defaultValue = "1",
        description = "seed of the simulated sensor (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--device-id", paramLabel = "ID",
        description = "store under this id instead of the one the device reports")
    String deviceId;

    @Option(names = "--timeout-seconds", defaultValue = "300",
        description = "give up after this much sensor time (default: ${DEFAULT-VALUE})")
    double timeoutSeconds;

    @Override
    public Integer call() throws Exception {
      sources.requirePortOrSource(source, "a simulated one");
      PrintWriter out = spec.commandLine().getOut();
      Main main = (Main) spec.root().userObject();
      boolean pi = SourceOptions.PI_I2C.equals(source);
      // one sensor on the bench at a time: a second one would feed the same procedure
      dev.slumpwatch.sensor.pi.PiI2cSampleSource.Settings piSettings = pi
          ? sources.piSettings(false) : null;
      com.pi4j.context.Context pi4j = pi ? main.pi4j() : null;
      try {
        SampleSource src = sources.port != null ? sources.openSerial(out, protocol)
            : pi ? SourceOptions.openPi(out, pi4j, piSettings)
            : new SimulatedBenchSensor(seed, SensorCalibrationProcedure.HOLD_SECONDS + 1.0);
        return calibrate(src, main, out);
      } finally {
        if (pi4j != null) {
          pi4j.shutdown();
        }
      }
    }

    private int calibrate(SampleSource src, Main main, PrintWriter out) throws Exception {
      SensorCalibrationProcedure procedure = new SensorCalibrationProcedure(deviceId, msg -> {
        out.println(msg);
        out.flush();
      });
      BlockingQueue<SourceEvent> queue = new ArrayBlockingQueue<>(64);
      out.println("slumpwatch calibrate sensor: " + src.describe());
      Thread reader = SourceOptions.startReader(src, queue);
      procedure.start();
      long firstMicros = Long.MIN_VALUE;
      String endReason = null;
      try {
        while (procedure.result() == null && endReason == null) {
          SourceEvent e = queue.take();
          if (e instanceof SourceEvent.DeviceInfo info) {
            procedure.deviceInfo(info.deviceId(), info.scale());
          } else if (e instanceof SourceEvent.Samples s) {
            for (ImuSample sample : s.samples()) {
              if (firstMicros == Long.MIN_VALUE) {
                firstMicros = sample.deviceTimeMicros();
              }
              if ((sample.deviceTimeMicros() - firstMicros) / 1e6 > timeoutSeconds) {
                endReason = "timed out after " + timeoutSeconds + " s";
                break;
              }
              if (procedure.update(sample)) {
                break;
              }
            }
          } else if (e instanceof SourceEvent.End end) {
            endReason = end.reason();
          }
        }
      } finally {
        src.close();
        reader.interrupt();
      }
      SensorCalibration cal = procedure.result();
      if (cal == null) {
        throw new IllegalStateException("calibration incomplete: only "
            + procedure.facesRecorded() + " of 6 faces held still (" + endReason + ")");
      }
      Path file = SensorCalibrationFile.pathFor(main.ensureDataDir(), cal.deviceId());
      SensorCalibrationFile.write(file, cal, Instant.now());
      out.println("saved " + file);
      out.flush();
      return 0;
    }
  }
}
