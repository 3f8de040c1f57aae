package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.DeviceClockUnwrapper;

/**
 * Places decoded samples on one monotonic 64-bit microsecond timeline and decides which
 * reach the pipeline: duplicates (same sequence, not later) and out-of-order samples
 * (earlier than one already delivered for that sensor) are dropped and counted; missing
 * sequence numbers are counted.
 *
 * <p>A device clock that starts over (the board was reset, which an Arduino does when its
 * USB port is opened) would put every later sample "in the past". That is only accepted
 * as a restart right after the decoder was told one may have happened ({@link
 * #allowRestart}: a new device-info frame, a reconnection); the new samples then continue
 * the timeline after the given gap, so the pipeline records the outage as a gap instead of
 * dropping the rest of the session. Without that permission an earlier time is an
 * out-of-order frame.
 *
 * <p>A repeated stretch of the stream that holds a device-info frame (a duplicating link,
 * a replayed buffer) would look like such a restart. A restarted device never sends a
 * frame identical to one it sent before (its readings are new), so a sample whose identity
 * (32-bit time and the frame's CRC) is among the last {@link #RECENT} delivered ones is a
 * duplicate even when a restart is allowed; the samples after it keep the permission.
 */
final class SampleTimeline {
  private final DeviceClockUnwrapper unwrapper = new DeviceClockUnwrapper();
  private boolean any;
  private long maxDeviceMicros;
  private long offsetMicros;
  private long lastDeliveredMicros;
  private boolean restartAllowed;
  private long restartGapMicros;
  private final long[] lastMicros = new long[Protocol.MAX_SENSORS];
  private final int[] lastSeq = new int[Protocol.MAX_SENSORS];
  private final boolean[] has = new boolean[Protocol.MAX_SENSORS];
  private final boolean[] seqFresh = new boolean[Protocol.MAX_SENSORS];
  /** Identities of the latest samples delivered through {@link #placeRaw32}, a ring. */
  static final int RECENT = 64;
  private final long[] recent = new long[RECENT];
  private int recentNext;
  private int recentCount;

  long restarts;
  long duplicates;
  long outOfOrder;
  long sequenceGaps;

  /**
   * The next sample may come from a clock that started over.
   *
   * @param gapMicros how much time to leave between the last delivered sample and the first
   *     one of the restarted clock (the measured outage; at least 1 µs)
   */
  void allowRestart(long gapMicros) {
    // a reconnection followed by the device's hello: keep the longer (measured) gap
    restartGapMicros = Math.max(1, restartAllowed ? Math.max(restartGapMicros, gapMicros)
        : gapMicros);
    restartAllowed = true;
    java.util.Arrays.fill(seqFresh, true);
  }

  /** Places a sample with a wrapping 32-bit device time. @return its time, or -1 to drop it */
  long placeRaw32(long raw32, int sensor, int seq) {
    return placeRaw32(raw32, sensor, seq, -1);
  }

  /**
   * As {@link #placeRaw32(long, int, int)}, for a sample with an identity (non-negative;
   * -1 for none) that tells a repeated frame from a restarted device's new one.
   */
  long placeRaw32(long raw32, int sensor, int seq, long identity) {
    long t = unwrapper.unwrap(raw32);
    if (any && t < maxDeviceMicros && restartAllowed) {
      if (identity >= 0 && seenRecently(identity)) {
        duplicates++;
        return -1;
      }
      unwrapper.reset();
      t = unwrapper.unwrap(raw32);
      restart(t);
    }
    long placed = place(t, sensor, seq);
    if (placed >= 0 && identity >= 0) {
      recent[recentNext] = identity;
      recentNext = (recentNext + 1) % RECENT;
      recentCount = Math.min(RECENT, recentCount + 1);
    }
    return placed;
  }

  private boolean seenRecently(long identity) {
    for (int i = 0; i < recentCount; i++) {
      if (recent[i] == identity) {
        return true;
      }
    }
    return false;
  }

  /** Places a sample whose device time is already a 64-bit value. @return its time, or -1 */
  long placeUnwrapped(long t, int sensor, int seq) {
    if (any && t < maxDeviceMicros && restartAllowed) {
      restart(t);
    }
    return place(t, sensor, seq);
  }

  private void restart(long t) {
    restarts++;
    maxDeviceMicros = t;
    offsetMicros = lastDeliveredMicros + restartGapMicros - t;
    java.util.Arrays.fill(seqFresh, true);
    restartAllowed = false;
  }

  private long place(long deviceMicros, int sensor, int seq) {
    long time = deviceMicros + offsetMicros;
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
    if (time > lastDeliveredMicros) {
      lastDeliveredMicros = time;
    }
    return time;
  }

  /** Time of the latest sample delivered, or 0 before the first. */
  long lastDeliveredMicros() {
    return lastDeliveredMicros;
  }
}
