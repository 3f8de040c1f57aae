package dev.slumpwatch.pipeline;

import dev.slumpwatch.event.EventBus;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.event.QueuedSubscriber;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records the session's events in the {@link Store}, on a thread of its own (a queued
 * subscriber of the {@link EventBus}), so a slow disk never delays an alert.
 *
 * <p>Whatever has queued up since the last commit goes into the next transaction. At live
 * rates that is one commit per second of data, so a crash loses at most the last second;
 * when replaying fast, batches grow and the recorder keeps up.
 *
 * <p>When a write fails (disk full, directory read-only) the error is reported once
 * through {@code onError}, the batch is kept in memory and retried, and monitoring and
 * alerts go on. Nothing already committed is touched.
 */
public final class StoreRecorder {
  /** Records kept in memory while the disk refuses them: a day of seconds. */
  static final int MAX_PENDING = 86_400 + 10_000;
  /** Events waiting for the recorder's thread before it drops and counts them. */
  static final int QUEUE_CAPACITY = 200_000;

  private final Store store;
  private final String sourceName;
  private final Consumer<String> onError;
  private QueuedSubscriber subscription;
  private volatile long sessionId = -1;
  private volatile long written;
  private volatile long droppedRecords;
  private volatile boolean ended;

  // the recorder's thread only
  private final List<PipelineEvent> pending = new ArrayList<>();
  private PipelineEvent.SessionStarted begin;
  private Store.SessionRef session;
  private boolean failing;
  private long lastSecond = -1;
  private String endReason;

  /**
   * @param sourceName how the session's source is described in the history
   * @param onError store problems, one line each
   */
  public StoreRecorder(Store store, String sourceName, Consumer<String> onError) {
    this.store = store;
    this.sourceName = sourceName;
    this.onError = onError;
  }

  /** Starts recording what {@code bus} publishes from now on. */
  public StoreRecorder subscribeTo(EventBus bus) {
    subscription = bus.subscribeQueued("store", QUEUE_CAPACITY, Duration.ofMillis(500),
        this::take);
    return this;
  }

  private void take(List<PipelineEvent> batch) {
    if (ended) {
      return;
    }
    for (PipelineEvent e : batch) {
      if (e instanceof PipelineEvent.SessionStarted s) {
        begin = s;
      } else if (e instanceof PipelineEvent.Finished f) {
        endReason = f.reason();
      } else if (e instanceof PipelineEvent.Overflowed o) {
        droppedRecords += o.dropped();
        onError.accept(store.file() + ": " + o.dropped() + " records could not be queued for "
            + "the database (it fell behind) and are lost; monitoring and alerts go on");
      } else if (!(e instanceof PipelineEvent.Live)) {
        if (e instanceof PipelineEvent.Second s) {
          lastSecond = s.second().second();
        }
        pending.add(e);
      }
    }
    if (session == null && begin != null) {
      try {
        SourceEvent.DeviceInfo d = begin.device();
        long id = store.beginSession(new Store.SessionInfo(begin.startedMs(), sourceName,
            d == null ? null : d.deviceId(), d == null ? null : d.firmwareVersion(),
            d == null ? null : d.sensorModel(), d == null ? 0 : d.rateHz(),
            begin.firstDeviceMicros()));
        session = new Store.SessionRef(id, begin.startedMs(), begin.firstDeviceMicros());
        sessionId = id;
      } catch (StoreException e) {
        failed(e);
      }
    }
    if (!pending.isEmpty() && session != null) {
      try {
        store.write(session, pending);
        written += pending.size();
        pending.clear();
        if (failing) {
          onError.accept("the database is writable again: " + store.file()
              + "; all held records were written");
          failing = false;
        }
      } catch (StoreException e) {
        failed(e);
      }
    }
    if (pending.size() > MAX_PENDING) {
      int drop = pending.size() - MAX_PENDING;
      pending.subList(0, drop).clear();
      droppedRecords += drop;
    }
    if (endReason != null) {
      end();
    }
  }

  private void failed(StoreException e) {
    if (!failing) {
      onError.accept(e.getMessage() + " — monitoring and alerts go on; records are "
          + "held in memory and written when the disk accepts them");
      failing = true;
    }
  }

  private void end() {
    ended = true;
    if (!pending.isEmpty()) {
      // the disk still refuses: give up on the rest, saying how much
      droppedRecords += pending.size();
      onError.accept("could not write the last " + pending.size() + " records to "
          + store.file() + "; they are lost, everything written before is intact");
      pending.clear();
      return;
    }
    if (session != null) {
      try {
        store.endSession(session.id(), session.startedMs() + (lastSecond + 1) * 1000,
            endReason);
      } catch (StoreException e) {
        onError.accept(e.getMessage() + "; the session's data is stored, only its end "
            + "time is missing");
      }
    }
  }

  /** Waits until the recorder has taken everything published (the session has ended). */
  public void close() throws InterruptedException {
    if (subscription != null) {
      subscription.close(Duration.ofMinutes(1));
      Throwable t = subscription.failure();
      if (t != null) {
        onError.accept(store.file() + ": the recorder failed: " + t);
      }
    }
  }

  /** The session's row in the store, or -1 before it was written. */
  public long sessionId() {
    return sessionId;
  }

  /** Events written to the store. */
  public long written() {
    return written;
  }

  /** Records lost: the queue was full, or the disk refused them until the end. */
  public long droppedRecords() {
    return droppedRecords;
  }
}
