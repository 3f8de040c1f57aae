package dev.slumpwatch.cli;

import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.protocol.TextFormat;
import picocli.CommandLine.Option;

/**
 * How to read a DIY sketch's text lines, for the commands that read a sensor or a
 * recording. Only used when the stream turns out to be text; a header line in the stream
 * overrides {@code --text-units} and {@code --text-time}.
 */
public final class TextOptions {
  @Option(names = "--text-units", paramLabel = "raw|si", defaultValue = "raw",
      description = "units of text values without a header: raw counts, or g and °/s "
          + "(default: ${DEFAULT-VALUE})")
  String units;

  @Option(names = "--text-time", paramLabel = "ms|us", defaultValue = "ms",
      description = "unit of a leading time column without a header: ms (Arduino millis()) "
          + "or us (micros()) (default: ${DEFAULT-VALUE})")
  String time;

  @Option(names = "--text-rate", paramLabel = "HZ", defaultValue = "100",
      description = "sample rate of text lines without a time column (default: "
          + "${DEFAULT-VALUE})")
  int rateHz;

  @Option(names = "--accel-range", paramLabel = "G", defaultValue = "2",
      description = "accelerometer range of raw text counts: 2, 4, 8 or 16 g (default: "
          + "${DEFAULT-VALUE}, the MPU-6050's power-on range)")
  int accelRangeG;

  @Option(names = "--gyro-range", paramLabel = "DPS", defaultValue = "250",
      description = "gyroscope range of raw text counts: 250, 500, 1000 or 2000 °/s (default: "
          + "${DEFAULT-VALUE})")
  int gyroRangeDps;

  /** @throws IllegalArgumentException naming the option and the allowed values */
  public TextFormat format() {
    TextFormat.Units u = switch (units) {
      case "raw" -> TextFormat.Units.RAW;
      case "si" -> TextFormat.Units.SI;
      default -> throw new IllegalArgumentException("--text-units must be raw or si, not '"
          + units + "'");
    };
    TextFormat.TimeUnit t = switch (time) {
      case "ms" -> TextFormat.TimeUnit.MILLIS;
      case "us" -> TextFormat.TimeUnit.MICROS;
      default -> throw new IllegalArgumentException("--text-time must be ms or us, not '"
          + time + "'");
    };
    SensorScale scale;
    try {
      scale = new SensorScale(accelRangeG, gyroRangeDps);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--accel-range/--gyro-range: " + e.getMessage());
    }
    try {
      return new TextFormat(u, scale, t, rateHz);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--text-rate: " + e.getMessage());
    }
  }
}
