package dev.slumpwatch.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the desktop app remembers between runs that is not a monitoring setting: the sensor
 * last chosen (its serial port), the theme, the chart's span. Kept in {@value #NAME} in the
 * data directory as {@code key=value} lines. A file that cannot be read, or a value that
 * makes no sense, is reported once (file, line, key) and the default used: the app still
 * opens.
 *
 * @param source {@code serial}, {@code sim} or {@code pi-i2c}; null when none was chosen
 * @param port the serial port last used, or null
 * @param theme {@code system}, {@code light} or {@code dark}
 * @param span {@code 10min} or {@code 1h}
 */
public record AppPreferences(String source, String port, String theme, String span) {
  public static final String NAME = "app.properties";
  public static final AppPreferences DEFAULTS = new AppPreferences(null, null, "system",
      "10min");

  static final List<String> SOURCES = List.of("serial", "sim", "pi-i2c");
  static final List<String> THEMES = List.of("system", "light", "dark");
  static final List<String> SPANS = List.of("10min", "1h");

  public AppPreferences withSource(String s, String p) {
    return new AppPreferences(s, p == null ? port : p, theme, span);
  }

  public AppPreferences withSpan(String s) {
    return new AppPreferences(source, port, theme, s);
  }

  public AppPreferences withTheme(String t) {
    return new AppPreferences(source, port, t, span);
  }

  /** Reads the preferences; no file gives the defaults. */
  public static AppPreferences load(Path dataDir, Consumer<String> problems) {
    Path file = dataDir.resolve(NAME);
    if (!Files.exists(file)) {
      return DEFAULTS;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.accept(file + ": cannot be read (" + e.getMessage() + "); the app starts with "
          + "its defaults");
      return DEFAULTS;
    }
    String source = DEFAULTS.source();
    String port = DEFAULTS.port();
    String theme = DEFAULTS.theme();
    String span = DEFAULTS.span();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      String where = file + ":" + (i + 1) + ": ";
      if (eq <= 0) {
        problems.accept(where + "expected 'key=value', found '" + l + "'; line ignored");
        continue;
      }
      String key = l.substring(0, eq).strip();
      String value = l.substring(eq + 1).strip();
      switch (key) {
        case "source" -> source = choice(where, key, value, SOURCES, source, problems);
        case "port" -> port = value.isEmpty() ? null : value;
        case "theme" -> theme = choice(where, key, value, THEMES, theme, problems);
        case "span" -> span = choice(where, key, value, SPANS, span, problems);
        default -> problems.accept(where + "unknown key '" + key + "' (known: source, port, "
            + "theme, span); line ignored");
      }
    }
    return new AppPreferences(source, port, theme, span);
  }

  private static String choice(String where, String key, String value, List<String> allowed,
      String fallback, Consumer<String> problems) {
    if (allowed.contains(value)) {
      return value;
    }
    problems.accept(where + key + " = '" + value + "' must be one of " + allowed + "; using "
        + fallback);
    return fallback;
  }

  /** Writes the preferences (replacing the file atomically). */
  public void save(Path dataDir) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    if (source != null) {
      m.put("source", source);
    }
    if (port != null) {
      m.put("port", port);
    }
    m.put("theme", theme);
    m.put("span", span);
    StringBuilder b = new StringBuilder("# slumpwatch desktop app: remembered between runs "
        + "(monitoring settings are in the settings file)\n");
    m.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(NAME);
    Path tmp = file.resolveSibling(NAME + ".tmp");
    Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
