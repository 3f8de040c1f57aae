package dev.slumpwatch.app;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.DesktopNotifier;
import dev.slumpwatch.alert.Notifier;
import dev.slumpwatch.desktop.Autostart;
import dev.slumpwatch.desktop.Launcher;
import dev.slumpwatch.pipeline.PipelineSettings;
import dev.slumpwatch.sensor.pi.PiI2cSampleSource;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import dev.slumpwatch.sim.Scenario;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.swing.SwingUtilities;

/**
 * {@code slumpwatch app}: the window, the tray icon and the controller, put together. The
 * window shows; the controller works (sessions, controls, reports) on threads of its own;
 * the model between them is fed from a bounded queue; the event-dispatch thread only copies
 * finished views into components.
 */
public final class App {
  /** How long posture may go without a live snapshot before it is unknown. */
  static final Duration STALE_AFTER = Duration.ofSeconds(3);

  /**
   * @param simulated the simulated wearer's scenario, for the sensor picker's entry
   * @param simSpeed the simulated wearer's pace, sensor seconds per second (1: as live)
   * @param serial the settings for a serial port picked by its path (the command line's
   *     speed and text formats)
   * @param pi the Raspberry Pi entry's settings (the command line's bus and address, as
   *     {@code run --source pi-i2c} takes them)
   * @param initial what to monitor at once, or null for the remembered choice (or none)
   * @param theme {@code system}, {@code light}, {@code dark}, or null for the remembered one
   * @param ports lists the serial ports (off the event-dispatch thread)
   * @param browser opens a report page (the desktop's browser)
   * @param startAtLogin the desktop's autostart entry the settings tab switches
   */
  public record Options(AppController.Options controller, Scenario simulated, double simSpeed,
      Function<String, SerialSampleSource.Settings> serial, PiI2cSampleSource.Settings pi,
      AppController.Choice initial, String theme, Supplier<List<String>> ports,
      Consumer<Path> browser, StartAtLogin startAtLogin) {}

  /**
   * Starting the app at login: the desktop's XDG autostart entry ({@code desktop.Autostart},
   * as {@code slumpwatch autostart on|off} writes it). Called off the event-dispatch thread.
   */
  public interface StartAtLogin {
    /** Whether the next login starts the app, and the words the settings tab shows. */
    Status status() throws IOException;

    /** Switches it; returns the status after. */
    Status set(boolean on) throws IOException;

    /** @param on the next login starts the app; {@code text} says so, or why not */
    record Status(boolean on, String text) {}

    /** For the app's settings tab: {@code autostart} with {@code launcher} and its arguments. */
    static StartAtLogin of(Autostart autostart, Supplier<Launcher> launcher,
        List<String> arguments) {
      return new StartAtLogin() {
        @Override
        public Status status() throws IOException {
          Autostart.Status s = autostart.status();
          return new Status(s.on(), s.exec() == null ? "Off: no " + s.file()
              : s.on() ? "On: at login the desktop runs " + s.exec()
              : "Off: " + s.note());
        }

        @Override
        public Status set(boolean on) throws IOException {
          if (on) {
            autostart.enable(launcher.get(), arguments);
          } else {
            autostart.disable();
          }
          return status();
        }
      };
    }
  }

  private final Options options;
  private final CountDownLatch quit = new CountDownLatch(1);
  private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "slumpwatch-app-background");
    t.setDaemon(true);
    return t;
  });
  private volatile AppPreferences prefs;
  private AppWindow window;
  private TrayController tray;
  private String noTray;
  private Notifier fallback;
  private AppController controller;
  private LiveModel model;
  private boolean hiddenOnce;

  private App(Options options) {
    this.options = options;
  }

  /** Opens the window (and the tray icon) and starts monitoring the initial choice. */
  public static App start(Options options) throws InterruptedException, InvocationTargetException {
    App app = new App(options);
    app.open();
    return app;
  }

  private void open() throws InterruptedException, InvocationTargetException {
    Path dir = options.controller().dataDir();
    Consumer<String> log = options.controller().log();
    prefs = AppPreferences.load(dir, log);
    boolean dark = Theme.dark(options.theme() != null ? options.theme() : prefs.theme(),
        System.getenv());
    PipelineSettings ps = options.controller().settings().pipeline();
    model = new LiveModel(new LiveModel.Config(ps.slump().thresholdDeg(),
        ZoneId.systemDefault(), STALE_AFTER), System::nanoTime);
    LiveModel.ChartSpan span = "1h".equals(prefs.span()) ? LiveModel.ChartSpan.ONE_HOUR
        : LiveModel.ChartSpan.TEN_MINUTES;
    model.chartSpan(span);
    String chosen = choiceLabel(options.initial() != null ? options.initial() : remembered());
    String themeChosen = options.theme() != null ? options.theme() : prefs.theme();
    // Swing's HTML labels (the wizard's wrapped lines) load the HTML DTD and the default
    // style sheet the first time one is shown, on the event-dispatch thread; loaded here on a
    // thread of their own while the window is built, they cost it nothing later
    Thread html = new Thread(() -> {
      new javax.swing.text.html.parser.ParserDelegator();
      new javax.swing.text.html.HTMLEditorKit().getStyleSheet();
    }, "slumpwatch-html-warm-up");
    html.setDaemon(true);
    html.start();
    SwingUtilities.invokeAndWait(() -> {
      nameWindows(WM_CLASS, log); // before the first window exists
      Theme.install(dark);
      WindowWarmUp.run(options.controller().dataDir(), options.controller().profile());
      window = new AppWindow(windowActions(), List.of(), chosen, span, themeChosen,
          options.controller().dataDir(), options.controller().profile());
      tray = TrayController.open(trayActions(), why -> noTray = why);
      // start-up's garbage (tens of MB: the look, the fonts, the warm-up's views) collected
      // now, while nothing is on the screen: left to the first collection it kept a shown
      // window waiting 42-48 ms on a 2-core machine (AppGuiTest), the later ones take ~7 ms
      System.gc();
      window.frame().setVisible(true);
    });
    // the desktop's notification service (notify-send) first, the tray's balloon only
    // without it: AWT draws its X11 balloon on the event-dispatch thread, which kept it 25 to
    // 52 ms (measured in AppGuiTest), against a budget of 50 ms
    fallback = DesktopNotifier.notifySendIfPresent(System.getenv("PATH"));
    if (tray == null) {
      String message = "No system tray: " + noTray + ". Closing this window stops monitoring.";
      log.accept(message);
      if (fallback == null) {
        fallback = DesktopNotifier.notifySend(System.getenv("PATH"), noTray, log);
      }
    }
    controller = new AppController(options.controller(), model, new AppController.Display() {
      @Override
      public void show(AppView view) {
        window.show(view);
      }

      @Override
      public void notify(Alert alert) {
        if (fallback != null) {
          fallback.notify(alert);
        } else if (tray != null) {
          SwingUtilities.invokeLater(() -> tray.notify(alert));
        }
      }
    });
    if (tray == null) {
      model.standingNotice("No system tray on this desktop (" + noTray + "): closing this "
          + "window stops monitoring");
    }
    window.follow(v -> {
      if (tray != null) {
        tray.show(v);
      }
    });
    refreshPorts();
    readStartAtLogin(null);
    AppController.Choice first = options.initial() != null ? options.initial() : remembered();
    if (first != null) {
      controller.start(first);
    }
  }

  /** The sensor chosen last time, if the preferences name one. */
  private AppController.Choice remembered() {
    if ("sim".equals(prefs.source())) {
      return new AppController.Simulated(options.simulated(), options.simSpeed());
    }
    if ("serial".equals(prefs.source()) && prefs.port() != null) {
      return serial(prefs.port());
    }
    if ("pi-i2c".equals(prefs.source())) {
      return new AppController.PiI2c(options.pi());
    }
    return null;
  }

  /** A serial port picked by its path; null (and said) when the path cannot be one. */
  private AppController.Choice serial(String port) {
    try {
      return new AppController.Serial(options.serial().apply(port));
    } catch (IllegalArgumentException e) {
      model.notice(e.getMessage());
      return null;
    }
  }

  /** The class name the menu entry's {@code StartupWMClass} names. */
  static final String WM_CLASS = "slumpwatch";

  /**
   * Names the app's windows {@code name} on X11 (their {@code WM_CLASS}), so that the desktop
   * matches them to the menu entry ({@code StartupWMClass=slumpwatch}): its icon in the
   * task bar, its launch feedback. AWT takes the name from the class that started the
   * program, and offers no setting for it; the one way is AWT's own field, which needs
   * {@code --add-opens java.desktop/sun.awt.X11=ALL-UNNAMED} (the jar's manifest and the
   * package's launcher give it). Without it, said once, the windows keep AWT's name. Before
   * the first window is made; event-dispatch thread.
   *
   * @return true when set
   */
  static boolean nameWindows(String name, Consumer<String> log) {
    java.awt.Toolkit tk = java.awt.Toolkit.getDefaultToolkit();
    if (!tk.getClass().getName().equals("sun.awt.X11.XToolkit")) {
      return false; // not X11: nothing to match
    }
    try {
      java.lang.reflect.Field f = tk.getClass().getDeclaredField("awtAppClassName");
      f.setAccessible(true);
      f.set(null, name);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.accept("the windows keep Java's X11 class name, so the desktop may not match them "
          + "to slumpwatch's menu entry (" + e.getMessage() + "; the launcher passes "
          + "--add-opens java.desktop/sun.awt.X11=ALL-UNNAMED)");
      return false;
    }
  }

  /**
   * Reads (and with {@code set}, first switches) the autostart entry off the event-dispatch
   * thread, then shows it in the settings tab.
   */
  private void readStartAtLogin(Boolean set) {
    if (options.startAtLogin() == null) {
      SwingUtilities.invokeLater(() -> window.startAtLogin(false, "Not available here"));
      return;
    }
    background.execute(() -> {
      StartAtLogin.Status s;
      try {
        s = set == null ? options.startAtLogin().status() : options.startAtLogin().set(set);
      } catch (IOException | RuntimeException e) {
        String why = "the autostart entry could not be " + (set == null ? "read" : "written")
            + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
        options.controller().log().accept(why);
        model.notice(why);
        try {
          s = options.startAtLogin().status();
        } catch (IOException | RuntimeException again) {
          s = new StartAtLogin.Status(false, why);
        }
      }
      StartAtLogin.Status shown = s;
      SwingUtilities.invokeLater(() -> window.startAtLogin(shown.on(), shown.text()));
    });
  }

  private static String choiceLabel(AppController.Choice c) {
    if (c == null) {
      return null;
    }
    if (c instanceof AppController.Serial s) {
      return s.port();
    }
    return c instanceof AppController.Simulated ? AppWindow.SIMULATED : AppWindow.PI_I2C;
  }

  private void refreshPorts() {
    background.execute(() -> {
      List<String> ports;
      try {
        ports = options.ports().get();
      } catch (RuntimeException | LinkageError e) {
        options.controller().log().accept("the serial ports could not be listed: " + e);
        ports = List.of();
      }
      List<String> found = ports;
      SwingUtilities.invokeLater(() -> window.ports(found, null));
    });
  }

  private void savePrefs(AppPreferences p) {
    prefs = p;
    background.execute(() -> {
      try {
        p.save(options.controller().dataDir());
      } catch (IOException e) {
        options.controller().log().accept(options.controller().dataDir()
            .resolve(AppPreferences.NAME) + " cannot be written: " + e.getMessage());
      }
    });
  }

  private AppWindow.Actions windowActions() {
    return new AppWindow.Actions() {
      @Override
      public void connect(String choice) {
        AppController.Choice c;
        if (choice.equals(AppWindow.SIMULATED)) {
          c = new AppController.Simulated(options.simulated(), options.simSpeed());
        } else if (choice.equals(AppWindow.PI_I2C)) {
          c = new AppController.PiI2c(options.pi());
        } else {
          c = serial(choice);
          if (c == null) {
            return;
          }
        }
        savePrefs(prefs.withSource(c.key(), c instanceof AppController.Serial s ? s.port()
            : null));
        controller.start(c);
      }

      @Override
      public void refreshPorts() {
        App.this.refreshPorts();
      }

      @Override
      public void recalibrate() {
        controller.recalibrate();
      }

      @Override
      public void snooze(AppController.Snooze length) {
        controller.snooze(length);
      }

      @Override
      public void painPause(boolean on) {
        controller.painPause(on);
      }

      @Override
      public void doNotDisturb(boolean on) {
        controller.doNotDisturb(on);
      }

      @Override
      public void acknowledge() {
        controller.acknowledge();
      }

      @Override
      public void openReport() {
        controller.openTodaysReport(options.browser());
      }

      @Override
      public void chartSpan(LiveModel.ChartSpan s) {
        model.chartSpan(s);
        savePrefs(prefs.withSpan(s == LiveModel.ChartSpan.ONE_HOUR ? "1h" : "10min"));
      }

      @Override
      public void startAtLogin(boolean on) {
        readStartAtLogin(on);
      }

      @Override
      public void theme(String theme) {
        savePrefs(prefs.withTheme(theme));
      }

      @Override
      public void closed() {
        if (tray == null) {
          quit();
          return;
        }
        window.frame().setVisible(false);
        if (!hiddenOnce) {
          hiddenOnce = true;
          tray.message("slumpwatch is still monitoring", "The window is closed; the tray "
              + "icon shows your posture. Quit is in its menu.");
        }
      }
    };
  }

  private TrayController.Actions trayActions() {
    return new TrayController.Actions() {
      @Override
      public void showWindow() {
        window.frame().setVisible(true);
        window.frame().toFront();
      }

      @Override
      public void snoozeHalfHour() {
        controller.snooze(AppController.Snooze.THIRTY_MINUTES);
      }

      @Override
      public void painPause(boolean on) {
        controller.painPause(on);
      }

      @Override
      public void recalibrate() {
        controller.recalibrate();
      }

      @Override
      public void quit() {
        App.this.quit();
      }
    };
  }

  /** Stops monitoring and closes the window and the tray icon; returns at once. */
  public void quit() {
    background.execute(() -> {
      try {
        if (controller != null) {
          controller.close();
        }
        if (fallback != null) {
          fallback.close();
        }
        SwingUtilities.invokeAndWait(() -> {
          if (tray != null) {
            tray.close();
          }
          window.frame().dispose();
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (InvocationTargetException e) {
        options.controller().log().accept("closing the window: " + e.getCause());
      } finally {
        quit.countDown();
      }
    });
  }

  /** Waits until the wearer quits (or the time-out passes); true when quit. */
  public boolean awaitQuit(Duration timeout) throws InterruptedException {
    return quit.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public AppController controller() {
    return controller;
  }

  public LiveModel model() {
    return model;
  }

  /** The window; touch its components on the event-dispatch thread only. */
  public AppWindow window() {
    return window;
  }

  /** The tray icon's controller, or null where the desktop has no tray. */
  TrayController tray() {
    return tray;
  }

  /** Why there is no tray icon, or null when there is one. */
  public String noTray() {
    return noTray;
  }
}
