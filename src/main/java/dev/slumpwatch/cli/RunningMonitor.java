package dev.slumpwatch.cli;

import dev.slumpwatch.pipeline.MonitorLock;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The monitor running on a data directory, as {@code ack} and {@code recalibrate} find it:
 * the latest session in its history, not ended, and a live holder of its monitor lock (a
 * session left open by a killed monitor has none). Either both, or why not, in words.
 *
 * @param session the running monitor's session; null when there is none
 * @param holder the lock's holder; null when there is none
 * @param whyNot why there is no running monitor; null when there is one
 */
record RunningMonitor(Store.SessionRow session, MonitorLock.Holder holder, String whyNot) {

  /**
   * Looks in {@code store} (the history {@code db} of {@code dir}) and at the lock.
   *
   * @param clock for the times said in {@link #whyNot}
   */
  static RunningMonitor find(Store store, Path db, Path dir, Clock clock)
      throws IOException, StoreException {
    Optional<Store.SessionRow> latest = store.latestSession();
    if (latest.isEmpty()) {
      return none("no session in " + db + " yet");
    }
    Store.SessionRow s = latest.get();
    if (s.endReason() != null) {
      return none("no monitor is running (the last session, " + s.source() + ", ended "
          + AckCommand.when(s.endedMs(), clock) + ")");
    }
    Optional<MonitorLock.Holder> holder = MonitorLock.running(dir);
    if (holder.isEmpty()) {
      // the session was never closed: its monitor was killed, or the machine stopped
      return none("no monitor is running on " + dir + " (the last session, " + s.source()
          + ", started " + AckCommand.when(s.startedMs(), clock) + ", stopped without "
          + "ending)");
    }
    return new RunningMonitor(s, holder.get(), null);
  }

  private static RunningMonitor none(String why) {
    return new RunningMonitor(null, null, why);
  }
}
