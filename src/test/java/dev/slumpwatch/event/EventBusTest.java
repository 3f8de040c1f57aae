package dev.slumpwatch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bus: direct consumers in order, queued consumers that never hold the publisher up. */
class EventBusTest {
  private static PipelineEvent gap(long i) {
    return new PipelineEvent.Gap(i, i + 1, "test " + i);
  }

  @Test
  void directConsumersSeeEveryEventInOrderOnThePublishersThread() throws Exception {
    List<String> seen = new ArrayList<>();
    try (EventBus bus = new EventBus()) {
      bus.subscribe(e -> seen.add("a " + ((PipelineEvent.Gap) e).fromMicros()
          + " " + Thread.currentThread().getName()));
      bus.subscribe(e -> seen.add("b " + ((PipelineEvent.Gap) e).fromMicros()));
      bus.accept(gap(1));
      bus.accept(gap(2));
    }
    String me = Thread.currentThread().getName();
    assertEquals(List.of("a 1 " + me, "b 1", "a 2 " + me, "b 2"), seen);
  }

  @Test
  void aDirectConsumersFailureReachesThePublisher() {
    EventBus bus = new EventBus().subscribe(e -> {
      throw new IllegalStateException("broken consumer");
    });
    assertThrows(IllegalStateException.class, () -> bus.accept(gap(1)));
  }

  @Test
  void aBlockedQueuedConsumerNeverHoldsThePublisherUpAndHearsOfWhatItMissed()
      throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<PipelineEvent> got = Collections.synchronizedList(new ArrayList<>());
    EventBus bus = new EventBus();
    QueuedSubscriber q = bus.subscribeQueued("slow", 10, null, batch -> {
      got.addAll(batch);
      entered.countDown();
      try {
        release.await(); // a consumer stuck on a slow disk or a busy screen
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    bus.accept(gap(0));
    assertTrue(entered.await(10, TimeUnit.SECONDS), "the consumer took the first event");
    for (int i = 1; i <= 1000; i++) {
      bus.accept(gap(i)); // returns at once: the queue holds 10, the rest are counted
    }
    assertEquals(990, q.dropped(), "1000 published while stuck, 10 queued");
    release.countDown();
    bus.close(Duration.ofSeconds(10));
    assertTrue(q.done());
    assertEquals(gap(0), got.get(0));
    PipelineEvent.Overflowed told = assertInstanceOf(PipelineEvent.Overflowed.class, got.get(1));
    assertEquals(990, told.dropped(), "told how many, before the next events");
    assertEquals(List.of(gap(1), gap(2), gap(3)), got.subList(2, 5), "then the queued ones");
    assertEquals(12, got.size());
  }

  @Test
  void aQueuedConsumerIsCalledOnItsTickWhenNothingArrives() throws Exception {
    CountDownLatch ticks = new CountDownLatch(3);
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    try (EventBus bus = new EventBus()) {
      bus.subscribeQueued("ticking", 10, Duration.ofMillis(5), batch -> {
        sizes.add(batch.size());
        ticks.countDown();
      });
      assertTrue(ticks.await(10, TimeUnit.SECONDS));
    }
    assertTrue(sizes.contains(0), "empty batches on the tick: " + sizes);
  }

  @Test
  void closingLetsAQueuedConsumerTakeWhatIsLeft() throws Exception {
    List<PipelineEvent> got = Collections.synchronizedList(new ArrayList<>());
    EventBus bus = new EventBus();
    bus.subscribeQueued("store", 1000, Duration.ofMillis(50), got::addAll);
    for (int i = 0; i < 500; i++) {
      bus.accept(gap(i));
    }
    bus.close(Duration.ofSeconds(10));
    assertEquals(500, got.size());
  }
}
