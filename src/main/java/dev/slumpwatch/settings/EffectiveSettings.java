package dev.slumpwatch.settings;

import dev.slumpwatch.alert.Notifiers;
import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.pipeline.PipelineSettings;
import dev.slumpwatch.report.Coaching;
import dev.slumpwatch.sensor.pi.PiButton;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings in force: every key's checked value and where it came from (the default, or
 * a file and line), and the stages' settings built from them. Immutable.
 */
public final class EffectiveSettings {
  private final SettingValues values;
  private final Map<String, String> origins;
  private final PipelineSettings pipeline;
  private final Notifiers.Settings notify;
  private final PiButton.Settings button;
  private final Coaching.Settings coaching;

  /**
   * @param values the values set in the file, checked
   * @param origins "FILE:LINE" by key, for the keys the file sets
   * @param file the file they came from, for messages; null for defaults only
   * @throws SettingsException when the values do not fit together
   */
  EffectiveSettings(SettingValues values, Map<String, String> origins, Path file)
      throws SettingsException {
    this.values = values;
    this.origins = Map.copyOf(origins);
    try {
      this.pipeline = new PipelineSettings(values);
      this.notify = new Notifiers.Settings(values);
      this.button = new PiButton.Settings(values);
      this.coaching = new Coaching.Settings(values);
    } catch (IllegalArgumentException e) {
      throw new SettingsException((file == null ? "settings" : file.toString())
          + ": the values do not fit together: " + e.getMessage());
    }
  }

  /** Every key at its default. */
  public static EffectiveSettings defaults() {
    try {
      return new EffectiveSettings(SettingValues.DEFAULTS, Map.of(), null);
    } catch (SettingsException e) {
      throw new AssertionError("the defaults do not fit together", e);
    }
  }

  public PipelineSettings pipeline() {
    return pipeline;
  }

  public Notifiers.Settings notifiers() {
    return notify;
  }

  /** The values in force, by key. */
  public SettingValues values() {
    return values;
  }

  /** The Raspberry Pi button's settings. */
  public PiButton.Settings button() {
    return button;
  }

  /** The reports' daily goal. */
  public Coaching.Settings coaching() {
    return coaching;
  }

  /** The value of a key as it would be written in the file. */
  public String value(String key) {
    Setting<?> k = SettingKeys.find(key);
    if (k == null) {
      throw new IllegalArgumentException("no setting " + key);
    }
    return SettingKeys.format(k, values.get(k));
  }

  /** "default", or "FILE:LINE" where the value was set. */
  public String origin(String key) {
    return origins.getOrDefault(key, "default");
  }

  /** Every key with its value and origin, as {@code slumpwatch settings} prints it. */
  public String format() {
    StringBuilder b = new StringBuilder();
    Map<String, String> seen = new LinkedHashMap<>();
    for (Setting<?> k : SettingKeys.ALL) {
      String v = value(k.name());
      seen.put(k.name(), v);
      b.append(k.name()).append(" = ").append(v);
      String unit = k.unit().equals("—") || k.unit().equals("HH:MM") ? "" : " " + k.unit();
      String origin = origin(k.name());
      b.append("   # ").append(unit.isEmpty() ? "" : unit.strip() + "; ")
          .append(origin.equals("default") ? "default"
              : "from " + origin + " (default " + SettingKeys.formatDefault(k) + ")")
          .append('\n');
    }
    return b.toString();
  }
}
