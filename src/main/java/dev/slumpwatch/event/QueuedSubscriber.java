package dev.slumpwatch.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One consumer of the event stream on a thread of its own, fed through a bounded queue by
 * {@link EventBus}. The publisher never waits: a full queue drops the event and counts it,
 * and the consumer hears of the loss ({@link PipelineEvent.Overflowed}) before its next
 * batch, so a hole is never silent.
 */
public final class QueuedSubscriber {
  /** Most events handed over in one batch. */
  static final int MAX_BATCH = 20_000;

  /** What runs on the subscriber's thread. */
  @FunctionalInterface
  public interface BatchConsumer {
    /**
     * @param batch the events that arrived since the last call, in order; empty when the
     *     tick passed without one
     */
    void accept(List<PipelineEvent> batch);
  }

  private final String name;
  private final ArrayBlockingQueue<PipelineEvent> queue;
  private final long tickMillis;
  private final BatchConsumer consumer;
  private final Thread thread;
  private final AtomicLong dropped = new AtomicLong();
  private long droppedTold;
  private volatile boolean closing;
  private volatile Throwable failure;
  private volatile long maxDepth;

  QueuedSubscriber(String name, int capacity, Duration tick, BatchConsumer consumer) {
    this.name = name;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.tickMillis = tick == null ? 250 : Math.max(1, tick.toMillis());
    this.consumer = tick == null ? batch -> {
      if (!batch.isEmpty()) {
        consumer.accept(batch);
      }
    } : consumer;
    this.thread = new Thread(this::loop, "slumpwatch-" + name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void offer(PipelineEvent e) {
    if (failure != null || !queue.offer(e)) {
      dropped.incrementAndGet();
      return;
    }
    int depth = queue.size();
    if (depth > maxDepth) {
      maxDepth = depth;
    }
  }

  private void loop() {
    List<PipelineEvent> batch = new ArrayList<>();
    try {
      while (true) {
        PipelineEvent first = queue.poll(tickMillis, TimeUnit.MILLISECONDS);
        long lost = dropped.get();
        if (lost > droppedTold) {
          batch.add(new PipelineEvent.Overflowed(lost - droppedTold));
          droppedTold = lost;
        }
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH);
        }
        if (first == null && closing) {
          if (!batch.isEmpty()) {
            consumer.accept(List.copyOf(batch));
          }
          return;
        }
        consumer.accept(List.copyOf(batch));
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failure = e;
      queue.clear();
    }
  }

  /**
   * Lets the consumer take what is queued, then ends its thread; waits at most
   * {@code timeout}. Returns at once when the thread already ended.
   */
  public void close(Duration timeout) throws InterruptedException {
    closing = true;
    thread.join(Math.max(1, timeout.toMillis()));
  }

  /** True when the consumer's thread has ended. */
  public boolean done() {
    return !thread.isAlive();
  }

  public String name() {
    return name;
  }

  /** Events dropped because the queue was full (or the consumer had failed). */
  public long dropped() {
    return dropped.get();
  }

  /** The most events that were waiting at once. */
  public long maxDepth() {
    return maxDepth;
  }

  /** What the consumer threw, ending its thread; null while it runs or when it ended well. */
  public Throwable failure() {
    return failure;
  }
}
