package dev.slumpwatch.imu;

/**
 * Turns the device's wrapping 32-bit microsecond counter into a 64-bit timeline.
 *
 * <p>The counter wraps every 2^32 µs (71.6 minutes), so every session longer than that
 * crosses a wrap. A step is read as forward when it is less than half the counter range;
 * a step backwards (a duplicated or reordered frame) keeps the timeline where it is and
 * is reported by {@link #unwrap} returning a time that is not after the previous one.
 * The first value received maps to itself, so timelines start near the device's value.
 */
public final class DeviceClockUnwrapper {
  private static final long RANGE = 1L << 32;
  private static final long HALF = 1L << 31;

  private boolean started;
  private long lastRaw;
  private long epoch;

  /** @param rawMicros the device counter as an unsigned 32-bit value (0 .. 2^32-1) */
  public long unwrap(long rawMicros) {
    long raw = rawMicros & 0xFFFF_FFFFL;
    if (!started) {
      started = true;
      lastRaw = raw;
      return raw;
    }
    long delta = (raw - lastRaw) & 0xFFFF_FFFFL;
    if (delta < HALF) {
      if (raw < lastRaw) {
        epoch += RANGE;
      }
      lastRaw = raw;
      return epoch + raw;
    }
    // backwards step (older frame): place it on the current epoch without moving on
    long back = RANGE - delta;
    return epoch + lastRaw - back;
  }

  /** Forgets the timeline, e.g. after a device reset announced by a new device-info frame. */
  public void reset() {
    started = false;
    epoch = 0;
    lastRaw = 0;
  }
}
