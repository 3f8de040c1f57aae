package dev.slumpwatch.testing;

import dev.slumpwatch.desktop.SystemCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A {@link SystemCommands} that records each command and answers as it is told. */
public final class RecordingCommands implements SystemCommands {
  public final List<String> ran = new ArrayList<>();
  private final Function<String, Outcome> answer;

  /** @param answer the outcome for a command line (joined with spaces) */
  public RecordingCommands(Function<String, Outcome> answer) {
    this.answer = answer;
  }

  /** Every command succeeds, saying nothing. */
  public static RecordingCommands allOk() {
    return new RecordingCommands(c -> new Outcome(Status.EXITED, 0, ""));
  }

  @Override
  public Outcome run(List<String> command, Duration timeout) {
    String line = String.join(" ", command);
    ran.add(line);
    return answer.apply(line);
  }
}
