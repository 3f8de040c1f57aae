package dev.slumpwatch.sim;

/** A scenario file that cannot be read; the message names the file and line. */
public class ScenarioFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public ScenarioFormatException(String source, int line, String problem) {
    super(source + ":" + line + ": " + problem);
  }

  /** A problem with the file as a whole. */
  public ScenarioFormatException(String source, String problem) {
    super(source + ": " + problem);
  }
}
