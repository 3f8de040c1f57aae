package dev.slumpwatch.clinic;

import com.zaxxer.hikari.HikariDataSource;
import dev.slumpwatch.store.StoreException;
import dev.slumpwatch.store.SyncOutbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Sync in the background of a monitoring session: a thread of its own that sends the
 * outbox every {@code interval}, and after a failure waits longer each time (doubling, up
 * to {@code maxBackoff}) until the server answers again.
 *
 * <p>It shares nothing with the pipeline but the database file: its own SQLite connection
 * and its own server pool. A slow or absent server therefore never delays a sample or an
 * alert; the monitor's writer at most waits for this thread's short outbox deletes (a few
 * milliseconds, within SQLite's busy timeout). It reports changes of state (first failure,
 * recovery) through {@code onEvent}, never one line per attempt.
 */
public final class SyncDaemon implements AutoCloseable {
  /**
   * @param interval time between passes while the server answers
   * @param maxBackoff the longest wait after repeated failures
   */
  public record Settings(Duration interval, Duration maxBackoff, SyncClient.Settings client) {
    public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(1),
        Duration.ofMinutes(15), SyncClient.Settings.DEFAULTS);

    public Settings {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("sync interval must be positive, not " + interval);
      }
      if (maxBackoff.compareTo(interval) < 0) {
        throw new IllegalArgumentException("sync maxBackoff " + maxBackoff
            + " is shorter than the interval " + interval);
      }
    }
  }

  /** What the daemon last did; read from any thread. */
  public record State(long passes, long failures, long rowsSent, String lastError) {}

  private final Path database;
  private final Settings settings;
  private final Clock wallClock;
  private final Consumer<String> onEvent;
  private final SyncClient.Progress progress;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean stopping;
  private boolean wakeRequested;
  private volatile State state = new State(0, 0, 0, null);

  /**
   * Starts the thread. The store at {@code database} must already have sync configured
   * (see {@link SyncOutbox#configure}); a store without it makes the thread report that
   * once and end.
   *
   * @param progress told after each batch the server committed (on the daemon's thread)
   */
  public SyncDaemon(Path database, Settings settings, Clock wallClock, Consumer<String> onEvent,
      SyncClient.Progress progress) {
    this.database = database;
    this.settings = settings;
    this.wallClock = wallClock;
    this.onEvent = onEvent;
    this.progress = progress;
    this.thread = new Thread(this::loop, "slumpwatch-sync");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  /**
   * Starts a daemon for the store at {@code database} when the wearer has turned sharing
   * on, else returns null. Opens the store first on this thread, so its migrations never
   * race the monitor's own opening of the same file.
   */
  public static SyncDaemon startIfEnabled(Path database, Settings settings, Clock wallClock,
      Consumer<String> onEvent) {
    try (SyncOutbox outbox = SyncOutbox.open(database)) {
      if (!outbox.config().enabled()) {
        return null;
      }
    } catch (StoreException e) {
      onEvent.accept("sync: " + e.getMessage() + "; nothing is sent this session");
      return null;
    }
    return new SyncDaemon(database, settings, wallClock, onEvent, SyncClient.Progress.NONE);
  }

  public State state() {
    return state;
  }

  /** Asks for a pass now (after a session's end, say) instead of at the next interval. */
  public void syncNow() {
    lock.lock();
    try {
      wakeRequested = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    SyncOutbox.Config config;
    try (SyncOutbox outbox = SyncOutbox.open(database)) {
      config = outbox.config();
      if (!config.enabled() || config.url() == null) {
        onEvent.accept("sync: not configured for " + database + " (see slumpwatch sync "
            + "configure); nothing is sent");
        return;
      }
      ClinicServer.Login login;
      try {
        login = new ClinicServer.Login(config.url(), config.user(),
            ClinicServer.readPassword(config.passwordFile()));
      } catch (ClinicException | IllegalArgumentException e) {
        onEvent.accept("sync: " + e.getMessage() + "; nothing is sent this session");
        return;
      }
      String warning = ClinicServer.tlsWarning(config.url());
      if (warning != null) {
        onEvent.accept("sync: warning: " + warning);
      }
      try (HikariDataSource pool = ClinicServer.pool(login, "sync", 1)) {
        SyncClient client = new SyncClient(outbox, pool, login.toString(), config.zone(),
            settings.client(), progress);
        run(client, outbox);
      }
    } catch (StoreException e) {
      onEvent.accept("sync: " + e.getMessage() + "; sync stops for this session");
    }
  }

  private void run(SyncClient client, SyncOutbox outbox) throws StoreException {
    Duration wait = settings.interval();
    boolean failing = false;
    while (true) {
      State s = state;
      try {
        SyncClient.Result r = client.syncOnce();
        outbox.recordAttempt(wallClock.millis(), null);
        state = new State(s.passes() + 1, s.failures(), s.rowsSent() + r.serverRows(), null);
        if (failing) {
          onEvent.accept("sync: the clinic server answers again; sent " + r.serverRows()
              + " rows");
        } else if (r.level() == null && s.passes() == 0) {
          onEvent.accept("sync: no consent recorded on the server; nothing is sent");
        }
        failing = false;
        wait = settings.interval();
      } catch (ClinicException e) {
        outbox.recordAttempt(wallClock.millis(), e.getMessage());
        state = new State(s.passes() + 1, s.failures() + 1, s.rowsSent(), e.getMessage());
        if (!failing) {
          onEvent.accept(e.getMessage() + "; retrying in the background");
        }
        failing = true;
        wait = failingWait(wait);
      }
      if (!sleep(wait)) {
        return;
      }
    }
  }

  private Duration failingWait(Duration previous) {
    Duration next = previous.multipliedBy(2);
    return next.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : next;
  }

  /** Waits {@code d} or until woken; false when the daemon is closing. */
  private boolean sleep(Duration d) {
    lock.lock();
    try {
      long nanos = d.toNanos();
      while (!stopping && !wakeRequested && nanos > 0) {
        nanos = wake.awaitNanos(nanos);
      }
      wakeRequested = false;
      return !stopping;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops after the pass in progress, waiting at most {@code timeout} for it (a pass blocked
   * on the network is bounded by the socket time-out); the outbox keeps what was not sent.
   *
   * @return whether the thread ended within the time-out
   */
  public boolean close(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      stopping = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    thread.join(timeout.toMillis());
    return !thread.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    close(Duration.ofSeconds(15));
  }
}
