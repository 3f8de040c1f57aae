package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.SensorScale;

/**
 * How to read the text lines of a DIY sketch when the lines themselves do not say (a
 * header line, when present, overrides {@code units} and {@code timeColumn}).
 *
 * @param units      what the six values are: raw counts, or g and °/s
 * @param rawScale   the sensor's ranges when the values are raw counts (the MPU-6050's
 *                   power-on ranges, ±2 g and ±250 °/s, are what i2cdevlib's example uses)
 * @param timeColumn the unit of a leading seventh column when there is no header
 * @param rateHz     the nominal rate, for lines without a time column: the n-th line is
 *                   placed at n / rate seconds (host receive times are never used)
 */
public record TextFormat(Units units, SensorScale rawScale, TimeUnit timeColumn, int rateHz) {

  public enum Units { RAW, SI }

  public enum TimeUnit { MICROS, MILLIS }

  /** Scale used to hold values given in g and °/s (so nothing clips below 16 g, 2000 °/s). */
  public static final SensorScale SI_SCALE = new SensorScale(16, 2000);

  public static final TextFormat DEFAULTS =
      new TextFormat(Units.RAW, new SensorScale(2, 250), TimeUnit.MILLIS, 100);

  public TextFormat {
    if (rateHz < Protocol.MIN_RATE_HZ || rateHz > Protocol.MAX_RATE_HZ) {
      throw new IllegalArgumentException("text rate must be 1..1000 Hz, not " + rateHz);
    }
  }

  public SensorScale scale() {
    return units == Units.SI ? SI_SCALE : rawScale;
  }
}
