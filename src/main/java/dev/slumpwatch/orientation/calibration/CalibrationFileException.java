package dev.slumpwatch.orientation.calibration;

import java.io.IOException;
import java.nio.file.Path;

/** A calibration file that cannot be used; the message names the file, line and key. */
public final class CalibrationFileException extends IOException {
  private final Path file;
  private final int line;
  private final String key;

  /**
   * @param line 1-based line, 0 when the problem is the file as a whole (a missing key)
   * @param key the key concerned, or null
   */
  public CalibrationFileException(Path file, int line, String key, String problem) {
    super(file + (line > 0 ? ":" + line : "") + (key != null ? ": key '" + key + "'" : "")
        + ": " + problem);
    this.file = file;
    this.line = line;
    this.key = key;
  }

  public Path file() {
    return file;
  }

  public int line() {
    return line;
  }

  public String key() {
    return key;
  }
}
