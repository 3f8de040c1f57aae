package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.protocol.TextLine.Item;
import dev.slumpwatch.protocol.TextLine.Role;
import dev.slumpwatch.protocol.TextLine.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

  /** A line as read, with when and where it came. */
  record Parsed(TextLine line, String text, long lineNo, long host, int chunk, int bytes,
      boolean maybePartial) {}

  /** A complete record: values as printed, in the roles' order, and where it came from. */
  static final class Rec {
    final double[] v = new double[7];
    boolean integral = true;
    Parsed last;
    int lines;
    long identity;
  }

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
    TextLine t = p.line;
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
    if (failedRead(r, shape)) {
      return "every value " + (r.v[0] == 0 ? "0" : fmt(r.v[0]))
          + ": a failed sensor read, not a reading";
    }
    return toCounts(r, counts);
  }

  /**
   * Every value the same, or no gravity at all: what a sketch prints when its I2C read
   * failed (zeros, or -1 from a bus that reads 0xFF), never a reading of a sensor at rest
   * or in motion (gravity is always there, and noise makes six equal values impossible).
   */
  private static boolean failedRead(Rec r, TextShape s) {
    int n = s.hasGyro() ? 6 : 3;
    boolean allSame = true;
    for (int i = 1; i < n; i++) {
      allSame &= r.v[i] == r.v[0];
    }
    return allSame || r.v[0] == 0 && r.v[1] == 0 && r.v[2] == 0;
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

  private static String fmt(double x) {
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
    TextShape s = learn(force, why);
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

  /** @return the shape the held lines show, or null (and why[0]) when they do not tell one */
  private TextShape learn(boolean force, String[] why) {
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
    recs.removeIf(r -> failedRead(r, structure));
    if (recs.size() < (force ? 1 : LEARN_MIN_RECORDS)) {
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
            fmt(Math.round(median * 1000) / 1000.0));
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
      if (!force && arrivals < MIN_ARRIVALS && span < 2 * LEARN_MICROS + LEARN_MICROS / 2) {
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

  /** What a text sketch is taken to be: protocol version 0, the scale its units imply. */
  static DeviceInfoFrame info(TextShape s) {
    SensorScale scale = s.scale();
    int rate = (int) Math.max(Protocol.MIN_RATE_HZ, Math.min(Protocol.MAX_RATE_HZ,
        Math.round(s.rateHz() > 0 ? s.rateHz() : 100)));
    return new DeviceInfoFrame(0, 0, s.raw() ? "text (raw counts)" : "text (g, deg/s)",
        "MPU-6050 (text sketch)", scale.accelRangeG(), scale.gyroRangeDegPerSec(), rate);
  }

  // ------------------------------------------------------------------ records

  /** Puts lines together into records of a shape's roles. */
  static final class Assembler {
    interface Bad {
      void line(Parsed p, String why);
    }

    private final Bad bad;
    final List<Rec> done = new ArrayList<>();
    private Rec rec;
    private int has;

    Assembler(Bad bad) {
      this.bad = bad;
    }

    /** Records completed since the connection began: a partial one before them is quiet. */
    private int completed;

    void reset() {
      rec = null;
      has = 0;
      completed = 0;
    }

    void dropPartial() {
      if (rec != null && has != 0 && rec.last != null && completed > 0) {
        bad.line(rec.last, "record cut short: it lacks " + missing(rec, has));
      }
      rec = null;
      has = 0;
    }

    private TextShape shape;

    private String missing(Rec r, int got) {
      List<String> out = new ArrayList<>();
      for (Role role : Role.values()) {
        if (shape != null && shape.has(role) && (got & 1 << role.ordinal()) == 0) {
          out.add(role.name().toLowerCase(Locale.ROOT));
        }
      }
      return String.join(" ", out);
    }

    void add(Parsed p, TextShape s) {
      shape = s;
      TextLine t = p.line();
      if (!s.labelled()) {
        columns(p, s);
        return;
      }
      int lineRoles = 0;
      for (Item i : t.items) {
        if ((i.axis() || i.role() == Role.TIME) && s.has(i.role())) {
          int bit = 1 << i.role().ordinal();
          if ((lineRoles & bit) != 0) {
            dropPartial();
            bad.line(p, "'" + (i.label().isEmpty() ? i.role().name().toLowerCase(Locale.ROOT)
                : i.label()) + "' twice in one line: two lines run together after lost bytes?");
            return;
          }
          lineRoles |= bit;
        }
      }
      if (lineRoles == 0) {
        if (t.unlabelled() > 0) {
          bad.line(p, t.unlabelled() + " unlabelled numbers where the values are labelled");
        }
        return; // a value of something else (temperature): skipped quietly
      }
      if ((has & lineRoles) != 0) {
        dropPartial(); // what came before lacked the rest: part of a record was lost
      }
      if (rec == null) {
        rec = new Rec();
      }
      for (Item i : t.items) {
        if ((lineRoles & 1 << i.role().ordinal()) != 0) {
          rec.v[i.role().ordinal()] = i.value();
          rec.integral &= i.integer() || i.role() == Role.TIME;
        }
      }
      rec.identity = rec.identity * 31 + p.text().hashCode();
      rec.last = p;
      rec.lines++;
      has |= lineRoles;
      if (has == s.roles()) {
        finish();
      } else if (s.linesPerRecord() == 1) {
        Rec r = rec;
        int got = has;
        rec = null;
        has = 0;
        bad.line(p, "it lacks " + missing(r, got) + " (cut short after lost bytes?)");
      }
    }

    private void columns(Parsed p, TextShape s) {
      TextLine t = p.line();
      int n = t.items.size();
      if (t.unlabelled() != n) {
        if (t.unlabelled() > 0 || t.hasAxes()) {
          bad.line(p, "labelled values where the lines are bare numbers");
        }
        return; // a labelled status line (a temperature, say): skipped quietly
      }
      int c = s.columns().length;
      if (n != c) {
        bad.line(p, n + " numbers where the lines have " + c + (n > c
            ? ": two lines run together after lost bytes?" : ": cut short?"));
        return;
      }
      Rec r = new Rec();
      for (int k = 0; k < n; k++) {
        Role role = s.columns()[k];
        if (role != Role.OTHER) {
          r.v[role.ordinal()] = t.items.get(k).value();
          r.integral &= t.items.get(k).integer() || role == Role.TIME;
        }
      }
      r.identity = p.text().hashCode();
      r.last = p;
      r.lines = 1;
      rec = r;
      finish();
    }

    private void finish() {
      completed++;
      rec.identity &= Long.MAX_VALUE;
      done.add(rec);
      rec = null;
      has = 0;
    }
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
