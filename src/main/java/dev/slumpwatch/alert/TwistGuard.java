package dev.slumpwatch.alert;

import java.time.LocalDate;

/**
 * Self-cracking guard: a burst of trunk rotation faster than {@code twistRateDps} while
 * seated is a forceful twist; bursts within {@code twistMergeSeconds} of each other are one
 * self-manipulation (a left-right pair). When a (wall-clock) day's count passes
 * {@code twistWarnPerDay}, warn once that day. The count is kept through
 * {@link AlertControls} (in the data directory), so it holds across sessions of the same
 * day.
 */
final class TwistGuard implements AlertRule {
  private final AlertEngine.Settings settings;
  private final double rateSq;
  private final long mergeMicros;
  private boolean inBurst;
  private long lastFastMicros = Long.MIN_VALUE;
  private LocalDate day;
  private int today;

  TwistGuard(AlertEngine.Settings settings) {
    this.settings = settings;
    double rate = Math.toRadians(settings.twistRateDps());
    this.rateSq = rate * rate;
    this.mergeMicros = (long) (settings.twistMergeSeconds() * 1e6);
  }

  @Override
  public void update(Moment m, Delivery delivery) {
    double gyroSq = m.gyroSquaredRadPerSec2();
    long t = m.t();
    if (gyroSq > rateSq && m.activity().seated()) {
      if (!inBurst) {
        inBurst = true;
        if (lastFastMicros == Long.MIN_VALUE || t - lastFastMicros > mergeMicros) {
          selfManipulation(t, delivery);
        }
      }
      lastFastMicros = t;
    } else if (inBurst && gyroSq < rateSq / 4) {
      inBurst = false; // below half the rate: the burst is over
    }
  }

  private void selfManipulation(long t, Delivery delivery) {
    LocalDate now = delivery.day(t);
    AlertControls controls = delivery.controls();
    if (!now.equals(day)) {
      // the day's count so far, from earlier sessions too
      day = now;
      today = controls.selfManipulationsOn(now);
    }
    today++;
    controls.selfManipulations(now, today);
    // warned as the count passes the limit: once a day, whichever session sees it pass
    if (today == settings.twistWarnPerDay() + 1) {
      delivery.fire(t, AlertKind.SELF_CRACK_WARNING, Guidance.SELF_CRACK);
    }
  }

  int today() {
    return today;
  }
}
