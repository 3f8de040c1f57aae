package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.DeviceClockUnwrapper;

/**
 * Places decoded samples on one monotonic 64-bit microsecond timeline and decides which
 * reach the pipeline: duplicates (same sequence, not later) and out-of-order samples
 * (earlier than one already delivered for that sensor) are dropped and counted; missing
 * sequence numbers are counted. One timeline serves a whole link, whatever its format
 * (binary frames, timed or untimed text lines) on each connection, so a board swapped for
 * one that speaks another format continues the same history instead of starting a second,
 * overlapping one.
 *
 * <p><b>The device's clock is trusted while the host's receive times agree with it.</b>
 * Posture timing comes from the device's clock (a replay must give what the live run gave),
 * but the host sees when each chunk of bytes arrived, and a recording keeps those times,
 * so cross-checking with them is just as repeatable. A device clock can start over without
 * warning (a reset, a brown-out, a watchdog; an Arduino resets when its USB port is
 * opened), which would put every later sample "in the past", or, after more than half the
 * 32-bit microsecond range (35.8 min), seemingly an hour into the future. So, when the
 * host's receive time is known:
 * <ul>
 *   <li>a device time earlier than one already delivered, not a repeat of a recent sample,
 *       is the clock starting over;</li>
 *   <li>a device step longer than the host saw pass between the two receipts, by more than
 *       {@link #JUMP_TOLERANCE_MICROS} plus an eighth (host read delays, clock drift), is a
 *       clock that jumped, unless the sensor's sequence numbers skipped as far as its clock
 *       moved: then the device missed samples (an outage whose two sides the host read in
 *       one go), and the missing ones are counted.</li>
 * </ul>
 * Either way the timeline continues after the time the host saw pass, so an outage is
 * stored with its measured length, never dropped and never invented. Without host times
 * (a decoder fed bare bytes) an earlier time is only accepted as a restart right after the
 * decoder was told one may have happened ({@link #allowRestart}: a device-info frame, a
 * reconnection), and is otherwise an out-of-order sample.
 *
 * <p>Samples that carry no time at all (a sketch printing bare values) are placed on their
 * receive times ({@link #placeReceived}), offset so that they continue the timeline.
 *
 * <p>A repeated stretch of the stream (a duplicating link, a replayed buffer) would look
 * like a restart. A restarted device never sends a frame identical to one it sent before
 * (its readings are new), so a sample whose identity (time and CRC, or the whole text
 * line) is among the last {@link #RECENT} delivered ones is a duplicate even then.
 */
final class SampleTimeline {
  /** A device step may exceed the host's by this (plus an eighth) before it is disbelieved. */
  static final long JUMP_TOLERANCE_MICROS = 1_000_000;

  private final DeviceClockUnwrapper unwrapper = new DeviceClockUnwrapper();
  private boolean any;
  private long maxDeviceMicros;
  private long offsetMicros;
  private long lastDeliveredMicros;
  /** Host receive time of the latest delivered sample, or -1 when not known. */
  private long lastDeliveredHostMicros = -1;
  /** The latest step between two samples of one sensor: the least gap a restart leaves. */
  private long stepMicros = 1;
  private boolean restartAllowed;
  private long restartGapMicros;
  /** The latest samples were placed on receive times: the next timed one starts a clock. */
  private boolean onReceiveTimes;
  private long receiveOffsetMicros;
  private final long[] lastMicros = new long[Protocol.MAX_SENSORS];
  private final int[] lastSeq = new int[Protocol.MAX_SENSORS];
  private final boolean[] has = new boolean[Protocol.MAX_SENSORS];
  private final boolean[] seqFresh = new boolean[Protocol.MAX_SENSORS];
  /** Identities of the latest samples delivered with one, a ring. */
  static final int RECENT = 64;
  private final long[] recent = new long[RECENT];
  private int recentNext;
  private int recentCount;

  long restarts;
  /** Restarts found from the times alone: no reconnection or device-info frame before. */
  long unannounced;
  long duplicates;
  long outOfOrder;
  long sequenceGaps;

  /**
   * The next sample may come from a clock that started over.
   *
   * @param gapMicros the least time to leave between the last delivered sample and the
   *     first one of the restarted clock (the measured outage; at least 1 µs). When the
   *     host's receive times are known, the time they show passing is left if longer.
   */
  void allowRestart(long gapMicros) {
    // a reconnection followed by the device's hello: keep the longer (measured) gap
    restartGapMicros = Math.max(1, restartAllowed ? Math.max(restartGapMicros, gapMicros)
        : gapMicros);
    restartAllowed = true;
    // the sequence numbers stay comparable until a restart is seen (restart() forgets
    // them): a hello that answers the host's INFO right after an outage must not hide the
    // frames lost in it
  }

  /** Places a sample with a wrapping 32-bit device time. @return its time, or -1 to drop it */
  long placeRaw32(long raw32, int sensor, int seq) {
    return placeRaw32(raw32, sensor, seq, -1, -1);
  }

  /**
   * Places a sample with a wrapping 32-bit device time.
   *
   * @param identity non-negative; tells a repeated frame from a restarted device's new one
   *     (-1 for none)
   * @param hostMicros when the host received it (monotonic), or -1 when not known
   * @return its time, or -1 to drop it
   */
  long placeRaw32(long raw32, int sensor, int seq, long identity, long hostMicros) {
    long t = unwrapper.unwrap(raw32);
    int verdict = check(t, sensor, seq, identity, hostMicros);
    if (verdict == DUPLICATE) {
      duplicates++;
      return -1;
    }
    if (verdict == RESTART) {
      unwrapper.reset();
      t = unwrapper.unwrap(raw32);
      restart(t, hostMicros);
    }
    return deliver(t + offsetMicros, t, sensor, seq, identity, hostMicros);
  }

  /** Places a sample whose device time is already a 64-bit value. @return its time, or -1 */
  long placeUnwrapped(long t, int sensor, int seq) {
    return placeUnwrapped(t, sensor, seq, -1, -1);
  }

  /** As {@link #placeRaw32(long, int, int, long, long)}, for a 64-bit device time. */
  long placeUnwrapped(long t, int sensor, int seq, long identity, long hostMicros) {
    int verdict = check(t, sensor, seq, identity, hostMicros);
    if (verdict == DUPLICATE) {
      duplicates++;
      return -1;
    }
    if (verdict == RESTART) {
      restart(t, hostMicros);
    }
    return deliver(t + offsetMicros, t, sensor, seq, identity, hostMicros);
  }

  /**
   * Places a sample that carries no time of its own on the time it was received.
   *
   * @param receivedMicros the host's receive time, already spread over a chunk that held
   *     several samples (so it increases from one sample to the next)
   * @return its time, or -1 when it is not after the previous one
   */
  long placeReceived(long receivedMicros, int sensor) {
    if (!onReceiveTimes || restartAllowed || !any) {
      long at = receivedMicros;
      if (any) {
        long gap = Math.max(stepMicros, restartAllowed ? restartGapMicros : 1);
        if (lastDeliveredHostMicros >= 0) {
          gap = Math.max(gap, receivedMicros - lastDeliveredHostMicros);
        }
        at = lastDeliveredMicros + gap;
      }
      receiveOffsetMicros = at - receivedMicros;
      onReceiveTimes = true;
      java.util.Arrays.fill(seqFresh, true);
    }
    return deliver(receivedMicros + receiveOffsetMicros, maxDeviceMicros, sensor, -1, -1,
        receivedMicros);
  }

  private static final int NORMAL = 0;
  private static final int DUPLICATE = 1;
  private static final int RESTART = 2;

  private int check(long t, int sensor, int seq, long identity, long hostMicros) {
    if (!any) {
      return NORMAL;
    }
    if (onReceiveTimes) {
      return RESTART; // the first timed sample after untimed ones: a clock begins
    }
    boolean hostKnown = hostMicros >= 0 && lastDeliveredHostMicros >= 0;
    if (t < maxDeviceMicros) {
      if (!restartAllowed && !hostKnown) {
        return NORMAL; // counted as out of order (or a duplicate) on delivery
      }
      return identity >= 0 && seenRecently(identity) ? DUPLICATE : RESTART;
    }
    if (hostKnown) {
      long step = t + offsetMicros - lastDeliveredMicros;
      long hostStep = Math.max(0, hostMicros - lastDeliveredHostMicros);
      if (step > hostStep + JUMP_TOLERANCE_MICROS + hostStep / 8
          && !sequenceVouches(t, sensor, seq)) {
        return RESTART;
      }
    }
    return NORMAL;
  }

  /**
   * Whether the sensor's sequence numbers skipped as far as its clock moved: samples the
   * device missed (an unplugged sensor), not a clock that jumped, even where the host saw
   * less time pass (frames from both sides of the outage read in one go, a simulator that
   * runs faster than real time).
   */
  private boolean sequenceVouches(long t, int sensor, int seq) {
    if (seq < 0 || !has[sensor] || seqFresh[sensor]) {
      return false;
    }
    int d = (seq - lastSeq[sensor]) & 0xFFFF;
    if (d < 2 || d >= 0x8000) {
      return false; // nothing missed, or further than the numbers can tell
    }
    long moved = t + offsetMicros - lastMicros[sensor];
    long expected = d * stepMicros;
    return Math.abs(moved - expected) <= stepMicros + expected / 16;
  }

  private boolean seenRecently(long identity) {
    for (int i = 0; i < recentCount; i++) {
      if (recent[i] == identity) {
        return true;
      }
    }
    return false;
  }

  private void restart(long t, long hostMicros) {
    restarts++;
    if (!restartAllowed && !onReceiveTimes) {
      unannounced++;
    }
    long gap = stepMicros;
    if (restartAllowed) {
      gap = Math.max(gap, restartGapMicros);
    }
    if (hostMicros >= 0 && lastDeliveredHostMicros >= 0) {
      gap = Math.max(gap, hostMicros - lastDeliveredHostMicros);
    }
    maxDeviceMicros = t;
    offsetMicros = lastDeliveredMicros + Math.max(1, gap) - t;
    java.util.Arrays.fill(seqFresh, true);
    restartAllowed = false;
    onReceiveTimes = false;
  }

  /** @param time the sample's place on the timeline; {@code deviceMicros} its device time */
  private long deliver(long time, long deviceMicros, int sensor, int seq, long identity,
      long hostMicros) {
    if (has[sensor]) {
      int d = seq < 0 ? 1 : (seq - lastSeq[sensor]) & 0xFFFF;
      if (time <= lastMicros[sensor]) {
        if (d == 0 || time == lastMicros[sensor]) {
          duplicates++;
        } else {
          outOfOrder++;
        }
        return -1;
      }
      if (!seqFresh[sensor] && d > 1 && d < 0x8000) {
        sequenceGaps += d - 1;
      }
      if (!seqFresh[sensor] && time - lastMicros[sensor] < JUMP_TOLERANCE_MICROS) {
        stepMicros = time - lastMicros[sensor];
      }
    }
    if (!any || deviceMicros > maxDeviceMicros) {
      maxDeviceMicros = deviceMicros;
    }
    any = true;
    restartAllowed = false;
    has[sensor] = true;
    seqFresh[sensor] = false;
    lastSeq[sensor] = seq;
    lastMicros[sensor] = time;
    if (time >= lastDeliveredMicros) {
      lastDeliveredMicros = time;
      lastDeliveredHostMicros = hostMicros;
    }
    if (identity >= 0) {
      recent[recentNext] = identity;
      recentNext = (recentNext + 1) % RECENT;
      recentCount = Math.min(RECENT, recentCount + 1);
    }
    return time;
  }

  /** Time of the latest sample delivered, or 0 before the first. */
  long lastDeliveredMicros() {
    return lastDeliveredMicros;
  }
}
