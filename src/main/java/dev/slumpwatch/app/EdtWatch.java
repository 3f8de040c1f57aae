package dev.slumpwatch.app;

import java.awt.AWTEvent;
import java.awt.EventQueue;
import java.awt.Toolkit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how long the event-dispatch thread is kept busy by each event it dispatches
 * (painting, a listener, a runnable posted with {@code invokeLater}): the longest, and how
 * many took more than {@link #LIMIT_MILLIS} ms, in wall-clock time and in the thread's
 * processor time. Installed by pushing an event queue that
 * times {@link EventQueue#dispatchEvent}; the GUI test and {@code slumpwatch bench app}
 * print its figures. On Linux each event over the limit (and the longest) also says how long
 * the thread waited for a core and how much time the virtual machine's host took from the
 * machine meanwhile, from the scheduler's statistics, so a waiting event is told from a
 * working one.
 */
public final class EdtWatch extends EventQueue {
  public static final long LIMIT_MILLIS = 50;

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();
  private final AtomicLong maxNanos = new AtomicLong();
  private final AtomicLong maxCpuNanos = new AtomicLong();
  private final AtomicLong over = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  /** Even while measuring, odd during a {@link #pause()}: bumped at each start and end. */
  private final AtomicLong pauses = new AtomicLong();
  private final AtomicLong pausedMaxNanos = new AtomicLong();
  private volatile String longest = "";
  /** How many of the events over the limit are described. */
  private static final int KEPT = 8;
  private final java.util.List<String> overList =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private EdtWatch() {
  }

  /** Starts timing the event-dispatch thread of this process. */
  public static EdtWatch install() {
    EdtWatch w = new EdtWatch();
    Toolkit.getDefaultToolkit().getSystemEventQueue().push(w);
    return w;
  }

  /** A stretch the figures leave out; see {@link #pause()}. */
  public interface Pause extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Leaves out, until the returned pause is closed, every event that overlaps it: for a
   * test's own screen capture, which holds the X server (and with it the window's painting)
   * while it copies the screen. Such events are kept apart ({@link #pausedMaxMillis}). One
   * pause at a time.
   */
  public Pause pause() {
    pauses.incrementAndGet();
    return pauses::incrementAndGet;
  }

  /** The longest event that overlapped a {@link #pause()}, ms of wall-clock time. */
  public double pausedMaxMillis() {
    return pausedMaxNanos.get() / 1e6;
  }

  @Override
  protected void dispatchEvent(AWTEvent event) {
    long pause0 = pauses.get();
    long queued0 = Sched.queuedNanos();
    long steal0 = Sched.stealNanos();
    long t0 = System.nanoTime();
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    try {
      super.dispatchEvent(event);
    } finally {
      long took = System.nanoTime() - t0;
      long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
      if ((pause0 & 1) != 0 || pauses.get() != pause0) {
        pausedMaxNanos.accumulateAndGet(took, Math::max); // overlapped a pause: kept apart
      } else {
        record(event, took, cpu, Sched.queuedNanos() - queued0, Sched.stealNanos() - steal0);
      }
    }
  }

  private void record(AWTEvent event, long took, long cpu, long queued, long steal) {
    if (cpu > maxCpuNanos.get()) {
      maxCpuNanos.set(cpu); // the event-dispatch thread is the only writer
    }
    events.incrementAndGet();
    if (took > LIMIT_MILLIS * 1_000_000L && over.incrementAndGet() <= KEPT) {
      overList.add(describe(event, took, cpu, queued, steal));
    }
    long prev = maxNanos.get();
    while (took > prev) {
      if (maxNanos.compareAndSet(prev, took)) {
        longest = describe(event, took, cpu, queued, steal);
        break;
      }
      prev = maxNanos.get();
    }
  }

  /** How long, of which processor time, when it started, and what. */
  private static String describe(AWTEvent event, long took, long cpu, long queued,
      long steal) {
    return String.format(java.util.Locale.ROOT, "%.1f ms (%.1f ms CPU, %.1f ms waiting for a "
        + "core, host took %.0f ms) from %s: %s %s",
        took / 1e6, cpu / 1e6, queued / 1e6, steal / 1e6,
        java.time.Instant.ofEpochMilli(System.currentTimeMillis() - took / 1_000_000),
        event.getClass().getSimpleName(), event.paramString());
  }

  /** Starts a new measuring window (after start-up, say). */
  public void reset() {
    maxNanos.set(0);
    maxCpuNanos.set(0);
    over.set(0);
    events.set(0);
    pausedMaxNanos.set(0);
    longest = "";
    overList.clear();
  }

  /** The first few events that took more than {@link #LIMIT_MILLIS}: how long, and what. */
  public java.util.List<String> overLimitEvents() {
    return java.util.List.copyOf(overList);
  }

  public double maxMillis() {
    return maxNanos.get() / 1e6;
  }

  /**
   * The most processor time one event took, ms: the work done, without the time the thread
   * waited for a core (which a busy machine adds to {@link #maxMillis}).
   */
  public double maxCpuMillis() {
    return maxCpuNanos.get() / 1e6;
  }

  public long overLimit() {
    return over.get();
  }

  public long events() {
    return events.get();
  }

  /** What the longest event was. */
  public String longest() {
    return longest;
  }

  /** Linux's scheduler statistics, or zeros where there are none. */
  static final class Sched {
    private static final java.nio.file.Path SELF =
        java.nio.file.Path.of("/proc/thread-self/schedstat");
    private static final java.nio.file.Path STAT = java.nio.file.Path.of("/proc/stat");
    private static final boolean PRESENT = java.nio.file.Files.isReadable(SELF);

    private Sched() {
    }

    /** How long this thread has been ready to run but waiting for a core, ns. */
    static long queuedNanos() {
      if (!PRESENT) {
        return 0;
      }
      try {
        String[] f = java.nio.file.Files.readString(SELF).trim().split(" ");
        return Long.parseLong(f[1]);
      } catch (java.io.IOException | RuntimeException e) {
        return 0;
      }
    }

    /** The time the virtual machine's host ran something else on its cores, ns. */
    static long stealNanos() {
      if (!PRESENT) {
        return 0;
      }
      try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(STAT)) {
        String[] f = r.readLine().trim().split(" +");
        return f.length > 8 ? Long.parseLong(f[8]) * 10_000_000L : 0;
      } catch (java.io.IOException | RuntimeException e) {
        return 0;
      }
    }
  }
}
