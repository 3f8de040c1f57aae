package dev.slumpwatch.pipeline;

import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.sensor.SampleSink;
import dev.slumpwatch.sensor.SampleSource;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a source and a pipeline on their two threads: the reader thread (the only one that
 * touches the device) puts immutable {@link SourceEvent}s into a bounded queue; the
 * processing thread takes them and feeds the {@link Pipeline}.
 *
 * <p>The queue blocks the reader when full. Sources that cannot wait (a serial port whose
 * driver buffer would overflow) keep their own bounded hand-off and count what they drop.
 */
public final class Monitor {
  /** How long a stopping reader waits for room for the end in the queue. */
  private static final long END_WAIT_SECONDS = 5;

  private final SampleSource source;
  private final Pipeline pipeline;
  private final BlockingQueue<SourceEvent> queue;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile Thread reader;
  private volatile Thread processor;
  private volatile long maxQueueDepth;

  public Monitor(SampleSource source, Pipeline pipeline, int queueCapacity) {
    this.source = source;
    this.pipeline = pipeline;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
  }

  /**
   * Runs until the source ends or {@link #stop} is called, then returns.
   *
   * @throws MonitorException when the source or a stage failed; the cause says which
   */
  public void run() throws InterruptedException, MonitorException {
    reader = new Thread(this::readLoop, "slumpwatch-reader");
    processor = new Thread(this::processLoop, "slumpwatch-processing");
    reader.setDaemon(true);
    processor.start();
    reader.start();
    try {
      processor.join();
    } finally {
      source.close();
      reader.interrupt();
      reader.join(2000);
    }
    Throwable t = failure.get();
    if (t != null) {
      throw new MonitorException(t);
    }
  }

  private void readLoop() {
    try {
      source.run(new SampleSink() {
        @Override
        public void accept(SourceEvent event) throws InterruptedException {
          queue.put(event);
          depth();
        }

        @Override
        public boolean offer(SourceEvent event) {
          boolean taken = queue.offer(event);
          depth();
          return taken;
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      offerEnd("stopped");
    } catch (RuntimeException | Error e) {
      failure.compareAndSet(null, e);
      offerEnd("source failed");
    }
  }

  private void depth() {
    long depth = queue.size();
    if (depth > maxQueueDepth) {
      maxQueueDepth = depth;
    }
  }

  private void offerEnd(String reason) {
    // what is queued is still processed (samples read before a stop are not thrown away);
    // only a processing thread that no longer takes makes room by dropping them. A stop
    // interrupts this thread more than once (the source's close and the monitor's own, or a
    // second Ctrl-C): an interrupt while waiting for room does not cut the wait short
    SourceEvent.End end = new SourceEvent.End(reason);
    boolean interrupted = Thread.interrupted();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(END_WAIT_SECONDS);
    try {
      while (true) {
        try {
          if (!queue.offer(end, deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            queue.clear();
            queue.offer(end);
          }
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void processLoop() {
    try {
      while (true) {
        SourceEvent e = queue.take();
        pipeline.accept(e);
        if (e instanceof SourceEvent.End) {
          return;
        }
      }
    } catch (InterruptedException e) {
      pipeline.finish("stopped");
    } catch (RuntimeException | Error e) {
      failure.compareAndSet(null, e);
      source.close();
      reader.interrupt();
    }
  }

  /** Asks both threads to stop; {@link #run} then returns after the pipeline finished. */
  public void stop() {
    source.close();
    Thread r = reader;
    if (r != null) {
      r.interrupt();
    }
  }

  /**
   * Asks for the guided posture calibration from any thread (a desktop app's button): it
   * starts with the next sample; its prompts come as {@code CalibrationStarted},
   * {@code CalibrationProgress} and {@code Calibrated} or {@code CalibrationFailed} events.
   * For another process, {@code ControlFile.requestRecalibration} does the same.
   *
   * @param why for the wearer, e.g. {@code asked for in the app}
   */
  public void requestCalibration(String why) {
    pipeline.requestCalibration(why);
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  public long maxQueueDepth() {
    return maxQueueDepth;
  }

  /** A failure on one of the monitor's threads. */
  public static final class MonitorException extends Exception {
    private static final long serialVersionUID = 1L;

    MonitorException(Throwable cause) {
      super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }
  }
}
