package dev.slumpwatch.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for long work (replaying a long recording, multi-week reports,
 * exports), redrawn in place with a carriage return. Only on a terminal: when the output
 * is a file or a pipe it stays quiet, so logs and scripts see only the results.
 *
 * <p>Redraws at most every {@link #REDRAW_NANOS} (and on completion), so calling
 * {@link #update} often costs next to nothing.
 */
public final class ProgressBar {
  static final long REDRAW_NANOS = 100_000_000L;
  static final int BAR_WIDTH = 30;

  private final PrintWriter out;
  private final String label;
  private final long total;
  private final String unit;
  private final boolean enabled;
  private final LongSupplier nanoClock;
  private long lastDraw = Long.MIN_VALUE;
  private boolean drawn;

  /**
   * @param total how much work there is (in {@code unit}s); at least 1
   * @param enabled draw at all; {@link #onTerminal()} says whether stdout is a terminal
   */
  public ProgressBar(PrintWriter out, String label, long total, String unit, boolean enabled,
      LongSupplier nanoClock) {
    this.out = out;
    this.label = label;
    this.total = Math.max(1, total);
    this.unit = unit;
    this.enabled = enabled;
    this.nanoClock = nanoClock;
  }

  /** True when standard output is an interactive terminal. */
  public static boolean onTerminal() {
    return System.console() != null;
  }

  /** The line for {@code done} of {@code total}, e.g. {@code report [######......]  20 %  73/365 days}. */
  public static String render(String label, long done, long total, String unit) {
    long d = Math.max(0, Math.min(done, total));
    int filled = (int) (BAR_WIDTH * d / Math.max(1, total));
    return String.format(Locale.ROOT, "%s [%s%s] %3d %%  %,d/%,d %s", label,
        "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), 100 * d / Math.max(1, total), d,
        total, unit);
  }

  public void update(long done) {
    if (!enabled) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (done < total && drawn && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    drawn = true;
    out.print("\r\033[K" + render(label, done, total, unit));
    out.flush();
  }

  /** Clears the bar, leaving the line free for the results. */
  public void finish() {
    if (enabled && drawn) {
      out.print("\r\033[K");
      out.flush();
    }
  }
}
