package dev.slumpwatch.testing;

import dev.slumpwatch.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A command running on a pseudo-terminal, as a person runs it in a terminal window: its
 * standard input, output and error are the slave side of a pty that socat makes (and
 * relays to this test), the pty is its controlling terminal and it leads its own session,
 * so it is in the foreground, sees {@code System.console()}, reads typed keys, and a typed
 * Ctrl-C reaches it as SIGINT through the terminal's line discipline.
 *
 * <p>What it prints is split into lines at {@code \r} and {@code \n} (a status line
 * rewritten in place is one line per rewrite), with terminal escape codes removed, and
 * handed to a listener as it comes.
 */
public final class TerminalSession implements AutoCloseable {
  private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]");

  private final Process socat;
  private final OutputStream keys;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private TerminalSession(Process socat, Consumer<String> onLine) {
    this.socat = socat;
    this.keys = socat.getOutputStream();
    this.reader = new Thread(() -> read(socat.getInputStream(), onLine), "terminal-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Runs {@code slumpwatch ARGS} (this build's classes, in a JVM of its own) on a terminal.
   *
   * @param onLine called with each line as it is printed, on a thread of this session
   */
  public static TerminalSession slumpwatch(Path dir, Consumer<String> onLine, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(ChildJvm.command(Main.class, List.of()).command());
    command.addAll(List.of(args));
    return start(dir, command, onLine);
  }

  /** Runs {@code command} on a terminal (a shell, say). */
  public static TerminalSession start(Path dir, List<String> command, Consumer<String> onLine)
      throws IOException {
    Path socat = Tools.require("socat", "Debian/Ubuntu: apt-get install socat");
    // socat's EXEC splits its command at spaces: a script holds the real command line
    Path script = Files.createTempFile(dir, "terminal-", ".sh");
    StringBuilder sh = new StringBuilder("#!/bin/sh\nexec");
    for (String a : command) {
      sh.append(" '").append(a.replace("'", "'\\''")).append('\'');
    }
    Files.writeString(script, sh.append('\n').toString());
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Process p = new ProcessBuilder(socat.toString(), "-b", "65536",
        "EXEC:" + script + ",pty,setsid,ctty,stderr,echo=0", "STDIO")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    return new TerminalSession(p, onLine);
  }

  private void read(InputStream in, Consumer<String> onLine) {
    byte[] buf = new byte[8192];
    StringBuilder line = new StringBuilder();
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        String s = new String(buf, 0, n, StandardCharsets.UTF_8);
        for (char c : s.toCharArray()) {
          if (c == '\n' || c == '\r') {
            String l = ESCAPES.matcher(line).replaceAll("").strip();
            line.setLength(0);
            if (!l.isEmpty()) {
              synchronized (this) {
                lines.add(l);
                notifyAll();
              }
              onLine.accept(l);
            }
          } else {
            line.append(c);
          }
        }
      }
    } catch (IOException e) {
      // the terminal closed
    }
  }

  /** Types {@code text} (a key then Enter: {@code "c\n"}). */
  public void type(String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  /** Ctrl-C: the terminal sends SIGINT to the program in its foreground. */
  public void interrupt() throws IOException {
    type("\u0003");
  }

  /**
   * Waits for a printed line that matches.
   *
   * @return the line
   * @throws AssertionError naming what was awaited, with the transcript, after the time-out
   */
  public String await(Predicate<String> line, String what, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      int seen = 0;
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (line.test(lines.get(seen))) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no line " + what + " within " + timeout.toSeconds()
              + " s; the terminal showed:\n" + String.join("\n", lines));
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }

  /**
   * Waits for the {@code n}-th printed line that matches (1 for the first).
   *
   * @throws AssertionError naming what was awaited, with the transcript, after the time-out
   */
  public String await(Predicate<String> line, int n, String what, Duration timeout)
      throws InterruptedException {
    int[] count = {0};
    return await(l -> line.test(l) && ++count[0] == n, what + " (the " + n + ". time)",
        timeout);
  }

  /** Waits for the program (and the terminal) to end. */
  public boolean waitFor(Duration timeout) throws InterruptedException {
    boolean ended = socat.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (ended) {
      reader.join(2000);
    }
    return ended;
  }

  /** Every line printed so far, escape codes removed. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() throws InterruptedException {
    if (socat.isAlive()) {
      socat.destroy();
      if (!socat.waitFor(5, TimeUnit.SECONDS)) {
        socat.destroyForcibly().waitFor();
      }
    }
  }

  /** For the report of a failed test: the last lines. */
  public String tail(int n) {
    List<String> l = lines();
    return String.join("\n", l.subList(Math.max(0, l.size() - n), l.size()));
  }
}
