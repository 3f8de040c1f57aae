package dev.slumpwatch.alert;

/**
 * What the alert engine decided while taking a sample: values the pipeline hands on as
 * events. Kept in order; {@link AlertEngine#takeDecisions()} empties the list.
 */
public sealed interface AlertDecision {
  /** A prompt fired: delivered, or held back with {@link Alert#suppressedBy()} set. */
  record Fired(Alert alert) implements AlertDecision {}

  /** What became of a prompt. */
  record Decided(Alert alert, AlertOutcome outcome) implements AlertDecision {}

  /**
   * An exercise prompt is under way: the sensor has counted {@code reps} of
   * {@code targetReps} repetitions so far (for a live display; the outcome is the record).
   */
  record Progress(Alert alert, long deviceTimeMicros, int reps, int targetReps)
      implements AlertDecision {}

  /** The wearer acknowledged a delivered prompt. */
  record Acknowledged(Alert alert, Acknowledgement ack) implements AlertDecision {}
}
