package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.SensorScale;

/**
 * What the user says about a DIY sketch's text lines, where the lines themselves do not
 * say it. By default nothing is assumed: the reader learns the lines' shape, their units
 * (from the labels, or from the size of gravity at rest) and the rate (from the time
 * column, or from the host's receive times). Units or ranges printed in the stream (a
 * header like {@code ax_g}, a label like {@code m/s^2}) win over these.
 *
 * @param units        what bare values are: AUTO (from the size of gravity), RAW counts,
 *                     or SI (g and °/s)
 * @param accelRangeG  the accelerometer range of raw counts: 2, 4, 8 or 16 g, or 0 to tell
 *                     it from the size of gravity (2 g when that does not decide)
 * @param gyroRangeDps the gyroscope range of raw counts: 250, 500, 1000 or 2000 °/s (the
 *                     size of a reading at rest does not tell it)
 * @param timeColumn   the unit of a time column that does not name it: AUTO (from how fast
 *                     it advances against the host's clock), MILLIS or MICROS
 * @param rateHz       the sample rate of lines without a time column, 1..1000, or 0 to
 *                     measure it from the receive times; without receive times (a decoder
 *                     fed bare bytes) lines are placed at n / rate (100 Hz when 0)
 */
public record TextFormat(Units units, int accelRangeG, int gyroRangeDps, TimeUnit timeColumn,
    int rateHz) {

  public enum Units { AUTO, RAW, SI }

  public enum TimeUnit { AUTO, MICROS, MILLIS }

  /** Scale used to hold values given in g and °/s (so nothing clips below 16 g, 2000 °/s). */
  public static final SensorScale SI_SCALE = new SensorScale(16, 2000);

  /** Learn everything from the lines; ±250 °/s for raw gyroscope counts. */
  public static final TextFormat DEFAULTS = new TextFormat(Units.AUTO, 0, 250, TimeUnit.AUTO,
      0);

  public TextFormat {
    if (accelRangeG != 0) {
      new SensorScale(accelRangeG, 250); // throws naming the allowed ranges
    }
    new SensorScale(2, gyroRangeDps);
    if (rateHz != 0 && (rateHz < Protocol.MIN_RATE_HZ || rateHz > Protocol.MAX_RATE_HZ)) {
      throw new IllegalArgumentException("text rate must be 1..1000 Hz, not " + rateHz);
    }
  }

  /** The scale samples are most likely in before the stream said (raw ±2 g without hints). */
  public SensorScale scale() {
    return units == Units.SI ? SI_SCALE
        : new SensorScale(accelRangeG == 0 ? 2 : accelRangeG, gyroRangeDps);
  }
}
