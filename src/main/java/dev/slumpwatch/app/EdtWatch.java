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
    long pause0 = pauses.get();
    long queued0 = Sched.queuedNanos();
    long[] steal0 = Sched.stealNanosPerProcessor();
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
        long[] steal1 = Sched.stealNanosPerProcessor();
        int on = Sched.processor();
        long all = 0;
        for (int i = 0; i < Math.min(steal0.length, steal1.length); i++) {
          all += steal1[i] - steal0[i];
        }
        long here = on >= 0 && on < Math.min(steal0.length, steal1.length)
            ? steal1[on] - steal0[on] : 0;
        record(event, new Timing(took, cpu, Sched.queuedNanos() - queued0, here, all));
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

  /** Linux's scheduler statistics, or zeros where there are none. */
  static final class Sched {
    private static final java.nio.file.Path SELF =
        java.nio.file.Path.of("/proc/thread-self/schedstat");
    private static final java.nio.file.Path STAT = java.nio.file.Path.of("/proc/stat");
    private static final java.nio.file.Path SELF_STAT =
        java.nio.file.Path.of("/proc/thread-self/stat");
    /** The steal counter's unit: USER_HZ, 100 a second on Linux. */
    static final long STEAL_STEP_NANOS = 10_000_000L;
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

    /**
     * How long the virtual machine's host ran something else on each of its processors, ns
     * (the steal column of {@code /proc/stat}, which counts in steps of 10 ms); empty where
     * there is none.
     */
    static long[] stealNanosPerProcessor() {
      if (!PRESENT) {
        return new long[0];
      }
      long[] out = new long[Runtime.getRuntime().availableProcessors()];
      int max = -1;
      try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(STAT)) {
        for (String line = r.readLine(); line != null && line.startsWith("cpu");
            line = r.readLine()) {
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
      } catch (java.io.IOException | RuntimeException e) {
        return new long[0];
      }
      return java.util.Arrays.copyOf(out, max + 1);
    }

    /** The processor this thread last ran on, or -1. */
    static int processor() {
      if (!PRESENT) {
        return -1;
      }
      try {
        String st = java.nio.file.Files.readString(SELF_STAT);
        String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[36]); // field 39 of proc(5); the text after ')' is field 3
      } catch (java.io.IOException | RuntimeException e) {
        return -1;
      }
    }
  }
}
