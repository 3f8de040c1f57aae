package dev.slumpwatch.app;

import dev.slumpwatch.posture.GuidedCalibration;
import java.awt.Container;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.VolatileImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JFrame;
import javax.swing.JTabbedPane;

/**
 * Runs the window's code once before the window is shown, on a copy of it that is never
 * shown: the views a wearer meets (calibrating, upright, slumped with an exercise prompt, a
 * full chart with gaps, episodes and prompts) are applied to it and it is painted off
 * screen, through the X server's pipeline where there is one.
 *
 * <p>Why: the first time a piece of Swing, FlatLaf or JFreeChart code runs it is loaded,
 * linked and interpreted (string concatenations, lambdas and HTML labels bootstrap on first
 * use). Measured in AppGuiTest on a 2-core machine, the first monitoring view took 36–43 ms
 * of processor time on the event-dispatch thread and, with the other threads starting at
 * the same time, 62–111 ms of wall-clock time: over the 50 ms the window is allowed. Done
 * here, while the window is not yet on the screen, nobody waits for it. Event-dispatch
 * thread, after the look is installed.
 */
final class WindowWarmUp {
  /**
   * Times the views are shown. Once leaves the paint code interpreted; three rounds (about
   * 0.5 s of start-up) took the first monitoring event's processor time from ~20 ms to
   * ~14 ms; twenty (2 s) to ~10 ms.
   */
  private static final int ROUNDS = 3;

  private WindowWarmUp() {
  }

  /** Builds a copy of the window, shows it the made-up views off screen, and disposes it. */
  static void run(Path dataDir, String profile) {
    AppWindow copy = new AppWindow(IGNORE, List.of(), AppWindow.SIMULATED,
        LiveModel.ChartSpan.TEN_MINUTES, "system", dataDir, profile);
    JFrame frame = copy.frame();
    copy.chart().drawOnTheCaller(); // the chart's drawing code warms up too, here
    try {
      Container content = frame.getContentPane();
      frame.validate();
      int w = Math.max(1, content.getWidth());
      int h = Math.max(1, content.getHeight());
      // the screen's pipeline (XRender on X11) when the frame has a peer, and the software
      // one (what printing and the screenshots use)
      VolatileImage screen = frame.createVolatileImage(w, h);
      BufferedImage memory = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      List<AppView> views = views(System.currentTimeMillis());
      for (int r = 0; r < ROUNDS; r++) {
        for (AppView v : views) {
          copy.apply(v);
          frame.validate();
          if (screen != null) {
            paint(content, screen.createGraphics());
          }
          paint(content, memory.createGraphics());
        }
      }
      if (content instanceof JTabbedPane tabs && tabs.getTabCount() > 1) {
        tabs.setSelectedIndex(1);
        frame.validate();
        paint(content, memory.createGraphics());
      }
      if (screen != null) {
        screen.flush();
      }
    } finally {
      copy.chart().close();
      frame.dispose();
    }
  }

  private static void paint(Container c, Graphics2D g) {
    try {
      c.paint(g);
    } finally {
      g.dispose();
    }
  }

  /** A wearer's day in four views: calibrating, upright, slumped with a prompt, unplugged. */
  static List<AppView> views(long nowMs) {
    int n = 600;
    long[] t = new long[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = nowMs - (n - i) * 1000L;
      y[i] = i % 97 < 5 ? Double.NaN : 12 * Math.sin(i / 40.0) + (i > 400 ? 18 : 0);
    }
    AppView.Chart chart = new AppView.Chart(1, t, y, 20,
        List.of(new AppView.Span(t[420], t[520])), List.of(new AppView.Span(t[97], t[101])),
        List.of(new AppView.Mark(t[450], "nudge", true),
            new AppView.Mark(t[500], "desk break", false)), t[0], nowMs);
    AppView.Chart empty = new AppView.Chart(0, new long[0], new double[0], 20, List.of(),
        List.of(), List.of(), nowMs - 600_000, nowMs);
    AppView.Today today = new AppView.Today(null, "92 %", "4 min", "1 of 2", "5", "in 12 min");
    AppView.Sensor sensor = new AppView.Sensor("Simulated wearer", "streaming 100 Hz",
        AppView.Tone.GOOD, "60,000 samples · 0 lost");
    AppView.Controls controls = new AppView.Controls("Alerts on", false, false, false);
    List<AppView> out = new ArrayList<>();
    out.add(new AppView(new AppView.Posture(AppView.PostureKind.CALIBRATING, "Calibrating",
        "Step 2 of 2", Double.NaN), empty, today, new AppView.Wizard(true,
        GuidedCalibration.Step.BEND, "Step 2 of 2: Bend forward (try 2 of 4)", "3 s", 18.5,
        "Bend forward slowly & hold it <there>", "Not taken: you moved", true,
        "The session starts without a stored calibration"), null, sensor, controls, null,
        "slumpwatch: calibrating"));
    out.add(new AppView(new AppView.Posture(AppView.PostureKind.UPRIGHT, "Upright",
        "3° from neutral · sitting", 3), chart, today, AppView.Wizard.HIDDEN,
        new AppView.AlertCard("Desk break", "Stand up and walk for two minutes.",
            "10:32 · taken", false, -1, 0), sensor, controls, null, "slumpwatch: upright"));
    out.add(new AppView(new AppView.Posture(AppView.PostureKind.SLUMPED, "Slumped 24°",
        "24° from neutral · sitting", 24), chart, today, AppView.Wizard.HIDDEN,
        new AppView.AlertCard("Back extension", "Sit tall and lean back over the chair.",
            "10:40 · 3 of 5 reps counted", true, 3, 5), sensor,
        new AppView.Controls("Alerts snoozed until 11:10 · pain pause on", true, true, true),
        "No system tray on this desktop", "slumpwatch: slumped 24°"));
    out.add(new AppView(new AppView.Posture(AppView.PostureKind.DISCONNECTED,
        "Sensor disconnected", "reconnecting", Double.NaN), chart, today,
        AppView.Wizard.HIDDEN, new AppView.AlertCard("Slumping", "Sit tall.", "10:41", true,
            0, 0), new AppView.Sensor("/dev/ttyUSB0", "reconnecting", AppView.Tone.WARN, ""),
        controls, null, "slumpwatch: disconnected"));
    return out;
  }

  /** The copy's buttons are never clicked. */
  private static final AppWindow.Actions IGNORE = new AppWindow.Actions() {
    @Override
    public void connect(String choice) {
    }

    @Override
    public void refreshPorts() {
    }

    @Override
    public void recalibrate() {
    }

    @Override
    public void snooze(AppController.Snooze length) {
    }

    @Override
    public void painPause(boolean on) {
    }

    @Override
    public void doNotDisturb(boolean on) {
    }

    @Override
    public void acknowledge() {
    }

    @Override
    public void openReport() {
    }

    @Override
    public void chartSpan(LiveModel.ChartSpan span) {
    }

    @Override
    public void startAtLogin(boolean on) {
    }

    @Override
    public void theme(String theme) {
    }

    @Override
    public void closed() {
    }
  };
}
