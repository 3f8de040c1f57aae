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

  /**
   * The page's head and style: self-contained, no scripts, fonts or remote resources. The
   * charts scale to the page's width (their SVGs have a viewBox and no size); below 700 px
   * the narrow drawing of each chart replaces the wide one, whose lettering would be too
   * small; tables wrap their cells rather than widen the page. Printed, the page is A4
   * with the wide drawings, and no chart or table row is cut in two.
   */
  static String head(String title) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + esc(title) + "</title>\n<style>\n"
        + "*{box-sizing:border-box}\n"
        + "body{font-family:sans-serif;margin:0 auto;padding:0.5em 1em 2em;max-width:1250px;"
        + "color:#222;line-height:1.4}\n"
        + "h1{font-size:1.6em;margin:0.5em 0}\n"
        + "table{border-collapse:collapse;margin:0.5em 0 1.5em;max-width:100%}\n"
        + "td,th{border:1px solid #ccc;padding:0.25em 0.6em;text-align:left;"
        + "vertical-align:top;overflow-wrap:break-word}\nth{background:#f3f3f3}\n"
        + "td.n{text-align:right;white-space:nowrap}\ntd.t{white-space:nowrap}\n"
        + "td.how,.why,.detail{color:#555;font-size:0.9em}\n"
        + "figure{margin:1.5em 0}\n.chart svg{display:block;width:100%;height:auto}\n"
        + ".narrow{display:none}\n"
        + "figcaption{margin-top:0.3em}\n"
        + ".legend{list-style:none;padding:0;margin:0.4em 0;display:flex;flex-wrap:wrap;"
        + "gap:0.2em 1.2em;font-size:0.9em}\n"
        + ".legend .sw{display:inline-block;width:1.6em;height:0.9em;margin-right:0.35em;"
        + "vertical-align:middle}\n.legend .sw.ln{height:0;vertical-align:middle}\n"
        + ".files{font-size:0.85em;color:#555}\n"
        + ".coach{border:1px solid #c8d8e8;background:#f5f9fc;border-radius:6px;"
        + "padding:0.5em 1em;margin:1em 0}\n"
        + ".score .points{font-size:2.4em;font-weight:bold}\n"
        + ".goal.met{color:#1d7a36;font-weight:bold}\n.goal.missed{color:#9a4a00;"
        + "font-weight:bold}\n"
        + ".demo{background:#fff4d6;border:1px solid #e0c070;padding:0.3em 0.6em}\n"
        + ".empty{font-size:1.2em}\n"
        + ".note{color:#555;font-size:0.9em}\n"
        + "@media (max-width:700px){.wide,.opt{display:none}.narrow{display:block}"
        + "body{padding:0.5em}td,th{padding:0.2em 0.3em;font-size:0.9em}"
        + "td{overflow-wrap:anywhere}td.n{white-space:normal}"
        + "table.figures,table.figures tbody{display:block}"
        + "table.figures tr{display:grid;grid-template-columns:minmax(6em,35%) 1fr}"
        + "table.figures tr:first-child{display:none}"
        + "table.figures td.how{grid-column:1/-1;border-top:0}}\n"
        + "@page{size:A4;margin:12mm}\n"
        + "@media print{body{max-width:none;padding:0;font-size:10pt}"
        + ".wide{display:block}.narrow{display:none}figure,tr,.coach{break-inside:avoid}"
        + "h2,h3{break-after:avoid}.files{display:none}a{color:inherit;"
        + "text-decoration:none}}\n"
        + "</style>\n</head>\n<body>\n";
  }

  static String tail() {
    return "</body>\n</html>\n";
  }
}
