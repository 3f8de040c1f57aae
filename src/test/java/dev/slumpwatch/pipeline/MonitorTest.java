package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.sensor.SampleSink;
import dev.slumpwatch.sensor.SampleSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The monitor's two threads: a stop processes what was already read. */
class MonitorTest {
  /** A source that reads as fast as it is let, then waits for more, like an open port. */
  private static final class Endless implements SampleSource {
    final AtomicLong handedOver = new AtomicLong();
    final CountDownLatch queueFull = new CountDownLatch(1);
    volatile Thread reader;

    @Override
    public String describe() {
      return "endless";
    }

    @Override
    public SensorScale scale() {
      return SensorScale.DEFAULT;
    }

    @Override
    public void run(SampleSink sink) throws InterruptedException {
      reader = Thread.currentThread();
      long t = 0;
      while (true) {
        List<ImuSample> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++, t += 10_000) {
          batch.add(new ImuSample(t, 0, -1, (short) 0, (short) 0, (short) 8192, (short) 0,
              (short) 0, (short) 0, 0));
        }
        if (!sink.offer(new SourceEvent.Samples(batch))) {
          queueFull.countDown(); // the processing thread is behind
          sink.accept(new SourceEvent.Samples(batch)); // wait for room, as a file does
        }
        handedOver.addAndGet(batch.size());
      }
    }

    @Override
    public void close() {
      Thread r = reader;
      if (r != null) {
        r.interrupt();
      }
    }
  }

  /**
   * A monitor on an {@link Endless} source whose consumer holds the processing thread at the
   * first second until released, so that the queue fills up behind it.
   */
  private static final class Held {
    final Endless source = new Endless();
    final CountDownLatch holding = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final Pipeline pipeline = new Pipeline(SessionSetup.of(PostureSetup.learn(null)), e -> {
      if (e instanceof PipelineEvent.Second) {
        holding.countDown();
        try {
          release.await(); // the processing thread is held up (a slow consumer)
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
        }
      }
    });
    final Monitor monitor = new Monitor(source, pipeline, 8);
    final Thread run = new Thread(() -> {
      try {
        monitor.run();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });

    /**
     * Starts the monitor and waits until the processing thread is held and the reader waits
     * in the full queue's {@code put} (the only untimed wait on its path), so that 8 batches
     * are surely queued.
     */
    static Held withFullQueue() throws InterruptedException {
      Held h = new Held();
      h.run.start();
      assertTrue(h.holding.await(30, TimeUnit.SECONDS), "the processing thread is held");
      assertTrue(h.source.queueFull.await(30, TimeUnit.SECONDS), "the queue filled up");
      assertEquals(Thread.State.WAITING, h.awaitReader(Thread.State.WAITING),
          "the reader waits for room in the queue");
      return h;
    }

    /** Waits until the reader's thread is in {@code wanted} (or has ended), at most 30 s. */
    Thread.State awaitReader(Thread.State wanted) {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      Thread.State state;
      while ((state = source.reader.getState()) != wanted && state != Thread.State.TERMINATED) {
        assertTrue(System.nanoTime() < until, "the reader's thread: " + state + ", not "
            + wanted);
        Thread.yield();
      }
      return state;
    }

    void releaseAndAssertAllProcessed() throws InterruptedException {
      release.countDown();
      run.join(30_000);
      assertTrue(!run.isAlive(), "the monitor ended");
      assertEquals(source.handedOver.get(), pipeline.samples(),
          "every sample handed to the queue was processed");
      assertTrue(pipeline.samples() >= 80, "at least the 8 queued batches: "
          + pipeline.samples());
    }
  }

  @Test
  void aStopProcessesTheSamplesAlreadyQueued() throws Exception {
    Held held = Held.withFullQueue();
    held.monitor.stop(); // Ctrl-C while 8 batches wait in the queue
    held.releaseAndAssertAllProcessed();
  }

  @Test
  void aSecondStopWhileTheReaderWaitsForRoomLosesNothing() throws Exception {
    // a stop interrupts the reader twice (the source's close and the monitor's), and a
    // wearer may press Ctrl-C twice: the second interrupt used to land while the reader
    // waited for room for the end, and the queued batches were thrown away (CI: 290
    // handed over, 210 processed)
    Held held = Held.withFullQueue();
    held.monitor.stop();
    // the reader waits for room for the end with a time-out (TIMED_WAITING). A reader that
    // already gave up has ended: the counts then tell what it threw away
    held.awaitReader(Thread.State.TIMED_WAITING);
    held.monitor.stop(); // the second Ctrl-C
    held.releaseAndAssertAllProcessed();
  }
}
