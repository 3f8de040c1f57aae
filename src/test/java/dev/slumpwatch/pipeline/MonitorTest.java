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

  @Test
  void aStopProcessesTheSamplesAlreadyQueued() throws Exception {
    Endless source = new Endless();
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong processed = new AtomicLong();
    Pipeline pipeline = new Pipeline(SessionSetup.of(PostureSetup.learn(null)), e -> {
      if (e instanceof PipelineEvent.Second s) {
        processed.addAndGet(s.second().samples());
        try {
          release.await(); // the processing thread is held up (a slow consumer)
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
        }
      }
    });
    Monitor monitor = new Monitor(source, pipeline, 8);
    Thread run = new Thread(() -> {
      try {
        monitor.run();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    run.start();
    assertTrue(source.queueFull.await(30, TimeUnit.SECONDS), "the queue filled up");
    monitor.stop(); // Ctrl-C while 8 batches wait in the queue
    release.countDown();
    run.join(30_000);
    assertTrue(!run.isAlive(), "the monitor ended");
    assertEquals(source.handedOver.get(), pipeline.samples(),
        "every sample handed to the queue was processed");
    assertTrue(pipeline.samples() >= 80, "at least the 8 queued batches: "
        + pipeline.samples());
  }
}
