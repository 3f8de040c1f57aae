package dev.slumpwatch.cli;

import dev.slumpwatch.alert.Cue;
import dev.slumpwatch.event.PipelineEvent;
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
final class CalibrationCues implements Consumer<PipelineEvent> {
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
  public void accept(PipelineEvent event) {
    if (event instanceof PipelineEvent.Calibrated c) {
      if (c.origin() == PipelineEvent.Origin.LEARNT && guidedFrom >= 0) {
        cue.accept(Cue.DONE);
      }
      guidedFrom = -1;
    } else if (event instanceof PipelineEvent.CalibrationFailed) {
      if (guidedFrom >= 0) {
        cue.accept(Cue.FAILED);
      }
      guidedFrom = -1;
    } else if (event instanceof PipelineEvent.CalibrationStarted c) {
      guidedFrom = (long) c.sessionSeconds();
    } else if (event instanceof PipelineEvent.Second s) {
      second(s.second());
    }
  }

  private void second(PostureSecond s) {
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
