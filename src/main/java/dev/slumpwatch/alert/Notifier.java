package dev.slumpwatch.alert;

/**
 * Tells the wearer about an alert: the console, the desktop, a sound, a vibration motor.
 * Called on the processing thread, so an implementation must return quickly (hand slow
 * work to its own thread) and must not throw: a failing notifier may not stop monitoring.
 * {@link Notifiers} passes on delivered alerts only; the console also logs held-back ones.
 */
public interface Notifier extends AutoCloseable {
  /** Short name as used in the {@code notifiers} setting. */
  String name();

  void notify(Alert alert);

  /** A prompt's outcome (break taken, missed); most notifiers ignore it. */
  default void outcome(Alert alert, AlertOutcome outcome) {
  }

  /** Releases the device or thread; waits briefly for a pattern in progress. */
  @Override
  default void close() {
  }
}
