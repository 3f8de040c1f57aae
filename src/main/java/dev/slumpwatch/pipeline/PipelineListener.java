package dev.slumpwatch.pipeline;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpEpisode;

/**
 * What the pipeline produces, delivered on the processing thread. Everything passed is
 * immutable, so a listener may hand it to another thread as it is.
 */
public interface PipelineListener {
  default void sessionStarted(long firstDeviceMicros) {
  }

  default void deviceInfo(SourceEvent.DeviceInfo info) {
  }

  default void calibrated(PostureCalibration calibration) {
  }

  /**
   * A calibration was learnt: the upper-back sensor's and, in two-sensor mode, the
   * lower-back sensor's (else null). By default passes the upper one on.
   */
  default void calibrated(PostureCalibration upper, PostureCalibration lower) {
    calibrated(upper);
  }

  /**
   * A guided calibration begins again (after a slipped clip) at this many seconds into
   * the session: its windows are the first calibration's, shifted.
   */
  default void calibrationStarted(double sessionSeconds) {
  }

  default void calibrationFailed(String reason) {
  }

  /**
   * The posture calibration no longer fits: the clip slipped or was re-attached (a sudden
   * change of the sensor's orientation while the wearer was still). From here flexion is
   * unknown until the wearer calibrates again; nothing is counted as slump meanwhile.
   *
   * @param deviceMicros device time the change was confirmed
   * @param reason what was seen, for the wearer
   */
  default void recalibrationNeeded(long deviceMicros, String reason) {
  }

  /**
   * Live, without the smoother's lag: the newest sample has just completed session second
   * {@code second} (counted from the first sample). For prompts timed by the session and
   * for a live display; the posture row of that second, {@link #second}, follows the
   * smoother's lag later.
   *
   * @param flexionDeg the causal filter's flexion of the newest sample, degrees, NaN when
   *     unknown (see {@code Pipeline.liveFlexionDeg})
   */
  default void liveSecond(long second, double flexionDeg) {
  }

  /** One second of the posture path, dated by its own samples' device time. */
  default void second(PostureSecond second) {
  }

  default void episode(SlumpEpisode episode) {
  }

  default void breakTaken(SittingTracker.Break completed) {
  }

  default void alert(Alert alert) {
  }

  default void outcome(Alert alert, AlertOutcome outcome) {
  }

  default void acknowledged(Alert alert, Acknowledgement ack) {
  }

  /** No data from {@code fromMicros} to {@code toMicros}: that time is unknown. */
  default void gap(long fromMicros, long toMicros, String reason) {
  }

  /** The source ended; everything has been delivered. */
  default void finished(String reason) {
  }
}
