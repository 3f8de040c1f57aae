package dev.slumpwatch.clinic;

/** A clinic server or sync problem, with a message that names the server and the cause. */
public class ClinicException extends Exception {
  public ClinicException(String message) {
    super(message);
  }

  public ClinicException(String message, Throwable cause) {
    super(message, cause);
  }
}
