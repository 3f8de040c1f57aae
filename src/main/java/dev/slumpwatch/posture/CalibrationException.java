package dev.slumpwatch.posture;

/** A posture calibration that cannot be used; the message says why and what to do. */
public class CalibrationException extends Exception {
  private static final long serialVersionUID = 1L;

  public CalibrationException(String message) {
    super(message);
  }
}
