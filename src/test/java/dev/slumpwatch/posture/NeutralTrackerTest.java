package dev.slumpwatch.posture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class NeutralTrackerTest {
  private static final double DT = 0.01;
  private static final NeutralTracker.Settings S = NeutralTracker.Settings.DEFAULTS;

  /**
   * Feeds {@code minutes} of a wearer whose flexion (from the calibrated neutral) is
   * {@code flexion(t)}, evidence whenever {@code evidence(t)}, with breathing and noise.
   */
  private static List<NeutralReanchoring> feed(NeutralTracker n, double minutes,
      DoubleUnaryOperator flexion, java.util.function.DoublePredicate evidence) {
    Random r = new Random(3);
    List<NeutralReanchoring> out = new ArrayList<>();
    n.calibrated(0);
    for (long k = 1; k < minutes * 60 / DT; k++) {
      double t = k * DT;
      double f = flexion.applyAsDouble(t) + 0.5 * Math.sin(2 * Math.PI * 0.25 * t)
          + 0.05 * r.nextGaussian();
      NeutralReanchoring x = n.update((long) (t * 1e6), DT, f, evidence.test(t));
      if (x != null) {
        out.add(x);
      }
    }
    return out;
  }

  @Test
  void aClipCreepingFiveDegreesBackInTwoHoursIsFollowedInSmallBoundedSteps() {
    NeutralTracker n = new NeutralTracker(S);
    // sits tall (0°) three minutes in every ten, types at 2° otherwise; the clip takes
    // 5° × t / 2 h off everything
    List<NeutralReanchoring> steps = feed(n, 120,
        t -> -5 * t / 7200 + ((t % 600) < 180 ? 0 : 2), t -> true);
    assertEquals(-5, n.shiftDeg(), 0.5, "the neutral followed the clip");
    assertTrue(steps.size() >= 10, "steps " + steps.size());
    long previous = 0;
    double total = 0;
    for (NeutralReanchoring s : steps) {
      assertTrue(Math.abs(s.shiftDeg()) < 2 * S.stepDeg(), "a small step: " + s);
      // never faster than the bound (a step may carry up to one step of backlog)
      double minutes = (s.deviceMicros() - previous) / 60e6;
      assertTrue(Math.abs(s.shiftDeg()) <= S.maxDegPerMinute() * minutes + S.stepDeg() + 1e-9,
          s + " after " + minutes + " min");
      total += s.shiftDeg();
      assertEquals(total, s.totalShiftDeg(), 1e-9);
      assertTrue(s.evidenceSeconds() >= S.windowSeconds());
      previous = s.deviceMicros();
    }
  }

  @Test
  void slumpedTimeNeverMovesTheNeutral() {
    NeutralTracker n = new NeutralTracker(S);
    // slumped (22°) 40 % of every ten minutes: the caller gives no evidence then; upright
    // otherwise
    List<NeutralReanchoring> steps = feed(n, 240, t -> (t % 600) < 240 ? 22 : 0,
        t -> (t % 600) >= 240);
    assertTrue(steps.isEmpty(), "moved: " + steps);
    // and even as evidence a slump is too far from neutral to count
    NeutralTracker m = new NeutralTracker(S);
    assertTrue(feed(m, 240, t -> (t % 600) < 240 ? 22 : 0, t -> true).isEmpty());
  }

  @Test
  void neverForwardOfTheCalibrationNeitherForARounderPostureNorForAClipTippedForward() {
    // typing 2° more rounded than when calibrating, all afternoon
    assertTrue(feed(new NeutralTracker(S), 240, t -> 2, t -> true).isEmpty());
    // a clip tipping 5° forward in two hours, the wearer sitting tall a third of the time:
    // indistinguishable from sitting more rounded, so not followed (it reads as flexion)
    assertTrue(feed(new NeutralTracker(S), 120,
        t -> 5 * t / 7200 + ((t % 600) < 180 ? 0 : 2), t -> true).isEmpty());
  }

  @Test
  void backAndForwardAgainButNoFurtherThanTheCalibration() {
    NeutralTracker n = new NeutralTracker(S);
    // sat 2° more upright than calibrated for an hour, then as calibrated for an hour
    List<NeutralReanchoring> steps = feed(n, 120, t -> t < 3600 ? -2 : 0.5, t -> true);
    double furthest = steps.stream().mapToDouble(NeutralReanchoring::totalShiftDeg).min()
        .orElseThrow();
    assertEquals(-2, furthest, 0.3);
    assertEquals(0, n.shiftDeg(), S.stepDeg(), "back at the calibration, not beyond");
    assertTrue(steps.stream().allMatch(x -> x.totalShiftDeg() <= 1e-9), "never forward");
  }

  @Test
  void theTotalIsBoundedAndAStepChangeIsFollowedNoFasterThanTheRate() {
    NeutralTracker n = new NeutralTracker(S);
    // the clip jumped 3° back (reads as extension): the safe direction, followed at once
    // but no faster than the rate
    List<NeutralReanchoring> steps = feed(n, 45, t -> -3, t -> true);
    assertEquals(-3, n.shiftDeg(), 0.3);
    double minutes = (steps.get(steps.size() - 1).deviceMicros() - 0) / 60e6;
    assertTrue(minutes >= 3 / S.maxDegPerMinute() - 2, "reached -3° after " + minutes
        + " min");
    // far beyond the bound: never further than maxTotalDeg from the calibration
    NeutralTracker m = new NeutralTracker(S.with(NeutralTracker.Settings.NEAR_DEG, 30.0)
        .with(NeutralTracker.Settings.MAX_DEG_PER_MINUTE, 1.0)
        .with(NeutralTracker.Settings.MAX_TOTAL_DEG, 2.0));
    feed(m, 240, t -> -25, t -> true);
    assertEquals(-2.0, m.shiftDeg(), 1e-9);
  }

  @Test
  void offOrWithoutEvidenceItStays() {
    NeutralTracker off = new NeutralTracker(S.with(NeutralTracker.Settings.REANCHOR, false));
    assertTrue(feed(off, 60, t -> -3, t -> true).isEmpty());
    NeutralTracker n = new NeutralTracker(S);
    assertTrue(feed(n, 60, t -> -3, t -> false).isEmpty());
    n.reset();
    assertNull(n.update(1, DT, Double.NaN, true));
    assertEquals(0, n.shiftDeg());
  }

  @Test
  void settingsOutOfRangeNameTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> S.with(NeutralTracker.Settings.HORIZON_SECONDS, 10.0));
    assertTrue(e.getMessage().contains("neutral.horizonSeconds"), e.getMessage());
    assertTrue(e.getMessage().contains("neutral.windowSeconds"), e.getMessage());
  }
}
