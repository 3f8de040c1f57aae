package dev.slumpwatch.alert;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.IOType;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * A vibration motor or buzzer on a Raspberry Pi GPIO pin (through a transistor: the pin
 * only switches it), driven through Pi4J. Each alert kind has its {@link PulsePattern}, and
 * so has each {@link Cue} (the calibration's steps, the button's answers), played with
 * {@link #cue}.
 * Patterns play one after another on the notifier's own thread, so the processing thread
 * never waits; the pin is left low when closed.
 */
public final class VibrationNotifier implements Notifier {

  /** Waits between pin changes; the real one sleeps, tests pass a fake clock's. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final DigitalOutput pin;
  private final Sleeper sleeper;
  private final ExecutorService executor;
  private final Context context;

  /**
   * @param executor where patterns play (one thread, so they do not overlap)
   * @param context closed with the notifier, or null when the caller owns it
   */
  public VibrationNotifier(DigitalOutput pin, Sleeper sleeper, ExecutorService executor,
      Context context) {
    this.pin = pin;
    this.sleeper = sleeper;
    this.executor = executor;
    this.context = context;
  }

  /**
   * Opens {@code bcmPin} on this machine's GPIO.
   *
   * @return the notifier, or null (with a one-line reason to {@code report}) when there is
   *     no GPIO here
   */
  public static Notifier open(int bcmPin, Consumer<String> report) {
    Context ctx = null;
    try {
      ctx = Pi4J.newAutoContext();
      if (!ctx.hasProvider(IOType.DIGITAL_OUTPUT)) {
        report.accept("vibration off: no GPIO digital output on this machine (not a "
            + "Raspberry Pi?)");
        ctx.shutdown();
        return null;
      }
      DigitalOutput out = ctx.create(config(ctx, bcmPin));
      return new VibrationNotifier(out, Thread::sleep,
          PlayerThread.daemon("slumpwatch-vibration"), ctx);
    } catch (RuntimeException | LinkageError e) {
      report.accept("vibration off: GPIO pin " + bcmPin + " cannot be opened: "
          + (e.getMessage() == null ? e.toString() : e.getMessage()));
      if (ctx != null) {
        try {
          ctx.shutdown();
        } catch (RuntimeException ignored) {
          // already reporting the first failure
        }
      }
      return null;
    }
  }

  /**
   * Opens {@code bcmPin} through {@code ctx}, which the caller owns and shuts down (the
   * context the I2C sensor and the button share on a Pi).
   *
   * @return the notifier, or null (with a one-line reason to {@code report}) when the pin
   *     cannot be driven
   */
  public static VibrationNotifier open(Context ctx, int bcmPin, Consumer<String> report) {
    try {
      if (!ctx.hasProvider(IOType.DIGITAL_OUTPUT)) {
        report.accept("vibration off: no GPIO digital output on this machine (not a "
            + "Raspberry Pi?)");
        return null;
      }
      return new VibrationNotifier(ctx.create(config(ctx, bcmPin)), Thread::sleep,
          PlayerThread.daemon("slumpwatch-vibration"), null);
    } catch (RuntimeException | LinkageError e) {
      report.accept("vibration off: GPIO pin " + bcmPin + " cannot be opened: "
          + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return null;
    }
  }

  /** The output's configuration: low at start and when Pi4J shuts down. */
  public static com.pi4j.io.gpio.digital.DigitalOutputConfigBuilder config(Context ctx,
      int bcmPin) {
    return DigitalOutput.newConfigBuilder(ctx).id("slumpwatch-vibration")
        .name("vibration motor").address(bcmPin).initial(DigitalState.LOW)
        .shutdown(DigitalState.LOW);
  }

  @Override
  public String name() {
    return "vibration";
  }

  @Override
  public void notify(Alert alert) {
    if (!alert.delivered()) {
      return;
    }
    PulsePattern pattern = PulsePattern.of(alert.kind());
    PlayerThread.play(executor, () -> play(pattern));
  }

  /** Plays {@code cue}'s pattern after whatever is playing. */
  public void cue(Cue cue) {
    PulsePattern pattern = PulsePattern.of(cue);
    PlayerThread.play(executor, () -> play(pattern));
  }

  private void play(PulsePattern pattern) {
    try {
      for (PulsePattern.Pulse p : pattern.pulses()) {
        pin.high();
        sleeper.sleep(p.onMillis());
        pin.low();
        sleeper.sleep(p.offMillis());
      }
    } catch (InterruptedException e) {
      pin.low();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    PlayerThread.close(executor);
    pin.low();
    if (context != null) {
      context.shutdown();
    }
  }
}
