package dev.slumpwatch.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/**
 * "Now" on a session's own timeline: its start plus the seconds of sensor data so far. The
 * demo runs its simulated morning faster than real time, so a snooze typed during it is
 * measured on this clock, not the host's.
 */
final class SessionTimeClock extends Clock {
  private final Instant start;
  private final ZoneId zone;
  private final LongSupplier seconds;

  SessionTimeClock(Instant start, ZoneId zone, LongSupplier seconds) {
    this.start = start;
    this.zone = zone;
    this.seconds = seconds;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId z) {
    return new SessionTimeClock(start, z, seconds);
  }

  @Override
  public Instant instant() {
    return start.plusSeconds(seconds.getAsLong());
  }
}
