package dev.slumpwatch.report;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file written under a temporary name beside its final one ({@code .NAME.PID.partial},
 * private to its owner: mode 0600) and renamed into place only when complete and synced.
 * A process killed half-way leaves no truncated CSV, PNG or HTML under the final name, so
 * nothing reads half a file as a whole one and a rerun is not refused for a file that
 * exists; the partial file it left is deleted by the next write of the same name (once
 * its process is gone).
 *
 * <p>Use: {@code try (AtomicFile f = AtomicFile.begin(target)) { write to f.out(); f.commit(..); }}
 * — closing without a commit deletes the partial file.
 */
public final class AtomicFile implements Closeable {
  private static final Pattern PARTIAL = Pattern.compile("\\.(.+)\\.(\\d+)\\.partial");

  private final Path target;
  private final Path partial;
  private final FileChannel channel;
  private final OutputStream out;
  private boolean done;

  private AtomicFile(Path target, Path partial, FileChannel channel) {
    this.target = target;
    this.partial = partial;
    this.channel = channel;
    this.out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel),
        1 << 16);
  }

  /** Starts writing {@code target} (its directory must exist). */
  public static AtomicFile begin(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    String name = target.getFileName().toString();
    removeAbandoned(dir, name);
    Path partial = dir.resolve("." + name + "." + ProcessHandle.current().pid() + ".partial");
    FileAttribute<?>[] attrs = FileSystems.getDefault().supportedFileAttributeViews()
        .contains("posix") ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
    FileChannel ch = FileChannel.open(partial, java.util.Set.of(StandardOpenOption.WRITE,
        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING), attrs);
    return new AtomicFile(target, partial, ch);
  }

  /** Writes {@code target} whole with {@code body}, replacing an older one. */
  public static Path write(Path target, Body body) throws IOException {
    try (AtomicFile f = begin(target)) {
      body.write(f.out());
      f.commit(true);
    }
    return target;
  }

  /** What writes the file's content. */
  @FunctionalInterface
  public interface Body {
    void write(OutputStream out) throws IOException;
  }

  /** Where to write; buffered. */
  public OutputStream out() {
    return out;
  }

  /**
   * Flushes, syncs and gives the file its final name.
   *
   * @param replace whether an existing file of that name is replaced; if not, an existing
   *     one makes this throw {@link FileAlreadyExistsException} (checked at the rename
   *     itself, so a file that appeared meanwhile is not overwritten either)
   */
  public void commit(boolean replace) throws IOException {
    out.flush();
    channel.force(true);
    channel.close();
    if (replace) {
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } else {
      try {
        Files.createLink(target, partial); // fails if the target exists: no race
        Files.delete(partial);
      } catch (UnsupportedOperationException | FileSystemException e) {
        if (e instanceof FileAlreadyExistsException exists) {
          throw exists;
        }
        // a file system without hard links (FAT on a USB stick)
        if (Files.exists(target)) {
          throw new FileAlreadyExistsException(target.toString());
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    done = true;
  }

  /** Deletes the partial file unless committed. */
  @Override
  public void close() throws IOException {
    if (!done) {
      try {
        channel.close();
      } finally {
        Files.deleteIfExists(partial);
      }
    }
  }

  /** Partial files of {@code name} whose writing process is gone. */
  private static void removeAbandoned(Path dir, String name) {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir,
        "." + globQuote(name) + ".*.partial")) {
      for (Path p : ds) {
        Matcher m = PARTIAL.matcher(p.getFileName().toString());
        if (m.matches() && m.group(1).equals(name)
            && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      // only tidying: a partial file left behind is harmless
    }
  }

  private static String globQuote(String s) {
    return s.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
  }
}
