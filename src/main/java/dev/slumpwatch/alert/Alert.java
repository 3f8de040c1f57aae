package dev.slumpwatch.alert;

/**
 * A prompt to the wearer. Immutable; handed to notifiers and to the store.
 *
 * @param id sequence number within the session, so outcomes can refer to it
 * @param deviceTimeMicros when it fired, on the sensor's timeline
 * @param sessionSeconds when it fired, seconds since the session's first sample
 * @param suppressedBy why the wearer was not told (snooze, quiet hours, pain pause, do not
 *     disturb, rate limit), or null when it was delivered. A suppressed alert is still
 *     stored, so the history shows what would have been said.
 */
public record Alert(int id, long deviceTimeMicros, double sessionSeconds, AlertKind kind,
    String message, String suppressedBy) {

  /** A delivered alert. */
  public Alert(int id, long deviceTimeMicros, double sessionSeconds, AlertKind kind,
      String message) {
    this(id, deviceTimeMicros, sessionSeconds, kind, message, null);
  }

  public boolean delivered() {
    return suppressedBy == null;
  }
}
