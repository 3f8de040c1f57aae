package dev.slumpwatch.config;

import java.util.List;
import java.util.StringJoiner;

/**
 * The base of every stage's {@code Settings}: the stage declares its keys (each a
 * {@link Setting} with unit, default, range and meaning) next to the code that uses them,
 * and reads them by name. A new setting is its key, its accessor and the code that uses it;
 * the registry, the settings file and the user guide's table pick it up from the stage's key list.
 *
 * @param <S> the stage's own settings type, so {@link #with} returns it
 */
public abstract class StageSettings<S extends StageSettings<S>> {
  private final SettingValues values;
  private final List<Setting<?>> keys;

  protected StageSettings(SettingValues values, List<Setting<?>> keys) {
    this.values = values;
    this.keys = keys;
  }

  /** The values these settings were read from (other stages' keys included). */
  public SettingValues values() {
    return values;
  }

  /** This stage's keys. */
  public List<Setting<?>> keys() {
    return keys;
  }

  protected final <T> T get(Setting<T> key) {
    return values.get(key);
  }

  /**
   * The same settings with one key set, checked.
   *
   * @throws IllegalArgumentException naming the key when the value is out of range or the
   *     key belongs to another stage
   */
  public final <T> S with(Setting<T> key, T value) {
    if (!keys.contains(key)) {
      throw new IllegalArgumentException(key.name() + " is not a setting of "
          + getClass().getName());
    }
    return make(values.with(key, value));
  }

  /** A new instance of the stage's settings over {@code values}. */
  protected abstract S make(SettingValues values);

  @Override
  public boolean equals(Object o) {
    if (o == null || o.getClass() != getClass()) {
      return false;
    }
    StageSettings<?> other = (StageSettings<?>) o;
    for (Setting<?> k : keys) {
      if (!values.get(k).equals(other.values.get(k))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = getClass().hashCode();
    for (Setting<?> k : keys) {
      h = 31 * h + values.get(k).hashCode();
    }
    return h;
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "[", "]");
    for (Setting<?> k : keys) {
      @SuppressWarnings("unchecked")
      Setting<Object> key = (Setting<Object>) k;
      j.add(k.name() + "=" + key.format(values.get(key)));
    }
    return j.toString();
  }
}
