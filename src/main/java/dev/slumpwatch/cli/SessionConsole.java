package dev.slumpwatch.cli;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.alert.ConsoleNotifier;
import dev.slumpwatch.pipeline.PipelineListener;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureCalibrator;
import dev.slumpwatch.posture.PostureSecond;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What {@code run} and {@code replay} print while a session runs (processing thread):
 * the guided-calibration prompts, alerts, and the latest second for the status line.
 *
 * <p>Guided calibration (when no calibration is stored): the session's first seconds are
 * the calibration, timed by the sensor's clock — "sit tall and hold still" from 0 s
 * (learnt from 2 to 7 s), then "bend forward slowly about 30° and hold" from 8 s (learnt
 * from 12 to 17 s). On success the calibration is stored for the next sessions.
 */
final class SessionConsole implements PipelineListener {
  /** Session seconds of the guided calibration's windows (see the class comment). */
  static final PostureCalibrator.Plan GUIDED = new PostureCalibrator.Plan(2, 7, 12, 17);
  static final int BEND_PROMPT_SECOND = 8;

  private final PrintWriter out;
  private final ConsoleNotifier notifier;
  private final boolean guided;
  private final Path saveCalibrationTo;
  volatile PostureSecond last;

  /**
   * @param guided prompt for the guided calibration
   * @param saveCalibrationTo data dir to store a learnt calibration in, or null (replay)
   */
  SessionConsole(PrintWriter out, boolean guided, Path saveCalibrationTo) {
    this.out = out;
    this.guided = guided;
    this.saveCalibrationTo = saveCalibrationTo;
    this.notifier = new ConsoleNotifier(out);
  }

  private void line(String s) {
    out.print("\r\033[K");
    out.println(s);
    out.flush();
  }

  @Override
  public void second(PostureSecond s) {
    last = s;
    if (guided && s.second() == 0) {
      line("[calibration] sit tall and hold still (about 8 s)");
    } else if (guided && s.second() == BEND_PROMPT_SECOND) {
      line("[calibration] now bend forward slowly, about 30°, and hold it (about 9 s)");
    }
  }

  @Override
  public void calibrated(PostureCalibration c) {
    String where = "";
    if (saveCalibrationTo != null) {
      try {
        CalibrationFile.save(saveCalibrationTo, c);
        where = "; stored in " + saveCalibrationTo.resolve(CalibrationFile.NAME);
      } catch (IOException e) {
        where = "; could not be stored (" + e.getMessage() + "), so the next session "
            + "calibrates again";
      }
    }
    line("[calibration] done: sit as you like" + where);
  }

  @Override
  public void calibrationFailed(String reason) {
    line("[calibration] failed: " + reason + ". Posture stays unknown for this session; "
        + "start again to retry.");
  }

  @Override
  public void alert(Alert alert) {
    out.print("\r\033[K");
    out.flush();
    notifier.notify(alert);
  }

  @Override
  public void outcome(Alert alert, AlertOutcome outcome) {
    notifier.outcome(alert, outcome);
  }

  @Override
  public void acknowledged(Alert alert, Acknowledgement ack) {
    out.print("\r\033[K");
    notifier.acknowledged(alert, ack);
  }

  @Override
  public void gap(long fromMicros, long toMicros, String reason) {
    line(String.format(java.util.Locale.ROOT, "[gap] %.1f s unknown: %s",
        (toMicros - fromMicros) / 1e6, reason));
  }
}
