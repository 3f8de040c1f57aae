package dev.slumpwatch.cli;

import com.pi4j.context.Context;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.protocol.Protocol;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.sensor.pi.PiI2cSampleSource;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code --port}, {@code --baud} and the text options, for a sensor on a serial port, and
 * {@code --bus}, {@code --address} for one on the Raspberry Pi's I2C bus
 * ({@code --source pi-i2c}); for {@code run} and the calibrate commands. Each command keeps
 * its own {@code --source} (whether it has a simulated one, and what it is, differs).
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

  @Option(names = "--bus", defaultValue = "1", paramLabel = "N",
      description = "pi-i2c: the I2C bus, /dev/i2c-N (default: ${DEFAULT-VALUE})")
  int bus;

  @Option(names = "--address", defaultValue = "0x68", paramLabel = "ADDR",
      description = "pi-i2c: the upper-back MPU-6050's address, 0x68 or 0x69 (default: "
          + "${DEFAULT-VALUE}); a second MPU-6050 at the other address is read as the lower "
          + "back")
  String address;

  /** {@code --source} for a sensor on the Pi's own I2C bus. */
  static final String PI_I2C = "pi-i2c";

  /**
   * Rejects, as a usage error, naming both or neither of {@code --port} and
   * {@code --source}, and a {@code --source} other than 'sim' (when the command has one) or
   * 'pi-i2c'.
   *
   * @param simulated what {@code --source sim} stands for, e.g. "a simulated one"; null
   *     when the command has no simulated source
   */
  void requirePortOrSource(String source, String simulated) {
    String choices = "--source pi-i2c for an MPU-6050 on this Raspberry Pi's I2C bus"
        + (simulated == null ? "" : ", or --source sim for " + simulated);
    if ((port == null) == (source == null)) {
      throw new CommandLine.ParameterException(mixee.commandLine(),
          "name the sensor with --port PATH, or use " + choices);
    }
    if (source != null && !source.equals(PI_I2C)
        && !(simulated != null && source.equals("sim"))) {
      throw new CommandLine.ParameterException(mixee.commandLine(),
          "--source must be " + (simulated == null ? "'pi-i2c'" : "'pi-i2c' or 'sim'")
          + ", not '" + source + "'");
    }
  }

  /**
   * The Pi's I2C source settings from {@code --bus} and {@code --address}, checked before
   * anything is opened.
   *
   * @param lowerBack also read a lower-back MPU-6050 at the other address, if there is one
   * @throws CommandLine.ParameterException naming the option that is wrong
   */
  PiI2cSampleSource.Settings piSettings(boolean lowerBack) {
    try {
      PiI2cSampleSource.Settings s = PiI2cSampleSource.Settings.of(bus, parseAddress(address));
      return lowerBack ? s : new PiI2cSampleSource.Settings(s.bus(), s.address(),
          PiI2cSampleSource.LOWER_NONE, s.backoff(), s.pollMillis(), s.staleMillis(),
          s.lowerRetryMillis());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
    }
  }

  /**
   * The Pi's I2C source, printing its messages to {@code out}; nothing is touched before it
   * runs.
   *
   * @param pi4j the Pi4J context its I2C handles come from (the caller shuts it down)
   */
  static PiI2cSampleSource openPi(PrintWriter out, Context pi4j,
      PiI2cSampleSource.Settings settings) {
    return new PiI2cSampleSource(settings, pi4j, System::nanoTime, null, m -> {
      out.println(m);
      out.flush();
    });
  }

  /**
   * For {@code run}: the message on a line of its own, first clearing a live status line
   * ({@code clear}: {@link SessionConsole#CLEAR_LINE} on a terminal, "" in a log).
   */
  static java.util.function.Consumer<String> overStatusLine(PrintWriter out, String clear) {
    return m -> {
      out.print(clear);
      out.println(m);
      out.flush();
    };
  }

  /** 0x68, 0X69 or 104: an I2C address. */
  static int parseAddress(String text) {
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      return t.startsWith("0x") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--address must be an I2C address such as 0x68, not '"
          + text + "'");
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
    return openSerial(m -> {
      out.println(m);
      out.flush();
    }, protocol);
  }

  /** As {@link #openSerial(PrintWriter, ProtocolOption)}, its messages to {@code messages}. */
  SerialSampleSource openSerial(java.util.function.Consumer<String> messages,
      ProtocolOption protocol) {
    return new SerialSampleSource(serialSettings(protocol), System::nanoTime, messages, null);
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
