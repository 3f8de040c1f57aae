package dev.slumpwatch.sensor.serial;

import java.time.Duration;

/**
 * How long to wait before the n-th attempt to reopen a port: doubling from {@code initial}
 * up to {@code max}. The cap bounds how late a reappearing port is noticed (a second by
 * default, well inside the 3 s promised for resuming).
 */
public record Backoff(Duration initial, Duration max) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, not " + initial
          + ", " + max);
    }
  }

  /** Delay before attempt {@code attempt} (0 for the first retry). */
  public Duration delay(int attempt) {
    long ms = initial.toMillis() << Math.min(attempt, 20);
    return ms >= max.toMillis() ? max : Duration.ofMillis(ms);
  }
}
