package dev.slumpwatch.desktop;

import java.time.Duration;
import java.util.List;

/**
 * Runs a program and says how it went: the one seam between desktop integration and the
 * processes it starts ({@code systemctl --user ...}).
 */
public interface SystemCommands {
  /** How a run ended. */
  enum Status { EXITED, NOT_FOUND, TIMED_OUT }

  /**
   * @param code the exit code when {@link Status#EXITED}, else -1
   * @param output stdout and stderr together, stripped
   */
  record Outcome(Status status, int code, String output) {
    public boolean ok() {
      return status == Status.EXITED && code == 0;
    }

    /** One line for a message: the output, or why there is none. */
    public String describe() {
      return switch (status) {
        case NOT_FOUND -> "not installed (" + output + ")";
        case TIMED_OUT -> "no answer (" + output + ")";
        case EXITED -> output.isEmpty() ? "exit code " + code
            : output.lines().findFirst().orElse("") + " (exit code " + code + ")";
      };
    }
  }

  /** Runs {@code command}; gives up (and kills it) after {@code timeout}. */
  Outcome run(List<String> command, Duration timeout);
}
