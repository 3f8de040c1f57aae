package dev.slumpwatch.bench;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;

/**
 * A small, bounded benchmark harness for the {@code bench} command: warm-up rounds, then
 * measured rounds, each a fixed amount of work; prints the median and the spread. Every
 * run is bounded in time (rounds stop early when the budget is spent).
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
      double maxNsPerOp, int rounds) {
    public String format() {
      return String.format(Locale.ROOT, "%-28s %10.1f ns/op (min %.1f, max %.1f, %d rounds of %,d)",
          name, medianNsPerOp, minNsPerOp, maxNsPerOp, rounds, opsPerRound);
    }
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
    int done = 0;
    for (; done < measuredRounds && System.nanoTime() < deadline; done++) {
      long t0 = System.nanoTime();
      sink += round.run();
      ns[done] = (System.nanoTime() - t0) / (double) opsPerRound;
    }
    if (done == 0) {
      long t0 = System.nanoTime();
      sink += round.run();
      ns[0] = (System.nanoTime() - t0) / (double) opsPerRound;
      done = 1;
    }
    double[] m = Arrays.copyOf(ns, done);
    Arrays.sort(m);
    if (progress != null && sink == 42) {
      progress.print(""); // keeps the sink observable
    }
    return new Result(name, opsPerRound, m[done / 2], m[0], m[done - 1], done);
  }
}
