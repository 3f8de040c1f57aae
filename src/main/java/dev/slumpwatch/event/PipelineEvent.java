package dev.slumpwatch.event;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.GuidedCalibration;
import dev.slumpwatch.posture.NeutralReanchoring;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpEpisode;
import dev.slumpwatch.slump.SlumpTracker;

/**
 * What the pipeline produces, as values: every consumer (the store's recorder, the console,
 * the notifiers, the session summary, a live window) subscribes to this one stream instead
 * of each producer growing a listener method per consumer. Immutable, so an event can be
 * handed to another thread, stored, sent or compared as it is.
 *
 * <p>Times are the sensor's own (device microseconds on the session's unwrapped timeline),
 * never the host's wall clock: a replay gives the same events as the live run.
 */
public sealed interface PipelineEvent {

  /**
   * The first sample arrived: the session's timeline starts here.
   *
   * @param startedMs the wall-clock time of the first sample, read once from the session's
   *     clock (a replay's is the recording's start): the one anchor that maps sensor time
   *     to the time of day, for the store and the alert engine alike
   * @param device what the device said about itself before its first sample, or null when
   *     the source has no device-info frame (text formats)
   */
  record SessionStarted(long firstDeviceMicros, long startedMs, SourceEvent.DeviceInfo device)
      implements PipelineEvent {}

  /** The device described itself (again): firmware, ranges, rate, id. */
  record DeviceInfo(SourceEvent.DeviceInfo info) implements PipelineEvent {}

  /**
   * The guided calibration begins (again) at this point of the session; flexion is unknown
   * until it ends. {@link CalibrationProgress} events follow while it runs.
   *
   * @param why for the wearer: the session starts without a stored calibration, the clip
   *     slipped, or who asked ({@code asked for by key c}, by {@code 'slumpwatch
   *     recalibrate'}, by a button, by the app)
   */
  record CalibrationStarted(long deviceMicros, double sessionSeconds, String why)
      implements PipelineEvent {}

  /**
   * What a calibration display shows: the step, which try of it, the countdown, the live
   * angle, the instruction, and why the previous try failed. Sent when the step or the try
   * changes and otherwise at most {@link #MAX_LIVE_HZ} times a second of sensor time, only
   * while a calibration runs. Not stored.
   */
  record CalibrationProgress(long deviceMicros, GuidedCalibration.Progress progress)
      implements PipelineEvent {}

  /**
   * The session measures posture with this calibration from {@code deviceMicros} on.
   *
   * @param lower the lower-back sensor's calibration in two-sensor mode, else null
   * @param origin {@link Origin#STORED} for a profile loaded at the start, else
   *     {@link Origin#LEARNT}
   */
  record Calibrated(long deviceMicros, PostureCalibration upper, PostureCalibration lower,
      Origin origin) implements PipelineEvent {}

  /** Where a calibration came from. */
  enum Origin {
    STORED, LEARNT;

    /** The word the store and the event log use. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The guided calibration gave up (every try of a step failed); the reason is for the
   * wearer. A session is never left without a way out: another calibration can be asked
   * for at any time.
   *
   * @param previousKept true when a calibration was in force before this one was asked
   *     for, and the session measures with it again; false when posture stays unknown
   */
  record CalibrationFailed(long deviceMicros, String reason, boolean previousKept)
      implements PipelineEvent {}

  /**
   * The calibration no longer fits (a slipped or re-attached clip, or a stored profile
   * that does not fit the sensor as worn): flexion is unknown from here until the wearer
   * calibrates again.
   */
  record RecalibrationNeeded(long deviceMicros, String reason) implements PipelineEvent {}

  /**
   * The neutral moved by a small, bounded step to follow a clip that creeps on the back
   * (see {@code posture.NeutralTracker}); flexion from here is measured from the new
   * neutral. Stored, and shown in the day report.
   */
  record NeutralReanchored(NeutralReanchoring reanchoring) implements PipelineEvent {}

  /** One second of posture, the unit the store keeps and the charts draw. */
  record Second(PostureSecond second) implements PipelineEvent {}

  /**
   * A slump episode was confirmed (the flexion stayed beyond the threshold for the onset
   * delay); it is dated from {@code startMicros}, when the threshold was first crossed.
   */
  record SlumpStarted(long startMicros, long confirmedMicros) implements PipelineEvent {}

  /** A slump episode ended (recovered, or interrupted by standing up or missing data). */
  record SlumpEnded(SlumpEpisode episode) implements PipelineEvent {}

  /** A break from sitting completed: a walk, or Bruegger's relief position held. */
  record BreakTaken(SittingTracker.Break taken) implements PipelineEvent {}

  /** A prompt fired (delivered, or held back with {@link Alert#suppressedBy()} set). */
  record AlertFired(Alert alert) implements PipelineEvent {}

  /** What became of a prompt: taken, missed, done, partly done, suppressed. */
  record AlertDecided(Alert alert, AlertOutcome outcome) implements PipelineEvent {}

  /**
   * An exercise prompt is under way: {@code reps} of {@code targetReps} repetitions counted
   * so far, for live displays (the window shows them as they happen). Not stored: the
   * prompt's {@link AlertDecided} outcome carries the final count.
   */
  record ExerciseProgress(long deviceMicros, Alert alert, int reps, int targetReps)
      implements PipelineEvent {}

  /** The wearer acknowledged a delivered prompt. */
  record Acknowledged(Alert alert, Acknowledgement ack) implements PipelineEvent {}

  /** No data from {@code fromMicros} to {@code toMicros}: that time is unknown. */
  record Gap(long fromMicros, long toMicros, String reason) implements PipelineEvent {}

  /**
   * What the sensor shows now, for live displays: at most {@link #MAX_LIVE_HZ} times a
   * second of sensor time. Not stored; the per-second rows are the record.
   *
   * @param flexionDeg flexion from neutral, degrees; NaN when unknown (the lateral bend is
   *     in the per-second {@link Second}: it costs trigonometry a live view does not need)
   * @param slump the slump tracker's state
   * @param calibrated whether posture is being measured (a calibration is in force)
   * @param deskBreakDueSeconds when the next desk-break prompt comes, by the alert engine's
   *     own clock: 0 while one is open, else the sitting time left (or, after a missed or
   *     held-back prompt, the time left before it comes again), seconds; NaN when no
   *     sitting bout runs
   */
  record Live(long deviceMicros, double flexionDeg, Activity activity,
      SlumpTracker.State slump, boolean calibrated, double deskBreakDueSeconds)
      implements PipelineEvent {}

  /** Live snapshots per second of sensor time, at most. */
  int MAX_LIVE_HZ = 10;

  /**
   * The session ended: everything before has been delivered.
   *
   * @param lastDeviceMicros the last sample's device time (the first's when there was
   *     none after it); -1 when no sample arrived at all
   */
  record Finished(long lastDeviceMicros, String reason) implements PipelineEvent {}

  /**
   * Delivered only to a consumer on its own thread: {@code dropped} events meant for it
   * were lost because its queue was full. What it shows or keeps has a hole there.
   */
  record Overflowed(long dropped) implements PipelineEvent {}
}
