package dev.slumpwatch.pipeline;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpEpisode;
import java.util.List;

/** Several listeners as one, called in order. */
public final class Listeners implements PipelineListener {
  private final List<PipelineListener> all;

  public Listeners(List<PipelineListener> all) {
    this.all = List.copyOf(all);
  }

  public static PipelineListener of(PipelineListener... listeners) {
    return new Listeners(List.of(listeners));
  }

  @Override
  public void sessionStarted(long firstDeviceMicros) {
    all.forEach(l -> l.sessionStarted(firstDeviceMicros));
  }

  @Override
  public void deviceInfo(SourceEvent.DeviceInfo info) {
    all.forEach(l -> l.deviceInfo(info));
  }

  @Override
  public void calibrated(PostureCalibration calibration) {
    all.forEach(l -> l.calibrated(calibration));
  }

  @Override
  public void calibrated(PostureCalibration upper, PostureCalibration lower) {
    all.forEach(l -> l.calibrated(upper, lower));
  }

  @Override
  public void calibrationStarted(double sessionSeconds) {
    all.forEach(l -> l.calibrationStarted(sessionSeconds));
  }

  @Override
  public void recalibrationNeeded(long deviceMicros, String reason) {
    all.forEach(l -> l.recalibrationNeeded(deviceMicros, reason));
  }

  @Override
  public void calibrationFailed(String reason) {
    all.forEach(l -> l.calibrationFailed(reason));
  }

  @Override
  public void liveSecond(long second, double flexionDeg) {
    all.forEach(l -> l.liveSecond(second, flexionDeg));
  }

  @Override
  public void second(PostureSecond second) {
    all.forEach(l -> l.second(second));
  }

  @Override
  public void episode(SlumpEpisode episode) {
    all.forEach(l -> l.episode(episode));
  }

  @Override
  public void breakTaken(SittingTracker.Break completed) {
    all.forEach(l -> l.breakTaken(completed));
  }

  @Override
  public void alert(Alert alert) {
    all.forEach(l -> l.alert(alert));
  }

  @Override
  public void outcome(Alert alert, AlertOutcome outcome) {
    all.forEach(l -> l.outcome(alert, outcome));
  }

  @Override
  public void acknowledged(Alert alert, Acknowledgement ack) {
    all.forEach(l -> l.acknowledged(alert, ack));
  }

  @Override
  public void gap(long fromMicros, long toMicros, String reason) {
    all.forEach(l -> l.gap(fromMicros, toMicros, reason));
  }

  @Override
  public void finished(String reason) {
    all.forEach(l -> l.finished(reason));
  }
}
