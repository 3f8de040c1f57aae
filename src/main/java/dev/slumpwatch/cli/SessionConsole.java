package dev.slumpwatch.cli;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.alert.ConsoleNotifier;
import dev.slumpwatch.pipeline.PipelineListener;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureCalibrator;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.posture.PostureSecond;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What {@code run} and {@code replay} print while a session runs (processing thread):
 * the guided-calibration prompts, alerts, and the latest second for the status line.
 *
 * <p>Guided calibration (when the profile has no calibration yet): the session's first
 * seconds are the calibration, timed by the sensor's clock — "sit tall and hold still" from
 * 0 s (learnt from 2 to 7 s), then "bend forward slowly about 30° and hold" from 8 s
 * (learnt from 12 to 17 s). On success the calibration is stored in the profile for the
 * next sessions. After a slipped clip the same steps run again from the next second.
 */
final class SessionConsole implements PipelineListener {
  /** Session seconds of the guided calibration's windows (see the class comment). */
  static final PostureCalibrator.Plan GUIDED = new PostureCalibrator.Plan(2, 7, 12, 17);
  static final int BEND_PROMPT_SECOND = 8;

  private final PrintWriter out;
  private final ConsoleNotifier notifier;
  private final Path saveCalibrationTo;
  private final String profile;
  /** Session second the current guided calibration began, or -1 when none is running. */
  private long guidedFrom;
  volatile PostureSecond last;
  /** The causal filter's flexion at the end of the last live second (no smoothing lag). */
  volatile double liveFlexionDeg = Double.NaN;

  /**
   * @param guided prompt for the guided calibration at the session's start
   * @param saveCalibrationTo data dir to store a learnt calibration in, or null (replay)
   * @param profile the profile a learnt calibration is stored as
   */
  SessionConsole(PrintWriter out, boolean guided, Path saveCalibrationTo, String profile) {
    this.out = out;
    this.guidedFrom = guided ? 0 : -1;
    this.saveCalibrationTo = saveCalibrationTo;
    this.profile = profile;
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
  }

  /** The prompts follow the live seconds: the posture rows come the smoother's lag later. */
  @Override
  public void liveSecond(long second, double flexionDeg) {
    liveFlexionDeg = flexionDeg;
    if (guidedFrom >= 0 && second == guidedFrom) {
      line("[calibration] sit tall and hold still (about 8 s)");
    } else if (guidedFrom >= 0 && second == guidedFrom + BEND_PROMPT_SECOND) {
      line("[calibration] now bend forward slowly, about 30°, and hold it (about 9 s)");
    }
  }

  @Override
  public void calibrated(PostureCalibration upper, PostureCalibration lower) {
    guidedFrom = -1;
    String where = "";
    if (saveCalibrationTo != null) {
      try {
        Path f = CalibrationFile.save(saveCalibrationTo, profile,
            new PostureProfile(upper, lower, "in-session"));
        where = "; stored as profile '" + profile + "' in " + f;
      } catch (IOException e) {
        where = "; could not be stored (" + e.getMessage() + "), so the next session "
            + "calibrates again";
      }
    }
    line("[calibration] done" + (lower != null ? " (upper and lower back)" : "")
        + ": sit as you like" + where);
  }

  @Override
  public void calibrationFailed(String reason) {
    guidedFrom = -1;
    line("[calibration] failed: " + reason + ". Posture stays unknown for this session; "
        + "start again to retry.");
  }

  @Override
  public void recalibrationNeeded(long deviceMicros, String reason) {
    line("[calibration] " + reason + ". Posture is unknown until you calibrate again.");
  }

  @Override
  public void calibrationStarted(double sessionSeconds) {
    guidedFrom = (long) sessionSeconds;
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
