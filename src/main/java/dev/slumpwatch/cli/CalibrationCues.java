package dev.slumpwatch.cli;

import dev.slumpwatch.alert.Cue;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.GuidedCalibration;
import java.util.function.Consumer;

/**
 * The guided calibration told by the vibration motor, for a Pi with no screen: a cue when a
 * step begins (sit tall, bend forward, hold) and when a failed step begins again, then done
 * or failed. It follows the calibration's own progress events, so the cues come when the
 * wearer is asked, whatever the step's pace. Processing thread; {@code cue} must not block
 * (the motor plays on its own thread).
 */
final class CalibrationCues implements Consumer<PipelineEvent> {
  private final Consumer<Cue> cue;
  private GuidedCalibration.Step step;
  private int attempt;

  CalibrationCues(Consumer<Cue> cue) {
    this.cue = cue;
  }

  @Override
  public void accept(PipelineEvent event) {
    if (event instanceof PipelineEvent.CalibrationStarted) {
      step = null;
      attempt = 0;
    } else if (event instanceof PipelineEvent.CalibrationProgress p) {
      GuidedCalibration.Progress now = p.progress();
      if (now.step() != step || now.attempt() != attempt) {
        step = now.step();
        attempt = now.attempt();
        Cue c = Cue.of(step);
        if (c != null && c != Cue.DONE && c != Cue.FAILED) {
          cue.accept(c);
        }
      }
    } else if (event instanceof PipelineEvent.Calibrated c
        && c.origin() == PipelineEvent.Origin.LEARNT) {
      cue.accept(Cue.DONE);
      step = null;
    } else if (event instanceof PipelineEvent.CalibrationFailed) {
      cue.accept(Cue.FAILED);
      step = null;
    }
  }
}
