package dev.slumpwatch.desktop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link SystemCommands} over real processes. */
public final class ProcessCommands implements SystemCommands {
  private final Map<String, String> environment;

  /** Programs run in this process's environment. */
  public ProcessCommands() {
    this.environment = null;
  }

  /**
   * Programs run in exactly {@code environment} (tests: systemctl with a temporary
   * {@code XDG_CONFIG_HOME} and no session bus, whatever the developer's session has).
   */
  public ProcessCommands(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Outcome run(List<String> command, Duration timeout) {
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
      if (environment != null) {
        pb.environment().clear();
        pb.environment().putAll(environment);
      }
      p = pb.start();
    } catch (IOException e) {
      return new Outcome(Status.NOT_FOUND, -1, command.get(0) + ": " + e.getMessage());
    }
    // read while it runs, so a chatty program never blocks on a full pipe
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(p));
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return new Outcome(Status.TIMED_OUT, -1, String.join(" ", command)
            + " did not finish within " + timeout.toSeconds() + " s");
      }
      return new Outcome(Status.EXITED, p.exitValue(), output.join().strip());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Outcome(Status.TIMED_OUT, -1, String.join(" ", command) + " interrupted");
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL"
        : "/dev/null");
  }

  private static String read(Process p) {
    try (InputStream in = p.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
