package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SensorScale;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads the text that DIY sketches print, line by line, fed in arbitrary byte chunks:
 * <ul>
 *   <li>CSV: {@code ax,ay,az,gx,gy,gz}, optionally with a leading time column; an optional
 *       header line names the columns and so states the units: {@code t_us} or {@code t_ms}
 *       first, then {@code ax,ay,az,gx,gy,gz} (raw counts) or
 *       {@code ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps} (g and °/s);</li>
 *   <li>i2cdevlib's MPU6050_raw example: {@code a/g:} then six tab-separated integers.</li>
 * </ul>
 * Lines starting with {@code #} and empty lines are skipped. A line that does not parse is
 * counted (as malformed), reported through {@code problems} with its line number and
 * content (the first {@link #REPORTED_LINES}, then a single note that later ones are only
 * counted), and skipped; nothing is thrown.
 */
public final class TextLineDecoder {
  public static final int MAX_LINE = 256;
  public static final int REPORTED_LINES = 10;

  private final FrameListener listener;
  private final Consumer<String> problems;
  private final SampleTimeline timeline = new SampleTimeline();
  private final byte[] line = new byte[MAX_LINE];
  private int len;
  private boolean tooLong;
  private boolean lastWasCr;
  private long lineNo;

  private TextFormat.Units units;
  private TextFormat.TimeUnit timeUnit;
  private final SensorScale rawScale;
  private final long periodMicros;
  private long untimed;
  private final double[] v = new double[7];

  private long bytes;
  private long lines;
  private long samples;
  private long bad;
  private long badBytes;

  public TextLineDecoder(TextFormat format, FrameListener listener, Consumer<String> problems) {
    this.listener = listener;
    this.problems = problems;
    this.units = format.units();
    this.timeUnit = format.timeColumn();
    this.rawScale = format.rawScale();
    this.periodMicros = Math.max(1, 1_000_000L / format.rateHz());
  }

  public void feed(byte[] data, int off, int n) {
    bytes += n;
    for (int i = off; i < off + n; i++) {
      byte b = data[i];
      if (b == '\n' || b == '\r') {
        if (b == '\n' && lastWasCr) {
          lastWasCr = false;
          continue;
        }
        lastWasCr = b == '\r';
        endLine();
        continue;
      }
      lastWasCr = false;
      if (len < MAX_LINE) {
        line[len++] = b;
      } else {
        tooLong = true;
        badBytes++;
      }
    }
  }

  /** Forgets a partial line (bytes before a reconnection) and allows a clock restart. */
  public void reconnected(long outageMicros) {
    len = 0;
    tooLong = false;
    timeline.allowRestart(outageMicros);
  }

  private void endLine() {
    lineNo++;
    String s = new String(line, 0, len, StandardCharsets.ISO_8859_1).strip();
    int n = len;
    len = 0;
    if (tooLong) {
      tooLong = false;
      bad(n, "longer than " + MAX_LINE + " bytes", s.substring(0, Math.min(40, s.length())) + "…");
      return;
    }
    if (s.isEmpty() || s.startsWith("#")) {
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\t' || c > 0x7E) {
        bad(n, "not printable text (binary data or noise)", null);
        return;
      }
    }
    String err;
    if (s.startsWith("a/g:")) {
      err = parseValues(s.substring(4).trim().split("\\s+"), false);
    } else if (Character.isLetter(s.charAt(0))) {
      err = header(s);
      if (err == null) {
        lines++;
        return;
      }
    } else {
      err = parseValues(s.split(",", -1), true);
    }
    if (err != null) {
      bad(n, err, s);
    } else {
      lines++;
    }
  }

  private String header(String s) {
    String[] cols = s.split(",", -1);
    int k = 0;
    TextFormat.TimeUnit t = null;
    if (cols.length == 7) {
      String c = cols[0].trim();
      if (c.equals("t_us")) {
        t = TextFormat.TimeUnit.MICROS;
      } else if (c.equals("t_ms")) {
        t = TextFormat.TimeUnit.MILLIS;
      } else {
        return "a header's time column must be t_us or t_ms, not '" + c + "'";
      }
      k = 1;
    } else if (cols.length != 6) {
      return "neither a sample line nor a header (a header names 6 or 7 columns, this line "
          + cols.length + ")";
    }
    String joined = String.join(",", java.util.Arrays.stream(cols, k, cols.length)
        .map(String::trim).toArray(String[]::new));
    if (joined.equals("ax,ay,az,gx,gy,gz")) {
      units = TextFormat.Units.RAW;
    } else if (joined.equals("ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps")) {
      units = TextFormat.Units.SI;
    } else {
      return "header columns must be ax,ay,az,gx,gy,gz (raw counts) or "
          + "ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps (g and °/s)";
    }
    if (t != null) {
      timeUnit = t;
    }
    listener.deviceInfo(info(units, rawScale));
    return null;
  }

  /** @return null when the line gave a sample (or was a dropped duplicate), else why not */
  private String parseValues(String[] f, boolean csv) {
    boolean timed = f.length == 7;
    if (f.length != 6 && !timed || !csv && timed) {
      return csv ? "expected 6 or 7 comma-separated numbers, got " + f.length + " fields"
          : "expected six tab-separated integers after 'a/g:', got " + f.length;
    }
    boolean si = csv && units == TextFormat.Units.SI;
    for (int i = 0; i < f.length; i++) {
      String x = f[i].trim();
      try {
        double d = (si && i >= (timed ? 1 : 0)) || (timed && i == 0) ? Double.parseDouble(x)
            : Long.parseLong(x);
        if (!Double.isFinite(d)) {
          return "field " + (i + 1) + " is not a finite number: '" + x + "'";
        }
        v[i] = d;
      } catch (NumberFormatException e) {
        return "field " + (i + 1) + " is not a number: '" + x + "'";
      }
    }
    int k = timed ? 1 : 0;
    short[] c = new short[6];
    SensorScale scale = si ? TextFormat.SI_SCALE : rawScale;
    for (int i = 0; i < 6; i++) {
      double x = v[k + i];
      if (si) {
        c[i] = i < 3 ? scale.accelCounts(x) : scale.gyroCounts(Math.toRadians(x));
      } else {
        if (x < Short.MIN_VALUE || x > Short.MAX_VALUE) {
          return "field " + (k + i + 1) + " (" + (long) x + ") is outside the int16 range of raw "
              + "counts; are the values in g and °/s? then use a header or --text-units si";
        }
        c[i] = (short) x;
      }
    }
    long t;
    if (timed) {
      if (v[0] < 0) {
        return "the time column is negative: " + (long) v[0];
      }
      t = timeUnit == TextFormat.TimeUnit.MICROS ? timeline.placeRaw32((long) v[0], 0, -1)
          : timeline.placeUnwrapped((long) (v[0] * 1000), 0, -1);
    } else {
      t = timeline.placeUnwrapped(untimed++ * periodMicros, 0, -1);
    }
    if (t >= 0) {
      samples++;
      listener.sample(new ImuSample(t, 0, -1, c[0], c[1], c[2], c[3], c[4], c[5],
          ImuSample.saturationFlags(c[0], c[1], c[2], c[3], c[4], c[5])));
    }
    return null;
  }

  private void bad(int n, String why, String content) {
    bad++;
    badBytes += n;
    if (bad <= REPORTED_LINES) {
      String shown = content == null ? "" : ": '" + (content.length() > 60
          ? content.substring(0, 60) + "…" : content) + "'";
      problems.accept("line " + lineNo + " skipped, " + why + shown);
    } else if (bad == REPORTED_LINES + 1) {
      problems.accept("more bad lines (from line " + lineNo + "); they are counted and skipped "
          + "without further messages");
    }
  }

  /** What a text sketch is taken to be: protocol version 0, the scale its units imply. */
  static DeviceInfoFrame info(TextFormat.Units units, SensorScale rawScale) {
    SensorScale s = units == TextFormat.Units.SI ? TextFormat.SI_SCALE : rawScale;
    return new DeviceInfoFrame(0, 0, units == TextFormat.Units.SI ? "text (g, deg/s)"
        : "text (raw counts)", "MPU-6050 (text sketch)", s.accelRangeG(),
        s.gyroRangeDegPerSec(), 100);
  }

  /** The units in force (the header's, once one was read). */
  public TextFormat.Units units() {
    return units;
  }

  public DecoderStats stats() {
    return new DecoderStats(bytes, lines, samples, 0, bad, 0, bad, badBytes, 0,
        timeline.duplicates, timeline.outOfOrder, timeline.restarts, 0);
  }
}
