package dev.slumpwatch.alert;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The one thread on which a notifier that takes time (a beep, a buzz) plays its patterns,
 * one after another, so that the processing thread never waits and patterns never overlap.
 * The sound and vibration notifiers share it; what they play differs.
 */
final class PlayerThread {
  private PlayerThread() {
  }

  /** A single daemon thread named {@code name}: it never keeps the program running. */
  static ExecutorService daemon(String name) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues {@code play}; once the notifier is closed it is dropped, as nothing can play. */
  static void play(ExecutorService executor, Runnable play) {
    try {
      executor.execute(play);
    } catch (RejectedExecutionException e) {
      // closed: the console still has the alert
    }
  }

  /** Takes no more patterns and waits up to 5 s for the queued ones to finish. */
  static void close(ExecutorService executor) {
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
