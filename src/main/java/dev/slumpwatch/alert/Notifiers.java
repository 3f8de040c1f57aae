package dev.slumpwatch.alert;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The notification channels chosen in the settings ({@code notify.channels}), as one
 * {@link Notifier}. Only delivered alerts reach them (a held-back alert is for the log). A
 * channel that cannot work on this machine is left out at start with a one-line reason;
 * one that throws later is reported once and then skipped, so monitoring goes on.
 */
public final class Notifiers implements Notifier {
  /** The channels besides the console log. */
  public static final List<String> CHANNEL_NAMES = List.of("desktop", "sound", "vibration");

  /** The notify settings, by name: see each key's meaning. */
  public static final class Settings extends StageSettings<Settings> {
    public static final Setting.Choices CHANNELS = Setting.choices(
        "notify.channels", List.of(), CHANNEL_NAMES,
        "where alerts go besides the console log");
    public static final Setting.Whole VIBRATION_PIN = Setting.whole(
        "notify.vibrationPin", "BCM", 18, 2, 27,
        "Raspberry Pi GPIO pin (BCM number) driving the vibration motor or buzzer");

    /** Every key of this stage, in the order the user guide lists them. */
    public static final List<Setting<?>> KEYS = List.of(
        CHANNELS, VIBRATION_PIN);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    // read once: the stages read them per sample
    private final List<String> channels;
    private final int vibrationPin;

    public Settings(SettingValues values) {
      super(values, KEYS);
      this.channels = get(CHANNELS);
      this.vibrationPin = get(VIBRATION_PIN);
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    public List<String> channels() {
      return channels;
    }

    public int vibrationPin() {
      return vibrationPin;
    }
  }

  private final List<Notifier> open;
  private final List<Notifier> failed = new ArrayList<>();
  private final Consumer<String> report;

  public Notifiers(List<Notifier> open, Consumer<String> report) {
    this.open = List.copyOf(open);
    this.report = report;
  }

  /** Opens the chosen channels on this machine. */
  public static Notifiers open(Settings settings, Consumer<String> report) {
    return open(settings, null, report);
  }

  /**
   * Opens the chosen channels, the vibration motor through {@code pi4j} when given (the
   * context the Pi's sensor and button share; the caller shuts it down), else through a
   * context of its own.
   */
  public static Notifiers open(Settings settings, com.pi4j.context.Context pi4j,
      Consumer<String> report) {
    List<Notifier> out = new ArrayList<>();
    for (String c : settings.channels()) {
      Notifier n = switch (c) {
        case "desktop" -> DesktopNotifier.open(System.getenv("PATH"), report);
        case "sound" -> SoundNotifier.open(report);
        case "vibration" -> pi4j == null ? VibrationNotifier.open(settings.vibrationPin(), report)
            : VibrationNotifier.open(pi4j, settings.vibrationPin(), report);
        default -> throw new IllegalArgumentException(c);
      };
      if (n != null) {
        out.add(n);
      }
    }
    return new Notifiers(out, report);
  }

  /**
   * Plays {@code cue} on the vibration motor, if that channel is open (the only one that can
   * say anything without a screen); else nothing.
   */
  public void cue(Cue cue) {
    for (Notifier n : open) {
      if (n instanceof VibrationNotifier v && !failed.contains(n)) {
        try {
          v.cue(cue);
        } catch (RuntimeException e) {
          failed.add(n);
          report.accept(n.name() + " notifications off after a failure: " + e.getMessage());
        }
      }
    }
  }

  /** The channels that opened. */
  public List<String> names() {
    return open.stream().map(Notifier::name).toList();
  }

  @Override
  public String name() {
    return String.join(",", names());
  }

  @Override
  public void notify(Alert alert) {
    if (!alert.delivered()) {
      return;
    }
    for (Notifier n : open) {
      if (failed.contains(n)) {
        continue;
      }
      try {
        n.notify(alert);
      } catch (RuntimeException e) {
        failed.add(n);
        report.accept(n.name() + " notifications off after a failure: " + e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    for (Notifier n : open) {
      try {
        n.close();
      } catch (RuntimeException e) {
        report.accept("closing " + n.name() + ": " + e.getMessage());
      }
    }
  }
}
