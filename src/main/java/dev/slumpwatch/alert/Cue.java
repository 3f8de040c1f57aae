package dev.slumpwatch.alert;

import dev.slumpwatch.posture.GuidedCalibration;

/**
 * What the vibration motor says when there is no screen: the steps of a guided posture
 * calibration and its outcome, and the button's answers. Each has its {@link PulsePattern}
 * ({@link PulsePattern#of(Cue)}), kept apart from the alerts' patterns by feel.
 */
public enum Cue {
  /** Calibration, step 1: sit tall and hold still. */
  SIT_TALL,
  /** Calibration, step 2: bend forward slowly, about 30°. */
  BEND_FORWARD,
  /** Calibration: the bend is seen; hold it still. */
  HOLD,
  /** Calibration done and stored: sit as you like. */
  DONE,
  /** Calibration rejected (moved, too small a bend, timed out): start again. */
  FAILED,
  /** The button's short press was taken: acknowledging. */
  ACKNOWLEDGE_TAKEN,
  /** The button's double press was taken: alerts snoozed. */
  SNOOZE_TAKEN;

  /**
   * The cue that starts {@code step} of {@code calibrate posture}'s guide, or null for a
   * step that has none (the countdown before the first step).
   */
  public static Cue of(GuidedCalibration.Step step) {
    return switch (step) {
      case GET_READY -> null;
      case SIT_TALL -> SIT_TALL;
      case BEND -> BEND_FORWARD;
      case HOLD_BEND -> HOLD;
      case DONE -> DONE;
      case FAILED -> FAILED;
    };
  }
}
