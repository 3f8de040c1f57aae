package dev.slumpwatch.sensor.pi;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfigBuilder;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
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

  /**
   * @param bcmPin the button's GPIO pin (BCM number), 0 for no button
   * @param longPressSeconds held this long is a long press (recalibrate)
   * @param doublePressSeconds a second press within this of the first's release is a double
   *     press (snooze); also how long a short press waits to be sure it is not one
   * @param snoozeMinutes how long a double press snoozes
   */
  public record Settings(int bcmPin, double longPressSeconds, double doublePressSeconds,
      int snoozeMinutes) {
    public static final Settings DEFAULTS = new Settings(0, 2.0, 0.4, 30);

    public Settings {
      if (bcmPin != 0 && (bcmPin < 2 || bcmPin > 27)) {
        throw new IllegalArgumentException("button.pin must be a GPIO pin 2..27 (BCM), or 0 for "
            + "no button, not " + bcmPin);
      }
      if (!(doublePressSeconds < longPressSeconds)) {
        throw new IllegalArgumentException("button.doublePressSeconds (" + doublePressSeconds
            + ") must be shorter than button.longPressSeconds (" + longPressSeconds + ")");
      }
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
