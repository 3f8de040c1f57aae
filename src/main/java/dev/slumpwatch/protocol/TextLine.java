package dev.slumpwatch.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of what a sketch prints, split into its numbers and what labels each of them,
 * whatever the sketch's habits: {@code AcX = -1427 | AcY = -10}, {@code a/g:\t-1427\t-10},
 * {@code Acceleration X: 0.12, Y: -0.34, Z: 9.81 m/s^2}, {@code ax:0.1 ay:0.2},
 * {@code {"ax":-1427,"ay":-10}}, {@code accel x,y,z: 216, 1060, 16080}, bare
 * {@code -1427,-10,16321,...}. No special case per sketch: a number's label is the text
 * just before it (after the last separator {@code , ; | tab}), a unit is a known unit word
 * just after it, and a label that names only a group (accelerometer, gyroscope, or both as
 * in {@code a/g}) makes the unlabelled numbers after it that group's x, y, z in order.
 *
 * <p>Labels are matched by their letters (case, spaces, underscores and brackets ignored):
 * accelerometer names (a, ac, acc, accel, acceleration, accelerometer, accelero…) and
 * gyroscope names (g, gy, gyr, gyro, gyroscope, rot, rotation, w, omega…) joined to x, y or
 * z. A label that also holds a word like angle, pitch, roll, yaw, temp, mag or heading is
 * something else (MPU6050_light's {@code ACC ANGLE X} is not an acceleration) and ignored.
 */
final class TextLine {

  enum Role { AX, AY, AZ, GX, GY, GZ, TIME, OTHER, UNLABELLED }

  enum Unit { NONE, RAW, G, MG, MS2, DPS, RADS, MS, US, S, OTHER }

  /**
   * A number in the line.
   *
   * @param label the text labelling it as printed (trimmed), "" when none
   */
  record Item(Role role, double value, boolean integer, Unit unit, String label) {
    boolean axis() {
      return role.ordinal() <= Role.GZ.ordinal();
    }
  }

  final List<Item> items;
  /** Why the line cannot be read as printed (a value that is not a number), or null. */
  final String bad;
  /** For a line without numbers: its fields, split as a header names columns. */
  final List<String> fields;

  private TextLine(List<Item> items, String bad, List<String> fields) {
    this.items = items;
    this.bad = bad;
    this.fields = fields;
  }

  boolean hasNumbers() {
    return !items.isEmpty() || bad != null;
  }

  boolean hasAxes() {
    for (Item i : items) {
      if (i.axis()) {
        return true;
      }
    }
    return false;
  }

  /** Numbers with no label and no group before them (a CSV or space-separated line). */
  int unlabelled() {
    int n = 0;
    for (Item i : items) {
      if (i.role == Role.UNLABELLED) {
        n++;
      }
    }
    return n;
  }

  // ------------------------------------------------------------------ parsing

  private static final Pattern NUMBER = Pattern.compile(
      "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?(?i:nan|inf|ovf)(?![A-Za-z])");
  /** "x,y,z" or "x/y/z" in a label: the group's three values follow. */
  private static final Pattern XYZ = Pattern.compile("(?i)(?<![A-Za-z])x\\s*[,/]\\s*y\\s*[,/]"
      + "\\s*z(?![A-Za-z])");
  private static final String SEPARATORS = ",;|\t{}[]";

  static TextLine parse(String s) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = NUMBER.matcher(s);
    int from = 0;
    while (m.find(from)) {
      int a = m.start();
      from = m.end();
      if (a > 0 && wordChar(s.charAt(a - 1))) {
        continue; // part of a word: MPU6050, a label like Sensor1
      }
      spans.add(new int[] {a, m.end()});
    }
    if (spans.isEmpty()) {
      return new TextLine(List.of(), null, fields(s));
    }
    List<Item> items = new ArrayList<>(spans.size());
    String bad = null;
    Group group = Group.NONE;
    int next = 0; // the next axis of the group for an unlabelled number
    boolean unitsAfter = false;
    for (int k = 0; k < spans.size(); k++) {
      int a = spans.get(k)[0];
      int b = spans.get(k)[1];
      String before = s.substring(k == 0 ? 0 : spans.get(k - 1)[1], a);
      if (k == 0) {
        before = XYZ.matcher(before).replaceAll("xyz");
      } else {
        // the unit of the previous number comes first
        before = before.substring(leadingUnitLength(before));
      }
      String after = s.substring(b, k + 1 < spans.size() ? spans.get(k + 1)[0] : s.length());
      int unitLen = leadingUnitLength(after);
      Unit unit = unitLen > 0 ? unit(after.substring(0, unitLen).strip()) : Unit.NONE;

      // context labels (all pieces but the last) set the group; the last is the number's own
      List<String> pieces = pieces(before);
      for (int p = 0; p < pieces.size() - 1; p++) {
        String c = pieces.get(p);
        if (!c.isEmpty()) {
          Label l = Label.of(c);
          group = l.group;
          next = 0;
        }
      }
      String own = pieces.isEmpty() ? "" : pieces.get(pieces.size() - 1);
      Role role;
      Unit labelUnit = Unit.NONE;
      if (own.isEmpty()) {
        role = group.role(next++);
      } else {
        Label l = Label.of(own);
        labelUnit = l.unit;
        if (l.bare >= 0) {
          // "Y" after "Acceleration X": the axis of the group the line is in
          if (group == Group.NONE || group == Group.BOTH) {
            group = Group.ACCEL;
          }
          next = l.bare;
          role = group.role(next++);
        } else if (l.role != null) {
          role = l.role;
          group = l.group;
          next = 0;
          if (role.ordinal() <= Role.GZ.ordinal()) {
            group = role.ordinal() < 3 ? Group.ACCEL : Group.GYRO;
            next = role.ordinal() % 3 + 1;
          }
        } else {
          group = l.group;
          next = 0;
          role = group.role(next++);
        }
      }
      String text = s.substring(a, b);
      double v;
      boolean integer;
      try {
        v = Double.parseDouble(text);
        integer = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
      } catch (NumberFormatException e) {
        v = Double.NaN;
        integer = false;
      }
      if (!Double.isFinite(v) && role != Role.OTHER && bad == null) {
        bad = "'" + (own.isEmpty() ? "value " + (k + 1) : own) + "' is not a number: '"
            + text + "'";
      }
      items.add(new Item(role, v, integer, labelUnit != Unit.NONE ? labelUnit : unit, own));
      unitsAfter |= unit != Unit.NONE;
    }
    if (unitsAfter) {
      // a unit printed once after a group's last value (Adafruit's "Z: 9.81 m/s^2") is the
      // unit of every value of that group in the line
      items = spreadUnits(items);
    }
    return new TextLine(List.copyOf(items), bad, null);
  }

  private static List<Item> spreadUnits(List<Item> items) {
    Unit accel = Unit.NONE;
    Unit gyro = Unit.NONE;
    for (Item i : items) {
      if (i.unit != Unit.NONE && i.axis()) {
        if (i.role.ordinal() < 3) {
          accel = i.unit;
        } else {
          gyro = i.unit;
        }
      }
    }
    List<Item> out = new ArrayList<>(items.size());
    for (Item i : items) {
      Unit u = !i.axis() || i.unit != Unit.NONE ? i.unit : i.role.ordinal() < 3 ? accel : gyro;
      out.add(u == i.unit ? i : new Item(i.role, i.value, i.integer, u, i.label));
    }
    return out;
  }

  /** A number right after one of these is part of a word or a unit (MPU6050, m/s^2). */
  private static boolean wordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '^' || c == '/';
  }

  /** Splits at separators; the pieces trimmed of spaces, quotes and a trailing : or =. */
  private static List<String> pieces(String before) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= before.length(); i++) {
      if (i == before.length() || SEPARATORS.indexOf(before.charAt(i)) >= 0) {
        out.add(trimLabel(before.substring(start, i)));
        start = i + 1;
      }
    }
    return out;
  }

  private static String trimLabel(String p) {
    int a = 0;
    int b = p.length();
    while (a < b && " \"'(".indexOf(p.charAt(a)) >= 0) {
      a++;
    }
    while (b > a && " \"':=".indexOf(p.charAt(b - 1)) >= 0) {
      b--;
    }
    return p.substring(a, b);
  }

  /** Length of a unit word at the start of the text after a number, or 0. */
  private static int leadingUnitLength(String after) {
    int i = 0;
    while (i < after.length() && after.charAt(i) == ' ') {
      i++;
    }
    int start = i;
    while (i < after.length() && after.charAt(i) != ' ' && SEPARATORS.indexOf(after.charAt(i))
        < 0 && after.charAt(i) != ':' && after.charAt(i) != '=') {
      i++;
    }
    if (i == start) {
      return 0;
    }
    // a word followed by ':' or '=' is the next value's label, not this one's unit
    int j = i;
    while (j < after.length() && after.charAt(j) == ' ') {
      j++;
    }
    if (j < after.length() && (after.charAt(j) == ':' || after.charAt(j) == '=')) {
      return 0;
    }
    return unit(after.substring(start, i)) == Unit.NONE ? 0 : i;
  }

  /** A header's column names: split at separators, or at spaces when it has none. */
  private static List<String> fields(String s) {
    boolean sep = false;
    for (int i = 0; i < s.length(); i++) {
      if (",;|\t".indexOf(s.charAt(i)) >= 0) {
        sep = true;
        break;
      }
    }
    List<String> out = new ArrayList<>();
    for (String f : s.split(sep ? "[,;|\t]" : " +", -1)) {
      out.add(trimLabel(f.strip()));
    }
    return out;
  }

  static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replace("°", "deg").replace("²", "2").replace("µ", "u");
  }

  /** A unit word as sketches print it, or NONE when the word is no unit. */
  static Unit unit(String word) {
    String w = normalise(word).replace("(", "").replace(")", "").replace("[", "")
        .replace("]", "");
    return switch (w) {
      case "g" -> Unit.G;
      case "mg" -> Unit.MG;
      case "m/s^2", "m/s2", "ms2", "ms^2", "mps2", "m/s/s", "ms-2", "m/s^-2", "ms^-2" -> Unit.MS2;
      case "deg/s", "degs", "dps", "deg/sec", "degps", "degree/s", "degrees/s" -> Unit.DPS;
      case "rad/s", "rads", "radps", "rad/sec" -> Unit.RADS;
      case "raw", "lsb", "counts", "count" -> Unit.RAW;
      case "ms", "millis" -> Unit.MS;
      case "us", "micros" -> Unit.US;
      case "s", "sec", "secs", "seconds" -> Unit.S;
      case "degc", "c", "*c", "degf", "f", "%", "hz", "v", "mv", "deg", "degrees", "celsius",
          "k", "pa", "hpa", "ut", "gauss" -> Unit.OTHER;
      default -> Unit.NONE;
    };
  }

  // ------------------------------------------------------------------ labels

  /** What a label says about the numbers after it. */
  enum Group {
    NONE, OTHER, ACCEL, GYRO, BOTH;

    Role role(int index) {
      return switch (this) {
        case NONE -> Role.UNLABELLED;
        case OTHER -> Role.OTHER;
        case ACCEL -> index < 3 ? Role.values()[index] : Role.OTHER;
        case GYRO -> index < 3 ? Role.values()[3 + index] : Role.OTHER;
        case BOTH -> index < 6 ? Role.values()[index] : Role.OTHER;
      };
    }
  }

  private static final Set<String> ACCEL_NAMES = Set.of("a", "ac", "acc", "accel", "accl",
      "acce", "accelero", "acceleration", "accelerometer", "accelerations", "linacc", "acl");
  private static final Set<String> GYRO_NAMES = Set.of("g", "gy", "gyr", "gyro", "gyros",
      "gyroscope", "rot", "rotation", "w", "omega", "angvel", "angularvelocity");
  private static final Set<String> BOTH_NAMES = Set.of("a/g", "ag", "accel/gyro", "accelgyro",
      "acc/gyro", "accgyro", "imu", "raw", "motion", "mpu", "mpu6050", "data", "values");
  private static final Set<String> TIME_NAMES = Set.of("t", "time", "timestamp", "ts",
      "millis", "micros", "ms", "us", "sec", "secs", "seconds", "elapsed", "uptime", "now",
      "tms", "tus", "timems", "timeus");
  /** Words that make a label something else than a reading of the six axes. */
  private static final String[] OTHER_WORDS = {"angle", "pitch", "roll", "yaw", "temp", "tmp",
      "mag", "heading", "quat", "euler", "ypr", "offset", "bias", "speed", "dist",
      "alt", "press", "range", "filter", "band", "set", "error", "err", "grav", "compass",
      "sum", "avg", "mean", "total", "norm", "count", "sample", "id", "status"};

  /**
   * A label's meaning: the role of the number it labels (or null when it names a group),
   * the group of the unlabelled numbers after it, and the unit it names.
   *
   * @param bare 0, 1, 2 for a bare x, y, z (the line's group decides), else -1
   */
  record Label(Role role, Group group, Unit unit, int bare) {
    Label(Role role, Group group, Unit unit) {
      this(role, group, unit, -1);
    }

    static Label of(String text) {
      String l = normalise(text);
      List<String> words = new ArrayList<>();
      for (String w : l.split("[^a-z0-9/^]+")) {
        if (!w.isEmpty()) {
          words.add(w);
        }
      }
      if (words.isEmpty()) {
        return new Label(null, Group.NONE, Unit.NONE);
      }
      // unit words after the name: ax_g, AccX(g), gyro x [deg/s], t_ms
      Unit unit = Unit.NONE;
      for (int i = words.size() - 1; i >= 1; i--) {
        Unit u = TextLine.unit(words.get(i));
        if (u == Unit.NONE) {
          break;
        }
        unit = u;
        words.remove(i);
      }
      String joined = String.join("", words);
      if (joined.length() == 1 && "xyz".contains(joined)) {
        return new Label(null, Group.NONE, unit, joined.charAt(0) - 'x');
      }
      if (BOTH_NAMES.contains(joined) || BOTH_NAMES.contains(String.join("/", words))) {
        return new Label(null, Group.BOTH, unit);
      }
      if (TIME_NAMES.contains(joined) || TIME_NAMES.contains(words.get(0))
          && words.size() == 1) {
        Unit u = unit;
        if (u == Unit.NONE) {
          u = joined.contains("micros") || joined.endsWith("us") ? Unit.US
              : joined.contains("millis") || joined.endsWith("ms") ? Unit.MS
              : joined.startsWith("sec") ? Unit.S : Unit.NONE;
        }
        return new Label(Role.TIME, Group.NONE, u);
      }
      for (String o : OTHER_WORDS) {
        if (joined.contains(o)) {
          return new Label(Role.OTHER, Group.OTHER, unit);
        }
      }
      if (joined.endsWith("xyz")) {
        String g = joined.substring(0, joined.length() - 3);
        Group grp = ACCEL_NAMES.contains(g) ? Group.ACCEL : GYRO_NAMES.contains(g) ? Group.GYRO
            : g.isEmpty() ? Group.ACCEL : Group.OTHER;
        return new Label(null, grp, unit);
      }
      Role axis = axis(joined); // before the group names: "gy" is the gyroscope's y
      if (axis != null) {
        return new Label(axis, Group.NONE, unit);
      }
      if (ACCEL_NAMES.contains(joined) && joined.length() > 1) {
        return new Label(null, Group.ACCEL, unit);
      }
      if (GYRO_NAMES.contains(joined) && joined.length() > 1) {
        return new Label(null, Group.GYRO, unit);
      }
      return new Label(Role.OTHER, Group.OTHER, unit);
    }
  }

  /** accelerometer or gyroscope name and an axis letter, either way round; or null. */
  static Role axis(String joined) {
    if (joined.length() == 1 && "xyz".contains(joined)) {
      return null; // a bare axis: the group comes from the line (handled by the caller)
    }
    char first = joined.charAt(0);
    char last = joined.charAt(joined.length() - 1);
    if (last >= 'x' && last <= 'z') {
      Role r = named(joined.substring(0, joined.length() - 1), last - 'x');
      if (r != null) {
        return r;
      }
    }
    if (first >= 'x' && first <= 'z') {
      return named(joined.substring(1), first - 'x');
    }
    return null;
  }

  private static Role named(String name, int axis) {
    if (ACCEL_NAMES.contains(name)) {
      return Role.values()[axis];
    }
    if (GYRO_NAMES.contains(name)) {
      return Role.values()[3 + axis];
    }
    return null;
  }
}
