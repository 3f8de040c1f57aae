package dev.slumpwatch.report;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Writes a chart as PNG and SVG; the SVG element is also returned for inlining in HTML.
 * Each file appears under its name only when complete ({@link AtomicFile}), private to the
 * user (0600).
 */
public final class ChartFiles {
  private ChartFiles() {
  }

  /**
   * A chart drawn once as SVG: {@code inline} has a {@code viewBox} and no width or height,
   * so it scales to the width the page gives it (with CSS {@code width:100%;height:auto});
   * {@code standalone} has the same viewBox plus its size in pixels, for the .svg file.
   */
  public record Svg(String inline, String standalone) {}

  /**
   * @param id an id unique in the page: the SVG's clip paths are named after it, so
   *     several charts inlined in one page do not share names
   */
  public static Svg svg(JFreeChart chart, String id, int width, int height) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setDefsKeyPrefix(id + "-");
    chart.draw(g, new Rectangle(width, height));
    ViewBox box = new ViewBox(0, 0, width, height);
    return new Svg(g.getSVGElement(id, false, box, null, null),
        g.getSVGElement(id, true, box, null, null));
  }

  /**
   * {@code NAME.png}. Light compression: a chart is large flat areas, so the file is
   * hardly bigger than at the highest level, and encoding is several times faster.
   */
  public static Path writePng(JFreeChart chart, Path dir, String name, int width, int height)
      throws IOException {
    return AtomicFile.write(dir.resolve(name + ".png"),
        out -> ChartUtils.writeChartAsPNG(out, chart, width, height, null, false, 1));
  }

  /** {@code NAME.svg}: the element as a standalone SVG document. */
  public static Path writeSvg(String element, Path dir, String name) throws IOException {
    byte[] text = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element + "\n")
        .getBytes(StandardCharsets.UTF_8);
    return AtomicFile.write(dir.resolve(name + ".svg"), out -> out.write(text));
  }
}
