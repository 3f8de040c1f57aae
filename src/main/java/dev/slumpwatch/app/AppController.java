package dev.slumpwatch.app;

import com.pi4j.context.Context;
import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.AlertControls;
import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.alert.Notifier;
import dev.slumpwatch.alert.Notifiers;
import dev.slumpwatch.alert.SoundNotifier;
import dev.slumpwatch.alert.VibrationNotifier;
import dev.slumpwatch.event.EventBus;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.event.QueuedSubscriber;
import dev.slumpwatch.pipeline.Monitor;
import dev.slumpwatch.pipeline.MonitorLock;
import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.protocol.DecoderStats;
import dev.slumpwatch.report.DayFigures;
import dev.slumpwatch.report.DayTally;
import dev.slumpwatch.report.Reports;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.sensor.pi.PiI2cSampleSource;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import dev.slumpwatch.settings.EffectiveSettings;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the window's buttons do, off the event-dispatch thread: starts and stops monitoring
 * sessions (one at a time, on a thread of their own), writes the wearer's controls to the
 * session's data directory (as {@code slumpwatch snooze|pain|dnd|ack} do), writes today's
 * report, and feeds the {@link LiveModel} from the session's events through a bounded queue
 * of its own. A view publisher turns the model into an {@link AppView} at most
 * {@value #VIEWS_PER_SECOND} times a second while the calibration wizard shows (its gauge
 * follows the bend), {@value #QUIET_VIEWS_PER_SECOND} times otherwise, and hands it to the
 * window only when it changed.
 *
 * <p>The simulated wearer runs in {@code DATA_DIR/sim}, apart from the wearer's own history
 * and with its own monitor lock; a sensor session runs in the data directory itself and
 * holds its {@link MonitorLock}, so a second monitor there is refused (and this app is
 * refused while {@code slumpwatch run} holds it).
 */
public final class AppController implements AutoCloseable {
  public static final int VIEWS_PER_SECOND = 10;
  /**
   * Views a second while no wizard shows: the posture words, the counters and today's
   * figures read as well at 5 a second, and each view is a round of work on the
   * event-dispatch thread (at 10 a second that thread was a third of the app's processor
   * time in {@code bench app}).
   */
  public static final int QUIET_VIEWS_PER_SECOND = 5;
  /** Events the window's queue holds; beyond that they are dropped and counted. */
  static final int QUEUE_CAPACITY = 4096;
  /** The simulated wearer's data directory, inside the data directory. */
  public static final String SIM_DIR = "sim";
  public static final String DATABASE = "slumpwatch.db";

  /** How posture profiles are read and stored (the command line's profile files). */
  public interface Profiles {
    /** The stored profile, or null when there is none. */
    PostureProfile load(Path dir, String name) throws IOException;

    Path save(Path dir, String name, PostureProfile profile) throws IOException;
  }

  /** Where the view goes: the window (and the tray). Called off the event-dispatch thread. */
  public interface Display {
    void show(AppView view);

    /** An alert was delivered: as a desktop notification (tray balloon, notify-send). */
    void notify(dev.slumpwatch.alert.Alert alert);
  }

  /**
   * @param dataDir the wearer's data directory
   * @param profile the posture profile a serial or Pi session measures with, and where a
   *     calibration learnt in it is stored (as {@code slumpwatch run} stores it)
   * @param pi4j a new Pi4J context for the Pi's I2C sensor (the session shuts it down)
   * @param log problems and state changes, one line each (stderr, the notice line)
   */
  public record Options(Path dataDir, EffectiveSettings settings, String profile,
      Profiles profiles, Supplier<Context> pi4j, Consumer<String> log) {}

  /** What to monitor. */
  public sealed interface Choice {
    /** What the sensor picker and the preferences call it. */
    String key();

    String describe();
  }

  /** The sensor on a serial port: the port, its speed, the text formats it may speak. */
  public record Serial(SerialSampleSource.Settings settings) implements Choice {
    @Override
    public String key() {
      return "serial";
    }

    public String port() {
      return settings.port();
    }

    @Override
    public String describe() {
      return "serial " + settings.port() + " at " + settings.baud() + " baud";
    }
  }

  /**
   * The simulated wearer, paced at {@code speed} sensor seconds per second (1: as live).
   */
  public record Simulated(Scenario scenario, double speed) implements Choice {
    @Override
    public String key() {
      return "sim";
    }

    @Override
    public String describe() {
      return "simulated wearer ('" + scenario.name() + "'" + (speed == 1 ? ""
          : String.format(Locale.ROOT, ", %.0fx", speed)) + ")";
    }
  }

  /**
   * The MPU-6050 on this Raspberry Pi's I2C bus ({@code --bus}, {@code --address}; a second
   * one at the other address is read as the lower back, as {@code run --source pi-i2c}
   * does).
   */
  public record PiI2c(PiI2cSampleSource.Settings settings) implements Choice {
    @Override
    public String key() {
      return "pi-i2c";
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "MPU-6050 at 0x%02x on I2C bus %d",
          settings.address(), settings.bus());
    }
  }

  private final Options options;
  private final LiveModel model;
  private final Display display;
  private final ExecutorService control = Executors.newSingleThreadExecutor(
      r -> daemon(r, "slumpwatch-app-control"));
  private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(
      r -> daemon(r, "slumpwatch-app-view"));
  private final List<Notifier> channels = new ArrayList<>();
  private volatile Session session;
  private volatile AppView lastShown;
  private volatile boolean closed;
  private long lastPollNanos;
  private long publishTicks;

  /** One running session: its thread, monitor, source, lock and directory. */
  private static final class Session {
    final Choice choice;
    final Path dir;
    final SampleSource source;
    final MonitorLock lock;
    final AtomicReference<Monitor> monitor = new AtomicReference<>();
    final Context pi4j;
    /** A calibration asked for before the monitor existed: asked for once it does. */
    final AtomicReference<String> calibrationAsked = new AtomicReference<>();
    Thread thread;
    EventBus relay;
    volatile boolean stopping;

    Session(Choice choice, Path dir, SampleSource source, MonitorLock lock, Context pi4j) {
      this.choice = choice;
      this.dir = dir;
      this.source = source;
      this.lock = lock;
      this.pi4j = pi4j;
    }

    /** The monitor runs: a calibration asked for before is passed on now. */
    void started(Monitor m) {
      monitor.set(m);
      String why = calibrationAsked.getAndSet(null);
      if (why != null) {
        m.requestCalibration(why);
      }
    }

    void requestCalibration(String why) {
      Monitor m = monitor.get();
      if (m != null) {
        m.requestCalibration(why);
      } else {
        calibrationAsked.set(why);
        Monitor now = monitor.get();
        if (now != null && calibrationAsked.getAndSet(null) != null) {
          now.requestCalibration(why); // the monitor came in between
        }
      }
    }
  }

  public AppController(Options options, LiveModel model, Display display) {
    this.options = options;
    this.model = model;
    this.display = display;
    openChannels();
    publisher.scheduleAtFixedRate(this::publish, 0, 1000 / VIEWS_PER_SECOND,
        TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Sound and vibration as the settings choose; the desktop notification is the window's. */
  private void openChannels() {
    Notifiers.Settings s = options.settings().notifiers();
    for (String c : s.channels()) {
      Notifier n = switch (c) {
        case "sound" -> SoundNotifier.open(options.log());
        case "vibration" -> VibrationNotifier.open(s.vibrationPin(), options.log());
        default -> null; // desktop: always on in the app, through the display
      };
      if (n != null) {
        channels.add(n);
      }
    }
  }

  public LiveModel model() {
    return model;
  }

  /** The data directory the current (or next) session uses for {@code choice}. */
  public Path dirFor(Choice choice) {
    return choice instanceof Simulated ? options.dataDir().resolve(SIM_DIR) : options.dataDir();
  }

  /** Monitors {@code choice} from now on, ending the session that runs (asynchronously). */
  public Future<?> start(Choice choice) {
    return control.submit(() -> startNow(choice));
  }

  /** Why the app asks for a calibration, as the wizard and the history say it. */
  public static final String RECALIBRATE_WHY = "asked for in the app";

  /**
   * Calibrates again, in the running session: the pipeline's own guided calibration starts
   * with the next sample (the session, its history and its chart go on); its steps come as
   * the pipeline's calibration events, and a calibration learnt on a real sensor replaces
   * the stored profile. If it gives up, the calibration from before is used again.
   */
  public Future<?> recalibrate() {
    return control.submit(() -> {
      Session s = session;
      if (s == null) {
        model.notice("Choose a sensor first: calibration needs one");
        return;
      }
      model.notice(null);
      s.requestCalibration(RECALIBRATE_WHY);
    });
  }

  /** Ends the session that runs, if any. */
  public Future<?> stop() {
    return control.submit(() -> stopNow("stopped"));
  }

  private void startNow(Choice choice) {
    stopNow("sensor changed");
    Path dir = dirFor(choice);
    MonitorLock lock;
    try {
      Files.createDirectories(dir);
      lock = MonitorLock.acquire(dir, "app", choice.describe());
    } catch (MonitorLock.HeldException e) {
      say(e.getMessage());
      return;
    } catch (IOException e) {
      say("cannot monitor into " + dir + ": " + e.getMessage());
      return;
    }
    Context pi4j = null;
    try {
      SampleSource source;
      PostureProfile stored = null;
      if (choice instanceof Simulated sim) {
        // the simulated wearer's scenario makes the calibration's moves itself
        source = new SimulatedWearer(sim.scenario(), new Pacer(sim.speed(), System::nanoTime),
            null);
      } else {
        stored = options.profiles().load(dir, options.profile());
        if (choice instanceof Serial serial) {
          source = new SerialSampleSource(serial.settings(), System::nanoTime, options.log(),
              null);
        } else {
          pi4j = options.pi4j().get();
          source = new PiI2cSampleSource(((PiI2c) choice).settings(), pi4j, System::nanoTime,
              null, options.log());
        }
      }
      ZoneId zone = ZoneId.systemDefault();
      Path db = dir.resolve(DATABASE);
      LocalDate day = LocalDate.now(zone);
      DayFigures before = storedToday(db, day, zone);
      Session s = new Session(choice, dir, source, lock, pi4j);
      model.notice(null);
      model.sessionStarting(choice.describe(), day, before);
      s.relay = new EventBus();
      s.relay.subscribeQueued("window", QUEUE_CAPACITY, Duration.ofMillis(250), model::accept);
      Consumer<PipelineEvent> alerts = e -> {
        if (e instanceof PipelineEvent.AlertFired a && a.alert().delivered()) {
          display.notify(a.alert());
          for (Notifier n : channels) {
            n.notify(a.alert());
          }
        }
      };
      boolean keep = !(choice instanceof Simulated);
      Consumer<PipelineEvent> keepCalibration = e -> {
        if (keep && e instanceof PipelineEvent.Calibrated c
            && c.origin() == PipelineEvent.Origin.LEARNT) {
          storeCalibration(dir, c);
        }
      };
      SessionSetup setup = new SessionSetup(options.settings().pipeline(), source.scale(),
          PostureSetup.storedOrLearn(stored), Clock.systemDefaultZone(),
          new ControlFile(dir, this::say));
      SessionRunner.Spec spec = new SessionRunner.Spec(source, db, setup, choice instanceof
          Simulated ? "app: " + choice.describe() : choice.describe(), List.of(s.relay, alerts,
          keepCalibration), this::say, 1024);
      s.thread = new Thread(() -> runSession(s, spec), "slumpwatch-session");
      s.thread.setDaemon(true);
      session = s;
      s.thread.start();
      pi4j = null; // the session shuts it down
      lock = null;
    } catch (IOException | RuntimeException e) {
      say("cannot start " + choice.describe() + ": " + (e.getMessage() == null ? e.toString()
          : e.getMessage()));
      model.sessionEnded("could not start");
    } finally {
      if (pi4j != null) {
        pi4j.shutdown();
      }
      if (lock != null) {
        closeQuietly(lock);
      }
    }
  }

  /**
   * A calibration learnt on a real sensor becomes the wearer's profile, as in
   * {@code slumpwatch run}: the next session measures with it at once. Processing thread.
   */
  private void storeCalibration(Path dir, PipelineEvent.Calibrated c) {
    try {
      Path f = options.profiles().save(dir, options.profile(),
          new PostureProfile(c.upper(), c.lower(), "in-session"));
      model.notice("Calibration stored as profile '" + options.profile() + "' in " + f);
    } catch (IOException | RuntimeException failed) {
      say("the calibration could not be stored (" + failed.getMessage() + "); the next "
          + "session calibrates again");
    }
  }

  private void runSession(Session s, SessionRunner.Spec spec) {
    String reason = "source ended";
    try {
      SessionRunner.run(spec, s::started);
      if (s.stopping) {
        reason = "stopped";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reason = "interrupted";
    } catch (Exception e) {
      reason = "failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
      say("monitoring " + s.choice.describe() + " " + reason);
    } finally {
      try {
        s.relay.close(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (s.pi4j != null) {
        s.pi4j.shutdown();
      }
      closeQuietly(s.lock);
      if (session == s) {
        model.sessionEnded(reason);
      }
    }
  }

  private void stopNow(String why) {
    Session s = session;
    if (s == null) {
      return;
    }
    s.stopping = true;
    Monitor m = s.monitor.get();
    if (m != null) {
      m.stop();
    } else {
      s.source.close();
    }
    try {
      s.thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (s.thread.isAlive()) {
      say("the session on " + s.choice.describe() + " did not stop within 15 s");
    }
    session = null;
    model.sessionEnded(why);
  }

  private void closeQuietly(MonitorLock lock) {
    try {
      lock.close();
    } catch (IOException e) {
      say("releasing " + lock.file() + ": " + e.getMessage());
    }
  }

  /**
   * The day's figures from the store before this session (the day report's), read on the
   * control thread; none when nothing is stored or it cannot be read (then said).
   */
  private DayFigures storedToday(Path db, LocalDate day, ZoneId zone) {
    if (!Files.exists(db)) {
      return DayTally.empty(day);
    }
    try (Store store = Store.open(db)) {
      return DayFigures.of(store, day, zone);
    } catch (Exception e) {
      say("today's earlier sessions could not be read from " + db + " (" + e.getMessage()
          + "); today's figures count this session only");
      return DayTally.empty(day);
    }
  }

  private void say(String message) {
    options.log().accept(message);
    model.notice(message);
  }

  // ---- the wearer's controls, written where the session's monitor reads them

  /** How long a snooze lasts. */
  public enum Snooze { THIRTY_MINUTES, ONE_HOUR, UNTIL_TOMORROW, OFF }

  /**
   * The clock the controls are dated by: the session's own for the simulated wearer (which
   * may run faster than real time, and whose alert engine compares a snooze with its sensor
   * time), the host's otherwise.
   */
  Clock controlsClock() {
    Session s = session;
    long sessionMs = model.sessionNowMs();
    if (s != null && s.choice instanceof Simulated && sessionMs > 0) {
      return Clock.fixed(Instant.ofEpochMilli(sessionMs), ZoneId.systemDefault());
    }
    return Clock.systemDefaultZone();
  }

  private Path controlsDir() {
    Session s = session;
    return s != null ? s.dir : options.dataDir();
  }

  public Future<?> snooze(Snooze length) {
    return control.submit(() -> {
      Clock clock = controlsClock();
      Instant until = switch (length) {
        case THIRTY_MINUTES -> clock.instant().plus(Duration.ofMinutes(30));
        case ONE_HOUR -> clock.instant().plus(Duration.ofHours(1));
        case UNTIL_TOMORROW -> LocalDate.now(clock).plusDays(1).atStartOfDay(clock.getZone())
            .toInstant();
        case OFF -> null;
      };
      writeControl("snooze.until", until == null ? null : until.toString());
    });
  }

  public Future<?> painPause(boolean on) {
    return control.submit(() -> writeControl("pain", on ? "on" : "off"));
  }

  public Future<?> doNotDisturb(boolean on) {
    return control.submit(() -> writeControl("dnd", on ? "on" : "off"));
  }

  public Future<?> acknowledge() {
    return control.submit(() -> {
      try {
        ControlFile.requestAcknowledgement(controlsDir(), controlsClock().instant(),
            Acknowledgement.WINDOW);
      } catch (IOException e) {
        say("cannot acknowledge: " + e.getMessage());
      }
    });
  }

  private void writeControl(String key, String value) {
    try {
      ControlFile.set(controlsDir(), key, value);
      pollControls();
    } catch (IOException e) {
      say("cannot write " + controlsDir().resolve(ControlFile.NAME) + ": " + e.getMessage());
    }
  }

  /**
   * Writes today's report (the same page {@code slumpwatch report} writes) and hands its
   * path to {@code open} (the browser), all off the event-dispatch thread.
   */
  public Future<?> openTodaysReport(Consumer<Path> open) {
    return control.submit(() -> {
      Path dir = controlsDir();
      Path db = dir.resolve(DATABASE);
      if (!Files.exists(db)) {
        say("no history in " + db + " yet: monitor first");
        return;
      }
      ZoneId zone = ZoneId.systemDefault();
      LocalDate day = Instant.ofEpochMilli(Math.max(model.sessionNowMs(),
          controlsClock().millis())).atZone(zone).toLocalDate();
      try (Store store = Store.open(db)) {
        Path page = Reports.writeDay(store, day, zone,
            options.settings().pipeline().slump().thresholdDeg(), dir.resolve("reports"),
            new Reports.Options(choiceNow() instanceof Simulated,
                options.settings().coaching().dailyGoalScore()));
        model.notice("Today's report: " + page);
        open.accept(page);
      } catch (Exception e) {
        say("today's report could not be written: " + e.getMessage());
      }
    });
  }

  // ---- the view publisher: at most VIEWS_PER_SECOND views a second, and only changes

  private void publish() {
    try {
      long now = System.nanoTime();
      if (now - lastPollNanos >= 1_000_000_000L) {
        lastPollNanos = now;
        pollSource();
        pollControls();
      }
      AppView last = lastShown;
      boolean quiet = last != null && !last.wizard().visible();
      if (quiet && publishTicks++ % (VIEWS_PER_SECOND / QUIET_VIEWS_PER_SECOND) != 0) {
        return;
      }
      AppView v = model.snapshot();
      if (!v.equals(lastShown)) {
        lastShown = v;
        display.show(v);
      }
    } catch (RuntimeException e) {
      options.log().accept("the window could not be updated: " + e);
    }
  }

  private void pollControls() {
    try {
      AlertControls.State s = ControlFile.read(controlsDir());
      model.controls(s, controlsClock().instant());
    } catch (IOException | IllegalArgumentException e) {
      model.controls(AlertControls.State.NONE, controlsClock().instant());
    }
  }

  private void pollSource() {
    Session s = session;
    if (s == null) {
      return;
    }
    model.sourceStatus(status(s.source, s.choice));
  }

  static SourceStatus status(SampleSource source, Choice choice) {
    if (source instanceof SerialSampleSource serial) {
      DecoderStats st = serial.link() == null ? DecoderStats.ZERO : serial.link().stats();
      return new SourceStatus(choice.describe(), serial.connected(), String.format(Locale.ROOT,
          "%,d samples · %d CRC errors · %d malformed · %d missing · %d dropped · "
          + "%d reconnections", st.samples(), st.crcErrors(), st.malformed(),
          st.sequenceGaps(), serial.droppedSamples(), serial.reconnects()));
    }
    if (source instanceof PiI2cSampleSource pi) {
      return new SourceStatus(choice.describe(), pi.connected(), String.format(Locale.ROOT,
          "%,d samples · %d FIFO overflows · %d reconnections", pi.samplesRead(),
          pi.overflows(), pi.reconnects()));
    }
    return new SourceStatus(choice.describe(), true, "simulated, "
        + SimulatedWearer.RATE_HZ + " Hz");
  }

  /** The session's data directory, or null when none runs. */
  public Path sessionDir() {
    Session s = session;
    return s == null ? null : s.dir;
  }

  private Choice choiceNow() {
    Session s = session;
    return s == null ? null : s.choice;
  }

  /** What runs now, or null. */
  public Choice current() {
    Session s = session;
    return s == null ? null : s.choice;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      control.submit(() -> stopNow("quit")).get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      options.log().accept("stopping the session: " + e);
    }
    control.shutdown();
    publisher.shutdownNow();
    for (Notifier n : channels) {
      n.close();
    }
  }
}
