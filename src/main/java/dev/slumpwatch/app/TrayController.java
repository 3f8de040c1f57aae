package dev.slumpwatch.app;

import dev.slumpwatch.alert.Alert;
import java.awt.AWTException;
import java.awt.BasicStroke;
import java.awt.CheckboxMenuItem;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.RenderingHints;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The tray icon (AWT's system tray): its colour and symbol follow the posture, its tooltip
 * says it in words, and its menu shows the window, snoozes, pauses for pain, recalibrates
 * and quits. Alerts are shown as its balloon messages. Made and changed on the
 * event-dispatch thread.
 *
 * <p>Where the desktop has no tray (GNOME without the AppIndicator extension, a bare X
 * server) {@link #open} gives null and the reason; the app then says so once and keeps the
 * window.
 */
final class TrayController {
  /** What the tray's menu does. */
  interface Actions {
    void showWindow();

    void snoozeHalfHour();

    void painPause(boolean on);

    void recalibrate();

    void quit();
  }

  static final String SHOW = "Show window";
  static final String SNOOZE = "Snooze 30 min";
  static final String PAIN = "Pain pause";
  static final String RECALIBRATE = "Recalibrate";
  static final String QUIT = "Quit";

  private final TrayIcon icon;
  private final PopupMenu menu;
  private final CheckboxMenuItem pain;
  /** The icons made so far (event-dispatch thread only). */
  private static final Map<AppView.PostureKind, BufferedImage> IMAGES =
      new EnumMap<>(AppView.PostureKind.class);
  private AppView.PostureKind shownKind;

  private TrayController(TrayIcon icon, PopupMenu menu, CheckboxMenuItem pain) {
    this.icon = icon;
    this.menu = menu;
    this.pain = pain;
  }

  /** Why there is no tray here, or null when there is one. */
  static String unavailable() {
    if (GraphicsEnvironment.isHeadless()) {
      return "no display";
    }
    if (!SystemTray.isSupported()) {
      return "this desktop has no system tray (on GNOME, the AppIndicator extension adds one)";
    }
    return null;
  }

  /**
   * Adds the icon to the desktop's tray; event-dispatch thread.
   *
   * @param problem receives why, when there is no tray (then null is returned)
   */
  static TrayController open(Actions actions, java.util.function.Consumer<String> problem) {
    String why = unavailable();
    if (why != null) {
      problem.accept(why);
      return null;
    }
    PopupMenu menu = new PopupMenu();
    MenuItem show = new MenuItem(SHOW);
    show.addActionListener(e -> actions.showWindow());
    MenuItem snooze = new MenuItem(SNOOZE);
    snooze.addActionListener(e -> actions.snoozeHalfHour());
    CheckboxMenuItem pain = new CheckboxMenuItem(PAIN);
    pain.addItemListener(e -> actions.painPause(pain.getState()));
    MenuItem recal = new MenuItem(RECALIBRATE);
    recal.addActionListener(e -> actions.recalibrate());
    MenuItem quit = new MenuItem(QUIT);
    quit.addActionListener(e -> actions.quit());
    menu.add(show);
    menu.addSeparator();
    menu.add(snooze);
    menu.add(pain);
    menu.add(recal);
    menu.addSeparator();
    menu.add(quit);
    TrayIcon icon = new TrayIcon(image(AppView.PostureKind.NO_SENSOR), "slumpwatch", menu);
    icon.setImageAutoSize(true);
    icon.addActionListener(e -> actions.showWindow()); // double click
    try {
      SystemTray.getSystemTray().add(icon);
    } catch (AWTException | RuntimeException e) {
      problem.accept("the system tray refused the icon (" + e.getMessage() + ")");
      return null;
    }
    return new TrayController(icon, menu, pain);
  }

  /** Follows the view: colour, symbol, tooltip, the pain pause's tick. */
  void show(AppView v) {
    AppView.PostureKind kind = v.posture().kind();
    if (kind != shownKind) {
      shownKind = kind;
      icon.setImage(image(kind));
    }
    if (!v.tooltip().equals(icon.getToolTip())) {
      icon.setToolTip(v.tooltip());
    }
    if (pain.getState() != v.controls().painPause()) {
      pain.setState(v.controls().painPause());
    }
  }

  void notify(Alert alert) {
    icon.displayMessage("slumpwatch: " + alert.kind().title(), alert.message(),
        TrayIcon.MessageType.INFO);
  }

  void message(String title, String text) {
    icon.displayMessage(title, text, TrayIcon.MessageType.INFO);
  }

  /** The menu's items, for tests and the screenshot's description. */
  List<String> menuLabels() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < menu.getItemCount(); i++) {
      String l = menu.getItem(i).getLabel();
      if (!"-".equals(l)) {
        out.add(l);
      }
    }
    return out;
  }

  /** Runs the menu item with this label, as a click would. */
  void click(String label) {
    for (int i = 0; i < menu.getItemCount(); i++) {
      MenuItem item = menu.getItem(i);
      if (label.equals(item.getLabel())) {
        if (item instanceof CheckboxMenuItem c) {
          c.setState(!c.getState());
          for (var l : c.getItemListeners()) {
            l.itemStateChanged(new java.awt.event.ItemEvent(c,
                java.awt.event.ItemEvent.ITEM_STATE_CHANGED, label, c.getState()
                ? java.awt.event.ItemEvent.SELECTED : java.awt.event.ItemEvent.DESELECTED));
          }
        } else {
          for (var l : item.getActionListeners()) {
            l.actionPerformed(new java.awt.event.ActionEvent(item,
                java.awt.event.ActionEvent.ACTION_PERFORMED, label));
          }
        }
        return;
      }
    }
    throw new IllegalArgumentException("no tray menu item '" + label + "'");
  }

  String tooltip() {
    return icon.getToolTip();
  }

  AppView.PostureKind kind() {
    return shownKind;
  }

  void close() {
    SystemTray.getSystemTray().remove(icon);
  }

  /** A round icon in the posture's colour with a symbol, so it reads without colour too. */
  static BufferedImage image(AppView.PostureKind kind) {
    return IMAGES.computeIfAbsent(kind, k -> {
      int size = 32;
      BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
      Graphics2D g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Theme.colour(k.tone()));
      g.fillOval(1, 1, size - 2, size - 2);
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(2f));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
      String symbol = symbol(k);
      int w = g.getFontMetrics().stringWidth(symbol);
      g.drawString(symbol, (size - w) / 2, size / 2 + 7);
      g.dispose();
      return img;
    });
  }

  /** The symbol on the icon and the posture panel. */
  static String symbol(AppView.PostureKind k) {
    return switch (k) {
      case UPRIGHT -> "✓";
      case SLUMPED -> "!";
      case CALIBRATING -> "…";
      case DISCONNECTED -> "×";
      case NOT_WORN -> "–";
      case UNKNOWN, NO_SENSOR -> "?";
    };
  }
}
