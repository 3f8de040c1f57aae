package dev.slumpwatch.sensor;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Paces a source that can produce data faster than real time (the simulator, a replayed
 * recording) against a monotonic clock: {@code speed} seconds of sensor time per second
 * of wall time, or as fast as possible.
 */
public final class Pacer {
  /** Waits for a number of nanoseconds (may return early; the pacer re-checks the clock). */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos);
  }

  private final double speed;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private long startNanos;
  private double startSensorSeconds = Double.NaN;

  /** @param speed sensor seconds per wall second; {@code Double.POSITIVE_INFINITY} for no pacing */
  public Pacer(double speed, LongSupplier nanoClock) {
    this(speed, nanoClock, LockSupport::parkNanos);
  }

  /** With an injected clock and sleeper, so tests run on fake time. */
  public Pacer(double speed, LongSupplier nanoClock, Sleeper sleeper) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive, not " + speed);
    }
    this.speed = speed;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  public static Pacer unpaced() {
    return new Pacer(Double.POSITIVE_INFINITY, System::nanoTime);
  }

  public static Pacer atSpeed(double speed) {
    return new Pacer(speed, System::nanoTime);
  }

  public boolean paced() {
    return speed != Double.POSITIVE_INFINITY;
  }

  public double speed() {
    return speed;
  }

  /**
   * How many samples to hand over at once: one at real time (lowest latency), up to a
   * second's worth when compressed, so the hand-off costs little per sample.
   */
  public int batchTicks(int rateHz) {
    if (!paced()) {
      return rateHz;
    }
    return (int) Math.max(1, Math.min(rateHz, Math.round(speed)));
  }

  public void start() {
    startNanos = nanoClock.getAsLong();
    startSensorSeconds = Double.NaN;
  }

  /** Waits until the wall clock has caught up with the given sensor time. */
  public void awaitSensorTime(double sensorSeconds) throws InterruptedException {
    if (!paced()) {
      return;
    }
    if (Double.isNaN(startSensorSeconds)) {
      startSensorSeconds = sensorSeconds;
      startNanos = nanoClock.getAsLong();
      return;
    }
    long due = startNanos + (long) ((sensorSeconds - startSensorSeconds) / speed * 1e9);
    for (long now = nanoClock.getAsLong(); now < due; now = nanoClock.getAsLong()) {
      sleeper.sleepNanos(due - now);
      if (Thread.interrupted()) {
        throw new InterruptedException("pacing interrupted");
      }
    }
  }
}
