package dev.slumpwatch.cli;

import dev.slumpwatch.orientation.calibration.SensorCalibration;
import dev.slumpwatch.orientation.calibration.SensorCalibrationFile;
import dev.slumpwatch.orientation.calibration.SensorCalibrationProcedure;
import dev.slumpwatch.sensor.ImuSample;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import dev.slumpwatch.sensor.SourceEvent;
import dev.slumpwatch.sensor.sim.SimulatedBenchSensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

  /**
   * Makes the sample source the options name: a serial port ({@code --port}), or a
   * simulated sensor on a bench ({@code --source sim}), which is only ever chosen by name.
   */
  static Function<Sensor, SampleSource> sourceFactory(Sensor cmd) {
    if (cmd.port != null) {
      SerialSampleSource.Settings settings = SerialSampleSource.Settings.of(cmd.port, cmd.baud,
          cmd.text.format(), cmd.protocol.version());
      PrintWriter out = cmd.spec.commandLine().getOut();
      return c -> new SerialSampleSource(settings, System::nanoTime, m -> {
        out.println(m);
        out.flush();
      }, null);
    }
    if ("sim".equals(cmd.source)) {
      return c -> new SimulatedBenchSensor(c.seed, SensorCalibrationProcedure.HOLD_SECONDS
          + 1.0);
    }
    return null;
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

    @Option(names = "--port", paramLabel = "PATH",
        description = "the sensor's serial port, e.g. /dev/ttyUSB0 or /dev/rfcomm0")
    String port;

    @Option(names = "--baud", defaultValue = "115200",
        description = "serial speed (default: ${DEFAULT-VALUE})")
    int baud;

    @CommandLine.Mixin
    TextOptions text;

    @CommandLine.Mixin
    ProtocolOption protocol;

    @Option(names = "--source", paramLabel = "NAME",
        description = "instead of a port: 'sim', a simulated sensor on a bench (a demonstration)")
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
      if ((port == null) == (source == null)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "name the sensor with --port PATH, or use --source sim for a simulated one");
      }
      Function<Sensor, SampleSource> factory;
      try {
        factory = sourceFactory(this);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      if (factory == null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--source must be 'sim', not '" + source + "'");
      }
      PrintWriter out = spec.commandLine().getOut();
      Main main = (Main) spec.root().userObject();
      SensorCalibrationProcedure procedure = new SensorCalibrationProcedure(deviceId, msg -> {
        out.println(msg);
        out.flush();
      });
      BlockingQueue<SourceEvent> queue = new ArrayBlockingQueue<>(64);
      SampleSource src = factory.apply(this);
      out.println("slumpwatch calibrate sensor: " + src.describe());
      Thread reader = new Thread(() -> {
        try {
          src.run(queue::put);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "sample-reader");
      reader.setDaemon(true);
      reader.start();
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
      Path file = SensorCalibrationFile.pathFor(DataDir.ensure(main.dataDir()), cal.deviceId());
      SensorCalibrationFile.write(file, cal, Instant.now());
      out.println("saved " + file);
      out.flush();
      return 0;
    }
  }
}
