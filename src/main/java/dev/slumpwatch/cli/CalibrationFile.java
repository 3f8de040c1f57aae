package dev.slumpwatch.cli;

import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Posture profiles, one per wearer: {@code DATA_DIR/profiles/NAME.properties}, the body's
 * up and forward axes in each sensor's frame (unit vectors), written by
 * {@code calibrate posture} or after the guided start of {@code run}. Keys: {@code upX upY
 * upZ forwardX forwardY forwardZ} (upper back), optionally {@code lowerUpX ...
 * lowerForwardZ} (lower back), {@code method} and {@code created}. Unknown keys are
 * refused, so a typo cannot drop a sensor silently. Written to a temporary file and moved
 * into place.
 *
 * <p>Before profiles there was one file, {@code DATA_DIR/posture-calibration.properties}
 * ({@link #NAME}); it is still read as the profile {@code default} when that has no file
 * of its own.
 */
final class CalibrationFile {
  /** The single calibration file of earlier versions: read as the "default" profile. */
  static final String NAME = "posture-calibration.properties";
  static final String DEFAULT_PROFILE = "default";
  private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final List<String> UPPER = List.of("upX", "upY", "upZ", "forwardX",
      "forwardY", "forwardZ");
  private static final List<String> LOWER = List.of("lowerUpX", "lowerUpY", "lowerUpZ",
      "lowerForwardX", "lowerForwardY", "lowerForwardZ");
  private static final Set<String> OTHER = Set.of("method", "created", "format");

  private CalibrationFile() {
  }

  /** @throws IllegalArgumentException when the name could leave the directory */
  static void checkName(String profile) {
    if (profile == null || !PROFILE_NAME.matcher(profile).matches()
        || profile.startsWith(".")) {
      throw new IllegalArgumentException("profile name must be 1 to 64 of A-Z a-z 0-9 . _ - "
          + "(not starting with a dot), not '" + profile + "'");
    }
  }

  static Path pathFor(Path dataDir, String profile) {
    checkName(profile);
    return dataDir.resolve("profiles").resolve(profile + ".properties");
  }

  /** The legacy single file (profile "default" only). */
  static PostureCalibration load(Path dataDir) throws IOException {
    PostureProfile p = load(dataDir, DEFAULT_PROFILE);
    return p == null ? null : p.upper();
  }

  /** @return the profile, or null when there is none; throws naming the file and key */
  static PostureProfile load(Path dataDir, String profile) throws IOException {
    Path f = pathFor(dataDir, profile);
    if (!Files.exists(f)) {
      Path legacy = dataDir.resolve(NAME);
      if (!profile.equals(DEFAULT_PROFILE) || !Files.exists(legacy)) {
        return null;
      }
      f = legacy;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (CharacterCodingException e) {
      throw new IOException(f + ": not a text file (bytes that are not UTF-8); a profile is "
          + "'key = value' lines written by 'slumpwatch calibrate posture': delete the file "
          + "to calibrate again", e);
    }
    Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
    unknown.removeAll(UPPER);
    unknown.removeAll(LOWER);
    unknown.removeAll(OTHER);
    if (!unknown.isEmpty()) {
      throw new IOException(f + ": unknown key " + unknown.iterator().next()
          + "; delete the file to calibrate again");
    }
    PostureCalibration upper = axes(f, p, UPPER);
    boolean anyLower = LOWER.stream().anyMatch(p::containsKey);
    PostureCalibration lower = anyLower ? axes(f, p, LOWER) : null;
    String method = p.getProperty("method", "two-step").trim();
    return new PostureProfile(upper, lower, method);
  }

  private static PostureCalibration axes(Path f, Properties p, List<String> keys)
      throws IOException {
    double[] v = new double[6];
    for (int i = 0; i < 6; i++) {
      String s = p.getProperty(keys.get(i));
      String t = s == null ? "" : s.trim();
      // plain decimals only: Double.parseDouble also takes NaN, Infinity, 0x1p0 and 1d
      if (!DECIMAL.matcher(t).matches()) {
        throw new IOException(f + ": " + keys.get(i) + " is " + (s == null ? "missing"
            : "'" + printable(s) + "', not a finite decimal number")
            + "; delete the file to calibrate again");
      }
      v[i] = Double.parseDouble(t);
    }
    try {
      return new PostureCalibration(v[0], v[1], v[2], v[3], v[4], v[5]);
    } catch (IllegalArgumentException e) {
      throw new IOException(f + ": " + keys.get(0) + ".. and " + keys.get(3) + ".. must be "
          + "orthogonal unit vectors; delete the file to calibrate again", e);
    }
  }

  /** A decimal number as {@code save} writes it (and people type it). */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,3})?");

  /** A value from the file for a message: at most 40 characters, control characters escaped. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 40; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
    }
    return s.length() > 40 ? b + "..." : b.toString();
  }

  /** Writes the profile (atomically) and returns where. */
  static Path save(Path dataDir, String profile, PostureProfile c) throws IOException {
    Path f = pathFor(dataDir, profile);
    Files.createDirectories(f.getParent());
    Properties p = new Properties();
    put(p, UPPER, c.upper());
    if (c.lower() != null) {
      put(p, LOWER, c.lower());
    }
    p.setProperty("method", c.method());
    p.setProperty("created", Instant.now().toString());
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "slumpwatch posture profile '" + profile + "': body axes in each sensor's "
          + "frame (see calibration/README.md)");
    }
    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return f;
  }

  private static void put(Properties p, List<String> keys, PostureCalibration c) {
    double[] v = {c.upX(), c.upY(), c.upZ(), c.forwardX(), c.forwardY(), c.forwardZ()};
    for (int i = 0; i < 6; i++) {
      p.setProperty(keys.get(i), Double.toString(v[i]));
    }
  }
}
