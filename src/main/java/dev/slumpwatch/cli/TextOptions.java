package dev.slumpwatch.cli;

import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.protocol.TextFormat;
import picocli.CommandLine.Option;

/**
 * How to read a DIY sketch's text lines, for the commands that read a sensor or a
 * recording. Only used when the stream turns out to be text, and only where the lines do
 * not say it themselves: by default the reader learns the lines' shape, units and rate
 * (docs/sketches.md); units printed in the stream win over these options.
 */
public final class TextOptions {
  @Option(names = "--text-units", paramLabel = "auto|raw|si", defaultValue = "auto",
      description = "units of bare text values: auto (from the size of gravity at rest), raw "
          + "counts, or si (g and °/s) (default: ${DEFAULT-VALUE})")
  String units;

  @Option(names = "--text-time", paramLabel = "auto|ms|us", defaultValue = "auto",
      description = "unit of a time column that does not name it: auto (from how fast it "
          + "advances), ms (Arduino millis()) or us (micros()) (default: ${DEFAULT-VALUE})")
  String time;

  @Option(names = "--text-rate", paramLabel = "auto|HZ", defaultValue = "auto",
      description = "sample rate of text lines without a time column: auto (measured from "
          + "when the lines arrive) or HZ (default: ${DEFAULT-VALUE})")
  String rate;

  @Option(names = "--accel-range", paramLabel = "auto|G", defaultValue = "auto",
      description = "accelerometer range of raw text counts: auto (from the size of gravity; "
          + "2 if that does not tell), or 2, 4, 8 or 16 g (default: ${DEFAULT-VALUE})")
  String accelRange;

  @Option(names = "--gyro-range", paramLabel = "DPS", defaultValue = "250",
      description = "gyroscope range of raw text counts: 250, 500, 1000 or 2000 °/s (default: "
          + "${DEFAULT-VALUE}, the MPU-6050's power-on range)")
  int gyroRangeDps;

  /** @throws IllegalArgumentException naming the option and the allowed values */
  public TextFormat format() {
    TextFormat.Units u = switch (units) {
      case "auto" -> TextFormat.Units.AUTO;
      case "raw" -> TextFormat.Units.RAW;
      case "si" -> TextFormat.Units.SI;
      default -> throw new IllegalArgumentException("--text-units must be auto, raw or si, "
          + "not '" + units + "'");
    };
    TextFormat.TimeUnit t = switch (time) {
      case "auto" -> TextFormat.TimeUnit.AUTO;
      case "ms" -> TextFormat.TimeUnit.MILLIS;
      case "us" -> TextFormat.TimeUnit.MICROS;
      default -> throw new IllegalArgumentException("--text-time must be auto, ms or us, not '"
          + time + "'");
    };
    int accel = number("--accel-range", accelRange);
    int hz = number("--text-rate", rate);
    try {
      new SensorScale(accel == 0 ? 2 : accel, gyroRangeDps);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--accel-range/--gyro-range: " + e.getMessage());
    }
    try {
      return new TextFormat(u, accel, gyroRangeDps, t, hz);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--text-rate: " + e.getMessage());
    }
  }

  /** "auto" is 0; otherwise a whole number. */
  private static int number(String option, String value) {
    if (value.equals("auto")) {
      return 0;
    }
    try {
      int n = Integer.parseInt(value);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be auto or a positive whole number, "
          + "not '" + value + "'");
    }
  }
}
