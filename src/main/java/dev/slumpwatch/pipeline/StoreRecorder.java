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
 * when replaying fast, batches grow (to {@link #MAX_BATCH} events) and the recorder keeps
 * up.
 *
 * <p>What a failed write means depends on why it failed ({@link StoreException.Kind}):
 * <ul>
 *   <li>the file refuses writes for now (a full disk, a read-only file): the records are
 *       held in memory and written as soon as the file takes them again (tried on every
 *       batch and at least every half second); one line says it failed, one that it
 *       resumed. Monitoring and alerts go on.
 *   <li>a record cannot be stored as it is (a NaN where a number is required): the batch is
 *       split in halves until that record is found; it is set aside in the store's
 *       {@code quarantine} table with its content (or, should that fail too, told with its
 *       content), and every other record is written. One bad record never blocks the rest.
 *   <li>the file is damaged: nothing more is written to it, and the wearer is told so.
 * </ul>
 * When the session ends with records still unwritten, one line says exactly how many
 * seconds of posture (and which) and how many other records are lost.
 *
 * <p>The session's row is written together with its first records, in one transaction, so
 * a file that cannot take them gets no session without data.
 */
public final class StoreRecorder {
  /** Records kept in memory while the disk refuses them: a day of seconds. */
  static final int MAX_PENDING = 86_400 + 10_000;
  /** Events waiting for the recorder's thread before it drops and counts them. */
  static final int QUEUE_CAPACITY = 200_000;
  /** Most events in one transaction: bounds what a failing retry costs. */
  static final int MAX_BATCH = 5_000;

  private final Store store;
  private final String sourceName;
  private final Consumer<String> onError;
  private QueuedSubscriber subscription;
  private volatile long sessionId = -1;
  private volatile long written;
  private volatile long droppedRecords;
  private volatile long setAside;
  private volatile boolean ended;

  // the recorder's thread only
  private final List<PipelineEvent> pending = new ArrayList<>();
  private PipelineEvent.SessionStarted begin;
  private Store.SessionRef session;
  /** Why the file refuses writes now, or null while it takes them. */
  private StoreException failing;
  private StoreException damaged;
  private long lastSecond = -1;
  private String endReason;
  /** Seconds of posture lost before the end (held too long, or the file damaged). */
  private final SecondsLost lost = new SecondsLost();

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
      } else if (Store.keeps(e)) {
        if (e instanceof PipelineEvent.Second s) {
          lastSecond = s.second().second();
        }
        pending.add(e);
      }
    }
    if (damaged != null) {
      lost.count(pending);
      droppedRecords += pending.size();
      pending.clear();
    } else if (begin != null && (!pending.isEmpty() || (session == null && endReason != null))) {
      writePending();
    }
    if (pending.size() > MAX_PENDING) {
      List<PipelineEvent> oldest = pending.subList(0, pending.size() - MAX_PENDING);
      lost.count(oldest);
      droppedRecords += oldest.size();
      oldest.clear();
    }
    if (endReason != null) {
      end();
    }
  }

  /** Writes what is pending, batch by batch, until done or the file refuses. */
  private void writePending() {
    while (damaged == null) {
      int n = Math.min(pending.size(), MAX_BATCH);
      int done = writeRange(pending, 0, n);
      pending.subList(0, done).clear();
      if (failing != null && (done > 0 || (n == 0 && session != null))) {
        onError.accept("the database accepts writes again: " + store.file() + "; the "
            + "records held in memory are written");
        failing = null;
      }
      if (done < n || pending.isEmpty()) {
        return;
      }
    }
  }

  /**
   * Writes {@code events[from, to)} in one transaction or, when one of them cannot be
   * stored, in halves around it.
   *
   * @return how many from {@code from} on were dealt with (written or set aside): fewer
   *     than {@code to - from} when the file refused or is damaged
   */
  private int writeRange(List<PipelineEvent> events, int from, int to) {
    List<PipelineEvent> part = events.subList(from, to);
    try {
      if (session == null) {
        session = store.beginSession(info(), List.copyOf(part));
        sessionId = session.id();
      } else if (from < to) {
        store.write(session, part);
      }
      written += to - from;
      return to - from;
    } catch (StoreException e) {
      switch (e.kind()) {
        case RECORD -> {
          if (to == from) { // the session's own row was refused: nothing to isolate
            refused(e);
            return 0;
          }
          if (to - from == 1) {
            return setAside(events, from, e) ? to - from : 0;
          }
          int mid = (from + to) >>> 1;
          int a = writeRange(events, from, mid);
          return a < mid - from ? a : a + writeRange(events, mid, to);
        }
        default -> {
          refused(e);
          return 0;
        }
      }
    }
  }

  /** The file refuses writes for now, or is damaged: said once. */
  private void refused(StoreException e) {
    if (e.kind() == StoreException.Kind.DAMAGED) {
      damaged = e;
      onError.accept(e.getMessage() + " — the file is damaged: nothing more is written to "
          + "it, so this session is not recorded from here on; monitoring and alerts go on. "
          + "Keep a copy of the file and check it with: sqlite3 " + store.file()
          + " 'PRAGMA integrity_check'");
      return;
    }
    if (failing == null) {
      onError.accept(e.getMessage() + " — monitoring and alerts go on; records are "
          + "held in memory and written when the disk accepts them");
    }
    failing = e;
  }

  /**
   * One record the store refused as it is: into the quarantine table with its content,
   * else told with its content. False when the file refuses even that for now (then the
   * record stays pending and is tried again).
   */
  private boolean setAside(List<PipelineEvent> events, int at, StoreException why) {
    PipelineEvent bad = events.get(at);
    if (bad instanceof PipelineEvent.Second s) {
      lastSecond = Math.max(lastSecond, s.second().second());
    }
    try {
      if (session == null) {
        session = store.beginSession(info(), List.of());
        sessionId = session.id();
      }
      store.quarantine(session, bad, why.getMessage());
      setAside++;
      onError.accept(store.file() + ": one record could not be stored as it is and was set "
          + "aside in the table 'quarantine' (" + why.getMessage() + "): " + bad
          + " — every other record is written");
      return true;
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.RECORD) {
        droppedRecords++;
        lost.count(List.of(bad));
        onError.accept(store.file() + ": one record could not be stored, nor set aside, and "
            + "is lost (" + why.getMessage() + "): " + bad);
        return true;
      }
      refused(e);
      return false;
    }
  }

  private Store.SessionInfo info() {
    SourceEvent.DeviceInfo d = begin.device();
    return new Store.SessionInfo(begin.startedMs(), sourceName,
        d == null ? null : d.deviceId(), d == null ? null : d.firmwareVersion(),
        d == null ? null : d.sensorModel(), d == null ? 0 : d.rateHz(),
        begin.firstDeviceMicros());
  }

  private void end() {
    ended = true;
    if (damaged != null) {
      droppedRecords += pending.size();
      lost.count(pending);
      pending.clear();
      onError.accept(lost.describe() + " of this session were not recorded: " + store.file()
          + " is damaged (" + damaged.getMessage() + ")");
      return;
    }
    if (!pending.isEmpty()) {
      // the disk still refuses: give up on the rest, saying exactly what
      droppedRecords += pending.size();
      lost.count(pending);
      onError.accept("could not write the last " + pending.size() + " records to "
          + store.file() + " (" + (failing != null ? failing.getMessage() : "no reason given")
          + "): " + lost.describe() + " are lost; everything stored before is intact");
      pending.clear();
      return;
    }
    if (lost.seconds > 0) {
      onError.accept(lost.describe() + " held in memory too long were lost; the rest of the "
          + "session is stored in " + store.file());
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

  /** Seconds of posture among lost records: how many, and the first and last. */
  private static final class SecondsLost {
    long seconds;
    long others;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    void count(List<PipelineEvent> records) {
      for (PipelineEvent e : records) {
        if (e instanceof PipelineEvent.Second s) {
          seconds++;
          first = Math.min(first, s.second().second());
          last = Math.max(last, s.second().second());
        } else {
          others++;
        }
      }
    }

    String describe() {
      return seconds + " seconds of posture"
          + (seconds > 0 ? " (seconds " + first + " to " + last + " of the session)" : "")
          + " and " + others + " other records";
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

  /** Records the store refused as they were, kept in its quarantine table. */
  public long setAside() {
    return setAside;
  }
}
