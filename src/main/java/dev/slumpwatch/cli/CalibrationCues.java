package dev.slumpwatch.cli;

import dev.slumpwatch.alert.Cue;
import dev.slumpwatch.pipeline.PipelineListener;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureCalibrator;
import dev.slumpwatch.posture.PostureSecond;
import java.util.function.Consumer;

/**
 * The in-session guided calibration of {@code run} told by the vibration motor, for a Pi
 * with no screen: the same moments {@link SessionConsole} prints its prompts at, timed by
 * the sensor's seconds — sit tall at the start, bend forward at
 * {@link SessionConsole#BEND_PROMPT_SECOND}, hold once the bend window of the plan opens,
 * then done or failed. Processing thread; {@code cue} must not block (the motor plays on
 * its own thread).
 */
final class CalibrationCues implements PipelineListener {
  private final Consumer<Cue> cue;
  private final PostureCalibrator.Plan plan;
  /** Session second the current guided calibration began, or -1 when none is running. */
  private long guidedFrom;

  /**
   * @param plan the guided calibration's windows (session seconds from its start)
   * @param guided the session starts with a guided calibration (no stored one), as for
   *     {@link SessionConsole}
   */
  CalibrationCues(Consumer<Cue> cue, PostureCalibrator.Plan plan, boolean guided) {
    this.cue = cue;
    this.plan = plan;
    this.guidedFrom = guided ? 0 : -1;
  }

  @Override
  public void calibrated(PostureCalibration upper, PostureCalibration lower) {
    if (guidedFrom >= 0) {
      cue.accept(Cue.DONE);
    }
    guidedFrom = -1;
  }

  @Override
  public void calibrationFailed(String reason) {
    if (guidedFrom >= 0) {
      cue.accept(Cue.FAILED);
    }
    guidedFrom = -1;
  }

  @Override
  public void calibrationStarted(double sessionSeconds) {
    guidedFrom = (long) sessionSeconds;
  }

  @Override
  public void second(PostureSecond s) {
    if (guidedFrom < 0) {
      return;
    }
    long at = s.second() - guidedFrom;
    if (at == 0) {
      cue.accept(Cue.SIT_TALL);
    } else if (at == SessionConsole.BEND_PROMPT_SECOND) {
      cue.accept(Cue.BEND_FORWARD);
    } else if (at == (long) Math.ceil(plan.bendFromSeconds())) {
      cue.accept(Cue.HOLD);
    }
  }
}
