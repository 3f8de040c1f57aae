package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.protocol.TextLine.Role;
import dev.slumpwatch.protocol.TextLine.Unit;
import dev.slumpwatch.protocol.TextRecords.Assembler;
import dev.slumpwatch.protocol.TextRecords.Parsed;
import dev.slumpwatch.protocol.TextRecords.Rec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads what a DIY sketch prints, whatever it prints, fed in arbitrary byte chunks: the
 * reader learns the shape of the records from the first lines instead of knowing a list of
 * sketches. See docs/sketches.md for what it recognises.
 *
 * <ol>
 *   <li><b>Shape.</b> Each line is split into numbers and their labels ({@link TextLine}).
 *       If the lines label accelerometer (and gyroscope) axes, a record is one set of those
 *       labels, on one line or spread over several (Adafruit's example prints acceleration,
 *       rotation and temperature on three lines); a record is complete when every label of
 *       the set has come, and a label coming again before that means part of a record was
 *       lost. Otherwise the lines are columns of bare numbers (CSV, tab- or space-separated),
 *       named by a header line if there is one, else by their count: 6 are ax ay az gx gy
 *       gz; 7 are a time column and the six when the first column only ever increases, else
 *       the MPU-6050's register order with the temperature in the middle.</li>
 *   <li><b>Units.</b> From the labels ({@code m/s^2}, {@code rad/s}, {@code ax_g},
 *       {@code gx_dps}) or, for bare numbers, from the size of gravity at rest: the median
 *       length of the accelerometer vector is about 16384 for raw counts at ±2 g (8192,
 *       4096, 2048 at ±4, ±8, ±16 g), 1000 in mg, 1 in g, 9.81 in m/s². Bare gyroscope
 *       values are taken to be raw counts with raw accelerometer counts, rad/s with m/s²
 *       (the Adafruit library's SI units) and °/s otherwise.</li>
 *   <li><b>Rate and time.</b> From a time column (its unit from the label, or from how
 *       fast it advances against the host's receive times), else measured from the receive
 *       times, and the untimed samples are placed on those (spread evenly over a chunk that
 *       held several), so an outage lasts what it lasted and a replay of the recording
 *       gives the same times.</li>
 * </ol>
 * What it concluded is said once, in one line ({@code notes}); a rate below
 * {@link #SLOW_RATE_HZ} is warned about once. Lines are held while the shape is learnt
 * (about {@link #LEARN_MICROS}) and then delivered, none lost.
 *
 * <p>Lines without numbers (banners, status lines, a header, comments) and lines whose
 * numbers label something else (temperature) are skipped quietly. A line that has numbers
 * but does not fit the shape is rejected and counted (never thrown, never one message
 * each; the caller summarises {@link #lastBad}): too many values (two lines run together
 * after lost bytes), too few (cut short), a label twice, a value that is not a number or
 * is outside the sensor's range, and every value the same (all zeros: a failed I2C read).
 * After {@link #RELEARN_AFTER_BAD} rejected lines in a row the shape is learnt again (the
 * board was flashed with another sketch).
 */
public final class TextLineDecoder {
  public static final int MAX_LINE = 256;
  /** Host time the first lines are watched before the shape is concluded. */
  static final long LEARN_MICROS = 2_000_000;
  static final int LEARN_MIN_RECORDS = 3;
  /** Without receive times (bare bytes fed in) the shape is concluded after this many. */
  static final int LEARN_RECORDS_WITHOUT_HOST = 5;
  static final int LEARN_MAX_LINES = 4000;
  /** Without a shape after this long (host time), the lines are counted and learning restarts. */
  static final long LEARN_GIVE_UP_MICROS = 10_000_000;
  static final int RELEARN_AFTER_BAD = 50;
  /** Untimed records must have come in this many reads to measure their rate (or 5 s). */
  static final int MIN_ARRIVALS = 6;
  /** Below this rate posture lags and bumps are not told apart well: worth a warning. */
  public static final double SLOW_RATE_HZ = 25;

  private final TextFormat format;
  private final FrameListener listener;
  private final Consumer<String> notes;
  private final SampleTimeline timeline;

  // line splitting
  private final byte[] line = new byte[MAX_LINE];
  private int len;
  private boolean tooLong;
  private boolean lastWasCr;
  private long lineNo;
  private long hostMicros = -1;
  private int chunk;
  /** The first line of a connection may be the tail of one: not counted if it is no record. */
  private boolean firstLine = true;

  // learning
  private final List<Parsed> learning = new ArrayList<>();
  private long learningFromHost = -1;
  private int learningWithNumbers;
  private TextShape shape;
  private final Assembler assembler = new Assembler(this::bad);
  private final TextShapeLearner learner;

  // placing untimed records
  private long lastVirtualMicros = -1;
  private long untimedCount;
  private double periodMicros = 10_000;
  private long markHost = -1;
  private long markRecords;
  private long placedRecords;

  private long bytes;
  private long lines;
  private long samples;
  private long bad;
  private long badBytes;
  private long quietLines;
  private boolean rateWarned;
  private String lastBad;

  /**
   * @param notes what the reader concluded about the lines, and warnings about them (one
   *     line each, a few per connection)
   */
  public TextLineDecoder(TextFormat format, FrameListener listener, Consumer<String> notes) {
    this(format, listener, notes, new SampleTimeline());
  }

  TextLineDecoder(TextFormat format, FrameListener listener, Consumer<String> notes,
      SampleTimeline timeline) {
    this.format = format;
    this.listener = listener;
    this.notes = notes;
    this.timeline = timeline;
    this.learner = new TextShapeLearner(format);
  }

  /** Bytes whose receive time is not known: untimed lines are placed at n / rate. */
  public void feed(byte[] data, int off, int n) {
    feed(data, off, n, -1);
  }

  /**
   * Bytes received by the host at {@code hostMicros} (its monotonic clock; a recording keeps
   * it). Complete records are delivered before this returns, unless the shape is still being
   * learnt.
   */
  public void feed(byte[] data, int off, int n, long hostMicros) {
    this.hostMicros = hostMicros;
    chunk++;
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
      }
    }
    if (shape == null) {
      conclude(false);
    }
    if (shape != null) {
      place(hostMicros);
    }
  }

  /**
   * The data stopped (disconnection, end of a recording): lines still held while learning
   * are concluded on and delivered, as far as they go.
   */
  public void flush() {
    if (shape == null && !learning.isEmpty()) {
      conclude(true);
    }
    if (shape != null) {
      place(hostMicros);
      placeRun(run, runEndHost);
      run.clear();
    }
    assembler.dropPartial();
  }

  /** Forgets a partial line and what was learnt (another board may come), allows a restart. */
  public void reconnected(long outageMicros) {
    flush();
    len = 0;
    tooLong = false;
    lastWasCr = false;
    firstLine = true;
    shape = null;
    learning.clear();
    learningFromHost = -1;
    learningWithNumbers = 0;
    lastVirtualMicros = -1;
    markHost = -1;
    badRun.clear();
    assembler.reset();
    timeline.allowRestart(outageMicros);
  }

  private void endLine() {
    lineNo++;
    int n = len;
    len = 0;
    boolean partial = firstLine;
    firstLine = false;
    if (tooLong) {
      tooLong = false;
      String s = printable(line, n);
      bad(n, lineNo, "longer than " + MAX_LINE + " bytes", s == null ? null
          : s.substring(0, Math.min(40, s.length())) + "…");
      return;
    }
    String s = printable(line, n);
    if (s == null) {
      if (!partial) {
        bad(n, lineNo, "not printable text (binary data, noise, or the wrong baud rate)",
            null);
      }
      return;
    }
    s = s.strip();
    if (s.isEmpty()) {
      return;
    }
    TextLine t = TextLine.parse(s);
    Parsed p = new Parsed(t, s, lineNo, hostMicros, chunk, n, partial);
    if (shape == null) {
      relearn(p);
      if (learning.size() >= LEARN_MAX_LINES) {
        conclude(true);
      }
    } else {
      apply(p);
    }
  }

  /** The line's text when every byte is printable (° ² µ allowed, as Latin-1 or UTF-8). */
  static String printable(byte[] b, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xFF;
      if (c == 0xC2 && i + 1 < n && isSymbol(b[i + 1] & 0xFF)) {
        continue; // UTF-8 lead byte of ° ² µ
      }
      if (c == '\t' || c >= 0x20 && c <= 0x7E || isSymbol(c)) {
        s.append((char) c);
      } else {
        return null;
      }
    }
    return s.toString();
  }

  private static boolean isSymbol(int c) {
    return c == 0xB0 || c == 0xB2 || c == 0xB5;
  }

  // ------------------------------------------------------------------ after learning

  private void apply(Parsed p) {
    lines++;
    TextLine t = p.line();
    if (!t.hasNumbers()) {
      quietLines++; // a banner, a status line, a header printed again
      return;
    }
    if (t.bad != null) {
      bad(p, t.bad);
      return;
    }
    assembler.add(p, shape);
    for (Rec r : assembler.done) {
      accept(r);
    }
    assembler.done.clear();
  }

  private final List<Rec> ready = new ArrayList<>();
  private final short[] counts = new short[6];

  /** Checks a complete record against the sensor's range; keeps it to be placed. */
  private void accept(Rec r) {
    String why = check(r);
    if (why != null) {
      bad(r.last, why);
      return;
    }
    badRun.clear();
    ready.add(r);
  }

  private String check(Rec r) {
    if (TextRecords.failedRead(r, shape)) {
      return "every value " + (r.v[0] == 0 ? "0" : fmt(r.v[0]))
          + ": a failed sensor read, not a reading";
    }
    return toCounts(r, counts);
  }

  /** Converts a record's values to counts in {@link TextShape#scale}; null, or why not. */
  private String toCounts(Rec r, short[] c) {
    SensorScale out = shape.scale();
    for (int i = 0; i < 6; i++) {
      if (i >= 3 && !shape.hasGyro()) {
        c[i] = 0;
        continue;
      }
      double x = r.v[i];
      Unit u = i < 3 ? shape.accel() : shape.gyro();
      if (shape.raw()) {
        if (x != Math.rint(x) || x < Short.MIN_VALUE || x > Short.MAX_VALUE) {
          return axisName(i) + " " + fmt(x) + " is outside the int16 range of raw counts"
              + " (two numbers run together after lost bytes?)";
        }
        c[i] = (short) x;
        continue;
      }
      double phys = switch (u) { // g or °/s
        case RAW -> i < 3 ? x / shape.rawScale().accelLsbPerG()
            : x / shape.rawScale().gyroLsbPerDegPerSec();
        case MG -> x / 1000;
        case MS2 -> x / SensorScale.STANDARD_GRAVITY;
        case RADS -> Math.toDegrees(x);
        default -> x;
      };
      double limit = i < 3 ? out.accelRangeG() : out.gyroRangeDegPerSec();
      if (!(Math.abs(phys) <= limit)) {
        return axisName(i) + " " + fmt(x) + " is outside the sensor's range (±" + (int) limit
            + (i < 3 ? " g)" : " °/s)") + " (two numbers run together after lost bytes?)";
      }
      c[i] = i < 3 ? out.accelCounts(phys) : out.gyroCounts(Math.toRadians(phys));
    }
    return null;
  }

  private static String axisName(int i) {
    return Role.values()[i].name().toLowerCase(Locale.ROOT);
  }

  static String fmt(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x)
        : String.format(Locale.ROOT, "%g", x);
  }

  /**
   * Places the complete records on the timeline and delivers them, in order. Timed records
   * go at once. Untimed ones are placed by when they arrived, and a burst is one unit: the
   * records of chunks that came less than half a period apart (what a busy host reads
   * after a stall, split by a pseudo-terminal's or a driver's buffer into several reads)
   * are held until the burst is over, then spread back from its end at the sketch's rate,
   * so a host stall is not stored as a gap followed by a crowd of samples. Which records
   * make a burst depends only on the receive times, so a replay places them alike.
   *
   * @param now the host time of the latest chunk (or of an idle read), -1 when unknown
   */
  private void place(long now) {
    if (shape.timed() || now < 0) {
      placeRun(ready, now);
      ready.clear();
      return;
    }
    // normally one chunk's records; after learning, those of every chunk held meanwhile
    int i = 0;
    while (i < ready.size()) {
      long at = ready.get(i).last.host();
      int j = i;
      while (j < ready.size() && ready.get(j).last.host() == at) {
        j++;
      }
      arrived(ready.subList(i, j), at);
      i = j;
    }
    ready.clear();
  }

  private void arrived(List<Rec> recs, long at) {
    if (!run.isEmpty() && (at - runEndHost >= burstGapMicros()
        || at - runStartHost >= MAX_BURST_MICROS)) {
      placeRun(run, runEndHost);
      run.clear();
    }
    if (run.isEmpty()) {
      runStartHost = at;
    }
    run.addAll(recs);
    runEndHost = at;
  }

  /** The host saw nothing new until {@code now}: a burst that ended is placed. */
  public void idle(long now) {
    if (shape != null && !run.isEmpty() && now - runEndHost >= burstGapMicros()) {
      placeRun(run, runEndHost);
      run.clear();
    }
  }

  /** A burst spanning this long is placed even while chunks keep coming close together. */
  static final long MAX_BURST_MICROS = 250_000;
  private final List<Rec> run = new ArrayList<>();
  private long runStartHost;
  private long runEndHost;

  private long burstGapMicros() {
    return Math.max(1_000, Math.round(periodMicros / 2));
  }

  /** Places records that arrived together, the last of them at {@code host}. */
  private void placeRun(List<Rec> recs, long host) {
    int m = recs.size();
    if (m == 0) {
      return;
    }
    double step = periodMicros;
    long start = 0;
    if (!shape.timed() && host >= 0) {
      track(host, m);
      start = host - Math.round((m - 1) * periodMicros);
      if (lastVirtualMicros >= 0 && start <= lastVirtualMicros) {
        // more records than fit since the previous ones at the measured rate: spread them
        step = Math.max(1, (double) (host - lastVirtualMicros) / m);
        start = Math.round(lastVirtualMicros + step);
      }
    }
    for (int k = 0; k < m; k++) {
      Rec r = recs.get(k);
      toCounts(r, counts);
      long t;
      if (!shape.timed()) {
        long v = host >= 0 ? start + Math.round(k * step)
            : Math.round(untimedCount * 1e6 / (format.rateHz() > 0 ? format.rateHz() : 100));
        untimedCount++;
        if (lastVirtualMicros >= 0 && v <= lastVirtualMicros) {
          v = lastVirtualMicros + 1;
        }
        lastVirtualMicros = v;
        t = timeline.placeReceived(v, 0);
      } else {
        double x = r.v[Role.TIME.ordinal()];
        long h = r.last.host();
        t = switch (shape.time()) {
          case US -> timeline.placeRaw32((long) x & 0xFFFF_FFFFL, 0, -1, r.identity, h);
          case S -> timeline.placeUnwrapped(Math.round(x * 1e6), 0, -1, r.identity, h);
          default -> timeline.placeUnwrapped(Math.round(x * 1e3), 0, -1, r.identity, h);
        };
      }
      if (t >= 0) {
        samples++;
        listener.sample(new ImuSample(t, 0, -1, counts[0], counts[1], counts[2], counts[3],
            counts[4], counts[5], ImuSample.saturationFlags(counts[0], counts[1], counts[2],
            counts[3], counts[4], counts[5])));
      }
    }
  }

  /** Keeps the rate used to spread a chunk's records current (drift, a changed sketch). */
  private void track(long host, int m) {
    placedRecords += m;
    if (markHost < 0) {
      markHost = host;
      markRecords = placedRecords;
    } else if (host - markHost >= 10_000_000 && placedRecords - markRecords >= 10) {
      periodMicros = (double) (host - markHost) / (placedRecords - markRecords);
      markHost = host;
      markRecords = placedRecords;
    }
  }

  // ------------------------------------------------------------------ bad lines

  private void bad(Parsed p, String why) {
    if (p.maybePartial()) {
      return; // the tail of a line the connection began in the middle of
    }
    bad(p.bytes(), p.lineNo(), why, p.text());
    if (shape != null) {
      badRun.add(p);
      if (badRun.size() >= RELEARN_AFTER_BAD) {
        relearnFrom(why);
      }
    }
  }

  /** Lines rejected in a row since the last good record (they may be another sketch's). */
  private final List<Parsed> badRun = new ArrayList<>();

  private void bad(int n, long lineNumber, String why, String content) {
    bad++;
    badBytes += n;
    String shown = content == null ? "" : ": '" + (content.length() > 60
        ? content.substring(0, 60) + "…" : content) + "'";
    lastBad = "line " + lineNumber + " (" + why + ")" + shown;
  }

  /**
   * The lines stopped fitting: the board got another sketch (or another sketch's setup()
   * printed). The lines rejected in a row are not lost: they are the first ones learnt
   * from, and no longer counted as skipped.
   */
  private void relearnFrom(String why) {
    notes.accept(RELEARN_AFTER_BAD + " lines in a row do not fit what was learnt (" + why
        + "); learning the lines' shape again");
    shape = null;
    assembler.reset();
    learning.clear();
    learningFromHost = -1;
    learningWithNumbers = 0;
    List<Parsed> again = new ArrayList<>(badRun);
    badRun.clear();
    for (Parsed p : again) {
      bad--;
      badBytes -= p.bytes();
      relearn(p);
    }
  }

  // ------------------------------------------------------------------ learning

  /** Learns the shape from the lines held, if they tell enough; then delivers them. */
  private void conclude(boolean force) {
    if (learningWithNumbers == 0) {
      if (learning.size() > 200) {
        quietLines += learning.size();
        learning.clear(); // a long banner; nothing to learn from
      }
      return;
    }
    boolean hostKnown = learningFromHost >= 0 && hostMicros >= 0;
    long span = hostKnown ? hostMicros - learningFromHost : 0;
    if (!force && (hostKnown ? span < LEARN_MICROS
        : learningWithNumbers < LEARN_RECORDS_WITHOUT_HOST)) {
      return;
    }
    String[] why = new String[1];
    TextShape s = learner.learn(learning, force, why);
    if (s == null) {
      boolean giveUp = force || (hostKnown ? span >= LEARN_GIVE_UP_MICROS
          : learningWithNumbers >= 200) || learning.size() >= LEARN_MAX_LINES;
      if (giveUp) {
        fail(why[0]);
      }
      return;
    }
    shape = s;
    notes.accept(s.describe());
    if (s.rateHz() > 0 && s.rateHz() < SLOW_RATE_HZ && !rateWarned) {
      rateWarned = true;
      notes.accept(String.format(Locale.ROOT, "%.1f Hz is slow for posture: below %.0f Hz it "
          + "lags and bumps are not told from bending well. In the sketch, remove the delay() "
          + "in loop() or shorten it (delay(10) gives about 100 Hz), and use Serial.begin"
          + "(115200): at 9600 baud a line of 80 characters takes 83 ms", s.rateHz(),
          SLOW_RATE_HZ));
    }
    if (s.rateHz() > 0 && !s.timed()) {
      periodMicros = 1e6 / s.rateHz();
    }
    listener.deviceInfo(info(s));
    List<Parsed> held = new ArrayList<>(learning);
    learning.clear();
    learningFromHost = -1;
    learningWithNumbers = 0;
    for (int k = 0; k < held.size(); k++) {
      if (shape != null) {
        apply(held.get(k));
      } else {
        // the lines stopped fitting (a changed sketch): the rest are learnt from again
        for (Parsed p : held.subList(k, held.size())) {
          relearn(p);
        }
        return;
      }
    }
  }

  private void relearn(Parsed p) {
    learning.add(p);
    if (p.line().hasNumbers()) {
      learningWithNumbers++;
      if (learningFromHost < 0) {
        learningFromHost = p.host();
      }
    }
  }

  /**
   * The held lines tell no shape: they are counted as skipped, the reason going with the
   * example the link shows in its next summary (never a message per line), and learning
   * starts over with the lines that come next.
   */
  private void fail(String why) {
    for (Parsed p : learning) {
      if (p.line().hasNumbers()) {
        bad(p, "no sensor readings recognised: " + why + "; see docs/sketches.md");
      } else {
        quietLines++;
      }
    }
    learning.clear();
    learningFromHost = -1;
    learningWithNumbers = 0;
  }

  /** What a text sketch is taken to be: protocol version 0, the scale its units imply. */
  static DeviceInfoFrame info(TextShape s) {
    SensorScale scale = s.scale();
    int rate = (int) Math.max(Protocol.MIN_RATE_HZ, Math.min(Protocol.MAX_RATE_HZ,
        Math.round(s.rateHz() > 0 ? s.rateHz() : 100)));
    return new DeviceInfoFrame(0, 0, s.raw() ? "text (raw counts)" : "text (g, deg/s)",
        "MPU-6050 (text sketch)", scale.accelRangeG(), scale.gyroRangeDegPerSec(), rate);
  }

  // ------------------------------------------------------------------ state for the link

  /** The line of what was concluded about the lines, or null while learning. */
  public String concluded() {
    return shape == null ? null : shape.describe();
  }

  /** The latest rejected line, with its number and why ("line 12 (…): '…'"), or null. */
  public String lastBad() {
    return lastBad;
  }

  /** Lines skipped quietly: banners, status lines, headers, values of other quantities. */
  public long quietLines() {
    return quietLines;
  }

  public DecoderStats stats() {
    return new DecoderStats(bytes, lines, samples, 0, bad, 0, bad, badBytes, 0,
        timeline.duplicates, timeline.outOfOrder, timeline.restarts, 0);
  }
}
