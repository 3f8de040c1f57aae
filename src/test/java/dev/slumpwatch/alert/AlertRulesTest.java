package dev.slumpwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The extension prompt, the self-cracking guard and delivery (snooze, quiet hours, pain
 * pause, do not disturb, rate limit, red flags) on a fake clock: the sensor time is the
 * test's counter, the session's wall-clock anchor a fixed clock.
 */
class AlertRulesTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final double TWIST_DPS = 220;

  private final List<Alert> alerts = new ArrayList<>();
  private final List<AlertOutcome> outcomes = new ArrayList<>();
  private final SlumpTracker slump = new SlumpTracker(SlumpTracker.Settings.DEFAULTS);
  private final SittingTracker sitting = new SittingTracker(SittingTracker.Settings.DEFAULTS);
  private AlertControls.State controlState = AlertControls.State.NONE;
  private final AlertControls controls = new AlertControls() {
    private java.time.LocalDate shown;

    @Override
    public State state() {
      return controlState;
    }

    @Override
    public java.time.LocalDate redFlagsShownOn() {
      return shown;
    }

    @Override
    public void redFlagsShown(java.time.LocalDate day) {
      shown = day;
    }
  };
  private AlertEngine engine;
  private static final long T0 = 1_000_000_000L; // device time need not start at zero
  private long t = T0;

  private void start(String localStart, AlertEngine.Settings settings) {
    Clock anchor = Clock.fixed(java.time.LocalDateTime.parse(localStart).atZone(ZONE).toInstant(),
        ZONE);
    engine = new AlertEngine(settings, controls, ZONE);
    engine.start(T0, anchor.millis());
  }

  private void start(String localStart) {
    start(localStart, AlertEngine.Settings.DEFAULTS);
  }

  private static AlertEngine.Settings with(int maxPerHour, LocalTime quietStart,
      LocalTime quietEnd) {
    return AlertEngine.Settings.DEFAULTS
        .with(AlertEngine.Settings.MAX_ALERTS_PER_HOUR, maxPerHour)
        .with(AlertEngine.Settings.QUIET_START, quietStart)
        .with(AlertEngine.Settings.QUIET_END, quietEnd);
  }

  /** 10 Hz, gyro magnitude {@code gyroDps}. */
  private void feed(double seconds, Activity a, double flexion, double gyroDps) {
    double g = Math.toRadians(gyroDps);
    for (int i = 0; i < Math.round(seconds * 10); i++) {
      slump.update(t, flexion, a);
      SittingTracker.Break b = sitting.update(t, a, flexion);
      engine.update(Moment.of(t, flexion, a, g * g, slump, sitting, b));
      Decisions.take(engine, alerts, outcomes, null);
      t += 100_000;
    }
  }

  private void feed(double seconds, Activity a, double flexion) {
    feed(seconds, a, flexion, 5);
  }

  private List<Alert> of(AlertKind kind) {
    return alerts.stream().filter(x -> x.kind() == kind).toList();
  }

  private List<AlertOutcome> outcomesOf(Alert a) {
    return outcomes.stream().filter(o -> o.alertId() == a.id()).toList();
  }

  // ---------------------------------------------------------------- extension prompt

  @Test
  void extensionPromptFiresWhenTheDoseReachesTheThresholdAndNotBefore() {
    start("2026-03-02T09:00");
    feed(60, Activity.SEATED_STILL, 2);
    // 21° is 6° beyond the 15° threshold: 6 °·min per minute, 60 °·min after 10 min
    feed(599, Activity.SEATED_STILL, 21);
    assertTrue(of(AlertKind.EXTENSION).isEmpty(), "dose " + engine.windowDoseDegMinutes());
    feed(2, Activity.SEATED_STILL, 21);
    List<Alert> ext = of(AlertKind.EXTENSION);
    assertEquals(1, ext.size());
    assertEquals(660, ext.get(0).sessionSeconds(), 0.5);
    assertTrue(ext.get(0).message().contains("5 controlled extensions"));
    // the window starts afresh: only the last second's slump is in it
    assertEquals(0.1, engine.windowDoseDegMinutes(), 0.05);
  }

  @Test
  void aStillSlumpedWearerIsPromptedAgainOnlyAfterTheMinimumGap() {
    start("2026-03-02T09:00");
    feed(60, Activity.SEATED_STILL, 2);
    feed(50 * 60, Activity.SEATED_STILL, 21);
    List<Double> times = of(AlertKind.EXTENSION).stream().map(Alert::sessionSeconds).toList();
    // 660 s; the dose is back at 60 °·min 10 min later, but the gap is 30 min: 660 + 1800
    assertEquals(2, times.size(), times.toString());
    assertEquals(30 * 60, times.get(1) - times.get(0), 0.5);
  }

  private Alert promptExtension() {
    feed(60, Activity.SEATED_STILL, 2);
    feed(601, Activity.SEATED_STILL, 21);
    feed(10, Activity.SEATED_STILL, 2);
    return of(AlertKind.EXTENSION).get(0);
  }

  private void rep(double extensionDeg) {
    feed(2, Activity.SEATED_FIDGETING, -extensionDeg);
    feed(2, Activity.SEATED_FIDGETING, 0);
  }

  @Test
  void fiveRepetitionsAreDoneWithTheirRange() {
    start("2026-03-02T09:00");
    Alert a = promptExtension();
    for (double r : new double[] {14, 15, 13, 16, 12}) {
      rep(r);
    }
    List<AlertOutcome> o = outcomesOf(a);
    assertEquals(1, o.size());
    assertEquals(AlertOutcome.DONE, o.get(0).outcome());
    assertEquals("5 of 5 reps, range 14.0° (smallest 12.0°)", o.get(0).detail());
    // decided as the fifth came back (reps from 671 s, 4 s each), not at the deadline
    assertEquals(671 + 4 * 4 + 2, (o.get(0).deviceTimeMicros() - T0) / 1e6, 0.2);
  }

  @Test
  void twoRepetitionsArePartialAndShallowOnesDoNotCount() {
    start("2026-03-02T09:00");
    Alert a = promptExtension();
    rep(12);
    rep(8); // not 10° past neutral
    rep(11);
    feed(150, Activity.SEATED_STILL, 2); // to 833 s; the prompt was at 660 s
    assertTrue(outcomesOf(a).isEmpty(), "undecided before the 180 s deadline");
    feed(20, Activity.SEATED_STILL, 2);
    assertEquals(AlertOutcome.PARTIAL, outcomesOf(a).get(0).outcome());
    assertTrue(outcomesOf(a).get(0).detail().startsWith("2 of 5 reps"));
  }

  @Test
  void noRepetitionsIsMissed() {
    start("2026-03-02T09:00");
    Alert a = promptExtension();
    feed(200, Activity.SEATED_STILL, 2);
    assertEquals(AlertOutcome.MISSED, outcomesOf(a).get(0).outcome());
  }

  // ---------------------------------------------------------------- self-cracking guard

  /** A forceful twist to one side and back to the other, 2 s apart: one manipulation. */
  private void crack() {
    feed(0.3, Activity.SEATED_FIDGETING, 2, TWIST_DPS);
    feed(2, Activity.SEATED_FIDGETING, 2, 5);
    feed(0.3, Activity.SEATED_FIDGETING, 2, TWIST_DPS);
    feed(60, Activity.SEATED_STILL, 2, 5);
  }

  @Test
  void theWarningComesWithTheEleventhManipulationOfTheDayAndOnlyOnce() {
    start("2026-03-02T09:00");
    for (int i = 0; i < 10; i++) {
      crack();
    }
    assertEquals(10, engine.selfManipulationsToday(), "a left-right pair is one");
    assertTrue(of(AlertKind.SELF_CRACK_WARNING).isEmpty(), "10 is not past 10");
    crack();
    List<Alert> w = of(AlertKind.SELF_CRACK_WARNING);
    assertEquals(1, w.size());
    assertTrue(w.get(0).message().contains("ligament"), w.get(0).message());
    assertTrue(w.get(0).message().contains("mobility"), w.get(0).message());
    crack();
    assertEquals(1, of(AlertKind.SELF_CRACK_WARNING).size(), "once a day");
  }

  @Test
  void fastRotationWhileWalkingOrBelowTheRateIsNotCounted() {
    start("2026-03-02T09:00");
    feed(0.3, Activity.WALKING, 0, 300); // turning on the spot while walking
    feed(30, Activity.SEATED_STILL, 2);
    feed(0.5, Activity.SEATED_FIDGETING, 2, 120); // a brisk but controlled turn
    feed(30, Activity.SEATED_STILL, 2);
    assertEquals(0, engine.selfManipulationsToday());
  }

  @Test
  void theCountStartsAfreshOnANewDay() {
    start("2026-03-02T23:40");
    for (int i = 0; i < 10; i++) {
      crack(); // ten minutes of cracking before midnight
    }
    feed(600, Activity.SEATED_STILL, 2);
    crack(); // after midnight: the first of the new day
    assertEquals(1, engine.selfManipulationsToday());
    assertTrue(of(AlertKind.SELF_CRACK_WARNING).isEmpty());
  }

  // ---------------------------------------------------------------- delivery

  @Test
  void aSnoozeHoldsPromptsBackUntilItEnds() {
    start("2026-03-02T09:00");
    controlState = new AlertControls.State(false,
        java.time.LocalDateTime.parse("2026-03-02T09:40").atZone(ZONE).toInstant(), false);
    feed(30 * 60 + 1, Activity.SEATED_STILL, 2);
    List<Alert> breaks = of(AlertKind.DESK_BREAK);
    assertEquals(1, breaks.size());
    assertEquals("snoozed until 09:40", breaks.get(0).suppressedBy());
    assertEquals(AlertOutcome.SUPPRESSED, outcomesOf(breaks.get(0)).get(0).outcome());
    feed(9 * 60 + 58, Activity.SEATED_STILL, 2);
    assertEquals(1, of(AlertKind.DESK_BREAK).size(), "asked again after the 10 min interval");
    feed(2, Activity.SEATED_STILL, 2);
    breaks = of(AlertKind.DESK_BREAK);
    assertEquals(2, breaks.size());
    assertTrue(breaks.get(1).delivered(), "the snooze is over at 09:40");
    assertEquals(40 * 60, breaks.get(1).sessionSeconds(), 0.5);
  }

  @Test
  void quietHoursHoldBackAlertsAcrossMidnight() {
    start("2026-03-02T21:40", with(12, LocalTime.of(22, 0), LocalTime.of(7, 0)));
    feed(60, Activity.SEATED_STILL, 2);
    feed(3 * 60, Activity.SEATED_STILL, 22); // nudges at 21:41:30 and 21:43:30
    feed(60, Activity.SEATED_STILL, 2);
    assertTrue(of(AlertKind.SLUMP_NUDGE).stream().allMatch(Alert::delivered));
    assertEquals(2, of(AlertKind.SLUMP_NUDGE).size());
    feed(30 * 60, Activity.SEATED_STILL, 2); // desk break at 22:10
    Alert b = of(AlertKind.DESK_BREAK).get(0);
    assertEquals("quiet hours 22:00–07:00", b.suppressedBy());
  }

  @Test
  void quietHoursEndAtTheirEnd() {
    start("2026-03-02T06:30", with(12, LocalTime.of(22, 0), LocalTime.of(7, 0)));
    feed(30 * 60 + 1, Activity.SEATED_STILL, 2); // 07:00:00: no longer quiet
    assertTrue(of(AlertKind.DESK_BREAK).get(0).delivered());
  }

  @Test
  void thePainPauseStopsExercisePromptsButNotNudges() {
    start("2026-03-02T09:00");
    controlState = new AlertControls.State(true, null, false);
    feed(60, Activity.SEATED_STILL, 2);
    feed(12 * 60, Activity.SEATED_STILL, 21);
    feed(20 * 60, Activity.SEATED_STILL, 2);
    assertTrue(of(AlertKind.SLUMP_NUDGE).get(0).delivered());
    assertEquals("pain pause", of(AlertKind.EXTENSION).get(0).suppressedBy());
    assertEquals("pain pause", of(AlertKind.DESK_BREAK).get(0).suppressedBy());
  }

  @Test
  void doNotDisturbHoldsBackEverything() {
    start("2026-03-02T09:00");
    controlState = new AlertControls.State(false, null, true);
    feed(60, Activity.SEATED_STILL, 2);
    feed(31 * 60, Activity.SEATED_STILL, 21);
    assertFalse(alerts.isEmpty());
    assertTrue(alerts.stream().allMatch(a -> "do not disturb".equals(a.suppressedBy())));
    assertEquals(0, engine.nudges());
  }

  @Test
  void theGlobalRateLimitCapsDeliveredAlertsInAnyHour() {
    start("2026-03-02T09:00", with(3, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
    for (int i = 0; i < 6; i++) {
      feed(60, Activity.SEATED_STILL, 2);
      feed(45, Activity.SEATED_STILL, 22); // one nudge each
    }
    List<Alert> n = of(AlertKind.SLUMP_NUDGE);
    assertEquals(6, n.size());
    assertEquals(3, n.stream().filter(Alert::delivered).count());
    assertTrue(n.get(3).suppressedBy().startsWith("rate limit"), n.get(3).suppressedBy());
  }

  @Test
  void theRedFlagsGoWithTheFirstExercisePromptOfTheDayOnly() {
    start("2026-03-02T09:00");
    feed(30 * 60 + 1, Activity.SEATED_STILL, 2);
    feed(30, Activity.SEATED_STILL, -8); // relief hold: a new bout
    feed(31 * 60, Activity.SEATED_STILL, 2);
    List<Alert> b = of(AlertKind.DESK_BREAK);
    assertEquals(2, b.size());
    assertTrue(b.get(0).message().contains("numbness in the fingers"));
    assertFalse(b.get(1).message().contains("numbness"));
    assertNull(b.get(1).suppressedBy());
  }
}
