package dev.slumpwatch.alert;

import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A desktop notification: the AWT system tray where the desktop has one, otherwise the
 * freedesktop {@code notify-send} command. Work happens off the processing thread (the
 * AWT event thread, or a thread of its own for the command).
 */
public abstract class DesktopNotifier implements Notifier {

  /**
   * Picks what this machine supports.
   *
   * @param pathEnv the {@code PATH} to look for {@code notify-send} in
   * @return the notifier, or null with a one-line reason to {@code report}
   */
  public static Notifier open(String pathEnv, Consumer<String> report) {
    String trayProblem;
    if (GraphicsEnvironment.isHeadless()) {
      trayProblem = "no display (headless)";
    } else if (!SystemTray.isSupported()) {
      trayProblem = "the desktop has no system tray";
    } else {
      try {
        return new Tray();
      } catch (java.awt.AWTException | RuntimeException e) {
        trayProblem = "the system tray refused the icon (" + e.getMessage() + ")";
      }
    }
    return notifySend(pathEnv, trayProblem, report);
  }

  /** {@code notify-send} on the PATH (the desktop's own notification service), or null. */
  public static Notifier notifySendIfPresent(String pathEnv) {
    Path notifySend = findOnPath("notify-send", pathEnv);
    return notifySend == null ? null : new NotifySend(notifySend);
  }

  /** The fallback when there is no tray: {@code notify-send} on the PATH, or null. */
  public static Notifier notifySend(String pathEnv, String trayProblem,
      Consumer<String> report) {
    Path notifySend = findOnPath("notify-send", pathEnv);
    if (notifySend != null) {
      return new NotifySend(notifySend);
    }
    report.accept("desktop notifications off: " + trayProblem + ", and no notify-send on the "
        + "PATH (Debian package libnotify-bin)");
    return null;
  }

  static Path findOnPath(String exe, String pathEnv) {
    if (pathEnv == null) {
      return null;
    }
    for (String dir : pathEnv.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, exe);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  @Override
  public String name() {
    return "desktop";
  }

  /** {@code notify-send TITLE MESSAGE}, one process at a time on a thread of its own. */
  static final class NotifySend extends DesktopNotifier {
    private final Path command;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "slumpwatch-notify-send");
      t.setDaemon(true);
      return t;
    });
    private volatile boolean failedOnce;

    NotifySend(Path command) {
      this.command = command;
    }

    @Override
    public void notify(Alert alert) {
      if (!alert.delivered()) {
        return;
      }
      List<String> cmd = List.of(command.toString(), "--app-name=slumpwatch",
          "slumpwatch: " + alert.kind().title(), alert.message());
      try {
        executor.execute(() -> run(cmd));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed
      }
    }

    private void run(List<String> cmd) {
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (java.io.IOException e) {
        if (!failedOnce) {
          failedOnce = true;
          System.err.println("slumpwatch: notify-send failed: " + e.getMessage());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      executor.shutdown();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A tray icon that shows each alert as a balloon message. */
  static final class Tray extends DesktopNotifier {
    private final TrayIcon icon;

    Tray() throws java.awt.AWTException {
      BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
      Graphics2D g = img.createGraphics();
      g.setColor(new Color(0x1f5f9f));
      g.fillOval(1, 1, 14, 14);
      g.dispose();
      icon = new TrayIcon(img, "slumpwatch");
      icon.setImageAutoSize(true);
      SystemTray.getSystemTray().add(icon);
    }

    @Override
    public void notify(Alert alert) {
      if (alert.delivered()) {
        EventQueue.invokeLater(() -> icon.displayMessage("slumpwatch: " + alert.kind().title(),
            alert.message(), TrayIcon.MessageType.INFO));
      }
    }

    @Override
    public void close() {
      EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(icon));
    }
  }
}
