package dev.slumpwatch.sensor;

import dev.slumpwatch.imu.SourceEvent;

/**
 * Where a {@link SampleSource} puts what it reads. Called from the source's reader thread
 * only; implementations hand the events on to the processing thread.
 */
@FunctionalInterface
public interface SampleSink {
  /**
   * @throws InterruptedException when the pipeline is shutting down while the sink waits
   *     for room; the source then stops
   */
  void accept(SourceEvent event) throws InterruptedException;

  /**
   * Hands the event over only if there is room now. Sources that must not wait (a serial
   * port, whose driver buffer would overflow while the reader sits blocked) use this and
   * count what was refused. The default waits, for sinks with no bound.
   *
   * @return false when the event was refused for lack of room
   */
  default boolean offer(SourceEvent event) throws InterruptedException {
    accept(event);
    return true;
  }
}
