package dev.slumpwatch.bench;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpEpisode;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Writes a synthetic history straight through the {@link Store}, for timing reports over
 * long histories (a full year takes minutes to write this way, versus days of wear).
 * Every session is labelled {@value #SOURCE} with device id {@value #DEVICE}, so it can
 * never be mistaken for a wearer's data.
 *
 * <p>Plausible, not simulated from sensor data: weekdays have a morning and an afternoon
 * session (about 8 h), weekends an hour or none; flexion wanders near neutral with
 * breathing-sized noise, slumps of 1–8 minutes come every 20 minutes or so (less often as
 * the year goes on, so the trend has a slope), walks end sitting bouts, and desk-break
 * prompts fire after 30 minutes of sitting, about two in three taken.
 */
public final class HistoryBench {
  public static final String SOURCE = "synthetic history (slumpwatch bench history)";
  public static final String DEVICE = "SYNTHETIC";
  private static final double THRESHOLD_DEG = 15;

  private HistoryBench() {
  }

  /** What was written. */
  public record Result(long sessions, long seconds) {}

  /**
   * Writes {@code days} days ending with {@code lastDay}.
   *
   * @param progress told the number of days written so far
   */
  public static Result write(Path db, LocalDate lastDay, int days, ZoneId zone, long seed,
      IntConsumer progress) throws StoreException {
    Random r = new Random(seed);
    long sessions = 0;
    long seconds = 0;
    try (Store store = Store.open(db)) {
      for (int i = 0; i < days; i++) {
        LocalDate d = lastDay.minusDays(days - 1 - i);
        double slumpRate = 1.0 / (14 * 60) * (1.3 - 0.6 * i / Math.max(1, days - 1));
        boolean weekend = d.getDayOfWeek() == DayOfWeek.SATURDAY
            || d.getDayOfWeek() == DayOfWeek.SUNDAY;
        List<LocalTime[]> parts = new ArrayList<>();
        if (!weekend) {
          parts.add(new LocalTime[] {LocalTime.of(8, 30).plusMinutes(r.nextInt(30)),
              LocalTime.of(12, 20).plusMinutes(r.nextInt(20))});
          parts.add(new LocalTime[] {LocalTime.of(13, 10).plusMinutes(r.nextInt(20)),
              LocalTime.of(17, 20).plusMinutes(r.nextInt(40))});
        } else if (r.nextBoolean()) {
          LocalTime from = LocalTime.of(10, 0).plusMinutes(r.nextInt(120));
          parts.add(new LocalTime[] {from, from.plusMinutes(30 + r.nextInt(60))});
        }
        for (LocalTime[] p : parts) {
          long startMs = d.atTime(p[0]).atZone(zone).toInstant().toEpochMilli();
          int length = p[1].toSecondOfDay() - p[0].toSecondOfDay();
          seconds += session(store, startMs, length, slumpRate, r);
          sessions++;
        }
        progress.accept(i + 1);
      }
    }
    return new Result(sessions, seconds);
  }

  private static long session(Store store, long startMs, int length, double slumpRate,
      Random r) throws StoreException {
    long id = store.beginSession(new Store.SessionInfo(startMs, SOURCE, DEVICE, "synthetic",
        "none (synthetic)", 100, 0));
    Store.SessionRef ref = new Store.SessionRef(id, startMs, 0);
    List<PipelineEvent> batch = new ArrayList<>(4000);
    double base = 2 + r.nextDouble() * 2;
    double noise = 0;
    int slumpLeft = 0;
    double slumpDeg = 0;
    int slumpStart = -1;
    double slumpPeak = 0;
    double slumpSum = 0;
    double slumpDose = 0;
    int sitting = 0;
    int walkLeft = 0;
    int alertId = 0;
    int pendingBreak = -1;
    for (int s = 0; s < length; s++) {
      noise = 0.95 * noise + r.nextGaussian() * 0.3;
      Activity act;
      double flexion;
      if (walkLeft > 0) {
        walkLeft--;
        act = Activity.WALKING;
        flexion = 4 + noise * 2;
        if (walkLeft == 0) {
          batch.add(new PipelineEvent.BreakTaken(new SittingTracker.Break(
              SittingTracker.BreakKind.WALK, micros(s - 180), micros(s))));
          if (pendingBreak >= 0) {
            batch.add(new PipelineEvent.AlertDecided(null, new AlertOutcome(pendingBreak,
                micros(s), AlertOutcome.TAKEN, "walk")));
            pendingBreak = -1;
          }
          sitting = 0;
        }
      } else {
        act = r.nextDouble() < 0.3 ? Activity.SEATED_FIDGETING : Activity.SEATED_STILL;
        sitting++;
        if (slumpLeft == 0 && r.nextDouble() < slumpRate) {
          slumpLeft = 60 + r.nextInt(420);
          slumpDeg = 18 + r.nextDouble() * 10;
        }
        flexion = base + noise;
        if (slumpLeft > 0) {
          slumpLeft--;
          flexion = slumpDeg + noise;
        }
        if (sitting == 1800) {
          alertId++;
          batch.add(new PipelineEvent.AlertFired(new Alert(alertId, micros(s), s,
              AlertKind.DESK_BREAK, "30 min of sitting (synthetic)")));
          if (r.nextInt(3) > 0) {
            walkLeft = 180;
            pendingBreak = alertId;
          } else {
            batch.add(new PipelineEvent.AlertDecided(null, new AlertOutcome(alertId,
                micros(s + 300), AlertOutcome.MISSED, "kept sitting")));
            sitting = 0;
          }
        }
      }
      boolean slumped = act.seated() && flexion > THRESHOLD_DEG;
      if (slumped && slumpStart < 0) {
        slumpStart = s;
        slumpPeak = 0;
        slumpSum = 0;
        slumpDose = 0;
      }
      if (slumped) {
        slumpPeak = Math.max(slumpPeak, flexion);
        slumpSum += flexion;
        slumpDose += (flexion - THRESHOLD_DEG) / 60;
        if (s - slumpStart == 30) {
          alertId++;
          batch.add(new PipelineEvent.AlertFired(new Alert(alertId, micros(s), s,
              AlertKind.SLUMP_NUDGE, "slumped for 30 s (synthetic)")));
        }
      }
      if (!slumped && slumpStart >= 0 || slumped && s == length - 1) {
        int n = s - slumpStart;
        if (n >= 10) {
          batch.add(new PipelineEvent.SlumpEnded(new SlumpEpisode(micros(slumpStart),
              micros(s), slumpPeak, slumpSum / n, slumpDose)));
        }
        slumpStart = -1;
      }
      batch.add(new PipelineEvent.Second(new PostureSecond(s, s * 1_000_000L, flexion,
          flexion - 0.4 - r.nextDouble(), flexion + 0.4 + r.nextDouble(), noise, act,
          slumped, 100)));
      if (batch.size() >= 3600) {
        store.write(ref, batch);
        batch.clear();
      }
    }
    store.write(ref, batch);
    store.endSession(id, startMs + length * 1000L, "end of synthetic session");
    return length;
  }

  /** Device time of a session second: the synthetic device's clock starts at 0. */
  private static long micros(long second) {
    return second * 1_000_000L;
  }
}
