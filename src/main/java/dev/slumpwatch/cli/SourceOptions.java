package dev.slumpwatch.cli;

import dev.slumpwatch.protocol.Protocol;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --port}, {@code --baud} and the text options, for the calibrate commands, which
 * read a sensor on a serial port or, with their own {@code --source sim}, a simulated one
 * (its description and its options differ by command, so {@code --source} stays there).
 */
final class SourceOptions {
  @Spec(Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec mixee;

  @Option(names = "--port", paramLabel = "PATH",
      description = "the sensor's serial port, e.g. /dev/ttyUSB0 or /dev/rfcomm0")
  String port;

  @Option(names = "--baud", defaultValue = "115200",
      description = "serial speed (default: ${DEFAULT-VALUE})")
  int baud;

  @Mixin
  TextOptions text;

  /**
   * Rejects, as a usage error, naming both or neither of {@code --port} and
   * {@code --source}, and a {@code --source} other than 'sim'.
   *
   * @param simulated what {@code --source sim} stands for, e.g. "a simulated one"
   */
  void requirePortOrSim(String source, String simulated) {
    if ((port == null) == (source == null)) {
      throw new CommandLine.ParameterException(mixee.commandLine(),
          "name the sensor with --port PATH, or use --source sim for " + simulated);
    }
    if (source != null && !source.equals("sim")) {
      throw new CommandLine.ParameterException(mixee.commandLine(),
          "--source must be 'sim', not '" + source + "'");
    }
  }

  /**
   * The serial source on {@code --port}, printing its connection messages to {@code out};
   * nothing is opened before it runs.
   *
   * @param protocol the command's {@code --protocol}, or null for {@link Protocol#VERSION}
   * @throws CommandLine.ParameterException naming the option that is wrong
   */
  SerialSampleSource openSerial(PrintWriter out, ProtocolOption protocol) {
    return openSerial(out, serialSettings(protocol), null);
  }

  /**
   * The settings of {@code --port} and the rest.
   *
   * @param protocol the command's {@code --protocol}, or null for {@link Protocol#VERSION}
   * @throws CommandLine.ParameterException naming the option that is wrong
   */
  SerialSampleSource.Settings serialSettings(ProtocolOption protocol) {
    try {
      return SerialSampleSource.Settings.of(port, baud, text.format(),
          protocol == null ? Protocol.VERSION : protocol.version());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
    }
  }

  /** The serial source, its messages printed to {@code out}; {@code tap} may be null. */
  static SerialSampleSource openSerial(PrintWriter out, SerialSampleSource.Settings settings,
      SerialSampleSource.Tap tap) {
    return new SerialSampleSource(settings, System::nanoTime, m -> {
      out.println(m);
      out.flush();
    }, tap);
  }

  /**
   * Runs {@code src} on a daemon thread of its own, putting its events on {@code queue}
   * (which blocks the reader when full); interrupt the thread to stop it.
   */
  static Thread startReader(SampleSource src, BlockingQueue<SourceEvent> queue) {
    Thread reader = new Thread(() -> {
      try {
        src.run(queue::put);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sample-reader");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
