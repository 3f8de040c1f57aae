package dev.slumpwatch.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The pipeline's one output: it publishes {@link PipelineEvent}s here, and each consumer
 * subscribes in one of two ways.
 *
 * <ul>
 *   <li>{@link #subscribe}: called on the processing thread, in subscription order, before
 *       the next sample is processed. For consumers that only record or hand on (the session
 *       summary, the console's printer, the notifiers, which have their own player threads).
 *       Such a consumer must not block; an exception it throws stops the session, as a
 *       failing stage would.
 *   <li>{@link #subscribeQueued}: the consumer runs on a thread of its own and gets the events
 *       through its own bounded queue (the store's recorder, a live window). The processing
 *       thread never waits for it: when its queue is full an event is dropped, counted, and
 *       the consumer is told with {@link PipelineEvent.Overflowed} before its next batch.
 * </ul>
 *
 * <p>Subscribe before the first event is published; the bus is not meant to change while a
 * session runs.
 */
public final class EventBus implements Consumer<PipelineEvent>, AutoCloseable {
  private final List<Consumer<PipelineEvent>> direct = new ArrayList<>();
  private final List<QueuedSubscriber> queued = new ArrayList<>();
  @SuppressWarnings("unchecked")
  private Consumer<PipelineEvent>[] directArray = new Consumer[0];
  private QueuedSubscriber[] queuedArray = new QueuedSubscriber[0];

  /** A consumer on the processing thread. */
  public EventBus subscribe(Consumer<PipelineEvent> consumer) {
    direct.add(consumer);
    directArray = direct.toArray(directArray);
    return this;
  }

  /**
   * A consumer on a thread of its own, named {@code slumpwatch-NAME}, started at once.
   *
   * @param capacity events its queue holds before it drops and counts them
   * @param tick when no event arrives for this long, the consumer is called with an empty
   *     batch (a retry, a repaint); null for never
   */
  public QueuedSubscriber subscribeQueued(String name, int capacity, Duration tick,
      QueuedSubscriber.BatchConsumer consumer) {
    QueuedSubscriber q = new QueuedSubscriber(name, capacity, tick, consumer);
    queued.add(q);
    queuedArray = queued.toArray(new QueuedSubscriber[0]);
    q.start();
    return q;
  }

  @Override
  public void accept(PipelineEvent event) {
    for (Consumer<PipelineEvent> c : directArray) {
      c.accept(event);
    }
    for (QueuedSubscriber q : queuedArray) {
      q.offer(event);
    }
  }

  /** The queued consumers, for their overflow counts. */
  public List<QueuedSubscriber> queued() {
    return List.copyOf(queued);
  }

  /**
   * Lets every queued consumer take what is still in its queue, then stops their threads;
   * waits at most {@code timeout} for each.
   */
  public void close(Duration timeout) throws InterruptedException {
    for (QueuedSubscriber q : queued) {
      q.close(timeout);
    }
  }

  @Override
  public void close() throws InterruptedException {
    close(Duration.ofSeconds(30));
  }
}
