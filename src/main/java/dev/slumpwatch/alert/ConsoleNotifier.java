package dev.slumpwatch.alert;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints each alert with its session time, e.g. {@code [00:30:00] Desk break: ...}. */
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
  public void notify(Alert alert) {
    out.println("[" + clock(alert.sessionSeconds()) + "] " + alert.kind().title() + " — "
        + alert.message());
    out.flush();
  }

  @Override
  public void outcome(Alert alert, AlertOutcome outcome) {
    double at = alert.sessionSeconds()
        + (outcome.deviceTimeMicros() - alert.deviceTimeMicros()) / 1e6;
    out.println("[" + clock(at) + "]   break " + outcome.outcome()
        + (outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")"));
    out.flush();
  }
}
