package dev.slumpwatch.settings;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One documented setting: its name, unit, default, allowed range and meaning. The
 * registry is {@link SettingKeys#ALL}; values are parsed and checked here.
 *
 * @param min smallest allowed number (numbers and integers)
 * @param max largest allowed number
 * @param allowed the words a list may hold (lists only)
 */
public record SettingKey(String name, Type type, String unit, String defaultValue, double min,
    double max, List<String> allowed, String meaning) {

  /** What kind of value a key takes. */
  public enum Type { NUMBER, INTEGER, BOOLEAN, TIME, LIST }

  static SettingKey num(String name, String unit, double def, double min, double max,
      String meaning) {
    return new SettingKey(name, Type.NUMBER, unit, format(def), min, max, List.of(), meaning);
  }

  static SettingKey integer(String name, String unit, int def, int min, int max,
      String meaning) {
    return new SettingKey(name, Type.INTEGER, unit, Integer.toString(def), min, max, List.of(),
        meaning);
  }

  static SettingKey bool(String name, boolean def, String meaning) {
    return new SettingKey(name, Type.BOOLEAN, "—", Boolean.toString(def), 0, 0, List.of(),
        meaning);
  }

  static SettingKey time(String name, LocalTime def, String meaning) {
    return new SettingKey(name, Type.TIME, "HH:MM", def.toString(), 0, 0, List.of(), meaning);
  }

  static SettingKey list(String name, String def, List<String> allowed, String meaning) {
    return new SettingKey(name, Type.LIST, "—", def, 0, 0, List.copyOf(allowed), meaning);
  }

  /** A number as people write it: 0.0001, not 1.0E-4; 100, not 100.0. */
  static String format(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** The allowed values, as said in the error message and the README. */
  public String range() {
    return switch (type) {
      case NUMBER, INTEGER -> format(min) + " to " + format(max);
      case BOOLEAN -> "true or false";
      case TIME -> "00:00 to 23:59";
      case LIST -> "comma-separated, any of: " + String.join(", ", allowed)
          + " (empty for none)";
    };
  }

  private static final java.util.regex.Pattern WHOLE =
      java.util.regex.Pattern.compile("[+-]?[0-9]{1,10}");
  private static final java.util.regex.Pattern DECIMAL =
      java.util.regex.Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?");

  /**
   * Checks a value and returns it in normal form.
   *
   * @throws IllegalArgumentException saying what is wrong and what is allowed
   */
  String check(String value) {
    String v = value.strip();
    String unitText = unit.equals("—") || unit.equals("HH:MM") ? "" : " " + unit;
    switch (type) {
      case NUMBER, INTEGER -> {
        double d;
        try {
          // plain decimals only: the parsers also take 0x1p4, 15d, NaN, Infinity and
          // non-ASCII digits, which no one means in a settings file
          if (!(type == Type.INTEGER ? WHOLE : DECIMAL).matcher(v).matches()) {
            throw new NumberFormatException(v);
          }
          d = type == Type.INTEGER ? Integer.parseInt(v) : Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + v + "' is not "
              + (type == Type.INTEGER ? "a whole number" : "a number") + "; allowed: " + range()
              + unitText);
        }
        if (!(d >= min && d <= max)) {
          throw new IllegalArgumentException(v + " is out of range; allowed: " + range()
              + unitText);
        }
        return type == Type.INTEGER ? Integer.toString((int) d) : format(d);
      }
      case BOOLEAN -> {
        String l = v.toLowerCase(Locale.ROOT);
        if (!l.equals("true") && !l.equals("false")) {
          throw new IllegalArgumentException("'" + v + "' is not true or false");
        }
        return l;
      }
      case TIME -> {
        try {
          if (!v.matches("\\d{2}:\\d{2}")) {
            throw new DateTimeParseException("not HH:MM", v, 0);
          }
          return LocalTime.parse(v).toString();
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("'" + v + "' is not a time of day; allowed: "
              + range() + " (HH:MM, 24-hour)");
        }
      }
      case LIST -> {
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
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
        return String.join(",", out);
      }
      default -> throw new AssertionError(type);
    }
  }
}
