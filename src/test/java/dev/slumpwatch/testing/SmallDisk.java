package dev.slumpwatch.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small file system (tmpfs) that a test can fill to the last byte and free again:
 * what a full SD card or home partition does to SQLite, without mocking the store. Needs
 * the right to mount (root, or CAP_SYS_ADMIN): elsewhere the test is skipped with the
 * reason, and on CI ({@code CI=true}) it fails, like a missing tool ({@link Tools}).
 */
public final class SmallDisk implements AutoCloseable {
  private final Path dir;
  private final Path filler;

  private SmallDisk(Path dir) {
    this.dir = dir;
    this.filler = dir.resolve("filler");
  }

  /** Mounts a tmpfs of {@code bytes} on {@code dir} (created if needed). */
  public static SmallDisk mount(Path dir, long bytes) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String why = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + Math.max(1, bytes / 1024)
        + "k,mode=0700", "tmpfs", dir.toString()));
    if (why != null) {
      String reason = "cannot mount a small tmpfs for the full-disk test (needs root or "
          + "CAP_SYS_ADMIN): " + why;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(reason + "; on CI (CI=true) this fails the test");
      }
      System.err.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    return new SmallDisk(dir);
  }

  /** null when the command succeeded, else what it said. */
  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.getMessage();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return String.join(" ", cmd) + " did not finish in 30 s";
    }
    return p.exitValue() == 0 ? null : String.join(" ", cmd) + ": exit " + p.exitValue()
        + (out.isEmpty() ? "" : ": " + out);
  }

  public Path dir() {
    return dir;
  }

  /** Writes a filler file until the file system refuses another byte; returns its size. */
  public long fill() throws IOException {
    long n = 0;
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
        n += block.length;
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw full;
      }
    }
    try (OutputStream out = Files.newOutputStream(filler.resolveSibling("filler-tail"))) {
      while (true) {
        out.write(0); // the last partial block
        n++;
      }
    } catch (IOException full) {
      // full to the byte
    }
    return n;
  }

  /** Deletes the filler: the space is free again. */
  public void free() throws IOException {
    Files.deleteIfExists(filler);
    Files.deleteIfExists(filler.resolveSibling("filler-tail"));
  }

  /** Unmounts (lazily, should a file still be open). */
  @Override
  public void close() throws IOException, InterruptedException {
    String why = run(List.of("umount", "-l", dir.toString()));
    if (why != null) {
      throw new IOException(why);
    }
  }
}
