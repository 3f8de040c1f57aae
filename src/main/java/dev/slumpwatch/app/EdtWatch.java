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
 * working one. The limit is judged on the time an event kept the thread less what the host
 * took from the thread's own processor ({@link Timing#blocked}): on a virtual machine the
 * host may stop a processor for tens of milliseconds (seen here: 80 ms over both), which
 * no program on it can prevent; on a machine of one's own that is zero and the figure is
 * the wall-clock time.
 */
public final class EdtWatch extends EventQueue {
  public static final long LIMIT_MILLIS = 50;

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();
  private final AtomicLong maxNanos = new AtomicLong();
  /** The scheduler's files, opened by the event-dispatch thread for itself. */
  private Sched sched;
  private final AtomicLong maxBlockedNanos = new AtomicLong();
  private final AtomicLong hostExcused = new AtomicLong();
  private final java.util.List<String> hostList =
      new java.util.concurrent.CopyOnWriteArrayList<>();
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

  /** Stops timing: the event queue it replaced takes over again. */
  public void uninstall() {
    pop();
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
    if (sched == null || !sched.forThisThread()) {
      sched = new Sched(); // the files under /proc/thread-self are this thread's
    }
    long pause0 = pauses.get();
    long queued0 = sched.queuedNanos();
    long[] steal0 = sched.stealNanosPerProcessor();
    long t0 = System.nanoTime();
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    try {
      super.dispatchEvent(event);
    } finally {
      long took = System.nanoTime() - t0;
      long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
      if ((pause0 & 1) != 0 || pauses.get() != pause0) {
        pausedMaxNanos.accumulateAndGet(took, Math::max); // overlapped a pause: kept apart
      } else if (took <= LIMIT_MILLIS * 1_000_000L && took <= maxNanos.get()) {
        record(event, new Timing(took, cpu, 0, 0, 0)); // neither over nor the longest
      } else {
        long[] steal1 = sched.stealNanosPerProcessor();
        int on = sched.processor();
        long all = 0;
        for (int i = 0; i < Math.min(steal0.length, steal1.length); i++) {
          all += steal1[i] - steal0[i];
        }
        long here = on >= 0 && on < Math.min(steal0.length, steal1.length)
            ? steal1[on] - steal0[on] : 0;
        record(event, new Timing(took, cpu, sched.queuedNanos() - queued0, here, all));
      }
    }
  }

  /**
   * One event's figures, ns.
   *
   * @param took wall-clock time
   * @param cpu the thread's processor time
   * @param queued the time it was ready to run and waited for a core
   * @param hostHere what the virtual machine's host took from the processor the thread ran on
   *     at the end (its steal counter, in steps of 10 ms)
   * @param hostAll what the host took from all of the machine's processors
   */
  record Timing(long took, long cpu, long queued, long hostHere, long hostAll) {
    /**
     * The time the thread was kept from the window's next event, less what the host took from
     * its processor: the steal counter's step (10 ms) is not subtracted, and never more than
     * the time the thread did not run.
     */
    long blocked() {
      long stolen = Math.max(0, hostHere - Sched.STEAL_STEP_NANOS);
      return took - Math.min(stolen, Math.max(0, took - cpu));
    }
  }

  private void record(AWTEvent event, Timing t) {
    if (t.cpu() > maxCpuNanos.get()) {
      maxCpuNanos.set(t.cpu()); // the event-dispatch thread is the only writer
    }
    events.incrementAndGet();
    long limit = LIMIT_MILLIS * 1_000_000L;
    if (t.blocked() > limit) {
      if (over.incrementAndGet() <= KEPT) {
        overList.add(describe(event, t));
      }
    } else if (t.took() > limit && hostExcused.incrementAndGet() <= KEPT) {
      hostList.add(describe(event, t));
    }
    maxBlockedNanos.accumulateAndGet(t.blocked(), Math::max);
    long prev = maxNanos.get();
    while (t.took() > prev) {
      if (maxNanos.compareAndSet(prev, t.took())) {
        longest = describe(event, t);
        break;
      }
      prev = maxNanos.get();
    }
  }

  /** How long, of which processor time and waits, when it started, and what. */
  private static String describe(AWTEvent event, Timing t) {
    return String.format(java.util.Locale.ROOT, "%.1f ms (%.1f ms CPU, %.1f ms waiting for a "
        + "core, the host took %.0f ms of its processor and %.0f ms in all; blocked %.1f ms) "
        + "from %s: %s %s", t.took() / 1e6, t.cpu() / 1e6, t.queued() / 1e6,
        t.hostHere() / 1e6, t.hostAll() / 1e6, t.blocked() / 1e6,
        java.time.Instant.ofEpochMilli(System.currentTimeMillis() - t.took() / 1_000_000),
        event.getClass().getSimpleName(), event.paramString());
  }

  /** Starts a new measuring window (after start-up, say). */
  public void reset() {
    maxNanos.set(0);
    maxBlockedNanos.set(0);
    hostExcused.set(0);
    hostList.clear();
    maxCpuNanos.set(0);
    over.set(0);
    events.set(0);
    pausedMaxNanos.set(0);
    longest = "";
    overList.clear();
  }

  /**
   * The first few events that kept the thread more than {@link #LIMIT_MILLIS} ms (wall-clock
   * time less what the host took from its processor, {@link Timing#blocked}): how long, and
   * what.
   */
  public java.util.List<String> overLimitEvents() {
    return java.util.List.copyOf(overList);
  }

  /**
   * The first few events over {@link #LIMIT_MILLIS} ms of wall-clock time that were not over
   * it once the time the virtual machine's host took from the thread's processor is left out.
   */
  public java.util.List<String> hostTookEvents() {
    return java.util.List.copyOf(hostList);
  }

  /** How many events {@link #hostTookEvents} counts. */
  public long hostTook() {
    return hostExcused.get();
  }

  /**
   * The longest time one event kept the thread, ms: wall-clock time less what the host took
   * from its processor ({@link Timing#blocked}); equal to {@link #maxMillis} where the host
   * took nothing, as on a machine of one's own.
   */
  public double maxBlockedMillis() {
    return maxBlockedNanos.get() / 1e6;
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

  /**
   * Linux's scheduler statistics for the thread that makes it, or zeros where there are none.
   * The files stay open and are read again from the start (about 1 and 7 µs here, where
   * opening them each time cost 10–40 µs).
   */
  static final class Sched {
    /** The steal counter's unit: USER_HZ, 100 a second on Linux. */
    static final long STEAL_STEP_NANOS = 10_000_000L;
    private final Thread owner = Thread.currentThread();
    private final java.io.RandomAccessFile schedstat = open("/proc/thread-self/schedstat");
    private final java.io.RandomAccessFile stat = open("/proc/stat");
    private final java.io.RandomAccessFile self = open("/proc/thread-self/stat");
    private final byte[] buf = new byte[8192];

    private static java.io.RandomAccessFile open(String path) {
      try {
        return new java.io.RandomAccessFile(path, "r");
      } catch (java.io.IOException | SecurityException e) {
        return null; // not Linux, or no /proc: zeros
      }
    }

    boolean forThisThread() {
      return owner == Thread.currentThread();
    }

    /** The file's text from its start, or null. */
    private String read(java.io.RandomAccessFile f) {
      if (f == null) {
        return null;
      }
      try {
        f.seek(0);
        int n = 0;
        for (int r; n < buf.length && (r = f.read(buf, n, buf.length - n)) > 0; ) {
          n += r;
        }
        String t = new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        return n < buf.length ? t : t.substring(0, t.lastIndexOf('\n') + 1); // whole lines
      } catch (java.io.IOException e) {
        return null;
      }
    }

    /** How long this thread has been ready to run but waiting for a core, ns. */
    long queuedNanos() {
      String t = read(schedstat);
      try {
        return t == null ? 0 : Long.parseLong(t.trim().split(" ")[1]);
      } catch (RuntimeException e) {
        return 0;
      }
    }

    /**
     * How long the virtual machine's host ran something else on each of its processors, ns
     * (the steal column of {@code /proc/stat}, which counts in steps of 10 ms); empty where
     * there is none.
     */
    long[] stealNanosPerProcessor() {
      String t = read(stat);
      if (t == null) {
        return new long[0];
      }
      long[] out = new long[Runtime.getRuntime().availableProcessors()];
      int max = -1;
      try {
        for (String line : t.split("\n")) {
          if (!line.startsWith("cpu")) {
            break; // the per-processor lines come first
          }
          String[] f = line.split(" +");
          if (f[0].length() > 3 && f.length > 8) {
            int n = Integer.parseInt(f[0].substring(3));
            if (n >= out.length) {
              out = java.util.Arrays.copyOf(out, n + 1);
            }
            out[n] = Long.parseLong(f[8]) * STEAL_STEP_NANOS;
            max = Math.max(max, n);
          }
        }
      } catch (RuntimeException e) {
        return new long[0];
      }
      return java.util.Arrays.copyOf(out, max + 1);
    }

    /** The processor this thread last ran on, or -1. */
    int processor() {
      String t = read(self);
      try {
        return t == null ? -1 // field 39 of proc(5); the text after ')' is field 3
            : Integer.parseInt(t.substring(t.lastIndexOf(')') + 2).split(" ")[36]);
      } catch (RuntimeException e) {
        return -1;
      }
    }
  }
}
