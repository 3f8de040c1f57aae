package dev.slumpwatch.alert;

/**
 * What became of a prompt that asks for something (a desk break): taken or missed.
 *
 * @param alertId the {@link Alert#id()} it answers
 * @param outcome {@code taken} or {@code missed}
 * @param detail how it was taken ({@code relief-hold}, {@code walk}) or why missed
 */
public record AlertOutcome(int alertId, long deviceTimeMicros, String outcome, String detail) {
  public static final String TAKEN = "taken";
  public static final String MISSED = "missed";
}
