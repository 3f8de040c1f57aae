package dev.slumpwatch.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Checked values by key; a key not set has its default. Immutable: {@link #with} returns a
 * new set. Stages read their keys when they are built, never per sample.
 */
public final class SettingValues {
  /** Nothing set: every key at its default. */
  public static final SettingValues DEFAULTS = new SettingValues(Map.of());

  private final Map<String, Object> values;

  private SettingValues(Map<String, Object> values) {
    this.values = Map.copyOf(values);
  }

  /** The value of {@code key}: set, or its default. */
  public <T> T get(Setting<T> key) {
    @SuppressWarnings("unchecked")
    T v = (T) values.get(key.name());
    return v == null ? key.defaultValue() : v;
  }

  /** True when {@code key} was set (to any value, its default included). */
  public boolean isSet(Setting<?> key) {
    return values.containsKey(key.name());
  }

  /**
   * The same values with {@code key} set to {@code value}.
   *
   * @throws IllegalArgumentException naming the key when the value is out of its range
   */
  public <T> SettingValues with(Setting<T> key, T value) {
    Map<String, Object> m = new HashMap<>(values);
    m.put(key.name(), key.check(value));
    return new SettingValues(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SettingValues v && v.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
