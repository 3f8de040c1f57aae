package dev.slumpwatch.report;

/**
 * HTML text escaping. Every piece of text that reaches a report page goes through
 * {@link #esc}: device ids, source names and alert messages come from devices, files and
 * settings, and must never become markup.
 */
public final class Html {
  private Html() {
  }

  /** Escapes text for element content and quoted attribute values. Null becomes "". */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          // control characters other than tab and newline have no place in a page
          if (c < 0x20 && c != '\t' && c != '\n') {
            b.append('\uFFFD');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** The page's head and style: self-contained, no scripts, fonts or remote resources. */
  static String head(String title) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + esc(title) + "</title>\n<style>\n"
        + "body{font-family:sans-serif;margin:1.5em auto;max-width:1650px;color:#222}\n"
        + "table{border-collapse:collapse;margin:0.5em 0 1.5em}\n"
        + "td,th{border:1px solid #ccc;padding:0.25em 0.6em;text-align:left;"
        + "vertical-align:top}\nth{background:#f3f3f3}\n"
        + "td.n{text-align:right}\nfigure{margin:1em 0}\nfigure svg{max-width:100%;height:auto}\n"
        + ".note{color:#555;font-size:0.9em}\n</style>\n</head>\n<body>\n";
  }

  static String tail() {
    return "</body>\n</html>\n";
  }
}
