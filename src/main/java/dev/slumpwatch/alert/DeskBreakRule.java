package dev.slumpwatch.alert;

import dev.slumpwatch.slump.SittingTracker;
import java.util.Locale;

/**
 * Desk break: after {@code deskBreakMinutes} of continuous sitting, prompt Bruegger's relief
 * position. A break (a relief hold, or a walk) begun within {@code breakResponseSeconds} of
 * the prompt counts as taken; otherwise the prompt is missed and comes again
 * {@code breakSnoozeMinutes} after it fired. A prompt that was held back (snooze, quiet
 * hours) comes again after the same interval, as a missed one does.
 */
final class DeskBreakRule implements AlertRule {
  /**
   * A break begun just before the response deadline completes later (a relief hold takes
   * 20 s, a walk 30 s), so "missed" is decided this long after the deadline.
   */
  static final long DECISION_GRACE_MICROS = 45_000_000L;

  private final AlertEngine.Settings settings;
  private long promptedBoutStart = -1;
  private Alert pending;
  private long nextPromptAt = -1;
  private int prompted;
  private int taken;

  DeskBreakRule(AlertEngine.Settings settings) {
    this.settings = settings;
  }

  @Override
  public void update(Moment m, Delivery delivery) {
    long t = m.t();
    if (pending != null) {
      long respondBy = pending.deviceTimeMicros()
          + (long) (settings.breakResponseSeconds() * 1e6);
      SittingTracker.Break completed = m.completedBreak();
      if (completed != null && completed.startMicros() <= respondBy) {
        taken++;
        delivery.decide(pending, new AlertOutcome(pending.id(), t, AlertOutcome.TAKEN,
            completed.kind() == SittingTracker.BreakKind.WALK ? "walk" : "relief-hold"));
        pending = null;
      } else if (t > respondBy + DECISION_GRACE_MICROS && m.boutStartMicros() >= 0) {
        // still seated after the grace time (when up, a walk begun in time may complete)
        delivery.decide(pending, new AlertOutcome(pending.id(), t, AlertOutcome.MISSED,
            "no break within " + Math.round(settings.breakResponseSeconds()) + " s"));
        nextPromptAt = pending.deviceTimeMicros()
            + (long) (settings.breakSnoozeMinutes() * 60e6);
        pending = null;
      }
    }
    long bout = m.boutStartMicros();
    if (bout < 0) {
      return;
    }
    if (bout != promptedBoutStart) {
      // a new bout: nothing prompted in it yet
      if (m.boutSeconds() >= settings.deskBreakMinutes() * 60) {
        promptedBoutStart = bout;
        prompt(m, delivery);
      }
    } else if (pending == null && nextPromptAt >= 0 && t >= nextPromptAt) {
      prompt(m, delivery);
    }
  }

  private void prompt(Moment m, Delivery delivery) {
    prompted++;
    nextPromptAt = -1;
    Alert a = delivery.fire(m.t(), AlertKind.DESK_BREAK, String.format(Locale.ROOT,
        "%.0f min of sitting. %s", m.boutSeconds() / 60, Guidance.BRUEGGER));
    if (a.delivered()) {
      pending = a;
    } else {
      nextPromptAt = m.t() + (long) (settings.breakSnoozeMinutes() * 60e6);
    }
  }

  /**
   * When the next desk-break prompt comes, by this rule's own clock, as of moment {@code m}
   * (the last one it was given): 0 while a prompt is open (or one is due with the next
   * sample); the seated time left in the bout before the first prompt (time standing or
   * unknown does not count, as for the bout); the sensor time left before a missed or held
   * back prompt comes again; NaN when no bout runs (on a break, or before sitting down:
   * the clock starts with the next bout).
   */
  double secondsToNextPrompt(Moment m) {
    if (pending != null) {
      return 0;
    }
    long bout = m.boutStartMicros();
    if (bout < 0) {
      return Double.NaN;
    }
    if (bout != promptedBoutStart) {
      return Math.max(0, settings.deskBreakMinutes() * 60 - m.boutSeconds());
    }
    if (nextPromptAt >= 0) {
      return Math.max(0, (nextPromptAt - m.t()) / 1e6);
    }
    return Double.NaN; // prompted in this bout and answered: nothing more until a break
  }

  int prompted() {
    return prompted;
  }

  int taken() {
    return taken;
  }
}
