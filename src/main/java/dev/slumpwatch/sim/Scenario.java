package dev.slumpwatch.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted sitting session for the simulated wearer, read from a scenario file.
 *
 * <p>The format is described in {@code calibration/scenarios/README.md}: header lines
 * ({@code name}, {@code seed}, {@code mount}, {@code sensors}) then one segment per line,
 * {@code DURATION KIND key=value...}, with {@code #} comments.
 */
public record Scenario(String name, long seed, MountSpec mount, int sensors,
    List<Segment> segments, boolean gyroBias, List<Drift> drifts) {

  public Scenario {
    segments = List.copyOf(segments);
    drifts = List.copyOf(drifts);
  }

  /** With the part's gyro bias and no clip drift. */
  public Scenario(String name, long seed, MountSpec mount, int sensors,
      List<Segment> segments) {
    this(name, seed, mount, sensors, segments, true, List.of());
  }

  /**
   * The clip creeping on the back over a long time (tape giving, a clip sliding on
   * fabric) while the wearer goes on as scripted: the sensor turns {@code angleDeg} about
   * the body's {@code axis} ({@code left}: reads like flexion; {@code forward}; {@code up})
   * at a steady rate from {@code startSeconds} for {@code durationSeconds}, then stays.
   */
  public record Drift(double angleDeg, String axis, double startSeconds,
      double durationSeconds) {}

  /**
   * How the clip sits on the back: random (from the seed), given roll/pitch/yaw in degrees,
   * or {@code clip}: the board flat on the back as the enclosure holds it (its z axis
   * pointing backwards, out of the back), turned {@code clipAngleDeg} in that plane (NaN:
   * drawn from the seed). Only the clip mounting suits the quick, one-step calibration.
   */
  public record MountSpec(boolean random, double rollDeg, double pitchDeg, double yawDeg,
      boolean clip, double clipAngleDeg) {
    public static final MountSpec RANDOM = new MountSpec(true, 0, 0, 0, false, 0);

    public MountSpec(boolean random, double rollDeg, double pitchDeg, double yawDeg) {
      this(random, rollDeg, pitchDeg, yawDeg, false, 0);
    }

    public static MountSpec clip(double angleDeg) {
      return new MountSpec(false, 0, 0, 0, true, angleDeg);
    }
  }

  public double durationSeconds() {
    return segments.isEmpty() ? 0 : segments.get(segments.size() - 1).endSeconds();
  }

  /** The segment that covers {@code t}, or the last one past the end. */
  public Segment segmentAt(double t) {
    return segments.get(indexAt(t));
  }

  /** Index of the segment that covers {@code t} (the last one past the end). */
  public int indexAt(double t) {
    int lo = 0;
    int hi = segments.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (segments.get(mid).startSeconds() <= t) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  public int indexOf(Segment s) {
    return segments.indexOf(s);
  }

  /** The same script with another seed: another clip orientation, other noise and bias. */
  public Scenario withSeed(long newSeed) {
    return new Scenario(name, newSeed, mount, sensors, segments, gyroBias, drifts);
  }

  public Scenario withMount(MountSpec newMount) {
    return new Scenario(name, seed, newMount, sensors, segments, gyroBias, drifts);
  }

  /** The same script with or without the gyro's zero-rate offset (and its wander). */
  public Scenario withGyroBias(boolean on) {
    return new Scenario(name, seed, mount, sensors, segments, on, drifts);
  }


  // ---------------------------------------------------------------- parsing

  private static final Map<Segment.Kind, Set<String>> KEYS = Map.ofEntries(
      Map.entry(Segment.Kind.CALIBRATE_NEUTRAL, Set.of()),
      Map.entry(Segment.Kind.CALIBRATE_BEND, Set.of("flexion", "lean", "ramp")),
      Map.entry(Segment.Kind.SIT,
          Set.of("flexion", "lean", "lateral", "ramp", "rate", "typing", "fidget")),
      Map.entry(Segment.Kind.REACH, Set.of("lean", "ramp")),
      Map.entry(Segment.Kind.STAND, Set.of("flexion")),
      Map.entry(Segment.Kind.WALK, Set.of("cadence", "speed")),
      Map.entry(Segment.Kind.EXTENSION, Set.of("count", "range", "period")),
      Map.entry(Segment.Kind.BRUEGGER, Set.of("extension")),
      Map.entry(Segment.Kind.TWIST, Set.of("count", "angle", "rate")),
      Map.entry(Segment.Kind.SLIP, Set.of("angle", "axis", "ramp", "sensor")),
      Map.entry(Segment.Kind.OFF, Set.of()),
      Map.entry(Segment.Kind.GAP, Set.of()));

  private static final Set<String> SLIP_AXES = Set.of("forward", "left", "up");
  private static final Set<String> HEADERS = Set.of("name", "seed", "sensors", "mount", "gyro-bias",
      "drift");

  private static final Pattern DURATION =
      Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+(?:\\.\\d+)?)s)?");

  public static Scenario parse(Path file) throws IOException, ScenarioFormatException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(r, file.toString());
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new ScenarioFormatException(file.toString(), "not a scenario file: not UTF-8 "
          + "text (a scenario is lines such as '90s sit flexion=20'; see "
          + "calibration/scenarios/README.md)");
    }
  }

  /** Reads one of the scenarios shipped inside the jar (from {@code calibration/scenarios}). */
  public static Scenario builtIn(String name) throws IOException, ScenarioFormatException {
    String resource = "/scenarios/" + name + ".scenario";
    try (InputStream in = Scenario.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no built-in scenario named '" + name + "'");
      }
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8), "scenario " + name);
    }
  }

  public static Scenario parse(String text, String sourceName) throws ScenarioFormatException {
    try {
      return parse(new StringReader(text), sourceName);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  public static Scenario parse(Reader reader, String source)
      throws IOException, ScenarioFormatException {
    BufferedReader in = new BufferedReader(reader);
    String name = null;
    long seed = 1;
    MountSpec mount = MountSpec.RANDOM;
    int sensors = 1;
    boolean gyroBias = true;
    List<Drift> drifts = new ArrayList<>();
    List<Segment> segments = new ArrayList<>();
    double t = 0;
    int lineNo = 0;
    boolean anyRead = false;
    for (String raw; (raw = in.readLine()) != null; ) {
      lineNo++;
      int hash = raw.indexOf('#');
      String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] words = line.split("\\s+");
      if (!anyRead && !HEADERS.contains(words[0]) && parseDuration(words[0]) <= 0) {
        // another kind of file given by mistake: say so, without echoing its content
        throw new ScenarioFormatException(source, lineNo, "not a scenario file: its first "
            + "line is neither a header (name, seed, mount, sensors, gyro-bias, drift) nor a segment such as "
            + "'90s sit' (see calibration/scenarios/README.md)");
      }
      anyRead = true;
      switch (words[0]) {
        case "name" -> name = line.substring(4).strip();
        case "seed" -> seed = parseLong(words, source, lineNo);
        case "sensors" -> {
          long n = parseLong(words, source, lineNo);
          if (n != 1 && n != 2) {
            throw new ScenarioFormatException(source, lineNo, "sensors must be 1 or 2, not " + n);
          }
          sensors = (int) n;
        }
        case "mount" -> mount = parseMount(words, source, lineNo);
        case "gyro-bias" -> {
          if (words.length != 2 || !(words[1].equals("on") || words[1].equals("off"))) {
            throw new ScenarioFormatException(source, lineNo, "gyro-bias must be on or off");
          }
          gyroBias = words[1].equals("on");
        }
        case "drift" -> drifts.add(parseDrift(words, source, lineNo));
        default -> {
          Segment s = parseSegment(words, t, source, lineNo);
          segments.add(s);
          t = s.endSeconds();
        }
      }
    }
    if (segments.isEmpty()) {
      throw new ScenarioFormatException(source, lineNo, "no segments");
    }
    return new Scenario(name == null ? source : name, seed, mount, sensors, segments,
        gyroBias, drifts);
  }

  /** {@code drift ANGLE AXIS START DURATION}, e.g. {@code drift 5 left 30s 2h}. */
  private static Drift parseDrift(String[] words, String source, int line)
      throws ScenarioFormatException {
    String usage = "drift takes ANGLE (degrees) AXIS (forward, left or up) START DURATION, "
        + "e.g. 'drift 5 left 30s 2h'";
    if (words.length != 5 || !SLIP_AXES.contains(words[2])) {
      throw new ScenarioFormatException(source, line, usage);
    }
    double angle;
    try {
      angle = Double.parseDouble(words[1]);
    } catch (NumberFormatException e) {
      throw new ScenarioFormatException(source, line, usage);
    }
    double start = words[3].equals("0") ? 0 : parseDuration(words[3]);
    double duration = parseDuration(words[4]);
    if (start < 0 || duration <= 0) {
      throw new ScenarioFormatException(source, line, usage);
    }
    return new Drift(angle, words[2], start, duration);
  }

  private static long parseLong(String[] words, String source, int line)
      throws ScenarioFormatException {
    if (words.length != 2) {
      throw new ScenarioFormatException(source, line, words[0] + " takes one number");
    }
    try {
      return Long.parseLong(words[1]);
    } catch (NumberFormatException e) {
      throw new ScenarioFormatException(source, line,
          words[0] + " must be a whole number, not '" + words[1] + "'");
    }
  }

  private static MountSpec parseMount(String[] words, String source, int line)
      throws ScenarioFormatException {
    if (words.length == 2 && words[1].equals("random")) {
      return MountSpec.RANDOM;
    }
    if ((words.length == 2 || words.length == 3) && words[1].equals("clip")) {
      try {
        return MountSpec.clip(words.length == 3 ? Double.parseDouble(words[2]) : Double.NaN);
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    if (words.length == 5 && words[1].equals("rpy")) {
      try {
        return new MountSpec(false, Double.parseDouble(words[2]), Double.parseDouble(words[3]),
            Double.parseDouble(words[4]));
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new ScenarioFormatException(source, line,
        "mount must be 'random', 'clip [ANGLE]' or 'rpy ROLL PITCH YAW' (degrees)");
  }

  static double parseDuration(String word) {
    Matcher m = DURATION.matcher(word);
    if (word.isEmpty() || !m.matches() || (m.group(1) == null && m.group(2) == null
        && m.group(3) == null)) {
      return -1;
    }
    double s = 0;
    if (m.group(1) != null) {
      s += 3600.0 * Long.parseLong(m.group(1));
    }
    if (m.group(2) != null) {
      s += 60.0 * Long.parseLong(m.group(2));
    }
    if (m.group(3) != null) {
      s += Double.parseDouble(m.group(3));
    }
    return s;
  }

  private static Segment parseSegment(String[] words, double start, String source, int line)
      throws ScenarioFormatException {
    double duration = parseDuration(words[0]);
    if (duration <= 0) {
      throw new ScenarioFormatException(source, line, "expected a duration such as 90s, 5m or "
          + "1h30m, or a header (name, seed, mount, sensors, gyro-bias, drift), not '" + words[0] + "'");
    }
    if (words.length < 2) {
      throw new ScenarioFormatException(source, line, "a segment needs a kind after its duration");
    }
    Segment.Kind kind = Segment.Kind.fromKey(words[1]);
    if (kind == null) {
      List<String> kinds = new ArrayList<>();
      for (Segment.Kind k : Segment.Kind.values()) {
        kinds.add(k.key());
      }
      throw new ScenarioFormatException(source, line,
          "unknown segment kind '" + words[1] + "'; known: " + String.join(", ", kinds));
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 2; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq <= 0 || eq == words[i].length() - 1) {
        throw new ScenarioFormatException(source, line, "expected key=value, not '" + words[i] + "'");
      }
      String key = words[i].substring(0, eq).toLowerCase(Locale.ROOT);
      String value = words[i].substring(eq + 1);
      if (!KEYS.get(kind).contains(key)) {
        throw new ScenarioFormatException(source, line, "'" + key + "' is not a setting of "
            + kind.key() + " (allowed: " + String.join(", ", KEYS.get(kind).stream().sorted()
            .toList()) + ")");
      }
      if (key.equals("axis")) {
        if (!SLIP_AXES.contains(value)) {
          throw new ScenarioFormatException(source, line, "axis must be forward, left or up, not '"
              + value + "'");
        }
      } else if (key.equals("sensor")) {
        if (!value.equals("0") && !value.equals("1")) {
          throw new ScenarioFormatException(source, line, "sensor must be 0 (upper back) or 1 "
              + "(lower back), not '" + value + "'");
        }
      } else if (!key.equals("typing") && !key.equals("fidget")) {
        double number;
        try {
          number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new ScenarioFormatException(source, line, key + " must be a number, not '"
              + value + "'");
        }
        if (key.equals("rate") && !(number > 0)) {
          throw new ScenarioFormatException(source, line, "rate must be above 0 °/s, not '"
              + value + "'");
        }
      } else if (!value.equals("yes") && !value.equals("no")) {
        throw new ScenarioFormatException(source, line, key + " must be yes or no, not '"
            + value + "'");
      }
      params.put(key, value);
    }
    return new Segment(start, duration, kind, params, line);
  }
}
