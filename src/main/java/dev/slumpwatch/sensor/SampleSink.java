package dev.slumpwatch.sensor;

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
}
