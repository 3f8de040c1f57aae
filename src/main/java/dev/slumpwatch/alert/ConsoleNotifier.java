package dev.slumpwatch.alert;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints each alert with its session time, e.g. {@code [00:30:00] Desk break: ...}; an
 * alert held back (snooze, quiet hours, ...) is logged in one short line saying why.
 */
public final class ConsoleNotifier implements Notifier {
  private final PrintWriter out;

  public ConsoleNotifier(PrintWriter out) {
    this.out = out;
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
      out.println("[" + clock(alert.sessionSeconds()) + "] " + alert.kind().title() + " — "
          + alert.message());
    } else {
      out.println("[" + clock(alert.sessionSeconds()) + "] (not shown: " + alert.suppressedBy()
          + ") " + alert.kind().title());
    }
    out.flush();
  }

  /** The wearer acknowledged {@code alert}: {@code [00:31:02]   acknowledged by key}. */
  public void acknowledged(Alert alert, Acknowledgement ack) {
    double at = alert.sessionSeconds()
        + (ack.deviceTimeMicros() - alert.deviceTimeMicros()) / 1e6;
    out.println("[" + clock(at) + "]   acknowledged by "
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
    out.println("[" + clock(at) + "]   " + what + " " + outcome.outcome()
        + (outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")"));
    out.flush();
  }
}
