package dev.slumpwatch.pipeline;

import dev.slumpwatch.alert.AlertControls;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.posture.GuidedCalibration;
import dev.slumpwatch.posture.PostureProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * What a session needs to know before its first sample.
 *
 * @param settings every stage's settings
 * @param scale the ranges the readings are in until the device says otherwise
 * @param posture the stored posture profile to measure with, or the guided calibration to
 *     learn one with
 * @param clock read once, at the first sample, to date the session: the one anchor that
 *     maps sensor time to the time of day (a replay passes the recording's start, so its
 *     stored rows and alerts are the same every time); its zone gives days and quiet hours
 * @param controls the wearer's pain pause, snooze, do not disturb and acknowledgements
 */
public record SessionSetup(PipelineSettings settings, SensorScale scale, PostureSetup posture,
    Clock clock, AlertControls controls) {

  /**
   * Defaults for tests and benchmarks: default settings and scale, sessions dated
   * 1970-01-01 UTC, no controls.
   */
  public static SessionSetup of(PostureSetup posture) {
    return new SessionSetup(PipelineSettings.DEFAULTS, SensorScale.DEFAULT, posture,
        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), AlertControls.none());
  }

  public SessionSetup withSettings(PipelineSettings s) {
    return new SessionSetup(s, scale, posture, clock, controls);
  }

  public SessionSetup withPosture(PostureSetup p) {
    return new SessionSetup(settings, scale, p, clock, controls);
  }

  public SessionSetup withClock(Clock c) {
    return new SessionSetup(settings, scale, posture, c, controls);
  }

  public SessionSetup withControls(AlertControls c) {
    return new SessionSetup(settings, scale, posture, clock, c);
  }

  public SessionSetup withScale(SensorScale s) {
    return new SessionSetup(settings, s, posture, clock, controls);
  }

  /**
   * How posture is measured: with a stored profile, or with one learnt by the guided
   * calibration at the session's start. With a method for it, the guided calibration also
   * runs after a slipped clip and whenever it is asked for
   * ({@link Pipeline#requestCalibration}, the control file).
   *
   * @param stored the profile to measure with from the start, or null
   * @param guided how the guided calibration learns, or null for a session that never
   *     calibrates (benchmarks, tests)
   */
  public record PostureSetup(PostureProfile stored, GuidedCalibration.Method guided) {
    /** Learn the calibration with the guided steps at the start (and later when needed). */
    public static PostureSetup learn() {
      return new PostureSetup(null, GuidedCalibration.Method.TWO_STEP);
    }

    /** Learn with another method (the quick one, or the clip mounting's checks). */
    public static PostureSetup learn(GuidedCalibration.Method method) {
      return new PostureSetup(null, method);
    }

    /** A stored profile if there is one, else learn; the guided calibration when needed. */
    public static PostureSetup storedOrLearn(PostureProfile profile) {
      return new PostureSetup(profile, GuidedCalibration.Method.TWO_STEP);
    }

    /** Measure with a stored profile, and never calibrate (benchmarks, tests). */
    public static PostureSetup storedOnly(PostureProfile profile) {
      return new PostureSetup(profile, null);
    }
  }
}
