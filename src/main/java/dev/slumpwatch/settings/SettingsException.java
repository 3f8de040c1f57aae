package dev.slumpwatch.settings;

/** A settings file that cannot be used; the message names the file, line, key and range. */
public final class SettingsException extends Exception {
  private static final long serialVersionUID = 1L;

  public SettingsException(String message) {
    super(message);
  }
}
