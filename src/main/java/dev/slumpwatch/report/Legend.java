package dev.slumpwatch.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;

/**
 * A chart's legend, written once and drawn twice: into the chart (so a PNG or SVG file read
 * alone explains itself) and as an HTML list under it (readable at any zoom, and on a
 * phone, where the chart's own lettering is small). Both come from the same keys, so they
 * cannot disagree.
 */
final class Legend {
  /** How a key is drawn: a filled area (bars, shading) or a line of some dash. */
  enum Style { AREA, LINE, THIN, DASHED, DOTTED }

  record Key(String label, Color colour, Style style) {}

  private Legend() {
  }

  static Stroke stroke(Style s) {
    return switch (s) {
      case LINE -> DayCharts.BREAK_STROKE;
      case THIN -> new BasicStroke(1.5f);
      case DASHED -> DayCharts.EXTENSION_STROKE;
      case DOTTED -> DayCharts.HELD_BACK_STROKE;
      case AREA -> new BasicStroke(1f);
    };
  }

  /** The keys as the chart's fixed legend items. */
  static LegendItemCollection items(List<Key> keys) {
    LegendItemCollection c = new LegendItemCollection();
    for (Key k : keys) {
      c.add(k.style() == Style.AREA ? new LegendItem(k.label(), k.colour())
          : new LegendItem(k.label(), null, null, null, new Line2D.Double(-9, 0, 9, 0),
              stroke(k.style()), k.colour()));
    }
    return c;
  }

  private static String css(Color c) {
    return c.getAlpha() == 255
        ? String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue())
        : String.format(Locale.ROOT, "rgba(%d,%d,%d,%.2f)", c.getRed(), c.getGreen(),
            c.getBlue(), c.getAlpha() / 255.0);
  }

  /** The keys as an HTML list ({@code ul.legend}), each with a swatch drawn in CSS. */
  static String html(List<Key> keys) {
    StringBuilder b = new StringBuilder("<ul class=\"legend\">");
    for (Key k : keys) {
      String swatch = switch (k.style()) {
        case AREA -> "background:" + css(k.colour());
        case LINE -> "border-top:3px solid " + css(k.colour());
        case THIN -> "border-top:1px solid " + css(k.colour());
        case DASHED -> "border-top:3px dashed " + css(k.colour());
        case DOTTED -> "border-top:2px dotted " + css(k.colour());
      };
      b.append("<li><span class=\"sw").append(k.style() == Style.AREA ? "" : " ln")
          .append("\" style=\"").append(swatch).append("\"></span>")
          .append(Html.esc(k.label())).append("</li>");
    }
    return b.append("</ul>").toString();
  }
}
