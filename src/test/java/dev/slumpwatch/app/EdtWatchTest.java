package dev.slumpwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.Test;

/**
 * What counts against the 50 ms limit: an event's wall-clock time, less only what the virtual
 * machine's host took from the thread's processor, beyond the steal counter's 10 ms step and
 * never more than the time the thread did not run.
 */
class EdtWatchTest {
  private static final long MS = 1_000_000L;

  private static double blocked(double took, double cpu, double hostHere) {
    return new EdtWatch.Timing((long) (took * MS), (long) (cpu * MS), 0,
        (long) (hostHere * MS), (long) (hostHere * MS)).blocked() / (double) MS;
  }

  @Test
  void theHostsTakingIsLeftOutAndNothingElse() {
    assertEquals(60.0, blocked(60, 5, 0), 1e-9, "nothing taken: wall-clock time");
    assertEquals(60.0, blocked(60, 5, 10), 1e-9, "one step of the counter may be rounding");
    assertEquals(30.0, blocked(60, 5, 40), 1e-9, "40 ms taken: 30 ms sure, left out");
    // the run-14 event of the GUI test: 74.4 ms, 7.9 ms of CPU, 80 ms taken from the machine;
    // at most the time the thread did not run is left out
    assertEquals(7.9, blocked(74.4, 7.9, 80), 1e-6);
    assertEquals(55.0, blocked(55, 55, 40), 1e-9, "working all along: nothing left out");
  }

  @Test
  void theSchedulersFiguresAreReadWhereLinuxHasThem() {
    if (!Files.isReadable(Path.of("/proc/thread-self/schedstat"))) {
      return; // not Linux: the figures are zeros and the limit is on wall-clock time
    }
    int n = Runtime.getRuntime().availableProcessors();
    EdtWatch.Sched sched = new EdtWatch.Sched();
    long[] steal = sched.stealNanosPerProcessor();
    assertTrue(steal.length >= n, steal.length + " processors in /proc/stat for " + n);
    int on = sched.processor();
    assertTrue(on >= 0 && on < steal.length, "this thread runs on processor " + on);
    long q = sched.queuedNanos();
    assertTrue(q >= 0);
    long[] again = sched.stealNanosPerProcessor();
    for (int i = 0; i < steal.length; i++) {
      assertTrue(again[i] >= steal[i], "read again from the start, the counters only grow");
    }
    assertTrue(sched.forThisThread());
  }

  @Test
  void anEventThatWorksOrWaitsOverTheLimitIsCounted() throws Exception {
    EdtWatch watch = EdtWatch.install();
    try {
      var threads = java.lang.management.ManagementFactory.getThreadMXBean();
      SwingUtilities.invokeAndWait(() -> {
        long end = threads.getCurrentThreadCpuTime() + 70 * MS;
        while (threads.getCurrentThreadCpuTime() < end) {
          Thread.onSpinWait(); // working 70 ms of processor time
        }
      });
      SwingUtilities.invokeAndWait(() -> LockSupport.parkNanos(70 * MS)); // waiting 70 ms
      // invokeAndWait returns when the runnable is done, before the watch has counted its
      // event; the next event starts only after that: this empty one is the barrier
      SwingUtilities.invokeAndWait(() -> { });
      assertEquals(2, watch.overLimit() + watch.hostTook(), watch.overLimitEvents() + " "
          + watch.hostTookEvents());
      assertTrue(watch.maxMillis() >= 70, "longest " + watch.maxMillis());
      assertTrue(watch.maxCpuMillis() >= 50, "the working one's CPU " + watch.maxCpuMillis());
      assertTrue(watch.longest().contains("ms CPU"), watch.longest());
      assertTrue(watch.events() >= 2, watch.events() + " events");
    } finally {
      watch.uninstall();
    }
  }
}
