package dev.slumpwatch.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One monitor per data directory: the one that runs ({@code run}, the app) holds an
 * operating-system lock on {@value #NAME} in the data directory and writes its process id,
 * what it is and since when into it; the commands that talk to a running monitor
 * ({@code ack}, {@code snooze}, {@code pain}, {@code dnd}) read it to say which one hears them.
 *
 * <p>Stale locks need no clean-up: the operating system drops the lock when its process
 * ends, however it ends (kill -9 included), so a file left behind by a dead monitor is
 * recognised as such and taken over. A lock held by another process is never broken.
 * The lock is advisory ({@code fcntl}): every slumpwatch honours it; other programs are not
 * asked to.
 *
 * <p>Within one process the locks held are also kept in a table, and a lock file held here
 * is never opened a second time: on Linux, closing any descriptor of a file drops every
 * {@code fcntl} lock the process holds on it, so a probe would silently free the lock.
 */
public final class MonitorLock implements AutoCloseable {
  public static final String NAME = "monitor.lock";

  /**
   * Who holds (or last held) the lock.
   *
   * @param pid the process id
   * @param what which front end: {@code run}, {@code app}
   * @param source what it monitors ("serial /dev/ttyUSB0", "simulated wearer")
   * @param since when it took the lock
   */
  public record Holder(long pid, String what, String source, Instant since) {
    /** "the app (process 1234, simulated wearer, since 2026-03-02T09:00:00Z)". */
    public String describe() {
      String name = what.equals("app") ? "the app" : "'slumpwatch " + what + "'";
      return name + " (process " + pid + (source == null || source.isEmpty() ? ""
          : ", " + source) + ", since " + since + ")";
    }
  }

  /** Another monitor runs on this data directory. */
  public static final class HeldException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Holder holder;

    HeldException(Path dir, Holder holder) {
      super("another monitor already runs on " + dir + ": " + (holder == null
          ? "a process whose lock file " + dir.resolve(NAME) + " does not say which"
          : holder.describe()) + ". One monitor per data directory: stop that one first, or "
          + "use another --data-dir");
      this.holder = holder;
    }

    /** Who holds it, when the lock file says. */
    public Holder holder() {
      return holder;
    }
  }

  /** The lock files this process holds, by absolute normalised path. */
  private static final Map<Path, MonitorLock> HELD = new ConcurrentHashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final Holder holder;

  private MonitorLock(Path file, FileChannel channel, FileLock lock, Holder holder) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.holder = holder;
  }

  /**
   * Takes the data directory's monitor lock for this process.
   *
   * @param what which front end takes it ({@code run}, {@code app})
   * @param source what it monitors, for the others' messages
   * @throws HeldException when another monitor (in this or another process) holds it
   * @throws IOException when the lock file cannot be written (a read-only data directory)
   */
  public static MonitorLock acquire(Path dataDir, String what, String source)
      throws HeldException, IOException {
    Files.createDirectories(dataDir);
    Path file = key(dataDir);
    synchronized (HELD) {
      MonitorLock mine = HELD.get(file);
      if (mine != null) {
        throw new HeldException(dataDir, mine.holder);
      }
      MonitorLock taken = take(dataDir, file, what, source);
      HELD.put(file, taken);
      return taken;
    }
  }

  private static Path key(Path dataDir) {
    return dataDir.resolve(NAME).toAbsolutePath().normalize();
  }

  private static MonitorLock take(Path dataDir, Path file, String what, String source)
      throws HeldException, IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // this very process holds it already: a second monitor all the same
    } catch (IOException e) {
      ch.close();
      throw new IOException(file + ": cannot be locked (" + e.getMessage() + ")", e);
    }
    if (lock == null) {
      ch.close();
      throw new HeldException(dataDir, read(file).orElse(null));
    }
    Holder me = new Holder(ProcessHandle.current().pid(), what, source, Instant.now());
    try {
      byte[] text = format(me).getBytes(StandardCharsets.UTF_8);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(text), 0);
      ch.force(false);
    } catch (IOException e) {
      lock.release();
      ch.close();
      throw new IOException(file + ": cannot be written (" + e.getMessage() + ")", e);
    }
    return new MonitorLock(file, ch, lock, me);
  }

  /**
   * The monitor that runs on this data directory now, if any: a lock file whose lock is
   * held. A lock file without a held lock (its process ended) is stale and gives empty.
   */
  public static Optional<Holder> running(Path dataDir) throws IOException {
    Path file = key(dataDir);
    MonitorLock mine = HELD.get(file);
    if (mine != null) {
      return Optional.of(mine.holder);
    }
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    // read only, with a shared lock as the probe: a monitor's exclusive lock refuses it, and
    // a read-only data directory (or another account's monitor) can still be asked
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      FileLock probe;
      try {
        probe = ch.tryLock(0, Long.MAX_VALUE, true);
      } catch (OverlappingFileLockException e) {
        return read(file); // held by this process
      }
      if (probe != null) {
        probe.release();
        return Optional.empty(); // stale: whoever wrote it has ended
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Optional<Holder> h = read(file);
    return h.isPresent() ? h : Optional.of(new Holder(-1, "unknown", "", Instant.EPOCH));
  }

  private static String format(Holder h) {
    return "# slumpwatch: the monitor running on this data directory (held while it runs)\n"
        + "pid=" + h.pid() + "\nwhat=" + h.what() + "\nsource=" + oneLine(h.source())
        + "\nsince=" + h.since() + "\n";
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }

  /** What the lock file says; empty when it says nothing readable (being written, say). */
  static Optional<Holder> read(Path file) {
    try {
      Map<String, String> m = new LinkedHashMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          m.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      if (!m.containsKey("pid")) {
        return Optional.empty();
      }
      return Optional.of(new Holder(Long.parseLong(m.get("pid").strip()),
          m.getOrDefault("what", "unknown"), m.getOrDefault("source", ""),
          Instant.parse(m.getOrDefault("since", Instant.EPOCH.toString()).strip())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public Holder holder() {
    return holder;
  }

  public Path file() {
    return file;
  }

  /**
   * Releases the lock. The file stays (deleting it would race with a monitor that is just
   * taking it); without its lock it is stale, and the next monitor takes it over.
   */
  @Override
  public void close() throws IOException {
    HELD.remove(file, this);
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      channel.close();
    }
  }
}
