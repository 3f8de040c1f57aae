package dev.slumpwatch.alert;

/**
 * What became of a prompt: a desk break taken or missed, an extension prompt done, partly
 * done or missed, or an alert suppressed (not shown).
 *
 * @param alertId the {@link Alert#id()} it answers
 * @param outcome one of the constants below
 * @param detail how it was taken ({@code relief-hold}, {@code walk}), the repetitions and
 *     their range, why it was missed, or why it was suppressed
 * @param reps for an extension prompt, the repetitions the sensor counted; -1 otherwise
 * @param repRangeDeg for an extension prompt with repetitions, their mean range in degrees
 *     beyond neutral; NaN otherwise
 */
public record AlertOutcome(int alertId, long deviceTimeMicros, String outcome, String detail,
    int reps, double repRangeDeg) {

  /** An outcome that is not an extension prompt's: no repetitions. */
  public AlertOutcome(int alertId, long deviceTimeMicros, String outcome, String detail) {
    this(alertId, deviceTimeMicros, outcome, detail, -1, Double.NaN);
  }

  public static final String TAKEN = "taken";
  public static final String MISSED = "missed";
  public static final String DONE = "done";
  public static final String PARTIAL = "partial";
  public static final String SUPPRESSED = "suppressed";
}
