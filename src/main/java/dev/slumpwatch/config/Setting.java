package dev.slumpwatch.config;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One documented setting: its key, unit, default, allowed range and meaning, and how its
 * value is written, parsed and checked. Every message about a bad value names the key.
 *
 * @param <T> the value's type
 */
public abstract sealed class Setting<T> permits Setting.Number, Setting.Whole, Setting.Flag,
    Setting.TimeOfDay, Setting.Choices {
  /**
   * A decimal number as people write it, an exponent allowed (1e-4): no hex, no type suffix,
   * no NaN or Infinity, ASCII digits only.
   */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private final String name;
  private final String unit;
  private final T defaultValue;
  private final String meaning;

  private Setting(String name, String unit, T defaultValue, String meaning) {
    this.name = name;
    this.unit = unit;
    this.defaultValue = defaultValue;
    this.meaning = meaning;
  }

  /** A number with a unit, within {@code [min, max]}. */
  public static Number number(String name, String unit, double def, double min, double max,
      String meaning) {
    return new Number(name, unit, def, min, max, meaning);
  }

  /** A whole number (a count, a pin), within {@code [min, max]}. */
  public static Whole whole(String name, String unit, int def, int min, int max,
      String meaning) {
    return new Whole(name, unit, def, min, max, meaning);
  }

  public static Flag flag(String name, boolean def, String meaning) {
    return new Flag(name, def, meaning);
  }

  public static TimeOfDay timeOfDay(String name, LocalTime def, String meaning) {
    return new TimeOfDay(name, def, meaning);
  }

  /** A comma-separated list of words from {@code allowed}; empty for none. */
  public static Choices choices(String name, List<String> def, List<String> allowed,
      String meaning) {
    return new Choices(name, def, allowed, meaning);
  }

  /** The key, as written in the settings file: {@code group.name}. */
  public String name() {
    return name;
  }

  /** The unit as the user guide shows it, {@code —} for none. */
  public String unit() {
    return unit;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String meaning() {
    return meaning;
  }

  /** The allowed values, as said in error messages and the user guide. */
  public abstract String range();

  /**
   * Reads a value as written in the settings file and checks it.
   *
   * @throws IllegalArgumentException saying what is wrong and what is allowed (without the
   *     key: the caller adds the file, line and key)
   */
  public abstract T parse(String text);

  /** The value as it would be written in the settings file. */
  public abstract String format(T value);

  /**
   * Checks a value given in code ({@code settings.with(KEY, value)}).
   *
   * @throws IllegalArgumentException naming the key, the value and what is allowed
   */
  public T check(T value) {
    try {
      return parse(format(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }

  /** The unit after a number in a message, or nothing. */
  String unitSuffix() {
    return unit.equals("—") || unit.equals("HH:MM") ? "" : " " + unit;
  }

  @Override
  public String toString() {
    return name;
  }

  /** A number as people write it: 0.0001, not 1.0E-4; 100, not 100.0. */
  public static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** A number with a unit. */
  public static final class Number extends Setting<Double> {
    private final double min;
    private final double max;

    private Number(String name, String unit, double def, double min, double max,
        String meaning) {
      super(name, unit, def, meaning);
      this.min = min;
      this.max = max;
      if (!(def >= min && def <= max)) {
        throw new IllegalArgumentException(name + ": default " + def + " outside its range");
      }
    }

    public double min() {
      return min;
    }

    public double max() {
      return max;
    }

    @Override
    public String range() {
      return plain(min) + " to " + plain(max);
    }

    @Override
    public Double parse(String text) {
      String v = text.strip();
      if (!DECIMAL.matcher(v).matches()) {
        throw new IllegalArgumentException("'" + v + "' is not a number; allowed: " + range()
            + unitSuffix());
      }
      double d = Double.parseDouble(v);
      if (!(d >= min && d <= max)) {
        throw new IllegalArgumentException(v + " is out of range; allowed: " + range()
            + unitSuffix());
      }
      return d;
    }

    @Override
    public String format(Double value) {
      return Double.isFinite(value) ? plain(value) : String.valueOf(value);
    }
  }

  /** A whole number. */
  public static final class Whole extends Setting<Integer> {
    private final int min;
    private final int max;

    private Whole(String name, String unit, int def, int min, int max, String meaning) {
      super(name, unit, def, meaning);
      this.min = min;
      this.max = max;
      if (def < min || def > max) {
        throw new IllegalArgumentException(name + ": default " + def + " outside its range");
      }
    }

    @Override
    public String range() {
      return min + " to " + max;
    }

    @Override
    public Integer parse(String text) {
      String v = text.strip();
      if (!v.matches("[+-]?\\d{1,9}")) {
        throw new IllegalArgumentException("'" + v + "' is not a whole number; allowed: "
            + range() + unitSuffix());
      }
      int i = Integer.parseInt(v);
      if (i < min || i > max) {
        throw new IllegalArgumentException(v + " is out of range; allowed: " + range()
            + unitSuffix());
      }
      return i;
    }

    @Override
    public String format(Integer value) {
      return Integer.toString(value);
    }
  }

  /** true or false. */
  public static final class Flag extends Setting<Boolean> {
    private Flag(String name, boolean def, String meaning) {
      super(name, "—", def, meaning);
    }

    @Override
    public String range() {
      return "true or false";
    }

    @Override
    public Boolean parse(String text) {
      String l = text.strip().toLowerCase(Locale.ROOT);
      if (!l.equals("true") && !l.equals("false")) {
        throw new IllegalArgumentException("'" + text.strip() + "' is not true or false");
      }
      return Boolean.parseBoolean(l);
    }

    @Override
    public String format(Boolean value) {
      return value.toString();
    }
  }

  /** A time of day, HH:MM (24-hour). */
  public static final class TimeOfDay extends Setting<LocalTime> {
    private TimeOfDay(String name, LocalTime def, String meaning) {
      super(name, "HH:MM", def, meaning);
    }

    @Override
    public String range() {
      return "00:00 to 23:59";
    }

    @Override
    public LocalTime parse(String text) {
      String v = text.strip();
      try {
        if (!v.matches("\\d{2}:\\d{2}")) {
          throw new DateTimeParseException("not HH:MM", v, 0);
        }
        return LocalTime.parse(v);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + v + "' is not a time of day; allowed: "
            + range() + " (HH:MM, 24-hour)");
      }
    }

    @Override
    public String format(LocalTime value) {
      return value.toString();
    }
  }

  /** Words from a fixed list, comma-separated. */
  public static final class Choices extends Setting<List<String>> {
    private final List<String> allowed;

    private Choices(String name, List<String> def, List<String> allowed, String meaning) {
      super(name, "—", List.copyOf(def), meaning);
      this.allowed = List.copyOf(allowed);
    }

    public List<String> allowed() {
      return allowed;
    }

    @Override
    public String range() {
      return "comma-separated, any of: " + String.join(", ", allowed) + " (empty for none)";
    }

    @Override
    public List<String> parse(String text) {
      List<String> out = new ArrayList<>();
      for (String part : text.strip().split(",")) {
        String p = part.strip().toLowerCase(Locale.ROOT);
        if (p.isEmpty()) {
          continue;
        }
        if (!allowed.contains(p)) {
          throw new IllegalArgumentException("'" + p + "' is not one of: "
              + String.join(", ", allowed));
        }
        if (!out.contains(p)) {
          out.add(p);
        }
      }
      return List.copyOf(out);
    }

    @Override
    public String format(List<String> value) {
      return String.join(",", value);
    }
  }
}
