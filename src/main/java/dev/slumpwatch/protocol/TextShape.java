package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.protocol.TextLine.Role;
import dev.slumpwatch.protocol.TextLine.Unit;
import java.util.Locale;

/**
 * What the text reader learnt about a sketch's output from its first lines: how a record
 * is laid out, its units and its rate. Immutable; {@link #describe} is the one line the
 * user is shown.
 *
 * @param labelled      records are labelled values (else columns of bare numbers)
 * @param columns       for columns: the role of each column
 * @param separator     for columns: how they are separated, in words ("comma-separated")
 * @param roles         which of AX..GZ and TIME make a record, by {@link Role#ordinal}
 * @param linesPerRecord lines a record spans (1 for one record per line)
 * @param names         the printed labels of the record's values, in order
 * @param ignored       printed labels of values that are not read (temperature, angles)
 * @param accel         the accelerometer's unit: RAW, G, MG or MS2
 * @param gyro          the gyroscope's unit: RAW, DPS or RADS (NONE when not printed)
 * @param time          the time column's unit: MS, US or S (NONE when untimed)
 * @param rawScale      the ranges of raw counts
 * @param unitsHow      how the units were decided, in words
 * @param rateHz        the sample rate (measured, or assumed: see {@code rateHow}); 0 unknown
 * @param rateHow       "measured", "from the time column", or how it was assumed
 */
record TextShape(boolean labelled, Role[] columns, String separator, int roles,
    int linesPerRecord, String names, String ignored, Unit accel, Unit gyro, Unit time,
    SensorScale rawScale, String unitsHow, double rateHz, String rateHow) {

  boolean has(Role r) {
    return (roles & 1 << r.ordinal()) != 0;
  }

  boolean hasGyro() {
    return has(Role.GX) || has(Role.GY) || has(Role.GZ);
  }

  boolean timed() {
    return has(Role.TIME);
  }

  /** Raw counts in and out: the samples keep the printed counts exactly. */
  boolean raw() {
    return accel == Unit.RAW && (gyro == Unit.RAW || gyro == Unit.NONE);
  }

  /** The scale of the samples this shape produces. */
  SensorScale scale() {
    return raw() ? rawScale : TextFormat.SI_SCALE;
  }

  /** Records that span more than one line are complete when every role has been seen. */
  int roleCount() {
    return Integer.bitCount(roles);
  }

  String unitsText() {
    String a = switch (accel) {
      case RAW -> "raw counts ±" + rawScale.accelRangeG() + " g";
      case MG -> "mg";
      case MS2 -> "m/s²";
      default -> "g";
    };
    String g = switch (gyro) {
      case RAW -> accel == Unit.RAW ? "±" + rawScale.gyroRangeDegPerSec() + " °/s"
          : "raw counts ±" + rawScale.gyroRangeDegPerSec() + " °/s";
      case RADS -> "rad/s";
      case NONE -> "no gyroscope";
      default -> "°/s";
    };
    return a + " / " + g;
  }

  /** e.g. "labelled lines: AcX AcY AcZ GyX GyY GyZ, raw counts ±2 g / ±250 °/s, 3.0 Hz". */
  String describe() {
    StringBuilder b = new StringBuilder();
    if (labelled) {
      b.append(linesPerRecord <= 1 ? "labelled lines: "
          : "labelled records of " + linesPerRecord + " lines: ");
    } else {
      b.append(separator).append(" lines of ").append(columns.length).append(" numbers: ");
    }
    b.append(names);
    if (!ignored.isEmpty()) {
      b.append(" (ignored: ").append(ignored).append(')');
    }
    b.append(", ").append(unitsText());
    if (!unitsHow.isEmpty()) {
      b.append(" (").append(unitsHow).append(')');
    }
    b.append(", ");
    if (rateHz > 0) {
      b.append(String.format(Locale.ROOT, "%.1f Hz", rateHz));
      if (!rateHow.isEmpty()) {
        b.append(" (").append(rateHow).append(')');
      }
    } else {
      b.append("rate not yet known");
    }
    if (timed()) {
      b.append(", time in ").append(switch (time) {
        case US -> "µs";
        case S -> "s";
        default -> "ms";
      });
    }
    return b.toString();
  }
}
