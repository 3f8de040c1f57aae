package dev.slumpwatch.store;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.pipeline.PipelineListener;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpEpisode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes what the pipeline produces to the {@link Store} on a thread of its own, so a slow
 * disk never delays an alert.
 *
 * <p>Records are queued as immutable values and written in batches: whatever has queued
 * up since the last commit goes into the next transaction. At live rates that is one
 * commit per second of data, so a crash loses at most the last second; when replaying
 * fast, batches grow and the writer keeps up.
 *
 * <p>When a write fails (disk full, directory read-only) the error is reported once
 * through {@code onError}, the batch is kept in memory and retried, and monitoring and
 * alerts go on. Nothing already committed is touched.
 */
public final class StoreWriter implements PipelineListener, AutoCloseable {
  /** Records kept in memory while the disk refuses them: a day of seconds. */
  static final int MAX_PENDING = 86_400 + 10_000;

  private final Store store;
  private final Clock wallClock;
  private final String sourceName;
  private final Consumer<String> onError;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(200_000);
  private final Thread thread;
  private volatile long sessionId = -1;
  private volatile Throwable fatal;
  private volatile long written;
  private volatile long droppedRecords;
  private SourceEvent.DeviceInfo device;
  // written on the processing thread only
  private long lastSecond = -1;
  private boolean ended;
  private long firstMicros;
  private long startedMs;

  private record Begin(Store.SessionInfo info) {}

  private record End(String reason, long endSecond) {}

  public StoreWriter(Store store, Clock wallClock, String sourceName, Consumer<String> onError) {
    this.store = store;
    this.wallClock = wallClock;
    this.sourceName = sourceName;
    this.onError = onError;
    this.thread = new Thread(this::loop, "slumpwatch-store");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Blocks while the queue is full (a fast replay waits for the disk), but never on a
   * writer thread that has died: then the record is counted as dropped.
   */
  private void enqueue(Object o) {
    try {
      while (!queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
        if (!thread.isAlive()) {
          droppedRecords++;
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The session runs with a calibration loaded from the wearer's file: record which. */
  public void usingStoredCalibration(PostureCalibration calibration) {
    enqueue(new Store.Record.Calibration(calibration, "stored", 0));
  }

  @Override
  public void calibrated(PostureCalibration calibration) {
    enqueue(new Store.Record.Calibration(calibration, "learnt", lastSecond + 1));
  }

  private double sessionSeconds(long micros) {
    return (micros - firstMicros) / 1e6;
  }

  @Override
  public void deviceInfo(SourceEvent.DeviceInfo info) {
    device = info;
  }

  @Override
  public void sessionStarted(long firstDeviceMicros) {
    firstMicros = firstDeviceMicros;
    startedMs = wallClock.millis();
    SourceEvent.DeviceInfo d = device;
    enqueue(new Begin(new Store.SessionInfo(startedMs, sourceName,
        d == null ? null : d.deviceId(), d == null ? null : d.firmwareVersion(),
        d == null ? null : d.sensorModel(), d == null ? 0 : d.rateHz(), firstDeviceMicros)));
  }

  @Override
  public void second(PostureSecond second) {
    lastSecond = second.second();
    enqueue(new Store.Record.Second(second));
  }

  @Override
  public void episode(SlumpEpisode e) {
    enqueue(new Store.Record.Episode(e, sessionSeconds(e.startMicros()),
        sessionSeconds(e.endMicros())));
  }

  @Override
  public void breakTaken(SittingTracker.Break b) {
    enqueue(new Store.Record.BreakTaken(b.kind(), sessionSeconds(b.startMicros()),
        sessionSeconds(b.endMicros())));
  }

  @Override
  public void alert(Alert alert) {
    enqueue(new Store.Record.AlertFired(alert));
  }

  @Override
  public void outcome(Alert alert, AlertOutcome outcome) {
    enqueue(new Store.Record.Outcome(outcome, sessionSeconds(outcome.deviceTimeMicros())));
  }

  @Override
  public void acknowledged(Alert alert, Acknowledgement ack) {
    enqueue(new Store.Record.Acknowledged(ack, sessionSeconds(ack.deviceTimeMicros())));
  }

  @Override
  public void gap(long fromMicros, long toMicros, String reason) {
    enqueue(new Store.Record.Gap(sessionSeconds(fromMicros), sessionSeconds(toMicros), reason));
  }

  @Override
  public void finished(String reason) {
    if (!ended) {
      ended = true;
      enqueue(new End(reason, lastSecond + 1));
    }
  }

  private void loop() {
    List<Object> batch = new ArrayList<>();
    List<Object> pending = new ArrayList<>();
    Begin begin = null;
    boolean failing = false;
    try {
      while (true) {
        Object first = queue.poll(failing ? 1000 : 500, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, 20_000);
        }
        End end = null;
        for (Object o : batch) {
          if (o instanceof Begin b) {
            begin = b;
          } else if (o instanceof End e) {
            end = e;
          } else {
            pending.add(o);
          }
        }
        batch.clear();
        if (sessionId < 0 && begin != null) {
          try {
            sessionId = store.beginSession(begin.info());
            startedMs = begin.info().startedMs();
          } catch (StoreException e) {
            if (!failing) {
              onError.accept(e.getMessage() + " — monitoring and alerts go on; records are "
                  + "held in memory and written when the disk accepts them");
              failing = true;
            }
          }
        }
        if (!pending.isEmpty() && sessionId >= 0) {
          try {
            store.write(sessionId, startedMs, pending);
            written += pending.size();
            pending.clear();
            if (failing) {
              onError.accept("the database is writable again: " + store.file()
                  + "; all held records were written");
              failing = false;
            }
          } catch (StoreException e) {
            if (!failing) {
              onError.accept(e.getMessage() + " — monitoring and alerts go on; records are "
                  + "held in memory and written when the disk accepts them");
              failing = true;
            }
          }
        }
        if (pending.size() > MAX_PENDING) {
          int drop = pending.size() - MAX_PENDING;
          pending.subList(0, drop).clear();
          droppedRecords += drop;
        }
        if (end != null && pending.isEmpty()) {
          if (sessionId >= 0) {
            try {
              store.endSession(sessionId, startedMs + end.endSecond() * 1000, end.reason());
            } catch (StoreException e) {
              onError.accept(e.getMessage() + "; the session's data is stored, only its end "
                  + "time is missing");
            }
          }
          return;
        }
        if (end != null) {
          // the disk still refuses: give up on the rest, saying how much
          droppedRecords += pending.size();
          onError.accept("could not write the last " + pending.size() + " records to "
              + store.file() + "; they are lost, everything written before is intact");
          return;
        }
      }
    } catch (RuntimeException e) {
      fatal = e;
      onError.accept(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ends the session if the pipeline did not, and waits until everything is written. */
  @Override
  public void close() throws InterruptedException {
    finished("closed");
    thread.join();
  }

  public long sessionId() {
    return sessionId;
  }

  public long startedMs() {
    return startedMs;
  }

  public long written() {
    return written;
  }

  public long droppedRecords() {
    return droppedRecords;
  }

  public Throwable fatal() {
    return fatal;
  }
}
