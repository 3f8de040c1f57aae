package dev.slumpwatch.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A serial line, bit by bit: a sender at one baud rate drives the line (8N1: a start bit
 * 0, eight data bits least significant first, a stop bit 1, the line idle at 1 between
 * characters), and a receiver at another rate samples it as a UART does: it waits for a
 * falling edge, checks the start bit half a bit later, samples the data bits in their
 * middles by its own clock, and checks the stop bit. A character whose stop bit reads 0
 * is a framing error: a Linux serial driver hands it on as 0x00 (jSerialComm clears IGNPAR
 * and PARMRK), some USB adapters do not report it and hand on the byte as sampled, and with
 * IGNPAR it is dropped ({@link FramingErrors}). That is exactly how a wrong baud rate
 * garbles a stream; a pseudo-terminal has no line and cannot show it.
 */
public final class Uart {
  /** What the receiving side makes of a character whose stop bit read 0. */
  public enum FramingErrors { AS_ZERO, AS_SAMPLED, DROPPED }

  private double[] times = new double[1024];
  private boolean[] levels = new boolean[1024];
  private int n;
  private double busyUntil;
  private final double bit;

  /** The line a sender at {@code baud} drives; idle (1) from time 0. */
  public Uart(int baud) {
    this.bit = 1.0 / baud;
    add(0, true);
  }

  /** Sends the bytes from {@code atSeconds}, or when the previous ones are out. */
  public Uart send(double atSeconds, byte[] bytes) {
    double t = Math.max(atSeconds, busyUntil);
    for (byte b : bytes) {
      add(t, false);
      for (int i = 0; i < 8; i++) {
        add(t + (1 + i) * bit, ((b >> i) & 1) != 0);
      }
      add(t + 9 * bit, true);
      t += 10 * bit;
    }
    busyUntil = t;
    return this;
  }

  /** When the last byte sent so far has left the line. */
  public double busyUntil() {
    return busyUntil;
  }

  private void add(double t, boolean level) {
    if (n > 0 && levels[n - 1] == level) {
      return;
    }
    if (n == times.length) {
      times = Arrays.copyOf(times, n * 2);
      levels = Arrays.copyOf(levels, n * 2);
    }
    times[n] = t;
    levels[n] = level;
    n++;
  }

  /** The line's level at time t. */
  boolean level(double t) {
    int i = Arrays.binarySearch(times, 0, n, t);
    if (i < 0) {
      i = -i - 2;
    }
    return i < 0 || levels[i];
  }

  /** The first falling edge at or after t, or +infinity. */
  double fallingEdge(double t) {
    int i = Arrays.binarySearch(times, 0, n, t);
    if (i < 0) {
      i = -i - 1;
    }
    for (; i < n; i++) {
      if (!levels[i] && i > 0 && levels[i - 1]) {
        return times[i];
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /** A receiver on this line at its own rate, from a moment on (the port opened or set). */
  public Receiver receiver(int baud, double fromSeconds, FramingErrors errors) {
    return new Receiver(1.0 / baud, fromSeconds, errors);
  }

  /** Samples the line at its own rate; {@link #read} returns what it got up to a time. */
  public final class Receiver {
    private final double bit;
    private final FramingErrors errors;
    private double t;

    Receiver(double bit, double from, FramingErrors errors) {
      this.bit = bit;
      this.t = from;
      this.errors = errors;
    }

    /** The bytes of every character whose stop bit was sampled by {@code untilSeconds}. */
    public byte[] read(double untilSeconds) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        double edge = fallingEdge(t);
        if (edge + 9.5 * bit > untilSeconds) {
          break;
        }
        if (level(edge + bit / 2)) {
          t = edge + bit / 2; // a glitch, not a start bit
          continue;
        }
        int b = 0;
        for (int i = 0; i < 8; i++) {
          if (level(edge + (1.5 + i) * bit)) {
            b |= 1 << i;
          }
        }
        boolean stop = level(edge + 9.5 * bit);
        if (stop || errors == FramingErrors.AS_SAMPLED) {
          out.write(b);
        } else if (errors == FramingErrors.AS_ZERO) {
          out.write(0);
        }
        t = edge + 9.5 * bit;
      }
      return out.toByteArray();
    }
  }
}
