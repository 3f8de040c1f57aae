package dev.slumpwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine on sensor time: the test's sample clock is the only clock. */
class AlertEngineTest {
  private final List<Alert> alerts = new ArrayList<>();
  private final List<AlertOutcome> outcomes = new ArrayList<>();
  private final SlumpTracker slump = new SlumpTracker(SlumpTracker.Settings.DEFAULTS);
  private final SittingTracker sitting = new SittingTracker(SittingTracker.Settings.DEFAULTS);
  private final AlertEngine engine = new AlertEngine(AlertEngine.Settings.DEFAULTS,
      AlertControls.none(), ZoneOffset.UTC);
  private long t;

  AlertEngineTest() {
    engine.start(0, 0);
  }

  /** 10 Hz is enough resolution for these rules. */
  private void feed(double seconds, Activity a, double flexion) {
    for (int i = 0; i < Math.round(seconds * 10); i++) {
      slump.update(t, flexion, a);
      SittingTracker.Break b = sitting.update(t, a, flexion);
      engine.update(Moment.of(t, flexion, a, 0.01, slump, sitting, b));
      Decisions.take(engine, alerts, outcomes, null);
      t += 100_000;
    }
  }

  private List<Double> times(AlertKind kind) {
    return alerts.stream().filter(x -> x.kind() == kind).map(Alert::sessionSeconds).toList();
  }

  @Test
  void nudgesAfterThirtySecondsOfSlumpThenBacksOff() {
    feed(60, Activity.SEATED_STILL, 2);
    feed(10 * 60, Activity.SEATED_STILL, 22);
    // episode dated from 60 s; nudges at +30 s, then +120 s, +240 s, +480 s
    assertEquals(List.of(90.0, 210.0, 450.0), times(AlertKind.SLUMP_NUDGE).stream()
        .map(x -> (double) Math.round(x)).toList());
  }

  @Test
  void noNudgeBeforeItIsDueAndNoneAfterRecovery() {
    feed(60, Activity.SEATED_STILL, 2);
    feed(29.8, Activity.SEATED_STILL, 22); // due 30 s after the crossing at 60 s
    assertTrue(times(AlertKind.SLUMP_NUDGE).isEmpty());
    feed(5, Activity.SEATED_STILL, 2);
    feed(600, Activity.SEATED_STILL, 2);
    assertTrue(times(AlertKind.SLUMP_NUDGE).isEmpty());
  }

  @Test
  void nudgesAreCappedPerHour() {
    for (int i = 0; i < 12; i++) {
      feed(60, Activity.SEATED_STILL, 2);
      feed(60, Activity.SEATED_STILL, 22);
    }
    // twelve slumps of a minute in 24 min, one nudge due in each; six allowed an hour
    assertEquals(6, times(AlertKind.SLUMP_NUDGE).size());
  }

  @Test
  void deskBreakAtThirtyMinutesTakenByAReliefHold() {
    feed(30 * 60 - 0.5, Activity.SEATED_STILL, 2);
    assertTrue(times(AlertKind.DESK_BREAK).isEmpty(), "not before 30 min");
    feed(1, Activity.SEATED_STILL, 2);
    assertEquals(List.of(1800.0), times(AlertKind.DESK_BREAK).stream()
        .map(x -> (double) Math.round(x)).toList());
    feed(40, Activity.SEATED_STILL, 2);
    feed(25, Activity.SEATED_STILL, -8);
    assertEquals(1, outcomes.size());
    assertEquals(AlertOutcome.TAKEN, outcomes.get(0).outcome());
    assertEquals("relief-hold", outcomes.get(0).detail());
    assertEquals(1, engine.deskBreaksTaken());
  }

  @Test
  void aMissedBreakIsPromptedAgainAfterTheSnooze() {
    feed(30 * 60 + 1, Activity.SEATED_STILL, 2);
    feed(2 * 60 + 40, Activity.SEATED_STILL, 2);
    assertTrue(outcomes.isEmpty(), "undecided within the response time and its grace");
    feed(10, Activity.SEATED_STILL, 2);
    assertEquals(1, outcomes.size());
    assertEquals(AlertOutcome.MISSED, outcomes.get(0).outcome());
    feed(8 * 60, Activity.SEATED_STILL, 2);
    List<Double> prompts = times(AlertKind.DESK_BREAK);
    assertEquals(2, prompts.size());
    assertEquals(10 * 60, prompts.get(1) - prompts.get(0), 0.2);
  }

  @Test
  void aWalkAfterThePromptCountsAndTheNextBoutStartsFresh() {
    feed(30 * 60 + 1, Activity.SEATED_STILL, 2);
    feed(60, Activity.SEATED_STILL, 2);
    feed(90, Activity.WALKING, 0);
    assertEquals(AlertOutcome.TAKEN, outcomes.get(0).outcome());
    assertEquals("walk", outcomes.get(0).detail());
    double back = t / 1e6;
    feed(31 * 60, Activity.SEATED_STILL, 2);
    List<Double> prompts = times(AlertKind.DESK_BREAK);
    assertEquals(2, prompts.size());
    assertEquals(30 * 60, prompts.get(1) - back, 0.5);
  }
}
