package dev.slumpwatch.settings;

import dev.slumpwatch.alert.Notifiers;
import dev.slumpwatch.config.Setting;
import dev.slumpwatch.pipeline.PipelineSettings;
import dev.slumpwatch.report.Coaching;
import dev.slumpwatch.sensor.pi.PiButton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The registry: every setting slumpwatch reads from its settings file. Each key (name, unit,
 * default, range, meaning) is declared once, by the stage that uses it, in its
 * {@code Settings} class; this list gathers them in the order the user guide shows them. The
 * user guide's settings table is generated from it ({@code slumpwatch settings --markdown}) and
 * a test keeps the two equal.
 */
public final class SettingKeys {
  private SettingKeys() {
  }

  public static final List<Setting<?>> ALL = Stream.of(PipelineSettings.allKeys(),
      Notifiers.Settings.KEYS, PiButton.Settings.KEYS, Coaching.Settings.KEYS).flatMap(List::stream).toList();

  private static final Map<String, Setting<?>> BY_NAME = new LinkedHashMap<>();

  static {
    for (Setting<?> k : ALL) {
      if (BY_NAME.put(k.name(), k) != null) {
        throw new ExceptionInInitializerError("setting " + k.name() + " declared twice");
      }
    }
  }

  /** The key of that name, or null. */
  public static Setting<?> find(String name) {
    return BY_NAME.get(name);
  }

  /** The default as the user guide writes it. */
  static String formatDefault(Setting<?> key) {
    return format(key, key.defaultValue());
  }

  @SuppressWarnings("unchecked")
  static String format(Setting<?> key, Object value) {
    return ((Setting<Object>) key).format(value);
  }

  /** The user guide's settings table. */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder("| key | unit | default | range | meaning |\n"
        + "|---|---|---|---|---|\n");
    for (Setting<?> k : ALL) {
      String def = formatDefault(k);
      b.append("| `").append(k.name()).append("` | ").append(k.unit()).append(" | ")
          .append(def.isEmpty() ? "(none)" : def).append(" | ")
          .append(k.range()).append(" | ").append(k.meaning()).append(" |\n");
    }
    return b.toString();
  }
}
