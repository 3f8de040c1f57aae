package dev.slumpwatch.sensor.pi;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfigBuilder;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A push button between a GPIO pin and ground, the pin pulled up (pressed reads low), read
 * through Pi4J: short press acknowledges, long press recalibrates, double press snoozes
 * ({@link ButtonGestures}, {@link ButtonActions}).
 *
 * <p>Edges arrive on Pi4J's listener thread; {@link #tick} must be called every few tens of
 * milliseconds ({@link #start} does it on a scheduler) to decide long and short presses.
 * Both are timed by the injected monotonic clock, so tests drive Pi4J's mock input on fake
 * time. An action that throws is reported and the button goes on working.
 *
 * <p>Pull-up: Pi4J's {@code linuxfs} GPIO (sysfs) cannot set the pin's bias, so on the Pi it
 * is set at boot ({@code gpio=17=ip,pu} in config.txt, see hardware/raspberry-pi.md) or by
 * an external 10 kΩ resistor to 3.3 V; the configuration asks for it too, for providers
 * that can.
 */
public final class PiButton implements AutoCloseable {
  /** How often {@link #start} ticks: well under the double-press window. */
  public static final long TICK_MILLIS = 20;

  /** The button's settings, by name: see each key's meaning. */
  public static final class Settings extends StageSettings<Settings> {
    public static final Setting.Whole PIN = Setting.whole(
        "button.pin", "BCM", 0, 0, 27,
        "Raspberry Pi GPIO pin (BCM number) of the push button to ground, pulled up; 0: no "
        + "button");
    public static final Setting.Number LONG_PRESS_SECONDS = Setting.number(
        "button.longPressSeconds", "s", 2, 0.5, 10,
        "held this long: recalibrate");
    public static final Setting.Number DOUBLE_PRESS_SECONDS = Setting.number(
        "button.doublePressSeconds", "s", 0.4, 0.1, 1.5,
        "a second press this soon after the first: snooze; a short press (acknowledge) waits "
        + "this long to be sure");
    public static final Setting.Whole SNOOZE_MINUTES = Setting.whole(
        "button.snoozeMinutes", "min", 30, 1, 240,
        "how long a double press snoozes alerts");

    /** Every key of this stage, in the order the user guide lists them. */
    public static final List<Setting<?>> KEYS = List.of(
        PIN, LONG_PRESS_SECONDS, DOUBLE_PRESS_SECONDS, SNOOZE_MINUTES);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    private final int bcmPin;
    private final double longPressSeconds;
    private final double doublePressSeconds;
    private final int snoozeMinutes;

    public Settings(SettingValues values) {
      super(values, KEYS);
      this.bcmPin = get(PIN);
      this.longPressSeconds = get(LONG_PRESS_SECONDS);
      this.doublePressSeconds = get(DOUBLE_PRESS_SECONDS);
      this.snoozeMinutes = get(SNOOZE_MINUTES);
      if (bcmPin == 1) {
        throw new IllegalArgumentException(PIN.name() + " must be a GPIO pin 2..27 (BCM), or 0 "
            + "for no button, not 1");
      }
      if (!(doublePressSeconds < longPressSeconds)) {
        throw new IllegalArgumentException(DOUBLE_PRESS_SECONDS.name() + " ("
            + Setting.plain(doublePressSeconds) + ") must be shorter than "
            + LONG_PRESS_SECONDS.name() + " (" + Setting.plain(longPressSeconds) + ")");
      }
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    /** The button's GPIO pin (BCM number), 0 for no button. */
    public int bcmPin() {
      return bcmPin;
    }

    /** Held this long is a long press (recalibrate). */
    public double longPressSeconds() {
      return longPressSeconds;
    }

    /**
     * A second press within this of the first's release is a double press (snooze); also how
     * long a short press waits to be sure it is not one.
     */
    public double doublePressSeconds() {
      return doublePressSeconds;
    }

    /** How long a double press snoozes. */
    public int snoozeMinutes() {
      return snoozeMinutes;
    }

    public boolean enabled() {
      return bcmPin != 0;
    }

    ButtonGestures gestures() {
      return new ButtonGestures(Math.round(longPressSeconds * 1e9),
          Math.round(doublePressSeconds * 1e9));
    }
  }

  private final DigitalInput input;
  private final ButtonGestures gestures;
  private final LongSupplier nanoClock;
  private final ButtonActions actions;
  private final Consumer<String> report;
  private ScheduledFuture<?> ticking;

  /**
   * @param input the pin, configured with {@link #config}
   * @param nanoClock a monotonic clock, nanoseconds
   * @param report problems, one line each
   */
  public PiButton(DigitalInput input, Settings settings, LongSupplier nanoClock,
      ButtonActions actions, Consumer<String> report) {
    this.input = input;
    this.gestures = settings.gestures();
    this.nanoClock = nanoClock;
    this.actions = actions;
    this.report = report;
    input.addListener(e -> edge(e.state() == DigitalState.LOW));
  }

  /** The input's configuration: pulled up, so pressed (to ground) reads low. */
  public static DigitalInputConfigBuilder config(Context ctx, int bcmPin) {
    return DigitalInput.newConfigBuilder(ctx).id("slumpwatch-button").name("push button")
        .address(bcmPin).pull(PullResistance.PULL_UP);
  }

  private synchronized void edge(boolean pressed) {
    act(gestures.edge(pressed, nanoClock.getAsLong()));
  }

  /** Decides long and short presses as time passes. */
  public synchronized void tick() {
    act(gestures.tick(nanoClock.getAsLong()));
  }

  /** Ticks on {@code scheduler} every {@link #TICK_MILLIS} until {@link #close}. */
  public synchronized void start(ScheduledExecutorService scheduler) {
    ticking = scheduler.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  private void act(ButtonGestures.Gesture g) {
    if (g == null) {
      return;
    }
    try {
      switch (g) {
        case SHORT -> actions.acknowledge();
        case LONG -> actions.recalibrate();
        case DOUBLE -> actions.snooze();
      }
    } catch (RuntimeException e) {
      report.accept("button (" + g.name().toLowerCase(java.util.Locale.ROOT) + " press): "
          + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (ticking != null) {
      ticking.cancel(false);
    }
  }
}
