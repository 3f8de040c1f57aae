package dev.slumpwatch.posture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.posture.GuidedCalibration.Progress;
import dev.slumpwatch.posture.GuidedCalibration.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.geometry.euclidean.threed.Rotation;
import org.apache.commons.math3.geometry.euclidean.threed.RotationConvention;
import org.apache.commons.math3.geometry.euclidean.threed.Vector3D;
import org.junit.jupiter.api.Test;

/**
 * The guided calibration's steps on scripted up vectors (100 Hz, a clip at a random
 * orientation): it waits for the wearer, takes what was held, and says why a step failed
 * before trying it again.
 */
class GuidedCalibrationTest {
  private static final long T0 = 5_000_000_000L;

  /** Up seen in the frame of a sensor mounted so, on a trunk bent forward by flexionDeg. */
  private static double[] up(Rotation mount, double flexionDeg, double lateralDeg) {
    Rotation trunk = new Rotation(Vector3D.PLUS_J, Math.toRadians(flexionDeg),
        RotationConvention.VECTOR_OPERATOR).compose(new Rotation(Vector3D.PLUS_I,
        Math.toRadians(lateralDeg), RotationConvention.VECTOR_OPERATOR),
        RotationConvention.VECTOR_OPERATOR);
    Vector3D u = trunk.compose(mount, RotationConvention.VECTOR_OPERATOR)
        .applyInverseTo(Vector3D.PLUS_K);
    return new double[] {u.getX(), u.getY(), u.getZ()};
  }

  private static Rotation mount(long seed) {
    Random r = new Random(seed);
    return new Rotation(new Vector3D(r.nextGaussian(), r.nextGaussian(), r.nextGaussian()),
        r.nextDouble() * 2 * Math.PI, RotationConvention.VECTOR_OPERATOR);
  }

  /** Smooth move from a to b between t0 and t1 (smootherstep), a before, b after. */
  private static double ramp(double t, double t0, double t1, double a, double b) {
    double x = Math.max(0, Math.min(1, (t - t0) / (t1 - t0)));
    return a + (b - a) * x * x * x * (x * (6 * x - 15) + 10);
  }

  /** Feeds flexion(t) for up to {@code seconds}; the progress line at every change. */
  private static List<Progress> run(GuidedCalibration g, Rotation mount, double seconds,
      DoubleUnaryOperator flexion) {
    List<Progress> changes = new ArrayList<>();
    changes.add(g.progress());
    for (int k = 0; k < seconds * 100 && !g.finished(); k++) {
      double t = k / 100.0;
      double[] u = up(mount, flexion.applyAsDouble(t) + 0.3 * Math.sin(2 * Math.PI * 0.25 * t),
          0);
      if (g.update(T0 + k * 10_000L, u[0], u[1], u[2])) {
        changes.add(g.progress());
      }
    }
    return changes;
  }

  private static GuidedCalibration guide() {
    return new GuidedCalibration(GuidedCalibration.Settings.DEFAULTS,
        GuidedCalibration.Method.TWO_STEP);
  }

  private static List<Step> steps(List<Progress> changes) {
    return changes.stream().map(Progress::step).toList();
  }

  @Test
  void aWearerWhoReactsLateStillCalibratesAtTheFirstTry() {
    Rotation m = mount(1);
    GuidedCalibration g = guide();
    // slouched at 12° and still when "sit tall" appears; sits up 6 s later; bends 5 s after
    // the bend prompt, slowly (4 s) to 28°, and holds
    double[] bendPromptAt = {Double.NaN};
    List<Progress> changes = run(g, m, 60, t -> {
      if (Double.isNaN(bendPromptAt[0]) && g.step() == Step.BEND) {
        bendPromptAt[0] = t;
      }
      double f = ramp(t, 6, 7.5, 12, 0);
      return Double.isNaN(bendPromptAt[0]) ? f
          : ramp(t, bendPromptAt[0] + 5, bendPromptAt[0] + 9, 0, 28);
    });
    assertEquals(Step.DONE, g.step(), changes.toString());
    assertEquals(0, g.failedTries(), "no step failed");
    assertEquals(List.of(Step.GET_READY, Step.SIT_TALL, Step.BEND, Step.HOLD_BEND, Step.DONE),
        steps(changes));
    // the neutral is the sitting-tall posture, not the slouch before it
    double[] tall = up(m, 0, 0);
    assertEquals(0, g.result().flexionDeg(tall[0], tall[1], tall[2]), 0.5);
    double[] bent = up(m, 20, 0);
    assertEquals(20, g.result().flexionDeg(bent[0], bent[1], bent[2]), 0.5);
    // the neutral waited for a steady 5 s after sitting up (6 to 7.5 s), its first second
    // within 2° of its last: the slouch (still from 3 to 6 s) was not taken
    assertTrue(bendPromptAt[0] > 11.5, "bend prompt at " + bendPromptAt[0]);
  }

  @Test
  void aBendTooSmallFailsWithItsAngleAndTheBendIsAskedForAgain() {
    Rotation m = mount(2);
    GuidedCalibration g = guide();
    double[] prompt = {Double.NaN, Double.NaN};
    List<Progress> changes = run(g, m, 120, t -> {
      Progress p = g.progress();
      if (p.step() == Step.BEND && p.attempt() == 1 && Double.isNaN(prompt[0])) {
        prompt[0] = t;
      }
      if (p.step() == Step.BEND && p.attempt() == 2 && Double.isNaN(prompt[1])) {
        prompt[1] = t;
      }
      if (!Double.isNaN(prompt[1])) {
        return ramp(t, prompt[1] + 2, prompt[1] + 5, 0, 30); // bends properly when told why
      }
      return Double.isNaN(prompt[0]) ? 0 : ramp(t, prompt[0] + 2, prompt[0] + 4, 0, 6);
    });
    assertEquals(Step.DONE, g.step(), changes.toString());
    assertEquals(1, g.failedTries());
    Progress again = changes.stream().filter(p -> p.attempt() == 2).findFirst().orElseThrow();
    assertEquals(Step.BEND, again.step());
    assertEquals(2, again.stepNumber());
    assertEquals(4, again.attempts(), "the first try and up to 3 repeats");
    assertTrue(again.problem().matches("the forward bend was [56]\\.\\d°.*"), again.problem());
    assertTrue(again.problem().contains("at least 10° is needed"), again.problem());
    // failed within about 3 s of holding the small bend still, not at the step's time-out
    assertTrue(prompt[1] - prompt[0] < 12, "repeated after " + (prompt[1] - prompt[0]) + " s");
    assertTrue(again.format().startsWith("[bend, try 2 of 4]"), again.format());
  }

  @Test
  void aSlowBendPassingThroughSmallAnglesIsNotTakenForATooSmallOne() {
    Rotation m = mount(3);
    GuidedCalibration g = guide();
    double[] prompt = {Double.NaN};
    run(g, m, 90, t -> {
      if (Double.isNaN(prompt[0]) && g.step() == Step.BEND) {
        prompt[0] = t;
      }
      // 1.5°/s: steady by the one-second rule all the way, but never still below 10°
      return Double.isNaN(prompt[0]) ? 0 : Math.min(25, Math.max(0, (t - prompt[0] - 1) * 1.5));
    });
    assertEquals(Step.DONE, g.step());
    assertEquals(0, g.failedTries());
  }

  @Test
  void movingWhileHoldingWaitsForASteadyBendAgainWithoutFailing() {
    Rotation m = mount(4);
    GuidedCalibration g = guide();
    double[] prompt = {Double.NaN};
    List<Progress> changes = run(g, m, 90, t -> {
      if (Double.isNaN(prompt[0]) && g.step() == Step.BEND) {
        prompt[0] = t;
      }
      if (Double.isNaN(prompt[0])) {
        return 0;
      }
      double u = t - prompt[0];
      // holds 15° for 2 s, then goes on to 30° and holds
      return ramp(u, 1, 3, 0, 15) + ramp(u, 5, 7, 0, 15);
    });
    assertEquals(Step.DONE, g.step(), changes.toString());
    assertEquals(0, g.failedTries());
    assertEquals(List.of(Step.GET_READY, Step.SIT_TALL, Step.BEND, Step.HOLD_BEND, Step.BEND,
        Step.HOLD_BEND, Step.DONE), steps(changes));
    double[] bent = up(m, 30, 0);
    assertEquals(30, g.result().flexionDeg(bent[0], bent[1], bent[2]), 0.5);
  }

  @Test
  void neverHoldingStillFailsTheNeutralWithTheReasonAndGivesUpAfterTheRepeats() {
    Rotation m = mount(5);
    GuidedCalibration g = guide();
    List<Progress> changes = run(g, m, 600, t -> 10 * Math.sin(2 * Math.PI * 0.4 * t));
    assertEquals(Step.FAILED, g.step());
    assertEquals(4, g.failedTries(), "the first try and 3 repeats");
    assertNull(g.result());
    assertTrue(g.failure().startsWith("you did not hold still for 5 s while sitting tall "
        + "within 30 s"), g.failure());
    assertEquals(List.of(1, 1, 2, 3, 4), changes.stream().filter(p -> p.step() != Step.FAILED)
        .map(Progress::attempt).toList());
    // each try lasted its time-out: 3 s get ready, then 4 × 30 s
    assertEquals(Step.FAILED, changes.get(changes.size() - 1).step());
  }

  @Test
  void noBendWithinTheTimeOutFailsWithTheLargestAngle() {
    GuidedCalibration g = new GuidedCalibration(GuidedCalibration.Settings.DEFAULTS
        .with(GuidedCalibration.Settings.REPEATS, 0), GuidedCalibration.Method.TWO_STEP);
    run(g, mount(6), 100, t -> t > 20 && t < 22 ? 4 * Math.sin(Math.PI * (t - 20) / 2) : 0);
    assertEquals(Step.FAILED, g.step());
    assertTrue(g.failure().startsWith("no forward bend was held within 30 s (the largest was "
        + "4."), g.failure());
  }

  @Test
  void aGapStartsTheCurrentStepAgainAndIsNoFailure() {
    Rotation m = mount(7);
    GuidedCalibration g = guide();
    double[] u = up(m, 0, 0);
    for (int k = 0; k < 500; k++) { // get ready, and 2 s of sitting tall
      g.update(T0 + k * 10_000L, u[0], u[1], u[2]);
    }
    assertEquals(Step.SIT_TALL, g.step());
    g.interrupted();
    long after = T0 + 60_000_000L; // a minute later: no time-out counted for the gap
    g.update(after, u[0], u[1], u[2]);
    assertEquals(Step.SIT_TALL, g.step());
    assertEquals(5, g.progress().secondsLeft(), 1e-9, "the 5 s start again");
    assertEquals(1, g.progress().attempt());
  }

  @Test
  void theLowerSensorIsCalibratedFromTheSameHoldsAndLeftOutIfItNeverBendsEnough() {
    Rotation upper = mount(8);
    Rotation lowerMount = mount(9);
    for (double lowerBend : new double[] {8, 3}) {
      GuidedCalibration g = new GuidedCalibration(GuidedCalibration.Settings.DEFAULTS
          .with(GuidedCalibration.Settings.REPEATS, 1), GuidedCalibration.Method.TWO_STEP);
      double bendFrom = Double.NaN;
      for (int k = 0; k < 20_000 && !g.finished(); k++) {
        double t = k / 100.0;
        if (Double.isNaN(bendFrom) && g.step() == Step.BEND) {
          bendFrom = t;
        }
        double f = Double.isNaN(bendFrom) ? 0 : ramp(t, bendFrom + 1, bendFrom + 4, 0, 30);
        double[] u = up(upper, f, 0);
        double[] l = up(lowerMount, f * lowerBend / 30, 0);
        g.update(T0 + k * 10_000L, u[0], u[1], u[2]);
        g.updateLower(l[0], l[1], l[2]);
        if (g.step() == Step.BEND && g.progress().attempt() == 2 && bendFrom < t - 20) {
          bendFrom = t; // the second try: the wearer bends again
        }
      }
      assertEquals(Step.DONE, g.step(), "lower bend " + lowerBend);
      assertNotNull(g.result());
      if (lowerBend == 8) {
        assertNotNull(g.lowerResult());
        assertNull(g.warning());
        assertEquals(0, g.failedTries());
      } else {
        assertNull(g.lowerResult(), "left out");
        assertEquals(2, g.failedTries());
        assertTrue(g.warning().startsWith("lower-back sensor: the forward bend was 3.0°"),
            g.warning());
        assertTrue(g.warning().endsWith("; using the upper sensor alone"), g.warning());
      }
    }
  }

  @Test
  void theQuickCalibrationEndsAfterSittingTall() {
    Rotation clip = new Rotation(Vector3D.PLUS_I, Vector3D.PLUS_K, Vector3D.PLUS_K,
        Vector3D.MINUS_I);
    GuidedCalibration g = new GuidedCalibration(GuidedCalibration.Settings.DEFAULTS,
        GuidedCalibration.Method.QUICK);
    List<Progress> changes = run(g, clip, 30, t -> 0);
    assertEquals(List.of(Step.GET_READY, Step.SIT_TALL, Step.DONE), steps(changes));
    assertEquals(1, changes.get(0).steps());
    double[] bent = up(clip, 20, 0);
    assertEquals(20, g.result().flexionDeg(bent[0], bent[1], bent[2]), 0.5);
  }
}
