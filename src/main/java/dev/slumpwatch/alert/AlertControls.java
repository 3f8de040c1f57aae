package dev.slumpwatch.alert;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What the wearer has asked for outside the settings: the pain pause, a snooze, do not
 * disturb. The engine asks only when an alert is due (a few times an hour), so an
 * implementation may read a file; it must not throw.
 */
public interface AlertControls {

  /**
   * @param snoozeUntil alerts are held back until this instant; null for no snooze
   */
  record State(boolean painPause, Instant snoozeUntil, boolean doNotDisturb) {
    public static final State NONE = new State(false, null, false);
  }

  State state();

  /** The day the red flags were last shown with an exercise prompt, or null. */
  default LocalDate redFlagsShownOn() {
    return null;
  }

  default void redFlagsShown(LocalDate day) {
  }

  /**
   * The forceful twists (self-manipulations) counted so far on {@code day}, by this and
   * earlier sessions: a monitor restarted at noon goes on from the morning's count. 0 when
   * none were counted that day.
   */
  default int selfManipulationsOn(LocalDate day) {
    return 0;
  }

  /** Remembers the day's count; called with each new one. */
  default void selfManipulations(LocalDate day, int count) {
  }

  /**
   * How the wearer asked to acknowledge the latest alert since the last call
   * ({@link Acknowledgement#KEY}, {@link Acknowledgement#COMMAND} or
   * {@link Acknowledgement#BUTTON}), or null. The engine
   * asks once per second of sensor time, so an implementation that reads a file should
   * keep that cheap.
   */
  default String takeAcknowledgement() {
    return null;
  }

  /** An acknowledgement asked for could not be given: why, in one line for the wearer. */
  default void acknowledgementRefused(String reason) {
  }

  /**
   * Who asked for a new posture calibration since the last call (for the wearer: "key c",
   * "'slumpwatch recalibrate'", "the button"), or null. The pipeline asks once per second
   * of sensor time, so an implementation that reads a file should keep that cheap. Not an
   * alert control, but the wearer's controls live together: one file, one reader.
   */
  default String takeRecalibrationRequest() {
    return null;
  }

  /** No pause, no snooze; red flags and the twist count remembered for the session only. */
  static AlertControls none() {
    return new AlertControls() {
      private LocalDate shown;
      private LocalDate countedOn;
      private int count;

      @Override
      public State state() {
        return State.NONE;
      }

      @Override
      public LocalDate redFlagsShownOn() {
        return shown;
      }

      @Override
      public void redFlagsShown(LocalDate day) {
        shown = day;
      }

      @Override
      public int selfManipulationsOn(LocalDate day) {
        return day.equals(countedOn) ? count : 0;
      }

      @Override
      public void selfManipulations(LocalDate day, int n) {
        countedOn = day;
        count = n;
      }
    };
  }
}
