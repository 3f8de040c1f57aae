package dev.slumpwatch.alert;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Prints each alert with the time of day and the session time, e.g.
 * {@code [09:30:00, 00:30:00 in] Desk break: ...} (the session time alone until
 * {@link #sessionStarted} says when the session began); an alert held back (snooze, quiet
 * hours, ...) is logged in one short line saying why.
 */
public final class ConsoleNotifier implements Notifier {
  private static final DateTimeFormatter TIME_OF_DAY =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  private final PrintWriter out;
  private final ZoneId zone;
  private volatile long startedMs = Long.MIN_VALUE;

  /** Session time only. */
  public ConsoleNotifier(PrintWriter out) {
    this(out, null);
  }

  /** @param zone the time of day is shown in this zone once the session has started */
  public ConsoleNotifier(PrintWriter out, ZoneId zone) {
    this.out = out;
    this.zone = zone;
  }

  /** The session's wall-clock start ({@code SessionStarted}): times of day from here. */
  public void sessionStarted(long startedMs) {
    this.startedMs = startedMs;
  }

  /** {@code 09:30:00, 00:30:00 in}, or {@code 00:30:00} before the start is known. */
  public String when(double sessionSeconds) {
    if (zone == null || startedMs == Long.MIN_VALUE) {
      return clock(sessionSeconds);
    }
    long ms = startedMs + (long) Math.floor(sessionSeconds) * 1000;
    return Instant.ofEpochMilli(ms).atZone(zone).format(TIME_OF_DAY) + ", "
        + clock(sessionSeconds) + " in";
  }

  public static String clock(double sessionSeconds) {
    long s = (long) Math.floor(sessionSeconds);
    return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }

  @Override
  public String name() {
    return "console";
  }

  @Override
  public void notify(Alert alert) {
    if (alert.delivered()) {
      out.println("[" + when(alert.sessionSeconds()) + "] " + alert.kind().title() + " — "
          + alert.message());
    } else {
      out.println("[" + when(alert.sessionSeconds()) + "] (not shown: " + alert.suppressedBy()
          + ") " + alert.kind().title());
    }
    out.flush();
  }

  /** The wearer acknowledged {@code alert}: {@code [..., 00:31:02 in]   acknowledged by key}. */
  public void acknowledged(Alert alert, Acknowledgement ack) {
    double at = alert.sessionSeconds()
        + (ack.deviceTimeMicros() - alert.deviceTimeMicros()) / 1e6;
    out.println("[" + when(at) + "]   acknowledged by "
        + (Acknowledgement.KEY.equals(ack.via()) ? "key"
        : Acknowledgement.BUTTON.equals(ack.via()) ? "button" : "'slumpwatch ack'") + ": "
        + alert.kind().title());
    out.flush();
  }

  @Override
  public void outcome(Alert alert, AlertOutcome outcome) {
    if (AlertOutcome.SUPPRESSED.equals(outcome.outcome())) {
      return; // said with the alert
    }
    double at = alert.sessionSeconds()
        + (outcome.deviceTimeMicros() - alert.deviceTimeMicros()) / 1e6;
    String what = alert.kind() == AlertKind.DESK_BREAK ? "break" : "exercise";
    out.println("[" + when(at) + "]   " + what + " " + outcome.outcome()
        + (outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")"));
    out.flush();
  }
}
