package dev.slumpwatch.alert;

import java.util.Arrays;
import java.util.Locale;

/**
 * Extension prompt: when the slump dose of the last {@code extensionWindowMinutes} reaches
 * {@code extensionDoseDegMinutes}, prompt 5 controlled extensions or the chair lean. The
 * dose is every sample's {@link Moment#doseDegMinutes()}, summed in one-second bins over the
 * rolling window; it starts afresh after each prompt, and prompts are at least
 * {@code extensionMinGapMinutes} apart. Repetitions (the upper back extended at least
 * {@code extensionRepDeg} past neutral, then back within {@value #REP_RETURN_DEG}° of it) are
 * counted for {@code extensionResponseSeconds}: {@code extensionReps} of them is done, fewer
 * is partial, none is missed.
 */
final class ExtensionRule implements AlertRule {
  /** "Back" after an extension repetition: within this many degrees of neutral. */
  static final double REP_RETURN_DEG = 3;

  private final AlertEngine.Settings settings;
  private final double[] bins;
  private long sessionStart = Long.MIN_VALUE;
  private long binSecond = -1;
  private double windowDose;
  private long lastPromptAt = Long.MIN_VALUE;
  private Alert pending;
  private boolean inRep;
  private double repMinDeg;
  private int reps;
  private double repRangeSum;
  private double repRangeMin;
  private int prompts;
  private int done;

  ExtensionRule(AlertEngine.Settings settings) {
    this.settings = settings;
    this.bins = new double[(int) Math.ceil(settings.extensionWindowMinutes() * 60)];
  }

  @Override
  public void update(Moment m, Delivery delivery) {
    long t = m.t();
    if (sessionStart == Long.MIN_VALUE) {
      sessionStart = t;
    }
    if (pending != null && countRepetition(m.flexionDeg())) {
      delivery.progress(pending, t, reps, settings.extensionReps());
    }
    addDose(t, m.doseDegMinutes());
    if (pending != null) {
      decide(t, delivery);
    }
    if (pending == null && windowDose >= settings.extensionDoseDegMinutes()
        && (lastPromptAt == Long.MIN_VALUE
            || t - lastPromptAt >= settings.extensionMinGapMinutes() * 60e6)) {
      prompt(t, delivery);
    }
  }

  private void addDose(long t, double dose) {
    long sec = (t - sessionStart) / 1_000_000L;
    if (sec != binSecond) {
      int n = bins.length;
      // clear the bins that fall out of the window (all of them after a long gap)
      long from = binSecond < 0 ? sec : Math.max(binSecond + 1, sec - n + 1);
      for (long s = from; s <= sec; s++) {
        int i = (int) (s % n);
        windowDose -= bins[i];
        bins[i] = 0;
      }
      if (windowDose < 1e-9) {
        windowDose = 0; // rounding
      }
      binSecond = sec;
    }
    if (dose > 0) {
      bins[(int) (sec % bins.length)] += dose;
      windowDose += dose;
    }
  }

  private void prompt(long t, Delivery delivery) {
    prompts++;
    lastPromptAt = t;
    double dose = windowDose;
    Arrays.fill(bins, 0);
    windowDose = 0;
    Alert a = delivery.fire(t, AlertKind.EXTENSION, String.format(Locale.ROOT,
        "%.0f °·min of slumping in the last %.0f min. %s", dose,
        settings.extensionWindowMinutes(), Guidance.EXTENSION));
    if (a.delivered()) {
      pending = a;
      inRep = false;
      reps = 0;
      repRangeSum = 0;
      repRangeMin = Double.POSITIVE_INFINITY;
    }
  }

  /** @return true when a repetition was completed with this sample */
  private boolean countRepetition(double flexion) {
    if (Double.isNaN(flexion)) {
      return false;
    }
    if (!inRep) {
      if (flexion <= -settings.extensionRepDeg()) {
        inRep = true;
        repMinDeg = flexion;
      }
    } else if (flexion >= -REP_RETURN_DEG) {
      inRep = false;
      reps++;
      repRangeSum += -repMinDeg;
      repRangeMin = Math.min(repRangeMin, -repMinDeg);
      return true;
    } else if (flexion < repMinDeg) {
      repMinDeg = flexion;
    }
    return false;
  }

  private void decide(long t, Delivery delivery) {
    long deadline = pending.deviceTimeMicros()
        + (long) (settings.extensionResponseSeconds() * 1e6);
    String outcome;
    if (reps >= settings.extensionReps()) {
      outcome = AlertOutcome.DONE;
    } else if (t > deadline
        && !(inRep && t <= deadline + DeskBreakRule.DECISION_GRACE_MICROS)) {
      outcome = reps > 0 ? AlertOutcome.PARTIAL : AlertOutcome.MISSED;
    } else {
      return;
    }
    String detail = reps == 0
        ? String.format(Locale.ROOT, "no extension of %.0f° or more within %.0f s",
            settings.extensionRepDeg(), settings.extensionResponseSeconds())
        : String.format(Locale.ROOT, "%d of %d reps, range %.1f° (smallest %.1f°)", reps,
            settings.extensionReps(), repRangeSum / reps, repRangeMin);
    if (AlertOutcome.DONE.equals(outcome)) {
      done++;
    }
    delivery.decide(pending, new AlertOutcome(pending.id(), t, outcome, detail, reps,
        reps == 0 ? Double.NaN : repRangeSum / reps));
    pending = null;
  }

  int prompts() {
    return prompts;
  }

  int done() {
    return done;
  }

  double windowDoseDegMinutes() {
    return windowDose;
  }
}
