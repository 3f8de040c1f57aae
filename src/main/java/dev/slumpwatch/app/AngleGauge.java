package dev.slumpwatch.app;

import dev.slumpwatch.posture.PostureCalibration;
import java.awt.BasicStroke;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Line2D;
import java.util.Locale;
import javax.swing.JComponent;
import javax.swing.UIManager;

/**
 * The calibration wizard's gauge: a half dial from {@value #MIN_DEG}° to {@value #MAX_DEG}°
 * of forward bend, the band a calibration bend must reach shaded, a needle at the live
 * angle, and the angle in figures under it ("not reported" when the source gives none).
 */
final class AngleGauge extends JComponent {
  private static final long serialVersionUID = 1L;
  static final double MIN_DEG = -20;
  static final double MAX_DEG = 60;
  private double angleDeg = Double.NaN;

  AngleGauge() {
    setPreferredSize(new Dimension(180, 110));
    setMinimumSize(getPreferredSize());
    setName("calibrationGauge");
  }

  void angle(double deg) {
    if (Double.compare(deg, angleDeg) != 0) {
      angleDeg = deg;
      repaint();
    }
  }

  double angle() {
    return angleDeg;
  }

  /** What the gauge says under the dial. */
  String caption() {
    return Double.isNaN(angleDeg) ? "no neutral yet"
        : String.format(Locale.ROOT, "%.0f° from neutral", angleDeg);
  }

  @Override
  protected void paintComponent(Graphics g0) {
    Graphics2D g = (Graphics2D) g0.create();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      int w = getWidth();
      int h = getHeight();
      double r = Math.min(w / 2.0 - 8, h - 30);
      double cx = w / 2.0;
      double cy = r + 6;
      g.setStroke(new BasicStroke(10f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
      g.setColor(UIManager.getColor("Separator.foreground"));
      g.draw(new Arc2D.Double(cx - r, cy - r, 2 * r, 2 * r, 0, 180, Arc2D.OPEN));
      // the band a calibration bend must reach
      double from = PostureCalibration.MIN_BEND_DEG;
      double to = 45;
      g.setColor(Theme.colour(AppView.Tone.GOOD));
      g.draw(new Arc2D.Double(cx - r, cy - r, 2 * r, 2 * r, dialDeg(to), dialDeg(from)
          - dialDeg(to), Arc2D.OPEN));
      g.setColor(UIManager.getColor("Label.foreground"));
      if (!Double.isNaN(angleDeg)) {
        double a = Math.toRadians(dialDeg(Math.max(MIN_DEG, Math.min(MAX_DEG, angleDeg))));
        g.setStroke(new BasicStroke(3f));
        g.draw(new Line2D.Double(cx, cy, cx + (r - 4) * Math.cos(a), cy - (r - 4)
            * Math.sin(a)));
      }
      g.setFont(UIManager.getFont("Label.font").deriveFont(Font.PLAIN, 12f));
      String text = caption();
      int tw = g.getFontMetrics().stringWidth(text);
      g.drawString(text, (int) (cx - tw / 2.0), (int) Math.min(h - 4, cy + 18));
    } finally {
      g.dispose();
    }
  }

  /** 0° of bend at the top of the dial, forward to the right (clockwise). */
  private static double dialDeg(double bendDeg) {
    return 180 - (bendDeg - MIN_DEG) / (MAX_DEG - MIN_DEG) * 180;
  }
}
