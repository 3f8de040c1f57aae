package dev.slumpwatch.alert;

/**
 * Tells the wearer about an alert: the console, the desktop, a buzzer. Called on the
 * processing thread, so an implementation must return quickly (hand slow work to its own
 * thread) and must not throw: a failing notifier may not stop monitoring.
 */
public interface Notifier {
  void notify(Alert alert);

  /** A prompt's outcome (break taken, missed); most notifiers ignore it. */
  default void outcome(Alert alert, AlertOutcome outcome) {
  }
}
