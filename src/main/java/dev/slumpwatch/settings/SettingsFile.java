package dev.slumpwatch.settings;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the settings file: UTF-8 text, one {@code key = value} a line, {@code #} starts a
 * comment line, keys as in {@link SettingKeys}. Nothing is half-applied: an unknown key, a
 * key given twice or a value out of range refuses the whole file, with
 * {@code FILE:LINE: key ...} and the allowed range, and the command stops.
 */
public final class SettingsFile {
  /** Its name in the data directory. */
  public static final String NAME = "settings.properties";

  private SettingsFile() {
  }

  /**
   * The file's settings, the defaults for keys it does not set.
   *
   * @throws SettingsException naming the file, line, key and allowed values
   */
  public static EffectiveSettings load(Path file) throws IOException, SettingsException {
    if (Files.isDirectory(file)) {
      throw new SettingsException(file + ": is a directory, not a settings file (one "
          + "'key = value' a line; 'slumpwatch settings' lists every key)");
    }
    return parse(text(file, Files.readAllBytes(file)), file);
  }

  /** The file as UTF-8 text; a byte that is not UTF-8 is named with its line and offset. */
  private static String text(Path file, byte[] bytes) throws SettingsException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    if (!r.isError()) {
      r = decoder.flush(out);
    }
    if (r.isError()) {
      int at = in.position();
      int line = 1;
      for (int i = 0; i < at; i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw new SettingsException(String.format(java.util.Locale.ROOT, "%s:%d: not a text "
          + "file (byte 0x%02x at offset %d is not UTF-8); a settings file is 'key = value' "
          + "lines ('slumpwatch settings' lists every key)", file, line, bytes[at] & 0xff, at));
    }
    return out.flip().toString();
  }

  /**
   * The settings from {@code explicit} if given (it must exist), else from
   * {@code dataDir/settings.properties} if that exists, else the defaults.
   */
  public static EffectiveSettings resolve(Path explicit, Path dataDir)
      throws IOException, SettingsException {
    if (explicit != null) {
      return load(explicit);
    }
    Path inDataDir = dataDir.resolve(NAME);
    // anything by that name is meant as the settings: a directory is said, not skipped
    return Files.exists(inDataDir) ? load(inDataDir) : EffectiveSettings.defaults();
  }

  static EffectiveSettings parse(String text, Path file) throws SettingsException {
    SettingValues values = SettingValues.DEFAULTS;
    Map<String, String> origins = new HashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1).strip();
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1);
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new SettingsException(where + ": expected 'key = value', found '" + line + "'");
      }
      String name = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      Setting<?> key = SettingKeys.find(name);
      if (key == null) {
        throw new SettingsException(where + ": unknown key '" + name + "'"
            + suggestion(name) + "; 'slumpwatch settings' lists every key");
      }
      if (origins.containsKey(name)) {
        throw new SettingsException(where + ": " + name + " is set twice (first at "
            + origins.get(name) + ")");
      }
      try {
        values = set(values, key, value);
      } catch (IllegalArgumentException e) {
        throw new SettingsException(where + ": " + name + " = " + e.getMessage());
      }
      origins.put(name, where);
    }
    return new EffectiveSettings(values, origins, file);
  }

  private static <T> SettingValues set(SettingValues values, Setting<T> key, String text) {
    return values.with(key, key.parse(text));
  }

  /** " (did you mean 'x'?)" for the nearest key when it is near enough, else nothing. */
  private static String suggestion(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Setting<?> k : SettingKeys.ALL) {
      int d = distance(lower, k.name().toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = k.name();
      }
    }
    return bestDistance <= Math.max(3, name.length() / 3)
        ? " (did you mean '" + best + "'?)" : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
