package dev.slumpwatch.alert;

import dev.slumpwatch.slump.SlumpTracker;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Slump nudge: when a slump episode has lasted {@code nudgeAfterSeconds}; again after
 * {@code nudgeRepeatSeconds}, the interval growing by {@code nudgeBackoff} each time, while
 * it goes on; none once it has ended, nor while it is recovering (the wearer has already sat
 * up, the tracker only confirms it); never more than {@code nudgeMaxPerHour} in any hour.
 */
final class SlumpNudgeRule implements AlertRule {
  private final AlertEngine.Settings settings;
  private long episodeStart = -1;
  private long nextAt = -1;
  private double interval;
  private final ArrayDeque<Long> recent = new ArrayDeque<>();
  private int delivered;

  SlumpNudgeRule(AlertEngine.Settings settings) {
    this.settings = settings;
  }

  @Override
  public void update(Moment m, Delivery delivery) {
    long start = m.episodeStartMicros();
    if (start < 0) {
      episodeStart = -1;
      return;
    }
    if (start != episodeStart) {
      episodeStart = start;
      nextAt = start + (long) (settings.nudgeAfterSeconds() * 1e6);
      interval = settings.nudgeRepeatSeconds();
    }
    long t = m.t();
    if (t < nextAt || m.slump() != SlumpTracker.State.SLUMPED) {
      return;
    }
    while (!recent.isEmpty() && t - recent.peekFirst() >= Delivery.HOUR_MICROS) {
      recent.pollFirst();
    }
    nextAt = t + (long) (interval * 1e6);
    interval *= settings.nudgeBackoff();
    if (recent.size() >= settings.nudgeMaxPerHour()) {
      return;
    }
    double minutes = (t - start) / 60e6;
    Alert a = delivery.fire(t, AlertKind.SLUMP_NUDGE, String.format(Locale.ROOT,
        "your upper back has been rounded for %s; sit tall, shoulders back and down.",
        minutes >= 1 ? String.format(Locale.ROOT, "%.0f min", minutes)
            : String.format(Locale.ROOT, "%.0f s", minutes * 60)));
    if (a.delivered()) {
      recent.addLast(t);
      delivered++;
    }
  }

  /** Delivered nudges. */
  int delivered() {
    return delivered;
  }
}
