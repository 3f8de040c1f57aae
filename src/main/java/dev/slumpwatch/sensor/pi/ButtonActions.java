package dev.slumpwatch.sensor.pi;

/**
 * What the Pi's push button asks for. Called on the button's threads (Pi4J's input
 * listener, the ticker), never the processing thread: an implementation writes a request
 * where the monitor looks (the control file) and returns at once.
 */
public interface ButtonActions {
  /** A short press: acknowledge the latest alert. */
  void acknowledge();

  /** A long press (held {@link PiButton.Settings#longPressSeconds}): calibrate again. */
  void recalibrate();

  /** A double press: hold alerts back for {@link PiButton.Settings#snoozeMinutes}. */
  void snooze();
}
