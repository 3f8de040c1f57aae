package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.protocol.TextLine.Item;
import dev.slumpwatch.protocol.TextLine.Role;
import dev.slumpwatch.protocol.TextLine.Unit;
import dev.slumpwatch.protocol.TextRecords.Assembler;
import dev.slumpwatch.protocol.TextRecords.Parsed;
import dev.slumpwatch.protocol.TextRecords.Rec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Learns a sketch's record shape, units and rate from its first lines (the method is
 * described on {@link TextLineDecoder}). Works on the lines held while learning; keeps
 * nothing between calls but what a header said about its columns' units.
 */
final class TextShapeLearner {
  private final TextFormat format;
  private List<Parsed> learning = List.of();

  TextShapeLearner(TextFormat format) {
    this.format = format;
  }

  /** @return the shape the held lines show, or null (and why[0]) when they do not tell one */
  TextShape learn(List<Parsed> held, boolean force, String[] why) {
    this.learning = held;
    Parsed firstData = null;
    boolean labelled = false;
    Map<Integer, Integer> columnCounts = new HashMap<>();
    for (Parsed p : learning) {
      TextLine t = p.line();
      if (t.hasAxes()) {
        labelled = true;
      } else if (t.hasNumbers() && t.bad == null && t.unlabelled() == t.items.size()
          && t.items.size() >= 3) {
        columnCounts.merge(t.items.size(), 1, Integer::sum);
      }
      if (firstData == null && t.hasNumbers() && !p.maybePartial()) {
        firstData = p;
      }
    }
    TextShape structure;
    columnUnits = null;
    if (labelled) {
      structure = labelledStructure(why);
    } else if (!columnCounts.isEmpty()) {
      int best = -1;
      for (Map.Entry<Integer, Integer> e : columnCounts.entrySet()) {
        if (best < 0 || e.getValue() > columnCounts.get(best)
            || e.getValue().equals(columnCounts.get(best)) && e.getKey() > best) {
          best = e.getKey();
        }
      }
      structure = columnStructure(best, firstData, why);
    } else {
      why[0] = "no line labels an accelerometer's x, y, z, and no line is a row of 3 or "
          + "more bare numbers";
      return null;
    }
    if (structure == null) {
      return null;
    }
    // build the records the held lines make, to learn units, rate and record length
    Assembler dry = new Assembler((p, w) -> { });
    List<Rec> recs = new ArrayList<>();
    for (Parsed p : learning) {
      if (p.line().hasNumbers() && p.line().bad == null) {
        dry.add(p, structure);
        recs.addAll(dry.done);
        dry.done.clear();
      }
    }
    // a failed read (all zeros) is no reading: it must not count towards units or rate
    recs.removeIf(r -> TextRecords.failedRead(r, structure));
    if (recs.size() < (force ? 1 : TextLineDecoder.LEARN_MIN_RECORDS)) {
      why[0] = "only " + recs.size() + " complete record" + (recs.size() == 1 ? "" : "s")
          + " of " + structure.names();
      return null;
    }
    int linesPerRecord = 1;
    if (structure.labelled()) {
      Map<Integer, Integer> spans = new HashMap<>();
      for (Rec r : recs) {
        spans.merge(r.lines, 1, Integer::sum);
      }
      linesPerRecord = spans.entrySet().stream().max(Map.Entry.comparingByValue()).get()
          .getKey();
    }
    return units(structure, linesPerRecord, recs, force, why);
  }

  private TextShape labelledStructure(String[] why) {
    int roles = 0;
    List<String> names = new ArrayList<>();
    Set<String> ignored = new LinkedHashSet<>();
    List<Double> times = new ArrayList<>();
    List<String> roleNames = new ArrayList<>();
    boolean records = false;
    for (Parsed p : learning) {
      records |= p.line().hasAxes();
      for (Item i : p.line().items) {
        String label = i.label().replaceAll("\\s+", " ");
        if (i.axis() || i.role() == Role.TIME) {
          int bit = 1 << i.role().ordinal();
          if ((roles & bit) == 0) {
            roles |= bit;
            names.add(label);
            roleNames.add(i.role().name().toLowerCase(Locale.ROOT));
          }
          if (i.role() == Role.TIME) {
            times.add(i.value());
          }
        } else if (records && i.role() == Role.OTHER && !label.isEmpty()
            && ignored.size() < 6) {
          ignored.add(label); // what the records hold besides the axes, not the banner's
        }
      }
    }
    int accel = 1 << Role.AX.ordinal() | 1 << Role.AY.ordinal() | 1 << Role.AZ.ordinal();
    if ((roles & accel) != accel) {
      why[0] = "the labels name only some of the accelerometer's x, y, z: " + names;
      return null;
    }
    if ((roles & 1 << Role.TIME.ordinal()) != 0 && !increasing(times)) {
      // a "T" that does not advance is not a clock (a temperature, say)
      roles &= ~(1 << Role.TIME.ordinal());
      int k = roleNames.indexOf("time");
      roleNames.remove(k);
      String name = names.remove(k);
      ignored.add(name.isEmpty() ? "time" : name);
    }
    // values after a group's label ("a/g:", "accel x,y,z:") are shown by that label only
    names.removeIf(String::isEmpty);
    return new TextShape(true, null, "", roles, 0, String.join(" ", names.isEmpty()
        ? roleNames : names), String.join(" ", ignored), Unit.NONE, Unit.NONE, Unit.NONE,
        format.scale(), "", 0, "");
  }

  private TextShape columnStructure(int n, Parsed firstData, String[] why) {
    Role[] roles = null;
    String[] names = null;
    Unit[] labelUnits = new Unit[n];
    Arrays.fill(labelUnits, Unit.NONE);
    // a header: the last line without numbers before the data, with one name per column
    for (Parsed p : learning) {
      TextLine t = p.line();
      if (t.hasNumbers()) {
        if (roles != null) {
          break;
        }
        continue;
      }
      if (t.fields != null && t.fields.size() == n) {
        Role[] r = new Role[n];
        int axes = 0;
        for (int c = 0; c < n; c++) {
          TextLine.Label l = TextLine.Label.of(t.fields.get(c));
          r[c] = l.role() != null ? l.role() : Role.OTHER;
          if (l.bare() >= 0) {
            r[c] = Role.values()[l.bare()];
          }
          labelUnits[c] = l.unit();
          axes += r[c].ordinal() <= Role.GZ.ordinal() ? 1 : 0;
        }
        if (axes >= 3) {
          roles = r;
          names = t.fields.toArray(new String[0]);
        }
      }
    }
    boolean fromHeader = roles != null;
    if (roles == null) {
      boolean firstIncreases = increasing(column(0, n));
      String[] def = switch (n) {
        case 3 -> new String[] {"ax", "ay", "az"};
        case 4 -> firstIncreases ? new String[] {"t", "ax", "ay", "az"} : null;
        case 6 -> new String[] {"ax", "ay", "az", "gx", "gy", "gz"};
        case 7 -> firstIncreases ? new String[] {"t", "ax", "ay", "az", "gx", "gy", "gz"}
            : new String[] {"ax", "ay", "az", "temperature", "gx", "gy", "gz"};
        case 8 -> firstIncreases
            ? new String[] {"t", "ax", "ay", "az", "temperature", "gx", "gy", "gz"} : null;
        default -> null;
      };
      if (def == null) {
        why[0] = "lines of " + n + " numbers, and which is which is not known: print ax, ay,"
            + " az, gx, gy, gz (optionally a time first), or a header line naming the columns";
        return null;
      }
      names = def;
      roles = new Role[n];
      for (int c = 0; c < n; c++) {
        TextLine.Label l = TextLine.Label.of(def[c]);
        roles[c] = l.role() != null ? l.role() : Role.OTHER;
      }
    }
    int bits = 0;
    List<String> shown = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      if (roles[c] == Role.OTHER || roles[c] == Role.UNLABELLED || (bits & 1 << roles[c]
          .ordinal()) != 0) {
        roles[c] = Role.OTHER;
        ignored.add(names[c].isEmpty() ? "column " + (c + 1) : names[c]);
      } else {
        bits |= 1 << roles[c].ordinal();
        shown.add(names[c]);
      }
    }
    int accel = 1 << Role.AX.ordinal() | 1 << Role.AY.ordinal() | 1 << Role.AZ.ordinal();
    if ((bits & accel) != accel) {
      why[0] = "the header names only some of the accelerometer's x, y, z: "
          + String.join(",", names);
      return null;
    }
    String text = firstData == null ? "," : firstData.text();
    String sep = text.indexOf(',') >= 0 ? "comma-separated" : text.indexOf('\t') >= 0
        ? "tab-separated" : text.indexOf(';') >= 0 ? "semicolon-separated" : "space-separated";
    TextShape s = new TextShape(false, roles, sep, bits, 1, String.join(" ", shown),
        String.join(" ", ignored), Unit.NONE, Unit.NONE, Unit.NONE, format.scale(),
        fromHeader ? "header" : "", 0, "");
    columnUnits = fromHeader ? labelUnits : null;
    return s;
  }

  /** Units a header named per column, for {@link #units}; null without a header. */
  private Unit[] columnUnits;

  private List<Double> column(int c, int n) {
    List<Double> out = new ArrayList<>();
    for (Parsed p : learning) {
      TextLine t = p.line();
      if (t.hasNumbers() && t.items.size() == n && t.unlabelled() == n) {
        out.add(t.items.get(c).value());
      }
    }
    return out;
  }

  /**
   * True when the values (at least 3) increase at every step but at most one in ten; a
   * drop from above 2^31 counts as the wrap of a 32-bit micros() counter.
   */
  private static boolean increasing(List<Double> v) {
    if (v.size() < 3) {
      return false;
    }
    int up = 0;
    for (int i = 1; i < v.size(); i++) {
      double a = v.get(i - 1);
      double b = v.get(i);
      up += b > a || a - b > 0x8000_0000L ? 1 : 0;
    }
    return up * 10 >= (v.size() - 1) * 9;
  }

  /** Decides units, ranges, the time unit and the rate from the records the lines make. */
  private TextShape units(TextShape s, int linesPerRecord, List<Rec> recs, boolean force,
      String[] why) {
    // units printed in the stream: labels, units after values, a header's column names
    Map<Unit, Integer> accelUnits = new HashMap<>();
    Map<Unit, Integer> gyroUnits = new HashMap<>();
    Map<Unit, Integer> timeUnits = new HashMap<>();
    for (Parsed p : learning) {
      List<Item> items = p.line().items;
      for (int k = 0; k < items.size(); k++) {
        Item i = items.get(k);
        Unit u = i.unit();
        if (!s.labelled() && columnUnits != null && items.size() == columnUnits.length
            && columnUnits[k] != Unit.NONE) {
          u = columnUnits[k];
        }
        Role r = s.labelled() ? i.role() : k < s.columns().length ? s.columns()[k] : Role.OTHER;
        if (u == Unit.NONE || !s.has(r)) {
          continue;
        }
        Map<Unit, Integer> m = r == Role.TIME ? timeUnits : r.ordinal() < 3 ? accelUnits
            : gyroUnits;
        m.merge(u, 1, Integer::sum);
      }
    }
    if (!s.labelled() && columnUnits != null) {
      for (int c = 0; c < columnUnits.length; c++) {
        Role r = s.columns()[c];
        if (columnUnits[c] != Unit.NONE && s.has(r)) {
          (r == Role.TIME ? timeUnits : r.ordinal() < 3 ? accelUnits : gyroUnits)
              .merge(columnUnits[c], 1000, Integer::sum);
        }
      }
    }
    Unit accel = majority(accelUnits, Set.of(Unit.RAW, Unit.G, Unit.MG, Unit.MS2));
    Unit gyro = majority(gyroUnits, Set.of(Unit.RAW, Unit.DPS, Unit.RADS));
    Unit time = majority(timeUnits, Set.of(Unit.MS, Unit.US, Unit.S));
    boolean headerRaw = !s.labelled() && "header".equals(s.unitsHow()) && accel == Unit.NONE;

    String how;
    int rangeG = format.accelRangeG();
    List<Double> norms = new ArrayList<>();
    boolean integral = true;
    for (Rec r : recs) {
      double n = Math.sqrt(r.v[0] * r.v[0] + r.v[1] * r.v[1] + r.v[2] * r.v[2]);
      if (n > 0) {
        norms.add(n);
      }
      integral &= r.integral;
    }
    norms.sort(null);
    double median = norms.isEmpty() ? 0 : norms.get(norms.size() / 2);
    if (accel != Unit.NONE) {
      how = "as labelled";
    } else if (headerRaw || format.units() == TextFormat.Units.RAW) {
      accel = Unit.RAW;
      how = headerRaw ? "header without units" : "as set by --text-units";
    } else if (format.units() == TextFormat.Units.SI) {
      accel = Unit.G;
      how = "as set by --text-units";
    } else {
      double[] at = {16384, 8192, 4096, 2048, 1000, 1, SensorScale.STANDARD_GRAVITY};
      Unit[] unit = {Unit.RAW, Unit.RAW, Unit.RAW, Unit.RAW, Unit.MG, Unit.G, Unit.MS2};
      int best = -1;
      for (int k = 0; k < at.length; k++) {
        if (unit[k] == Unit.RAW && !integral) {
          continue;
        }
        if (best < 0 || Math.abs(Math.log(median / at[k])) < Math.abs(Math.log(median
            / at[best]))) {
          best = k;
        }
      }
      if (best < 0 || !(Math.abs(Math.log(median / at[best])) < Math.log(1.3))) {
        why[0] = String.format(Locale.ROOT, "the accelerometer reads %s at rest, which fits "
            + "no unit (raw counts: 16384 at ±2 g, 8192 at ±4 g, 4096 at ±8 g, 2048 at ±16 g;"
            + " mg: 1000; g: 1; m/s²: 9.81); give --text-units and --accel-range",
            TextLineDecoder.fmt(Math.round(median * 1000) / 1000.0));
        return null;
      }
      accel = unit[best];
      if (accel == Unit.RAW && rangeG == 0) {
        rangeG = 2 << best;
      }
      how = "from the size of gravity";
    }
    if (accel == Unit.RAW && rangeG == 0) {
      double[] at = {16384, 8192, 4096, 2048};
      rangeG = 2;
      for (int k = 0; k < at.length; k++) {
        if (median > 0 && Math.abs(Math.log(median / at[k])) < Math.log(1.3)) {
          rangeG = 2 << k;
        }
      }
    }
    if (!s.hasGyro()) {
      gyro = Unit.NONE;
    } else if (gyro == Unit.NONE) {
      gyro = switch (accel) {
        case RAW -> Unit.RAW;
        case MS2 -> Unit.RADS;
        default -> format.units() == TextFormat.Units.RAW ? Unit.RAW : Unit.DPS;
      };
    }
    SensorScale rawScale = new SensorScale(rangeG == 0 ? 2 : rangeG, format.gyroRangeDps());

    double rate = 0;
    String rateHow = "";
    if (s.timed()) {
      if (time == Unit.NONE) {
        time = timeUnitFromHost(recs);
      }
      if (time == Unit.NONE) {
        time = format.timeColumn() == TextFormat.TimeUnit.MICROS ? Unit.US : Unit.MS;
      }
      double scale = time == Unit.US ? 1 : time == Unit.S ? 1e6 : 1e3;
      List<Double> steps = new ArrayList<>();
      for (int k = 1; k < recs.size(); k++) {
        double d = (recs.get(k).v[6] - recs.get(k - 1).v[6]) * scale;
        if (d > 0) {
          steps.add(d);
        }
      }
      steps.sort(null);
      if (!steps.isEmpty()) {
        rate = 1e6 / steps.get(steps.size() / 2);
        rateHow = "from the time column";
      }
    } else if (format.rateHz() > 0) {
      rate = format.rateHz();
      rateHow = "as set by --text-rate";
    } else if (recs.get(0).last.host() >= 0) {
      double period = periodFromReceiveTimes(recs);
      long arrivals = recs.stream().mapToLong(r -> r.last.host()).distinct().count();
      long span = recs.get(recs.size() - 1).last.host() - recs.get(0).last.host();
      if (!force && arrivals < TextLineDecoder.MIN_ARRIVALS && span < 2 * TextLineDecoder.LEARN_MICROS + TextLineDecoder.LEARN_MICROS / 2) {
        // the records came in a few bursts (a busy host, a Bluetooth module): a few more
        // arrivals make the measured rate trustworthy
        why[0] = "the records came in " + arrivals + " bursts; waiting for more to measure "
            + "the rate";
        return null;
      }
      if (period > 0) {
        rate = 1e6 / period;
        rateHow = "measured";
      } else if (!force) {
        why[0] = "the records all arrived at once; waiting for more to measure the rate";
        return null;
      }
    } else {
      rate = 100;
      rateHow = "assumed: no receive times";
    }
    if (rate > Protocol.MAX_RATE_HZ) {
      rate = Protocol.MAX_RATE_HZ;
    }
    return new TextShape(s.labelled(), s.columns(), s.separator(), s.roles(), linesPerRecord,
        s.names(), s.ignored(), accel, gyro, time, rawScale, how, rate, rateHow);
  }

  /**
   * The sketch's period from when its records arrived, µs, or 0 when they do not tell.
   * Delays only ever make a record arrive later than it was sent (a busy host, a USB
   * adapter that batches, a stall followed by a burst), never earlier; so the receive
   * times plotted against the record number lie on or above the line of the sending times,
   * and the lower convex hull of the points follows that line where records came promptly.
   * The slope of the hull at the middle record is the period (as in estimating a clock's
   * skew from one-way delays); a count over the span would be biased by a stall at either
   * end.
   */
  static double periodFromReceiveTimes(List<Rec> recs) {
    int n = recs.size();
    long[] x = new long[n];
    long[] y = new long[n];
    int[] hull = new int[n];
    int h = 0;
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = recs.get(i).last.host();
      // Andrew's monotone chain, lower hull: drop points that make a clockwise turn
      while (h >= 2 && cross(x, y, hull[h - 2], hull[h - 1], i) <= 0) {
        h--;
      }
      hull[h++] = i;
    }
    int mid = n / 2;
    boolean reached = false;
    for (int k = 1; k < h; k++) {
      int a = hull[k - 1];
      int b = hull[k];
      reached |= b >= mid;
      double slope = (double) (y[b] - y[a]) / (b - a);
      if (reached && slope > 0) {
        return slope; // (a flat edge is a burst that arrived at once: the next one tells)
      }
    }
    return 0;
  }

  private static double cross(long[] x, long[] y, int o, int a, int b) {
    return (double) (x[a] - x[o]) * (y[b] - y[o]) - (double) (y[a] - y[o]) * (x[b] - x[o]);
  }

  /** ms, µs or s, from how fast the time column advances against the receive times. */
  private static Unit timeUnitFromHost(List<Rec> recs) {
    Rec a = recs.get(0);
    Rec b = recs.get(recs.size() - 1);
    long hostSpan = b.last.host() - a.last.host();
    double deviceSpan = b.v[6] - a.v[6];
    if (a.last.host() < 0 || hostSpan < 1_000_000 || deviceSpan <= 0) {
      return Unit.NONE;
    }
    double perMicro = deviceSpan / hostSpan;
    double[] at = {1e-3, 1, 1e-6};
    Unit[] unit = {Unit.MS, Unit.US, Unit.S};
    for (int k = 0; k < at.length; k++) {
      if (Math.abs(Math.log(perMicro / at[k])) < Math.log(3)) {
        return unit[k];
      }
    }
    return Unit.NONE;
  }

  private static Unit majority(Map<Unit, Integer> counts, Set<Unit> allowed) {
    Unit best = Unit.NONE;
    int n = 0;
    for (Map.Entry<Unit, Integer> e : counts.entrySet()) {
      if (allowed.contains(e.getKey()) && e.getValue() > n) {
        best = e.getKey();
        n = e.getValue();
      }
    }
    return best;
  }
}
