package dev.slumpwatch.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * A small, bounded benchmark harness for the {@code bench} command: warm-up rounds, then
 * measured rounds, each a fixed amount of work; prints the median and the spread. Every
 * run is bounded in time (rounds stop early when the budget is spent).
 *
 * <p>Besides the wall time it measures the measuring thread's CPU time: on a machine busy
 * with other work the wall time counts the waits for a core, the CPU time does not (it still
 * feels the other work through the caches), so two builds compared under load should be
 * compared by the CPU figure.
 *
 * <p>JMH would be the tool for microsecond-level claims across JVMs; this exists so that a
 * user can reproduce the figures in the notes with the shipped jar and no build.
 */
public final class Bench {
  /** One round of work; returns a value that depends on the work, so it is not optimised away. */
  @FunctionalInterface
  public interface Round {
    long run();
  }

  /** Result of one benchmark: nanoseconds per operation over the measured rounds. */
  public record Result(String name, long opsPerRound, double medianNsPerOp, double minNsPerOp,
      double maxNsPerOp, int rounds, double medianCpuNsPerOp) {
    public String format() {
      return String.format(Locale.ROOT, "%-28s %10.1f ns/op (min %.1f, max %.1f, %d rounds of "
          + "%,d); thread CPU %.1f ns/op", name, medianNsPerOp, minNsPerOp, maxNsPerOp, rounds,
          opsPerRound, medianCpuNsPerOp);
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static long cpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  private Bench() {
  }

  /**
   * @param opsPerRound how many operations one call of {@code round} performs
   * @param maxSeconds total time budget, warm-up included
   */
  public static Result measure(String name, long opsPerRound, int warmupRounds,
      int measuredRounds, double maxSeconds, Round round, PrintWriter progress) {
    long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
    long sink = 0;
    for (int i = 0; i < warmupRounds && System.nanoTime() < deadline; i++) {
      sink += round.run();
    }
    double[] ns = new double[measuredRounds];
    double[] cpu = new double[measuredRounds];
    int done = 0;
    for (; done == 0 || done < measuredRounds && System.nanoTime() < deadline; done++) {
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      sink += round.run();
      ns[done] = (System.nanoTime() - t0) / (double) opsPerRound;
      cpu[done] = (cpuNanos() - c0) / (double) opsPerRound;
    }
    double[] m = Arrays.copyOf(ns, done);
    Arrays.sort(m);
    double[] c = Arrays.copyOf(cpu, done);
    Arrays.sort(c);
    if (progress != null && sink == 42) {
      progress.print(""); // keeps the sink observable
    }
    return new Result(name, opsPerRound, m[done / 2], m[0], m[done - 1], done, c[done / 2]);
  }
}
