package dev.slumpwatch.app;

import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.pipeline.MonitorLock;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.protocol.TextFormat;
import dev.slumpwatch.sensor.pi.PiI2cSampleSource;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import dev.slumpwatch.settings.EffectiveSettings;
import dev.slumpwatch.sim.Scenario;
import java.awt.Component;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.SwingUtilities;

/**
 * The GUI test's script, run in a JVM of its own on a real X server (it needs
 * {@code DISPLAY} before AWT starts): opens the real app on the simulated wearer, drives its
 * components as a wearer would, reads what they show, saves screenshots, and writes what it
 * saw to {@code observations.properties} for {@link AppGuiTest} to check. Every wait is
 * bounded; a wait that runs out records what was shown instead and ends the script.
 *
 * <p>args: mode ({@code tray} or {@code notray}), data directory, output directory.
 */
public final class AppGuiScript {
  /**
   * The simulated wearer's script. The pipeline's guided calibration waits for what the
   * wearer does: it sits tall at the start and bends at 8 s; the script clicks Recalibrate
   * at {@link #RECALIBRATE_AT_SECONDS} of sensor time, while the wearer sits still and tall
   * again until it bends at 70 s, which the calibration's bend step waits for; then a slump.
   */
  static final String SCENARIO = """
      name   gui-test
      seed   7
      mount  random
      8s     calibrate-neutral
      10s    calibrate-bend    flexion=20 lean=10
      26s    sit   flexion=2 typing=yes
      26s    calibrate-neutral
      10s    calibrate-bend    flexion=20 lean=10
      20s    sit   flexion=2 ramp=2 typing=yes
      100s   sit   flexion=26 ramp=4 typing=yes
      60s    sit   flexion=2 ramp=3 typing=yes
      30m    sit   flexion=2 typing=yes
      """;
  /** When the script asks to calibrate again: 2 s into the second still sitting. */
  static final double RECALIBRATE_AT_SECONDS = 46;
  static final double SPEED = 5;

  private final Properties seen = new Properties();
  private final Path out;
  private App app;
  /** Times the event-dispatch thread; the script's screen captures pause it. */
  private EdtWatch watch;
  private final List<Path> opened = new CopyOnWriteArrayList<>();

  private AppGuiScript(Path out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path data = Path.of(args[1]);
    Path out = Path.of(args[2]);
    Files.createDirectories(out);
    AppGuiScript s = new AppGuiScript(out);
    int code = 0;
    try {
      if (mode.equals("tray")) {
        s.withTray(data);
      } else {
        s.withoutTray(data);
      }
      s.seen.setProperty("result", "completed");
    } catch (Throwable t) {
      s.seen.setProperty("result", "failed: " + t);
      t.printStackTrace();
      code = 1;
    } finally {
      try (OutputStream o = Files.newOutputStream(out.resolve("observations-" + mode
          + ".properties"))) {
        s.seen.store(o, "what the app showed (" + mode + ")");
      }
    }
    System.exit(code);
  }

  private App start(Path data, EdtWatch watch) throws Exception {
    Scenario scenario = Scenario.parse(SCENARIO, "gui test");
    AppController.Options controller = new AppController.Options(data,
        EffectiveSettings.defaults(), "default", new AppController.Profiles() {
          @Override
          public PostureProfile load(Path dir, String name) {
            return null;
          }

          @Override
          public Path save(Path dir, String name, PostureProfile p) {
            return dir.resolve(name);
          }
        }, () -> {
          throw new IllegalStateException("no Pi here");
        }, m -> System.err.println("app: " + m));
    return App.start(new App.Options(controller, scenario, SPEED,
        port -> SerialSampleSource.Settings.of(port, 115200, TextFormat.DEFAULTS),
        PiI2cSampleSource.Settings.of(1, 0x68), new AppController.Simulated(scenario, SPEED),
        "light", List::of, opened::add, new App.StartAtLogin() {
          @Override
          public Status status() {
            return new Status(false, "Off: the test leaves the desktop's entries alone");
          }

          @Override
          public Status set(boolean on) {
            return status();
          }
        }));
  }

  private void withTray(Path data) throws Exception {
    // the tray host (trayer) may still be starting
    long until = System.nanoTime() + 20_000_000_000L;
    while (!java.awt.SystemTray.isSupported() && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    watch = EdtWatch.install();
    // another monitor already holds the simulated wearer's directory: the app says so
    MonitorLock other = MonitorLock.acquire(data.resolve(AppController.SIM_DIR), "run",
        "a test's monitor");
    app = start(data, watch);
    recordWizardTitles();
    await("the refusal", Duration.ofSeconds(30),
        () -> text("notice").startsWith("another monitor already runs on"));
    seen.setProperty("refused", text("notice"));
    seen.setProperty("refusedPosture", text("postureWords"));
    other.close();
    edt(() -> {
      JComboBox<?> c = find("sourceCombo", JComboBox.class);
      c.setSelectedItem(AppWindow.SIMULATED);
      find("connectButton", JButton.class).doClick(0);
      return null;
    });

    // the wizard, driven by the pipeline's guided calibration of the simulated wearer
    seen.setProperty("wizard1", wizard(0, Duration.ofSeconds(90)));
    seen.setProperty("wizard1Why", text("wizardWhy"));
    await("upright after calibrating", Duration.ofSeconds(60),
        () -> text("postureWords").equals("Upright"));
    watch.reset(); // start-up is over: from here on, monitoring
    long cpu0 = cpuNanos();
    long wall0 = System.nanoTime();
    long sessionsBefore = sessions(data);
    // recalibrate from the button: the running monitor calibrates again, in the same session
    await("the wearer sitting tall again", Duration.ofSeconds(60),
        () -> app.model().sessionSeconds() >= RECALIBRATE_AT_SECONDS);
    seen.setProperty("recalibrateAtSeconds", String.format(java.util.Locale.ROOT, "%.1f",
        app.model().sessionSeconds()));
    int before = wizardLog.size();
    edt(() -> {
      find("recalibrateButton", JButton.class).doClick(0);
      return null;
    });
    await("the wizard again", Duration.ofSeconds(30),
        () -> visible("wizardPanel") && text("wizardWhy").contains(
        LiveModel.sentence(AppController.RECALIBRATE_WHY)));
    seen.setProperty("wizard2Why", text("wizardWhy"));
    seen.setProperty("wizard2", wizard(before, Duration.ofSeconds(90)));
    seen.setProperty("sessionsBeforeRecalibrate", Long.toString(sessionsBefore));
    seen.setProperty("sessionsAfterRecalibrate", Long.toString(sessions(data)));
    await("upright after recalibrating", Duration.ofSeconds(60),
        () -> text("postureWords").equals("Upright"));
    seen.setProperty("uprightDetail", text("postureDetail"));
    shot("app-upright");

    // the measured stretch: monitoring with the window open while the posture turns to
    // slumped, the chart shades it, the tray follows and the nudge arrives (its desktop
    // notification included); the script only reads labels here (no screenshots, no clicks)
    seen.setProperty("edtBeforeMaxMillis", fmt(watch.maxMillis()));
    seen.setProperty("edtBeforeMaxCpuMillis", fmt(watch.maxCpuMillis()));
    seen.setProperty("edtBeforeOverList", String.join(" || ", watch.overLimitEvents()));
    seen.setProperty("edtBeforeBlockedMaxMillis", fmt(watch.maxBlockedMillis()));
    seen.setProperty("edtBeforeHostList", String.join(" || ", watch.hostTookEvents()));
    watch.reset();
    double load0 = loadPerCore();
    long phase0 = System.nanoTime();
    await("slumped", Duration.ofSeconds(120), () -> text("postureWords").startsWith("Slumped"));
    seen.setProperty("slumpedWords", text("postureWords"));
    seen.setProperty("slumpedDetail", text("postureDetail"));
    await("the tray follows", Duration.ofSeconds(10),
        () -> onEdt(() -> app.tray().kind() == AppView.PostureKind.SLUMPED));
    seen.setProperty("trayTooltip", onEdt(() -> app.tray().tooltip()));
    seen.setProperty("trayKind", onEdt(() -> app.tray().kind().name()));
    seen.setProperty("trayMenu", String.join("|", onEdt(() -> app.tray().menuLabels())));
    await("the nudge", Duration.ofSeconds(60), () -> text("alertTitle").equals("Slumping"));
    seen.setProperty("alertTitle", text("alertTitle"));
    seen.setProperty("alertMessage", onEdt(() -> find("alertMessage",
        javax.swing.JTextArea.class).getText()));
    seen.setProperty("chartSlumps", onEdt(() -> Integer.toString(
        app.window().chart().shown().slumps().size())));
    seen.setProperty("chartPrompts", onEdt(() -> Integer.toString(
        app.window().chart().shown().prompts().size())));
    seen.setProperty("chartPoints", onEdt(() -> Integer.toString(
        app.window().chart().shown().points())));
    seen.setProperty("edtPhaseSeconds", fmt((System.nanoTime() - phase0) / 1e9));
    seen.setProperty("edtPhaseMaxMillis", fmt(watch.maxMillis()));
    seen.setProperty("edtPhaseLongest", watch.longest());
    seen.setProperty("edtPhaseMaxCpuMillis", fmt(watch.maxCpuMillis()));
    seen.setProperty("edtPhaseEvents", Long.toString(watch.events()));
    seen.setProperty("edtPhaseOver50", Long.toString(watch.overLimit()));
    seen.setProperty("edtPhaseOverList", String.join(" || ", watch.overLimitEvents()));
    seen.setProperty("edtPhaseBlockedMaxMillis", fmt(watch.maxBlockedMillis()));
    seen.setProperty("edtPhaseHostList", String.join(" || ", watch.hostTookEvents()));
    seen.setProperty("loadPerCore", fmt(Math.max(load0, loadPerCore())));
    shot("app-slumped"); // the README's picture

    // snooze 30 minutes from the window's menu
    edt(() -> {
      find("snoozeButton", JButton.class).doClick(0);
      app.window().clickSnooze(AppController.Snooze.THIRTY_MINUTES);
      return null;
    });
    await("snoozed", Duration.ofSeconds(20),
        () -> text("controlsText").startsWith("Alerts snoozed until"));
    seen.setProperty("controlsAfterSnooze", text("controlsText"));
    Path simDir = data.resolve(AppController.SIM_DIR);
    seen.setProperty("snoozeFile", String.valueOf(ControlFile.read(simDir).snoozeUntil()));

    // acknowledge the nudge
    edt(() -> {
      find("ackButton", JButton.class).doClick(0);
      return null;
    });
    await("acknowledged", Duration.ofSeconds(30),
        () -> text("alertStatus").contains("acknowledged"));
    seen.setProperty("alertStatus", text("alertStatus"));

    // pain pause from the tray's menu: the window's box follows
    edt(() -> {
      app.tray().click(TrayController.PAIN);
      return null;
    });
    await("pain pause", Duration.ofSeconds(20),
        () -> onEdt(() -> find("painToggle", JCheckBox.class).isSelected()));
    seen.setProperty("controlsAfterPain", text("controlsText"));
    seen.setProperty("painFile", Boolean.toString(ControlFile.read(simDir).painPause()));

    // today's report
    edt(() -> {
      find("reportButton", JButton.class).doClick(0);
      return null;
    });
    await("the report", Duration.ofSeconds(60), () -> !opened.isEmpty());
    seen.setProperty("report", opened.get(0).toString());
    seen.setProperty("reportExists", Boolean.toString(Files.isRegularFile(opened.get(0))));

    // zoom out to the hour
    edt(() -> {
      find("chartSpan", JComboBox.class).setSelectedItem(LiveModel.ChartSpan.ONE_HOUR);
      return null;
    });
    await("the hour, drawn on screen", Duration.ofSeconds(10), () -> onEdt(() -> {
      AppView.Chart c = app.window().chart().onScreen();
      return c != null && c.toMs() - c.fromMs() == 3_600_000L;
    }));
    seen.setProperty("chartDrawings", Integer.toString(app.window().chart().drawings()));
    seen.setProperty("today", text("todayUpright") + "|" + text("todaySlump") + "|"
        + text("todayBreaks") + "|" + text("todayReps") + "|" + text("todayNextBreak"));
    shot("app-hour");
    shotScreen("screen-with-tray");

    // closing the window keeps monitoring in the tray
    edt(() -> {
      app.window().frame().dispatchEvent(new WindowEvent(app.window().frame(),
          WindowEvent.WINDOW_CLOSING));
      return null;
    });
    boolean quitOnClose = app.awaitQuit(Duration.ofSeconds(2));
    seen.setProperty("quitOnClose", Boolean.toString(quitOnClose));
    seen.setProperty("windowVisibleAfterClose", Boolean.toString(onEdt(
        () -> app.window().frame().isVisible())));
    seen.setProperty("monitoringAfterClose", Boolean.toString(app.controller().current()
        != null));

    seen.setProperty("edtMaxMillis", String.format(java.util.Locale.ROOT, "%.1f",
        watch.maxMillis()));
    seen.setProperty("edtOver50", Long.toString(watch.overLimit()));
    seen.setProperty("edtEvents", Long.toString(watch.events()));
    seen.setProperty("edtLongest", watch.longest());
    seen.setProperty("edtOverList", String.join(" || ", watch.overLimitEvents()));
    seen.setProperty("edtMaxCpuMillis", String.format(java.util.Locale.ROOT, "%.1f",
        watch.maxCpuMillis()));
    seen.setProperty("monitoringWallSeconds", String.format(java.util.Locale.ROOT, "%.1f",
        (System.nanoTime() - wall0) / 1e9));
    seen.setProperty("monitoringCpuSeconds", String.format(java.util.Locale.ROOT, "%.1f",
        (cpuNanos() - cpu0) / 1e9));

    // Quit from the tray's menu
    edt(() -> {
      app.tray().click(TrayController.QUIT);
      return null;
    });
    seen.setProperty("quit", Boolean.toString(app.awaitQuit(Duration.ofSeconds(30))));
    seen.setProperty("lockAfterQuit", Boolean.toString(MonitorLock.running(simDir)
        .isPresent()));
  }

  private void withoutTray(Path data) throws Exception {
    watch = EdtWatch.install();
    app = start(data, watch);
    seen.setProperty("noTray", String.valueOf(app.noTray()));
    seen.setProperty("trayNull", Boolean.toString(app.tray() == null));
    await("monitoring", Duration.ofSeconds(60), () -> !text("postureWords").equals("No sensor"));
    watch.reset(); // start-up is over
    await("the notice", Duration.ofSeconds(10), () -> text("notice").contains("system tray"));
    Thread.sleep(1000); // a session's start clears passing notices; this one stays
    await("the notice still", Duration.ofSeconds(10),
        () -> text("notice").contains("system tray"));
    seen.setProperty("notice", text("notice"));
    // what the window did while monitoring, before the test's own screenshot keeps the X
    // server busy (the window's painting then waits for it) and before closing
    seen.setProperty("edtMonitoringMaxMillis", String.format(java.util.Locale.ROOT, "%.1f",
        watch.maxMillis()));
    seen.setProperty("edtMonitoringMaxCpuMillis", String.format(java.util.Locale.ROOT,
        "%.1f", watch.maxCpuMillis()));
    seen.setProperty("edtMonitoringEvents", Long.toString(watch.events()));
    seen.setProperty("edtMonitoringLongest", watch.longest());
    seen.setProperty("edtMonitoringOverList", String.join(" || ", watch.overLimitEvents()));
    seen.setProperty("edtMonitoringBlockedMaxMillis", fmt(watch.maxBlockedMillis()));
    seen.setProperty("edtMonitoringHostList", String.join(" || ", watch.hostTookEvents()));
    seen.setProperty("loadPerCore", fmt(loadPerCore()));
    // the window's warm-up copy is gone: one window with a peer, the app's
    seen.setProperty("displayableFrames", onEdt(() -> Long.toString(java.util.Arrays.stream(
        java.awt.Frame.getFrames()).filter(java.awt.Frame::isDisplayable).count())));
    shot("app-no-tray");
    edt(() -> {
      app.window().frame().dispatchEvent(new WindowEvent(app.window().frame(),
          WindowEvent.WINDOW_CLOSING));
      return null;
    });
    seen.setProperty("quitOnClose", Boolean.toString(app.awaitQuit(Duration.ofSeconds(30))));
    seen.setProperty("edtOverList", String.join(" || ", watch.overLimitEvents()));
    seen.setProperty("edtMaxMillis", String.format(java.util.Locale.ROOT, "%.1f",
        watch.maxMillis()));
  }

  /**
   * Records every title the wizard's label is given, as it is given (a property listener
   * on the label, on the event-dispatch thread), and whether a countdown was shown with it:
   * a step that lasts a fraction of a second at the wearer's fast pace is not missed.
   */
  private void recordWizardTitles() throws Exception {
    edt(() -> {
      JLabel title = find("wizardTitle", JLabel.class);
      JLabel countdown = find("wizardCountdown", JLabel.class);
      title.addPropertyChangeListener("text", e -> {
        String t = String.valueOf(e.getNewValue()).strip();
        if (!t.isEmpty()) {
          wizardLog.add(t.replaceAll(" \\(try \\d+ of \\d+\\)", " (again)"));
        }
      });
      countdown.addPropertyChangeListener("text", e -> {
        String c = String.valueOf(e.getNewValue()).strip();
        int last = wizardLog.size() - 1;
        if (!c.isEmpty() && last >= 0 && !wizardLog.get(last).endsWith(" [countdown]")) {
          wizardLog.set(last, wizardLog.get(last) + " [countdown]");
        }
      });
      return null;
    });
  }

  private final List<String> wizardLog = new CopyOnWriteArrayList<>();

  /**
   * Follows the wizard until it reports done or failed: the titles it showed since the
   * {@code from}th, in order, then the largest angle its gauge showed.
   */
  private String wizard(int from, Duration timeout) throws Exception {
    double gaugeMaxDeg = Double.NaN;
    boolean stepShot = false;
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      String t = text("wizardTitle");
      double angle = onEdt(() -> app.window().gauge().isVisible()
          ? app.window().gauge().angle() : Double.NaN);
      if (!Double.isNaN(angle) && !(angle <= gaugeMaxDeg)) {
        gaugeMaxDeg = angle;
      }
      if (!stepShot && t.contains("Hold the bend")) {
        shot("wizard-step");
        stepShot = true;
      }
      if (visible("wizardPanel")
          && (t.startsWith("Calibrated") || t.startsWith("Calibration failed"))) {
        shot("wizard-" + (t.startsWith("Calibrated") ? "done" : "failed"));
        break;
      }
      Thread.sleep(25);
    }
    Set<String> titles = new LinkedHashSet<>(wizardLog.subList(from, wizardLog.size()));
    return String.join("|", titles) + String.format(java.util.Locale.ROOT, "|gauge %.1f",
        gaugeMaxDeg);
  }

  /** Sessions stored in the simulated wearer's directory so far. */
  private static long sessions(Path data) throws Exception {
    Path db = data.resolve(AppController.SIM_DIR).resolve(AppController.DATABASE);
    if (!Files.exists(db)) {
      return 0;
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet r = st.executeQuery("SELECT count(*) FROM sessions")) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  private void await(String what, Duration timeout, Callable<Boolean> condition)
      throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (condition.call()) {
        return;
      }
      Thread.sleep(50);
    }
    shot("timeout");
    throw new IllegalStateException("waited " + timeout.toSeconds() + " s for " + what
        + "; the window said: " + text("postureWords") + " / " + text("postureDetail")
        + " / notice: " + text("notice"));
  }

  private String text(String name) throws Exception {
    return onEdt(() -> {
      JLabel l = find(name, JLabel.class);
      return l == null ? "<no " + name + ">" : l.getText().strip();
    });
  }

  private boolean visible(String name) throws Exception {
    return onEdt(() -> {
      Component c = find(name, Component.class);
      return c != null && c.isVisible();
    });
  }

  private <T extends Component> T find(String name, Class<T> type) {
    return AppWindow.find(app.window().frame(), name, type);
  }

  private static <T> T onEdt(Supplier<T> s) throws Exception {
    AtomicReference<T> r = new AtomicReference<>();
    SwingUtilities.invokeAndWait(() -> r.set(s.get()));
    return r.get();
  }

  private static void edt(Callable<Void> action) throws Exception {
    AtomicReference<Exception> failed = new AtomicReference<>();
    SwingUtilities.invokeAndWait(() -> {
      try {
        action.call();
      } catch (Exception e) {
        failed.set(e);
      }
    });
    if (failed.get() != null) {
      throw failed.get();
    }
  }

  /** The window as it is on the X server's screen (Robot: no painting on the EDT). */
  /**
   * Saves the window as it is. The capture holds the X server while it copies the screen, so
   * the window's painting waits for it: events that overlap it are left out of the
   * event-dispatch thread's judged figures and reported apart ({@code edtPausedMaxMillis}).
   */
  private void shot(String name) throws Exception {
    Rectangle r = onEdt(() -> app.window().frame().isShowing()
        ? new Rectangle(app.window().frame().getLocationOnScreen(),
        app.window().frame().getSize()) : null);
    if (r == null) {
      return;
    }
    // the chart on screen shows what the labels say (it is drawn on its own thread and joins
    // the next view's repaint): its episodes, gaps and prompts, if not its newest points,
    // which wait their turn while the wearer's data keeps coming
    if (!app.window().chart().awaitDrawnBarNewPoints(10,
        java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException("the chart was not drawn within 10 s for " + name);
    }
    edt(() -> {
      app.window().chart().repaintIfDrawn();
      return null;
    });
    edt(() -> null); // after the repaint asked for above
    try (EdtWatch.Pause p = watch == null ? () -> { } : watch.pause()) {
      Toolkit.getDefaultToolkit().sync();
      BufferedImage img = new Robot().createScreenCapture(r);
      ImageIO.write(img, "png", out.resolve(name + ".png").toFile());
    }
    pausedMax = Math.max(pausedMax, watch == null ? 0 : watch.pausedMaxMillis());
    seen.setProperty("edtPausedMaxMillis", fmt(pausedMax));
  }

  private double pausedMax;

  private void shotScreen(String name) throws IOException, java.awt.AWTException {
    Rectangle all = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
    ImageIO.write(new Robot().createScreenCapture(all), "png",
        out.resolve(name + ".png").toFile());
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.1f", v);
  }

  /** The machine's load average over the last minute, per core: above 1, threads queue. */
  private static double loadPerCore() {
    java.lang.management.OperatingSystemMXBean os =
        ManagementFactory.getOperatingSystemMXBean();
    return os.getSystemLoadAverage() / os.getAvailableProcessors();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
