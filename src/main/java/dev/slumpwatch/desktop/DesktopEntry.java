package dev.slumpwatch.desktop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Desktop entry files (freedesktop.org Desktop Entry Specification 1.5): the
 * {@code [Desktop Entry]} group written with the specification's escapes, and the
 * {@code Exec} key's own quoting, so that a launcher path with a space, a quote or a
 * percent sign reaches the program as one argument, unchanged.
 */
public final class DesktopEntry {
  /** Characters that the specification reserves: an argument holding one is quoted. */
  private static final String RESERVED = " \t\"'\\><~|&;$*?#()`";

  private DesktopEntry() {
  }

  /**
   * The value of an {@code Exec} key that runs {@code argv} exactly: each argument quoted
   * when it holds a reserved character (inside quotes {@code " ` $ \} are escaped with a
   * backslash), every literal {@code %} doubled so that it is no field code, then the
   * whole string escaped as any string value is (a backslash is written twice).
   *
   * @throws IllegalArgumentException for an argument with a control character (a line
   *     break cannot be passed through an {@code Exec} line)
   */
  public static String exec(List<String> argv) {
    StringBuilder line = new StringBuilder();
    for (String arg : argv) {
      if (arg.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException("cannot put an argument with a control character "
            + "into a desktop entry's Exec line: '" + arg.replace("\n", "\\n") + "'");
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      String a = arg.replace("%", "%%");
      if (a.isEmpty() || a.chars().anyMatch(c -> RESERVED.indexOf(c) >= 0)) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : a.toCharArray()) {
          if (c == '"' || c == '`' || c == '$' || c == '\\') {
            q.append('\\');
          }
          q.append(c);
        }
        a = q.append('"').toString();
      }
      line.append(a);
    }
    return escape(line.toString());
  }

  /** A string value as the specification writes it: {@code \\ \n \t \r}, a leading {@code \s}. */
  public static String escape(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case ' ' -> out.append(i == 0 ? "\\s" : " ");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The file's text: {@code comments} as {@code #} lines, then the group with the keys in
   * the order given; values are written as they are (escape them with {@link #escape}).
   */
  public static String render(List<String> comments, Map<String, String> keys) {
    String head = comments.stream().map(c -> "# " + c + "\n").collect(Collectors.joining());
    StringBuilder body = new StringBuilder("[Desktop Entry]\n");
    keys.forEach((k, v) -> body.append(k).append('=').append(v).append('\n'));
    return head + body;
  }

  /**
   * The keys of the file's {@code [Desktop Entry]} group, values as written (not
   * unescaped), in file order.
   */
  public static Map<String, String> read(Path file) throws IOException {
    Map<String, String> keys = new LinkedHashMap<>();
    boolean inGroup = false;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      if (l.startsWith("[")) {
        inGroup = l.equals("[Desktop Entry]");
        continue;
      }
      int eq = l.indexOf('=');
      if (inGroup && eq > 0) {
        keys.putIfAbsent(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
      }
    }
    return keys;
  }
}
