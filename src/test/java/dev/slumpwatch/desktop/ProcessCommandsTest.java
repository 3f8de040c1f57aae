package dev.slumpwatch.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandsTest {
  private final ProcessCommands commands = new ProcessCommands();

  @Test
  void outputAndExitCodeAreKept() {
    SystemCommands.Outcome o = commands.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"),
        Duration.ofSeconds(30));
    assertEquals(SystemCommands.Status.EXITED, o.status());
    assertEquals(3, o.code());
    assertEquals("out\nerr", o.output());
    assertEquals("out (exit code 3)", o.describe());
  }

  @Test
  void aMissingProgramIsNamed() {
    SystemCommands.Outcome o = commands.run(List.of("no-such-program-slumpwatch"),
        Duration.ofSeconds(30));
    assertEquals(SystemCommands.Status.NOT_FOUND, o.status());
    assertTrue(o.describe().contains("no-such-program-slumpwatch"), o.describe());
  }

  @Test
  void aHungProgramIsKilledAtTheTimeout() {
    long t0 = System.nanoTime();
    SystemCommands.Outcome o = commands.run(List.of("sleep", "60"), Duration.ofMillis(300));
    assertEquals(SystemCommands.Status.TIMED_OUT, o.status());
    assertTrue(o.describe().contains("sleep 60 did not finish"), o.describe());
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos());
  }
}
