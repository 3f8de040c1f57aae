package dev.slumpwatch.app;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertControls;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.app.AppView.PostureKind;
import dev.slumpwatch.app.AppView.Tone;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.GuidedCalibration.Progress;
import dev.slumpwatch.posture.GuidedCalibration.Step;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.report.DayFigures;
import dev.slumpwatch.report.DayTally;
import dev.slumpwatch.slump.SlumpTracker;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The window's view model: takes the session's pipeline events (on the window's own queue
 * thread, never on the event-dispatch thread) and the polled sensor and control states, and
 * gives what the window shows as one immutable {@link AppView}. No Swing here, so what the
 * window shows for an event sequence is tested without a display.
 *
 * <p>Everything shown comes from the pipeline's own events: the calibration wizard from its
 * {@code CalibrationStarted}/{@code CalibrationProgress}/{@code Calibrated}/{@code
 * CalibrationFailed} events (the step, the countdown, the live angle, why a try failed and
 * which try this is), the next desk break from the alert engine's own clock in the
 * {@code Live} snapshots, and "today so far" from the day's stored figures plus this
 * session's events, counted by {@link DayTally} with the day report's definitions.
 *
 * <p>Times are the sensor's: the chart's axis is the session's start plus sensor time, so a
 * simulated wearer running faster than real time scrolls faster too. Missing or stale data
 * is "unknown", never upright: the live snapshot counts as stale after
 * {@link Config#staleAfter} of the host's monotonic clock without a new one.
 *
 * <p>Thread-safe by a lock: the queue thread feeds events, the session's controller starts
 * and ends sessions, and the poller sets the sensor and control states.
 */
public final class LiveModel {
  /** Seconds of per-second history kept for the chart: the longest span it shows. */
  public static final int HISTORY_SECONDS = 3600;
  /** How long a finished calibration's outcome stays in the wizard, seconds of sensor time. */
  static final double WIZARD_LINGER_SECONDS = 8;
  /**
   * How long a calibration that gave up stays in the wizard when the calibration from
   * before is in use again, seconds of sensor time (without one, it stays until a retry).
   */
  static final double FAILED_LINGER_SECONDS = 60;

  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  /**
   * @param thresholdDeg the slump threshold drawn on the chart
   * @param staleAfter how long without a live snapshot before the posture is unknown
   */
  public record Config(double thresholdDeg, ZoneId zone, Duration staleAfter) {}

  /** The chart's span: the last 10 minutes, or zoomed out to the last hour. */
  public enum ChartSpan {
    TEN_MINUTES(Duration.ofMinutes(10), "last 10 min"), ONE_HOUR(Duration.ofHours(1),
        "last hour");

    private final Duration length;
    private final String label;

    ChartSpan(Duration length, String label) {
      this.length = length;
      this.label = label;
    }

    public Duration length() {
      return length;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  private final Config config;
  private final LongSupplier nanoClock;

  // the session
  private String sourceName;
  private boolean running;
  private String endReason;
  private long firstMicros = Long.MIN_VALUE;
  private long startedMs;
  private long lastMicros = Long.MIN_VALUE;
  private PipelineEvent.Live live;
  private long liveAtNanos;
  private SourceStatus status;
  private long overflowed;
  private String notice;
  private String standingNotice;

  // the guided calibration, as the pipeline reports it
  private boolean calibrating;
  private String calibrationWhy;
  private Progress calibration;
  /** Why the last calibration gave up, while the wizard shows it; else null. */
  private String calibrationFailure;
  private boolean previousKept;
  private double calibrationEndedAt = Double.NaN;
  /** Why posture is unknown for want of a calibration (a slipped clip), for the words. */
  private String calibrationProblem;

  // chart
  private final long[] secMs = new long[HISTORY_SECONDS];
  private final double[] secFlex = new double[HISTORY_SECONDS];
  private int secCount;
  private int secHead; // next write position
  private final ArrayDeque<AppView.Span> slumps = new ArrayDeque<>();
  private final ArrayDeque<AppView.Span> gaps = new ArrayDeque<>();
  private final ArrayDeque<AppView.Mark> prompts = new ArrayDeque<>();
  private long openSlumpMicros = Long.MIN_VALUE;
  private long chartVersion;
  private AppView.Chart chart;
  private volatile ChartSpan span = ChartSpan.TEN_MINUTES;

  // today so far
  private DayTally today;

  // the latest prompt
  private Alert alert;
  private String alertOutcome;
  private int reps = -1;
  private int targetReps;
  private boolean acknowledged;
  private String heldBack;

  // controls
  private AlertControls.State controls = AlertControls.State.NONE;
  private Instant controlsAt = Instant.EPOCH;

  // the last view, kept while nothing changed (the publisher asks ten times a second)
  private long version;
  private long viewVersion = -1;
  private long viewStaleSeconds = -1;
  private AppView view;

  /** @param nanoClock the host's monotonic clock, nanoseconds: when data went stale */
  public LiveModel(Config config, LongSupplier nanoClock) {
    this.config = config;
    this.nanoClock = nanoClock;
  }

  public Config config() {
    return config;
  }

  /**
   * A session is about to start on {@code sourceName}.
   *
   * @param day the day "today so far" counts
   * @param storedToday the day's figures from the store before this session
   *     ({@link DayTally#empty} when none)
   */
  public synchronized void sessionStarting(String sourceName, LocalDate day,
      DayFigures storedToday) {
    version++;
    this.sourceName = sourceName;
    this.running = true;
    this.endReason = null;
    this.firstMicros = Long.MIN_VALUE;
    this.lastMicros = Long.MIN_VALUE;
    this.live = null;
    this.status = null;
    this.calibrating = false;
    this.calibrationWhy = null;
    this.calibration = null;
    this.calibrationFailure = null;
    this.calibrationEndedAt = Double.NaN;
    this.calibrationProblem = null;
    this.openSlumpMicros = Long.MIN_VALUE;
    this.today = new DayTally(day, config.zone(), storedToday);
    this.alert = null;
    this.heldBack = null;
    // the chart keeps the earlier session's last hour: the axis is the time of day
    chartChanged();
  }

  /** The session ended (the source closed, the wearer chose another, or it failed). */
  public synchronized void sessionEnded(String reason) {
    version++;
    running = false;
    endReason = reason;
    if (calibrating) {
      calibrating = false;
      calibration = null;
    }
  }

  /** A one-line message for the wearer (a problem); null clears it. */
  public synchronized void notice(String text) {
    version++;
    this.notice = text;
  }

  /** A message that stays whatever else is said (there is no tray); null clears it. */
  public synchronized void standingNotice(String text) {
    version++;
    this.standingNotice = text;
  }

  public synchronized void sourceStatus(SourceStatus s) {
    version++;
    this.status = s;
  }

  public synchronized void controls(AlertControls.State s, Instant now) {
    version++;
    this.controls = s;
    this.controlsAt = now;
  }

  public void chartSpan(ChartSpan s) {
    this.span = s;
    synchronized (this) {
      chartChanged();
    }
  }

  public ChartSpan chartSpan() {
    return span;
  }

  /** The wall-clock time of the latest sample (session start plus sensor time); 0 before. */
  public synchronized long sessionNowMs() {
    return lastMicros == Long.MIN_VALUE ? 0 : msOf(lastMicros);
  }

  /** Sensor seconds since the session's first sample; NaN before it. */
  public synchronized double sessionSeconds() {
    return lastMicros == Long.MIN_VALUE || firstMicros == Long.MIN_VALUE ? Double.NaN
        : sessionSeconds(lastMicros);
  }

  /** Whether the guided calibration runs now. */
  public synchronized boolean calibrating() {
    return calibrating;
  }

  /** A batch from the window's queue, in order. */
  public synchronized void accept(List<PipelineEvent> batch) {
    for (PipelineEvent e : batch) {
      accept(e);
    }
  }

  public synchronized void accept(PipelineEvent e) {
    version++;
    if (today != null) {
      today.accept(e);
    }
    if (e instanceof PipelineEvent.Live l) {
      live = l;
      liveAtNanos = nanoClock.getAsLong();
      lastMicros = Math.max(lastMicros, l.deviceMicros());
    } else if (e instanceof PipelineEvent.Second s) {
      second(s.second());
    } else if (e instanceof PipelineEvent.SessionStarted s) {
      firstMicros = s.firstDeviceMicros();
      startedMs = s.startedMs();
      lastMicros = firstMicros;
      liveAtNanos = nanoClock.getAsLong();
    } else if (e instanceof PipelineEvent.CalibrationStarted c) {
      calibrating = true;
      calibrationWhy = c.why();
      calibration = null;
      calibrationFailure = null;
      calibrationEndedAt = Double.NaN;
    } else if (e instanceof PipelineEvent.CalibrationProgress p) {
      if (calibrating) {
        calibration = p.progress();
      }
    } else if (e instanceof PipelineEvent.Calibrated c) {
      calibrationProblem = null;
      if (c.origin() == PipelineEvent.Origin.LEARNT) {
        calibrating = false;
        calibrationFailure = null;
        calibrationEndedAt = sessionSeconds(c.deviceMicros());
        if (calibration == null || calibration.step() != Step.DONE) {
          calibration = new Progress(Step.DONE, 0, 2, 1, 1, Double.NaN, Double.NaN,
              "done: sit as you like", null);
        }
      } else {
        calibration = null; // a stored profile: no wizard
      }
    } else if (e instanceof PipelineEvent.CalibrationFailed f) {
      calibrating = false;
      calibrationFailure = f.reason();
      previousKept = f.previousKept();
      calibrationEndedAt = sessionSeconds(f.deviceMicros());
      if (!f.previousKept()) {
        calibrationProblem = f.reason();
      }
    } else if (e instanceof PipelineEvent.RecalibrationNeeded r) {
      calibrationProblem = r.reason();
    } else if (e instanceof PipelineEvent.SlumpStarted s) {
      openSlumpMicros = s.startMicros();
      chartChanged();
    } else if (e instanceof PipelineEvent.SlumpEnded s) {
      openSlumpMicros = Long.MIN_VALUE;
      slumps.addLast(new AppView.Span(msOf(s.episode().startMicros()),
          msOf(s.episode().endMicros())));
      chartChanged();
    } else if (e instanceof PipelineEvent.Gap g) {
      long from = msOf(g.fromMicros());
      long to = msOf(g.toMicros());
      gaps.addLast(new AppView.Span(from, to));
      addPoint(from + 1, Double.NaN); // the line breaks here
      chartChanged();
    } else if (e instanceof PipelineEvent.AlertFired a) {
      alertFired(a.alert());
    } else if (e instanceof PipelineEvent.ExerciseProgress p) {
      if (alert != null && p.alert().id() == alert.id()) {
        reps = p.reps();
        targetReps = p.targetReps();
      }
    } else if (e instanceof PipelineEvent.AlertDecided d) {
      alertDecided(d.alert(), d.outcome());
    } else if (e instanceof PipelineEvent.Acknowledged k) {
      if (alert != null && k.alert().id() == alert.id()) {
        acknowledged = true;
      }
    } else if (e instanceof PipelineEvent.Overflowed o) {
      overflowed += o.dropped();
    } else if (e instanceof PipelineEvent.Finished f) {
      running = false;
      endReason = f.reason();
    }
  }

  private void second(PostureSecond s) {
    long tMs = msOf(s.deviceTimeMicros());
    lastMicros = Math.max(lastMicros, s.deviceTimeMicros());
    addPoint(tMs, s.flexionMeanDeg());
    LocalDate day = Instant.ofEpochMilli(startedMs + s.second() * 1000).atZone(config.zone())
        .toLocalDate();
    if (today != null && day.isAfter(today.day())) {
      // past midnight: the new day has only this session's seconds from here on
      today = new DayTally(day, config.zone(), DayTally.empty(day));
      today.anchor(firstMicros, startedMs);
      today.accept(new PipelineEvent.Second(s));
    }
    chartChanged();
  }

  private void alertFired(Alert a) {
    prompts.addLast(new AppView.Mark(msOf(a.deviceTimeMicros()), shortLabel(a.kind()),
        a.delivered()));
    chartChanged();
    if (!a.delivered()) {
      heldBack = a.kind().title() + " at " + hm(msOf(a.deviceTimeMicros())) + " held back: "
          + a.suppressedBy();
      return;
    }
    heldBack = null;
    alert = a;
    alertOutcome = null;
    acknowledged = false;
    reps = a.kind() == AlertKind.EXTENSION ? 0 : -1;
    targetReps = 0;
  }

  private void alertDecided(Alert a, AlertOutcome o) {
    if (alert != null && a.id() == alert.id()) {
      alertOutcome = o.outcome() + (o.detail() == null || o.detail().isEmpty() ? ""
          : " (" + o.detail() + ")");
      if (o.reps() >= 0) {
        reps = o.reps();
      }
    }
  }

  private static String shortLabel(AlertKind k) {
    return switch (k) {
      case SLUMP_NUDGE -> "nudge";
      case DESK_BREAK -> "break";
      case EXTENSION -> "extend";
      case SELF_CRACK_WARNING -> "twists";
    };
  }

  private void addPoint(long tMs, double flexionDeg) {
    secMs[secHead] = tMs;
    secFlex[secHead] = flexionDeg;
    secHead = (secHead + 1) % HISTORY_SECONDS;
    secCount = Math.min(secCount + 1, HISTORY_SECONDS);
  }

  private void chartChanged() {
    version++;
    chartVersion++;
    chart = null;
  }

  private double sessionSeconds(long micros) {
    return firstMicros == Long.MIN_VALUE ? 0 : (micros - firstMicros) / 1e6;
  }

  private long msOf(long micros) {
    return firstMicros == Long.MIN_VALUE ? startedMs
        : startedMs + Math.floorDiv(micros - firstMicros, 1000);
  }

  private String hm(long ms) {
    return Instant.ofEpochMilli(ms).atZone(config.zone()).format(HM);
  }

  /**
   * What the window shows now: the same value as last time while nothing changed (only the
   * passing of time can then make the posture stale).
   */
  public synchronized AppView snapshot() {
    long stale = live == null ? -1
        : (nanoClock.getAsLong() - liveAtNanos) / config.staleAfter().toNanos() == 0 ? -1
        : (nanoClock.getAsLong() - liveAtNanos) / 1_000_000_000L;
    if (view != null && version == viewVersion && stale == viewStaleSeconds) {
      return view;
    }
    AppView.Posture posture = posture();
    view = new AppView(posture, chart(), today(), wizard(), alertCard(), sensor(),
        controlsView(), noticeText(), "slumpwatch: " + posture.words());
    viewVersion = version;
    viewStaleSeconds = stale;
    return view;
  }

  private AppView.Posture posture() {
    if (sourceName == null) {
      return new AppView.Posture(PostureKind.NO_SENSOR, "No sensor",
          "Choose the sensor's port, or try the simulated wearer", Double.NaN);
    }
    if (!running) {
      return new AppView.Posture(PostureKind.NO_SENSOR, "Not monitoring",
          "The session ended" + (endReason == null ? "" : ": " + endReason), Double.NaN);
    }
    if (status != null && !status.connected()) {
      return new AppView.Posture(PostureKind.DISCONNECTED, "Sensor disconnected",
          "Posture unknown until it reconnects (" + status.description() + ")", Double.NaN);
    }
    if (calibrating) {
      return new AppView.Posture(PostureKind.CALIBRATING, "Calibrating",
          calibration == null ? sentence(calibrationWhy) : sentence(calibration.prompt()),
          Double.NaN);
    }
    if (live == null) {
      return new AppView.Posture(PostureKind.UNKNOWN, "Posture unknown",
          "Waiting for data from the sensor", Double.NaN);
    }
    long staleNanos = nanoClock.getAsLong() - liveAtNanos;
    if (staleNanos > config.staleAfter().toNanos()) {
      return new AppView.Posture(PostureKind.UNKNOWN, "Posture unknown", String.format(
          Locale.ROOT, "No data for %.0f s", staleNanos / 1e9), Double.NaN);
    }
    if (!live.calibrated()) {
      return new AppView.Posture(PostureKind.UNKNOWN, "Posture unknown", "Not calibrated"
          + (calibrationProblem == null ? "" : ": " + calibrationProblem)
          + ". Calibrate to measure posture", Double.NaN);
    }
    if (live.activity() == Activity.NOT_WORN) {
      return new AppView.Posture(PostureKind.NOT_WORN, "Not worn",
          "The sensor lies still, off the body", Double.NaN);
    }
    double f = live.flexionDeg();
    if (Double.isNaN(f)) {
      return new AppView.Posture(PostureKind.UNKNOWN, "Posture unknown",
          "No reading just now (" + words(live.activity()) + ")", Double.NaN);
    }
    String activity = words(live.activity());
    SlumpTracker.State st = live.slump();
    if (st == SlumpTracker.State.SLUMPED || st == SlumpTracker.State.RECOVERING) {
      return new AppView.Posture(PostureKind.SLUMPED, String.format(Locale.ROOT,
          "Slumped %.0f°", f), (st == SlumpTracker.State.RECOVERING ? "Recovering · "
          : "Rounded forward · ") + activity, f);
    }
    return new AppView.Posture(PostureKind.UPRIGHT, "Upright", String.format(Locale.ROOT,
        "%.0f° from neutral · %s%s", f, activity, st == SlumpTracker.State.PENDING
        ? " · leaning forward: a slump if held" : ""), f);
  }

  /** "Sit tall and hold still" from the pipeline's lower-case prompt. */
  static String sentence(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String words(Activity a) {
    return switch (a) {
      case UNKNOWN -> "activity unknown";
      case NOT_WORN -> "not worn";
      case SEATED_STILL -> "sitting still";
      case SEATED_FIDGETING -> "sitting, moving a little";
      case STANDING_OR_MOVING -> "standing or moving";
      case WALKING -> "walking";
    };
  }

  private AppView.Chart chart() {
    if (chart != null) {
      return chart;
    }
    long spanMs = span.length().toMillis();
    long newest = secCount == 0 ? (firstMicros == Long.MIN_VALUE ? 0 : startedMs)
        : secMs[(secHead - 1 + HISTORY_SECONDS) % HISTORY_SECONDS];
    long toMs = Math.max(newest, firstMicros == Long.MIN_VALUE ? newest
        : msOf(lastMicros));
    long fromMs = toMs - spanMs;
    int n = 0;
    int start = (secHead - secCount + HISTORY_SECONDS) % HISTORY_SECONDS;
    for (int i = 0; i < secCount; i++) {
      if (secMs[(start + i) % HISTORY_SECONDS] >= fromMs) {
        n++;
      }
    }
    long[] t = new long[n];
    double[] y = new double[n];
    int k = 0;
    for (int i = 0; i < secCount; i++) {
      int j = (start + i) % HISTORY_SECONDS;
      if (secMs[j] >= fromMs) {
        t[k] = secMs[j];
        y[k] = secFlex[j];
        k++;
      }
    }
    long oldest = toMs - HISTORY_SECONDS * 1000L;
    prune(slumps, oldest);
    prune(gaps, oldest);
    while (!prompts.isEmpty() && prompts.peekFirst().tMs() < oldest) {
      prompts.removeFirst();
    }
    List<AppView.Span> sl = new ArrayList<>(visible(slumps, fromMs));
    if (openSlumpMicros != Long.MIN_VALUE) {
      sl.add(new AppView.Span(msOf(openSlumpMicros), toMs));
    }
    List<AppView.Mark> pr = new ArrayList<>();
    for (AppView.Mark m : prompts) {
      if (m.tMs() >= fromMs) {
        pr.add(m);
      }
    }
    chart = new AppView.Chart(chartVersion, t, y, config.thresholdDeg(), List.copyOf(sl),
        visible(gaps, fromMs), List.copyOf(pr), fromMs, toMs);
    return chart;
  }

  private static void prune(ArrayDeque<AppView.Span> spans, long oldest) {
    while (!spans.isEmpty() && spans.peekFirst().toMs() < oldest) {
      spans.removeFirst();
    }
  }

  private static List<AppView.Span> visible(ArrayDeque<AppView.Span> spans, long fromMs) {
    List<AppView.Span> out = new ArrayList<>();
    for (AppView.Span s : spans) {
      if (s.toMs() >= fromMs) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  private AppView.Today today() {
    DayFigures f = today == null ? DayTally.empty(LocalDate.EPOCH) : today.figures();
    String nextBreak;
    if (!running || live == null) {
      nextBreak = "—";
    } else {
      double due = live.deskBreakDueSeconds();
      nextBreak = Double.isNaN(due) ? "once you sit" : due <= 0 ? "now"
          : String.format(Locale.ROOT, "in %.0f min", Math.ceil(due / 60));
    }
    return new AppView.Today(f, f.worn() ? String.format(Locale.ROOT, "%.0f %%",
        f.uprightPercent()) : "—", String.format(Locale.ROOT, "%.1f min", f.slumpMinutes()),
        f.breaksTaken() + " of " + f.breaksPrompted(), Long.toString(f.extensionReps()),
        nextBreak);
  }

  /** "Step 2 of 2: Hold the bend (try 2 of 4)". */
  static String stepTitle(Progress p) {
    String name = switch (p.step()) {
      case GET_READY -> "Get ready";
      case SIT_TALL -> "Sit tall";
      case BEND -> "Bend forward";
      case HOLD_BEND -> "Hold the bend";
      case DONE -> "Calibrated";
      case FAILED -> "Calibration failed";
    };
    if (p.stepNumber() == 0) {
      return name;
    }
    return "Step " + p.stepNumber() + " of " + p.steps() + ": " + name
        + (p.attempt() > 1 ? " (try " + p.attempt() + " of " + p.attempts() + ")" : "");
  }

  private AppView.Wizard wizard() {
    String why = sentence(calibrationWhy);
    if (calibrating) {
      Progress p = calibration;
      if (p == null) {
        return new AppView.Wizard(true, Step.GET_READY, "Calibration starting", "", Double.NaN,
            why, null, false, why);
      }
      String countdown = Double.isNaN(p.secondsLeft()) ? "" : String.format(Locale.ROOT,
          "%.0f s", Math.ceil(Math.max(0, p.secondsLeft()) - 1e-9));
      return new AppView.Wizard(true, p.step(), stepTitle(p), countdown, p.angleDeg(),
          sentence(p.prompt()), p.problem() == null ? null : "Not taken: " + p.problem(),
          false, why);
    }
    double since = lastMicros == Long.MIN_VALUE || Double.isNaN(calibrationEndedAt) ? 0
        : sessionSeconds(lastMicros) - calibrationEndedAt;
    if (calibrationFailure != null) {
      if (previousKept && since > FAILED_LINGER_SECONDS) {
        return AppView.Wizard.HIDDEN;
      }
      return new AppView.Wizard(true, Step.FAILED, "Calibration failed", "", Double.NaN,
          previousKept ? "Posture is measured with the calibration from before"
          : "Posture stays unknown until you calibrate", sentence(calibrationFailure), true,
          why);
    }
    if (calibration != null && calibration.step() == Step.DONE) {
      if (since > WIZARD_LINGER_SECONDS) {
        return AppView.Wizard.HIDDEN;
      }
      return new AppView.Wizard(true, Step.DONE, "Calibrated", "", Double.NaN,
          "Done: sit as you like", calibration.problem() == null ? null
          : sentence(calibration.problem()), false, why);
    }
    return AppView.Wizard.HIDDEN;
  }

  private AppView.AlertCard alertCard() {
    if (alert == null) {
      return heldBack == null ? null : new AppView.AlertCard("No prompt shown", heldBack,
          "", false, -1, 0);
    }
    StringBuilder status = new StringBuilder(hm(msOf(alert.deviceTimeMicros())));
    if (alert.kind() == AlertKind.EXTENSION && alertOutcome == null) {
      status.append(" · ").append(reps).append(targetReps > 0 ? " of " + targetReps : "")
          .append(" reps counted so far");
    }
    if (alertOutcome != null) {
      status.append(" · ").append(alertOutcome);
    }
    if (acknowledged) {
      status.append(" · acknowledged");
    }
    if (heldBack != null) {
      status.append(" · later: ").append(heldBack);
    }
    return new AppView.AlertCard(alert.kind().title(), alert.message(), status.toString(),
        alert.kind() == AlertKind.EXTENSION, reps, targetReps);
  }

  private AppView.Sensor sensor() {
    if (sourceName == null) {
      return new AppView.Sensor("none chosen", "not monitoring", Tone.NEUTRAL, "");
    }
    if (status == null) {
      return new AppView.Sensor(sourceName, running ? "starting" : "stopped", Tone.NEUTRAL,
          "");
    }
    String link = !running ? "stopped" : status.connected() ? "connected"
        : "disconnected: reconnecting";
    return new AppView.Sensor(status.description(), link, !running ? Tone.NEUTRAL
        : status.connected() ? Tone.GOOD : Tone.WARN, status.counters());
  }

  private AppView.Controls controlsView() {
    AlertControls.State c = controls;
    boolean snoozed = c.snoozeUntil() != null && c.snoozeUntil().isAfter(controlsAt);
    List<String> parts = new ArrayList<>();
    if (snoozed) {
      parts.add("snoozed until " + hm(c.snoozeUntil().toEpochMilli()));
    }
    if (c.painPause()) {
      parts.add("pain pause on: no exercise prompts");
    }
    if (c.doNotDisturb()) {
      parts.add("do not disturb");
    }
    return new AppView.Controls(parts.isEmpty() ? "Alerts on" : "Alerts "
        + String.join(", ", parts), snoozed, c.painPause(), c.doNotDisturb());
  }

  private String noticeText() {
    String lost = overflowed == 0 ? null : "The window fell behind: " + overflowed
        + " events were not shown (monitoring and the history are not affected)";
    List<String> parts = new ArrayList<>();
    for (String p : new String[] {notice, lost, standingNotice}) {
      if (p != null) {
        parts.add(p);
      }
    }
    return parts.isEmpty() ? null : String.join(" · ", parts);
  }
}
