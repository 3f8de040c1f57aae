package dev.slumpwatch.app;

import dev.slumpwatch.posture.GuidedCalibration;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.RenderingHints;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JMenuItem;
import javax.swing.JPanel;
import javax.swing.JPopupMenu;
import javax.swing.JProgressBar;
import javax.swing.JTabbedPane;
import javax.swing.JTextArea;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.WindowConstants;

/**
 * The live posture window. It only shows {@link AppView}s and passes clicks on to the
 * {@link AppController} (which does the work on threads of its own): {@link #show} may be
 * called from any thread, keeps only the newest view, and posts at most one update to the
 * event-dispatch thread at a time, where components are set from the view and nothing else
 * is done.
 */
public final class AppWindow {
  /** The sensor picker's entries besides serial ports. */
  public static final String SIMULATED = "Simulated wearer";
  public static final String PI_I2C = "Raspberry Pi I2C sensor";

  /** What the window's buttons ask for. */
  public interface Actions {
    /** Monitor the sensor picked: {@link #SIMULATED}, {@link #PI_I2C} or a port path. */
    void connect(String choice);

    /** Refresh the list of serial ports; the answer comes back through {@link #ports}. */
    void refreshPorts();

    void recalibrate();

    void snooze(AppController.Snooze length);

    void painPause(boolean on);

    void doNotDisturb(boolean on);

    void acknowledge();

    void openReport();

    void chartSpan(LiveModel.ChartSpan span);

    /** Start the app at login, or not (the desktop's autostart entry). */
    void startAtLogin(boolean on);

    /** The look for the next start: {@code system}, {@code light} or {@code dark}. */
    void theme(String theme);

    /** The window was closed. */
    void closed();
  }

  private final JFrame frame = new JFrame("slumpwatch");
  private final AtomicReference<AppView> pending = new AtomicReference<>();
  private AppView shown;
  private Consumer<AppView> follower = v -> { };

  private final PosturePanel posture = new PosturePanel();
  private final JLabel postureWords = label("postureWords");
  private final JLabel postureDetail = label("postureDetail");
  private final LiveChart chart = new LiveChart();
  private final JComboBox<LiveModel.ChartSpan> span = new JComboBox<>(
      LiveModel.ChartSpan.values());

  private final JLabel upright = label("todayUpright");
  private final JLabel slumpMinutes = label("todaySlump");
  private final JLabel breaks = label("todayBreaks");
  private final JLabel reps = label("todayReps");
  private final JLabel nextBreak = label("todayNextBreak");

  private final JPanel wizard = new Island(new GridBagLayout());
  private final JLabel wizardWhy = label("wizardWhy");
  private final JLabel wizardTitle = label("wizardTitle");
  private final JLabel wizardCountdown = label("wizardCountdown");
  private final JLabel wizardPrompt = label("wizardPrompt");
  private final JLabel wizardFailure = label("wizardFailure");
  private final AngleGauge gauge = new AngleGauge();
  private final JButton retry = button("retryButton", "Try again");
  private final JButton recalibrate = button("recalibrateButton", "Recalibrate");

  private final JPanel alertPanel = new Island(new BorderLayout(4, 4));
  private final JLabel alertTitle = label("alertTitle");
  private final JTextArea alertMessage = new JTextArea(4, 30);
  private final JLabel alertStatus = label("alertStatus");
  private final JProgressBar alertReps = new JProgressBar();

  private final JComboBox<String> source = new JComboBox<>();
  private final JButton refresh = button("refreshPorts", "Refresh");
  private final JButton connect = button("connectButton", "Connect");
  private final JLabel sensorLink = label("sensorLink");
  private final JLabel sensorCounters = label("sensorCounters");

  private final JButton snooze = button("snoozeButton", "Snooze ▾");
  private final JPopupMenu snoozeMenu = new JPopupMenu();
  private final JCheckBox pain = new JCheckBox("Pain pause");
  private final JCheckBox dnd = new JCheckBox("Do not disturb");
  private final JButton ack = button("ackButton", "Acknowledge");
  private final JButton report = button("reportButton", "Today's report");
  private final JLabel controls = label("controlsText");
  private final JLabel notice = label("notice");

  private final JCheckBox autostart = new JCheckBox("Start slumpwatch when I log in");
  private final JLabel autostartStatus = label("autostartStatus");
  private final JComboBox<String> theme = new JComboBox<>(new String[] {"system", "light",
      "dark"});

  /**
   * Builds the window (event-dispatch thread); it is shown by {@link #frame()}'s caller.
   *
   * @param themeChosen the look chosen ({@code system}, {@code light}, {@code dark})
   * @param dataDir the data directory, shown in the settings
   * @param profile the posture profile, shown in the settings
   */
  public AppWindow(Actions actions, List<String> ports, String chosen,
      LiveModel.ChartSpan initialSpan, String themeChosen, java.nio.file.Path dataDir,
      String profile) {
    frame.setName("slumpwatch");
    frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
    frame.addWindowListener(new java.awt.event.WindowAdapter() {
      @Override
      public void windowClosing(java.awt.event.WindowEvent e) {
        actions.closed();
      }
    });
    JPanel root = new JPanel(new BorderLayout(10, 10));
    root.setBorder(BorderFactory.createEmptyBorder(12, 12, 12, 12));
    root.add(top(actions), BorderLayout.NORTH);
    root.add(centre(actions, initialSpan), BorderLayout.CENTER);
    root.add(side(actions), BorderLayout.EAST);
    root.add(bottom(actions, ports, chosen), BorderLayout.SOUTH);
    JTabbedPane tabs = new JTabbedPane();
    tabs.setName("tabs");
    tabs.addTab("Monitor", root);
    tabs.addTab("Settings", settings(actions, themeChosen, dataDir, profile));
    frame.setContentPane(tabs);
    frame.setMinimumSize(new Dimension(980, 640));
    frame.pack();
    frame.setLocationByPlatform(true);
  }

  /** Also shown each view, on the event-dispatch thread after the window (the tray). */
  void follow(Consumer<AppView> f) {
    follower = f;
  }

  public JFrame frame() {
    return frame;
  }

  private JComponent top(Actions actions) {
    JPanel p = new JPanel(new BorderLayout(12, 0));
    postureWords.setFont(postureWords.getFont().deriveFont(Font.BOLD, 34f));
    postureDetail.setFont(postureDetail.getFont().deriveFont(15f));
    JPanel words = new JPanel();
    words.setOpaque(false);
    words.setLayout(new BoxLayout(words, BoxLayout.Y_AXIS));
    words.add(postureWords);
    words.add(Box.createVerticalStrut(4));
    words.add(postureDetail);
    posture.setLayout(new BorderLayout(12, 0));
    posture.add(words, BorderLayout.CENTER);
    posture.setBorder(BorderFactory.createEmptyBorder(10, 70, 10, 16));
    p.add(posture, BorderLayout.CENTER);

    JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
    for (AppController.Snooze s : AppController.Snooze.values()) {
      JMenuItem item = new JMenuItem(switch (s) {
        case THIRTY_MINUTES -> "30 minutes";
        case ONE_HOUR -> "1 hour";
        case UNTIL_TOMORROW -> "Until tomorrow";
        case OFF -> "Snooze off";
      });
      item.setName("snooze." + s.name());
      item.addActionListener(e -> actions.snooze(s));
      snoozeMenu.add(item);
    }
    snooze.addActionListener(e -> snoozeMenu.show(snooze, 0, snooze.getHeight()));
    pain.setName("painToggle");
    pain.setToolTipText("If it hurts, stop: no exercise prompts while on");
    pain.addActionListener(e -> actions.painPause(pain.isSelected()));
    dnd.setName("dndToggle");
    dnd.addActionListener(e -> actions.doNotDisturb(dnd.isSelected()));
    ack.addActionListener(e -> actions.acknowledge());
    report.addActionListener(e -> actions.openReport());
    buttons.add(snooze);
    buttons.add(pain);
    buttons.add(dnd);
    buttons.add(ack);
    buttons.add(report);
    JPanel right = new JPanel(new BorderLayout(0, 6));
    right.add(buttons, BorderLayout.NORTH);
    controls.setHorizontalAlignment(JLabel.RIGHT);
    right.add(controls, BorderLayout.SOUTH);
    p.add(right, BorderLayout.EAST);
    return p;
  }

  private JComponent centre(Actions actions, LiveModel.ChartSpan initialSpan) {
    JPanel p = new JPanel(new BorderLayout(0, 6));
    JPanel head = new JPanel(new BorderLayout());
    JLabel title = new JLabel("Flexion over time");
    title.setFont(title.getFont().deriveFont(Font.BOLD));
    head.add(title, BorderLayout.WEST);
    span.setName("chartSpan");
    span.setSelectedItem(initialSpan);
    span.addActionListener(e -> actions.chartSpan((LiveModel.ChartSpan) span.getSelectedItem()));
    head.add(span, BorderLayout.EAST);
    p.add(head, BorderLayout.NORTH);
    p.add(chart.component(), BorderLayout.CENTER);
    return p;
  }

  private JComponent side(Actions actions) {
    JPanel p = new JPanel();
    p.setLayout(new BoxLayout(p, BoxLayout.Y_AXIS));
    p.setPreferredSize(new Dimension(330, 10));

    JPanel today = titled("Today so far", new GridBagLayout());
    today.setName("todayPanel");
    row(today, 0, "Upright", upright);
    row(today, 1, "Slumped", slumpMinutes);
    row(today, 2, "Breaks taken", breaks);
    row(today, 3, "Extension reps", reps);
    row(today, 4, "Next desk break", nextBreak);
    GridBagConstraints rest = new GridBagConstraints();
    rest.gridy = 5;
    rest.weighty = 1;
    today.add(Box.createVerticalGlue(), rest);
    p.add(today);
    p.add(Box.createVerticalStrut(8));

    wizard.setName("wizardPanel");
    wizard.setBorder(BorderFactory.createTitledBorder("Calibration"));
    wizardTitle.setFont(wizardTitle.getFont().deriveFont(Font.BOLD, 13f));
    wizardCountdown.setFont(wizardCountdown.getFont().deriveFont(Font.BOLD, 22f));
    wizardFailure.setForeground(Theme.colour(AppView.Tone.BAD));
    GridBagConstraints c = new GridBagConstraints();
    c.gridx = 0;
    c.gridy = 0;
    c.anchor = GridBagConstraints.WEST;
    c.fill = GridBagConstraints.HORIZONTAL;
    c.weightx = 1;
    wizard.add(wizardTitle, c);
    c.gridy = 1;
    wizard.add(wizardWhy, c);
    c.gridy = 2;
    wizard.add(wizardCountdown, c);
    c.gridy = 3;
    wizard.add(wizardPrompt, c);
    c.gridy = 4;
    c.fill = GridBagConstraints.NONE;
    c.anchor = GridBagConstraints.CENTER;
    wizard.add(gauge, c);
    c.gridy = 5;
    c.fill = GridBagConstraints.HORIZONTAL;
    wizard.add(wizardFailure, c);
    c.gridy = 6;
    c.fill = GridBagConstraints.NONE;
    c.anchor = GridBagConstraints.EAST;
    wizard.add(retry, c);
    retry.addActionListener(e -> actions.recalibrate());
    p.add(wizard);
    p.add(Box.createVerticalStrut(8));

    alertPanel.setName("alertPanel");
    alertPanel.setBorder(BorderFactory.createTitledBorder("Latest prompt"));
    alertTitle.setFont(alertTitle.getFont().deriveFont(Font.BOLD));
    alertMessage.setName("alertMessage");
    alertMessage.setEditable(false);
    alertMessage.setLineWrap(true);
    alertMessage.setWrapStyleWord(true);
    alertMessage.setOpaque(false);
    alertMessage.setFont(UIManager.getFont("Label.font"));
    alertReps.setName("alertReps");
    alertReps.setStringPainted(true);
    alertReps.setVisible(false);
    alertPanel.add(alertTitle, BorderLayout.NORTH);
    alertPanel.add(alertMessage, BorderLayout.CENTER);
    JPanel south = new JPanel(new BorderLayout(0, 4));
    south.add(alertReps, BorderLayout.NORTH);
    south.add(alertStatus, BorderLayout.SOUTH);
    alertPanel.add(south, BorderLayout.SOUTH);
    alertTitle.setText("No prompt yet");
    p.add(alertPanel);
    p.add(Box.createVerticalGlue());
    return p;
  }

  private JComponent bottom(Actions actions, List<String> ports, String chosen) {
    JPanel p = new JPanel(new BorderLayout(8, 4));
    JPanel pick = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
    pick.add(new JLabel("Sensor:"));
    source.setName("sourceCombo");
    source.setEditable(true); // a port the list does not show (a pseudo-terminal) can be typed
    source.setPrototypeDisplayValue("/dev/serial/by-id/usb-slumpwatch-000000");
    ports(ports, chosen);
    refresh.addActionListener(e -> actions.refreshPorts());
    connect.addActionListener(e -> {
      Object sel = source.getEditor().getItem();
      if (sel != null && !sel.toString().isBlank()) {
        actions.connect(sel.toString().strip());
      }
    });
    recalibrate.addActionListener(e -> actions.recalibrate());
    pick.add(source);
    pick.add(refresh);
    pick.add(connect);
    pick.add(recalibrate);
    p.add(pick, BorderLayout.NORTH);
    JPanel state = new Island(new FlowLayout(FlowLayout.LEFT, 6, 0));
    state.setPreferredSize(new Dimension(900, 22));
    state.add(sensorLink);
    state.add(sensorCounters);
    p.add(state, BorderLayout.CENTER);
    notice.setForeground(Theme.colour(AppView.Tone.WARN));
    notice.setBorder(BorderFactory.createEmptyBorder(0, 6, 0, 0));
    p.add(notice, BorderLayout.SOUTH);
    return p;
  }

  /** The settings tab: start at login, the look, where the data is. */
  private JComponent settings(Actions actions, String themeChosen, java.nio.file.Path dataDir,
      String profile) {
    JPanel p = new JPanel(new GridBagLayout());
    p.setBorder(BorderFactory.createEmptyBorder(16, 16, 16, 16));
    GridBagConstraints c = new GridBagConstraints();
    c.gridx = 0;
    c.gridy = 0;
    c.gridwidth = 2;
    c.anchor = GridBagConstraints.WEST;
    c.insets = new Insets(4, 4, 4, 4);
    autostart.setName("autostartToggle");
    autostart.setEnabled(false); // until the entry has been read
    autostart.addActionListener(e -> {
      autostart.setEnabled(false); // until the entry has been written and read back
      actions.startAtLogin(autostart.isSelected());
    });
    p.add(autostart, c);
    c.gridy = 1;
    c.insets = new Insets(0, 28, 12, 4);
    p.add(autostartStatus, c);
    c.gridy = 2;
    c.gridwidth = 1;
    c.insets = new Insets(4, 4, 4, 8);
    p.add(new JLabel("Look:"), c);
    c.gridx = 1;
    theme.setName("themeCombo");
    theme.setSelectedItem(themeChosen);
    theme.addActionListener(e -> actions.theme((String) theme.getSelectedItem()));
    JPanel look = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
    look.add(theme);
    look.add(new JLabel("(from the next start; 'system' follows the desktop)"));
    p.add(look, c);
    c.gridx = 0;
    c.gridy = 3;
    p.add(new JLabel("Data directory:"), c);
    c.gridx = 1;
    p.add(new JLabel(dataDir.toAbsolutePath().toString()), c);
    c.gridx = 0;
    c.gridy = 4;
    p.add(new JLabel("Posture profile:"), c);
    c.gridx = 1;
    p.add(new JLabel(profile + " (a calibration learnt with a sensor is stored here)"), c);
    c.gridx = 0;
    c.gridy = 5;
    c.gridwidth = 2;
    c.weightx = 1;
    c.weighty = 1;
    p.add(Box.createGlue(), c);
    return p;
  }

  /** Shows whether the app starts at login (event-dispatch thread). */
  public void startAtLogin(boolean on, String text) {
    autostart.setSelected(on);
    autostart.setEnabled(true);
    text(autostartStatus, text);
  }

  /** Replaces the sensor picker's list (event-dispatch thread). */
  public void ports(List<String> ports, String chosen) {
    Object typed = source.getEditor().getItem();
    source.removeAllItems();
    source.addItem(SIMULATED);
    source.addItem(PI_I2C);
    for (String port : ports) {
      source.addItem(port);
    }
    String select = chosen != null ? chosen : typed == null ? null : typed.toString();
    if (select != null && !select.isBlank()) {
      source.setSelectedItem(select);
    }
  }

  private static JPanel titled(String title, java.awt.LayoutManager layout) {
    JPanel p = new Island(layout);
    p.setBorder(BorderFactory.createTitledBorder(title));
    return p;
  }

  private static void row(JPanel p, int y, String name, JLabel value) {
    GridBagConstraints c = new GridBagConstraints();
    c.gridy = y;
    c.gridx = 0;
    c.anchor = GridBagConstraints.WEST;
    c.insets = new Insets(2, 4, 2, 12);
    c.weightx = 1;
    p.add(new JLabel(name), c);
    c.gridx = 1;
    c.weightx = 0;
    c.anchor = GridBagConstraints.EAST;
    value.setFont(value.getFont().deriveFont(Font.BOLD));
    p.add(value, c);
  }

  private static JLabel label(String name) {
    JLabel l = new JLabel(" ");
    l.setName(name);
    return l;
  }

  private static JButton button(String name, String text) {
    JButton b = new JButton(text);
    b.setName(name);
    return b;
  }

  /**
   * Shows {@code v} soon: any thread. Only the newest view waiting is kept, and at most one
   * update is queued on the event-dispatch thread at a time.
   */
  public void show(AppView v) {
    if (pending.getAndSet(v) == null) {
      SwingUtilities.invokeLater(this::applyPending);
    }
  }

  private void applyPending() {
    AppView v = pending.getAndSet(null);
    if (v != null) {
      apply(v);
      follower.accept(v);
    }
  }

  /** Copies the view into the components; event-dispatch thread. */
  void apply(AppView v) {
    AppView before = shown;
    shown = v;
    if (before == null || !v.posture().equals(before.posture())) {
      posture.tone(v.posture().kind());
      text(postureWords, v.posture().words());
      text(postureDetail, v.posture().detail());
    }
    if (before == null || v.chart() != before.chart()) {
      chart.show(v.chart());
    }
    AppView.Today t = v.today();
    text(upright, t.upright());
    text(slumpMinutes, t.slumpMinutes());
    text(breaks, t.breaks());
    text(reps, t.extensionReps());
    text(nextBreak, t.nextBreak());

    AppView.Wizard w = v.wizard();
    if (wizard.isVisible() != w.visible()) {
      wizard.setVisible(w.visible());
    }
    if (w.visible()) {
      text(wizardTitle, w.title());
      text(wizardWhy, w.why().isEmpty() ? "" : "<html>" + escape(w.why()) + "</html>");
      text(wizardCountdown, w.countdown());
      text(wizardPrompt, "<html>" + escape(w.prompt()) + "</html>");
      text(wizardFailure, w.problem() == null ? "" : "<html>" + escape(w.problem())
          + "</html>");
      gauge.angle(w.angleDeg());
      boolean bending = w.step() == GuidedCalibration.Step.BEND
          || w.step() == GuidedCalibration.Step.HOLD_BEND;
      if (gauge.isVisible() != bending) {
        gauge.setVisible(bending);
      }
      if (retry.isVisible() != w.canRetry()) {
        retry.setVisible(w.canRetry());
      }
    }

    AppView.AlertCard a = v.alert();
    if (a != null) {
      text(alertTitle, a.title());
      if (!a.message().equals(alertMessage.getText())) {
        alertMessage.setText(a.message());
      }
      text(alertStatus, a.status());
      alertReps.setVisible(a.exercise());
      if (a.exercise() && a.targetReps() > 0) {
        alertReps.setMaximum(a.targetReps());
        alertReps.setValue(Math.max(0, a.reps()));
        alertReps.setString(Math.max(0, a.reps()) + " of " + a.targetReps() + " reps");
      } else if (a.exercise()) {
        alertReps.setMaximum(5);
        alertReps.setValue(Math.max(0, a.reps()));
        alertReps.setString(Math.max(0, a.reps()) + " reps");
      }
    }

    AppView.Sensor s = v.sensor();
    text(sensorLink, s.source() + ": " + s.link() + (s.counters().isEmpty() ? "" : " ·"));
    sensorLink.setForeground(Theme.colour(s.tone()));
    text(sensorCounters, s.counters());

    AppView.Controls c = v.controls();
    text(controls, c.text());
    if (pain.isSelected() != c.painPause()) {
      pain.setSelected(c.painPause());
    }
    if (dnd.isSelected() != c.doNotDisturb()) {
      dnd.setSelected(c.doNotDisturb());
    }
    text(notice, v.notice() == null ? " " : v.notice());
    chart.repaintIfDrawn(); // a chart image finished since the last view: the same repaint
  }

  private static void text(JLabel l, String s) {
    String t = s == null || s.isEmpty() ? " " : s;
    if (!t.equals(l.getText())) {
      l.setText(t);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** The view shown last (event-dispatch thread). */
  AppView shown() {
    return shown;
  }

  LiveChart chart() {
    return chart;
  }

  AngleGauge gauge() {
    return gauge;
  }

  /** Shows a notice now; event-dispatch thread. */
  void notice(String text) {
    text(notice, text);
  }

  /** The posture's band: its tone's colour, and a symbol, so colour is never alone. */
  private static final class PosturePanel extends JPanel {
    private static final long serialVersionUID = 1L;
    private AppView.PostureKind kind = AppView.PostureKind.NO_SENSOR;

    PosturePanel() {
      setName("posturePanel");
      setOpaque(false);
      setPreferredSize(new Dimension(560, 86));
    }

    @Override
    public boolean isValidateRoot() {
      return true; // its words change ten times a second: lay out this panel only
    }

    void tone(AppView.PostureKind k) {
      if (k != kind) {
        kind = k;
        repaint();
      }
    }

    @Override
    protected void paintComponent(Graphics g0) {
      Graphics2D g = (Graphics2D) g0.create();
      try {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Color c = Theme.colour(kind.tone());
        g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 40));
        g.fillRoundRect(0, 0, getWidth() - 1, getHeight() - 1, 16, 16);
        g.setColor(c);
        g.fillRoundRect(0, 0, 8, getHeight() - 1, 8, 8);
        int d = Math.min(44, getHeight() - 16);
        int y = (getHeight() - d) / 2;
        g.fillOval(18, y, d, d);
        g.setColor(Color.WHITE);
        g.setFont(getFont().deriveFont(Font.BOLD, d * 0.6f));
        String symbol = TrayController.symbol(kind);
        int w = g.getFontMetrics().stringWidth(symbol);
        g.drawString(symbol, 18 + (d - w) / 2, y + d / 2 + g.getFontMetrics().getAscent() / 3);
      } finally {
        g.dispose();
      }
    }
  }

  /**
   * A panel whose size does not follow its contents' text: a label changing inside it lays
   * out this panel only, not the whole window (ten times a second, that would be the
   * event-dispatch thread's biggest cost).
   */
  private static final class Island extends JPanel {
    private static final long serialVersionUID = 1L;

    Island(java.awt.LayoutManager layout) {
      super(layout);
    }

    @Override
    public boolean isValidateRoot() {
      return true;
    }
  }

  /** Finds a named component in the window, for tests. */
  static <T extends Component> T find(Component root, String name, Class<T> type) {
    if (name.equals(root.getName()) && type.isInstance(root)) {
      return type.cast(root);
    }
    if (root instanceof java.awt.Container c) {
      for (Component child : c.getComponents()) {
        T found = find(child, name, type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** Runs {@code action} with the window's snooze menu item for {@code s}, for tests. */
  void clickSnooze(AppController.Snooze s) {
    for (Component item : snoozeMenu.getComponents()) {
      if (("snooze." + s.name()).equals(item.getName())) {
        ((JMenuItem) item).doClick(0);
        snoozeMenu.setVisible(false); // as a real click on an item closes it
        return;
      }
    }
  }
}
