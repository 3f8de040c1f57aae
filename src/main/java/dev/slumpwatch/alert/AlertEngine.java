package dev.slumpwatch.alert;

import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Decides when to prompt, on sensor time only.
 *
 * <p>Rules (every number is a setting, see {@link Settings}):
 * <ul>
 *   <li><b>Slump nudge</b>: when a slump episode has lasted {@code nudgeAfterSeconds}; again
 *       after {@code nudgeRepeatSeconds}, the interval growing by {@code nudgeBackoff} each
 *       time, while it goes on; none once it has ended; never more than
 *       {@code nudgeMaxPerHour} in any hour.
 *   <li><b>Desk break</b>: after {@code deskBreakMinutes} of continuous sitting, prompt
 *       Bruegger's relief position. A break (a relief hold, or a walk) begun within
 *       {@code breakResponseSeconds} of the prompt counts as taken; otherwise the prompt is
 *       missed and comes again {@code breakSnoozeMinutes} after it fired.
 *   <li><b>Extension prompt</b>: when the slump dose (flexion beyond the slump threshold,
 *       integrated over seated time, degree-minutes) of the last {@code extensionWindowMinutes}
 *       reaches {@code extensionDoseDegMinutes}, prompt 5 controlled extensions or the chair
 *       lean. The dose window starts afresh after each prompt, and prompts are at least
 *       {@code extensionMinGapMinutes} apart. Repetitions (the upper back extended at least
 *       {@code extensionRepDeg} past neutral, then back within {@value #REP_RETURN_DEG}° of
 *       it) are counted for {@code extensionResponseSeconds}: {@code extensionReps} of them
 *       is done, fewer is partial, none is missed.
 *   <li><b>Self-cracking guard</b>: a burst of trunk rotation faster than
 *       {@code twistRateDps} while seated is a forceful twist; bursts within
 *       {@code twistMergeSeconds} of each other are one self-manipulation (a left-right
 *       pair). When a (wall-clock) day's count passes {@code twistWarnPerDay}, warn once
 *       that day. The count is kept through {@link AlertControls} (in the data directory),
 *       so it holds across sessions of the same day.
 * </ul>
 *
 * <p>Whether the wearer is told is decided when a rule fires: the pain pause (exercise
 * prompts only), do not disturb, a snooze, quiet hours, and a global cap of
 * {@code maxAlertsPerHour} delivered alerts in any hour. A held-back alert is still
 * emitted, with {@link Alert#suppressedBy()} set and a {@code suppressed} outcome, so the
 * history keeps it; the rule then carries on as if it had been shown (a desk break comes
 * again after the snooze interval). The red flags go with the first delivered exercise
 * prompt of each day.
 *
 * <p>Snooze, quiet hours and days need the wall clock: the sensor time is mapped to it
 * through the session's anchor, read once from {@link Context#sessionClock()} at the
 * first sample (the same anchor the store uses), so a replay gives the same alerts every
 * time. Results go to an {@link AlertListener}; the engine holds no thread.
 *
 * <p>Acknowledgements: once per second of sensor time the engine asks the controls whether
 * the wearer acknowledged (a key in the terminal, {@code slumpwatch ack}); if so, the
 * latest delivered alert is acknowledged at that sample's time, once. Held-back alerts
 * cannot be acknowledged: the wearer never saw them.
 */
public final class AlertEngine {

  /** "Back" after an extension repetition: within this many degrees of neutral. */
  static final double REP_RETURN_DEG = 3;

  /**
   * @param extensionDoseDegMinutes the slump dose in the window that prompts extensions;
   *     the default, 60 °·min, is ten minutes at 6° beyond the threshold (or twenty at 3°)
   *     within half an hour: a third of the time clearly slumped, more than single nudges
   *     can fix, yet not reached by one short slump
   * @param quietStart start of the daily quiet hours (local time); equal to
   *     {@code quietEnd} for none
   */
  public record Settings(double nudgeAfterSeconds, double nudgeRepeatSeconds,
      double nudgeBackoff, int nudgeMaxPerHour, double deskBreakMinutes,
      double breakResponseSeconds, double breakSnoozeMinutes, double extensionDoseDegMinutes,
      double extensionWindowMinutes, double extensionMinGapMinutes, int extensionReps,
      double extensionRepDeg, double extensionResponseSeconds, double twistRateDps,
      double twistMergeSeconds, int twistWarnPerDay, int maxAlertsPerHour,
      LocalTime quietStart, LocalTime quietEnd) {
    public static final Settings DEFAULTS = new Settings(30, 120, 2.0, 6, 30, 120, 10,
        60, 30, 30, 5, 10, 180, 150, 10, 10, 12, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    public Settings {
      if (!(nudgeAfterSeconds >= 0) || !(nudgeRepeatSeconds > 0) || !(nudgeBackoff >= 1)
          || nudgeMaxPerHour < 0 || !(deskBreakMinutes > 0) || !(breakResponseSeconds > 0)
          || !(breakSnoozeMinutes > 0) || !(extensionDoseDegMinutes > 0)
          || !(extensionWindowMinutes >= 1) || !(extensionMinGapMinutes >= 0)
          || extensionReps < 1 || !(extensionRepDeg > REP_RETURN_DEG)
          || !(extensionResponseSeconds > 0) || !(twistRateDps > 0)
          || !(twistMergeSeconds >= 0) || twistWarnPerDay < 0 || maxAlertsPerHour < 1
          || quietStart == null || quietEnd == null) {
        throw new IllegalArgumentException("alert settings out of range: " + this);
      }
    }

    public boolean hasQuietHours() {
      return !quietStart.equals(quietEnd);
    }
  }

  /**
   * Where the engine's wall-clock questions are answered.
   *
   * @param sessionClock read once, at the first sample, to anchor sensor time to wall time
   *     (and its zone for quiet hours and days)
   */
  public record Context(Clock sessionClock, AlertControls controls) {
    /** Sessions dated 1970-01-01 UTC, no controls: for tests and benchmarks. */
    public static Context none() {
      return new Context(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), AlertControls.none());
    }
  }

  /** Where the engine's decisions go. */
  public interface AlertListener {
    void alert(Alert alert);

    void outcome(Alert alert, AlertOutcome outcome);

    /** The wearer acknowledged a delivered alert. */
    default void acknowledged(Alert alert, Acknowledgement ack) {
    }
  }

  /**
   * A break begun just before the response deadline completes later (a relief hold takes
   * 20 s, a walk 30 s), so "missed" is decided this long after the deadline.
   */
  private static final long DECISION_GRACE_MICROS = 45_000_000L;
  private static final long HOUR_MICROS = 3_600_000_000L;
  /** At most this much time is credited to one sample in the dose (gaps add nothing). */
  private static final long MAX_DOSE_STEP_MICROS = 100_000L;
  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private final Settings settings;
  private final AlertListener listener;
  private final AlertControls controls;
  private final Clock sessionClock;
  private final ZoneId zone;
  private long sessionStartMicros = Long.MIN_VALUE;
  private long anchorMs;
  private int nextId = 1;
  private final ArrayDeque<Long> delivered = new ArrayDeque<>();
  private Alert lastDelivered;
  private boolean lastDeliveredAcknowledged;
  private long ackPollSecond = -1;

  // the latest sample, from motion()
  private long lastMotionMicros = Long.MIN_VALUE;
  private long motionStepMicros;
  private double flexionDeg = Double.NaN;
  private Activity activity = Activity.UNKNOWN;

  // slump nudge state
  private long nudgeEpisodeStart = -1;
  private long nextNudgeAt = -1;
  private double nudgeInterval;
  private final ArrayDeque<Long> recentNudges = new ArrayDeque<>();

  // desk break state
  private long promptedBoutStart = -1;
  private Alert pendingBreak;
  private long nextBreakPromptAt = -1;
  private int deskBreaksPrompted;
  private int deskBreaksTaken;
  private int nudges;

  // extension prompt: the rolling dose in one-second bins, degree-minutes
  private final double[] doseBins;
  private long doseSecond = -1;
  private double windowDose;
  private long lastExtensionAt = Long.MIN_VALUE;
  private Alert pendingExtension;
  private boolean inRep;
  private double repMinDeg;
  private int reps;
  private double repRangeSum;
  private double repRangeMin;
  private int extensionPrompts;
  private int extensionsDone;

  // self-cracking guard
  private final double twistRateSq;
  private final long twistMergeMicros;
  private boolean inBurst;
  private long lastFastMicros = Long.MIN_VALUE;
  private LocalDate manipulationDay;
  private int manipulationsToday;

  public AlertEngine(Settings settings, AlertListener listener) {
    this(settings, Context.none(), listener);
  }

  public AlertEngine(Settings settings, Context context, AlertListener listener) {
    this.settings = settings;
    this.listener = listener;
    this.controls = context.controls();
    this.sessionClock = context.sessionClock();
    this.zone = sessionClock.getZone();
    this.doseBins = new double[(int) Math.ceil(settings.extensionWindowMinutes() * 60)];
    double rate = Math.toRadians(settings.twistRateDps());
    this.twistRateSq = rate * rate;
    this.twistMergeMicros = (long) (settings.twistMergeSeconds() * 1e6);
  }

  /**
   * Called once per sample, after the trackers: what the sensor shows now, then every rule.
   *
   * @param flexionDeg flexion from neutral, NaN when unknown
   * @param gyroSquaredRadPerSec2 the squared magnitude of the angular rate, (rad/s)²
   *     (squared so the hot path needs no square root)
   * @param completedBreak a break that completed with this sample, or null
   */
  public void update(long t, double flexionDeg, Activity activity,
      double gyroSquaredRadPerSec2, SlumpTracker slump, SittingTracker sitting,
      SittingTracker.Break completedBreak) {
    if (sessionStartMicros == Long.MIN_VALUE) {
      sessionStartMicros = t;
      anchorMs = sessionClock.millis();
    }
    motionStepMicros = lastMotionMicros == Long.MIN_VALUE ? 0
        : Math.min(t - lastMotionMicros, MAX_DOSE_STEP_MICROS);
    lastMotionMicros = t;
    this.flexionDeg = flexionDeg;
    this.activity = activity;
    if (pendingExtension != null) {
      countRepetition(flexionDeg);
    }
    checkTwist(t, activity, gyroSquaredRadPerSec2);
    pollAcknowledgement(t);
    checkNudge(t, slump);
    checkBreak(t, sitting, completedBreak);
    checkExtension(t, slump.settings().thresholdDeg());
  }

  // ---------------------------------------------------------------- slump nudge

  private void checkNudge(long t, SlumpTracker slump) {
    long start = slump.episodeStartMicros();
    if (start < 0) {
      nudgeEpisodeStart = -1;
      return;
    }
    if (start != nudgeEpisodeStart) {
      nudgeEpisodeStart = start;
      nextNudgeAt = start + (long) (settings.nudgeAfterSeconds() * 1e6);
      nudgeInterval = settings.nudgeRepeatSeconds();
    }
    // not while recovering: the wearer has already sat up, the tracker only confirms it
    if (t < nextNudgeAt || slump.state() != SlumpTracker.State.SLUMPED) {
      return;
    }
    while (!recentNudges.isEmpty() && t - recentNudges.peekFirst() >= HOUR_MICROS) {
      recentNudges.pollFirst();
    }
    nextNudgeAt = t + (long) (nudgeInterval * 1e6);
    nudgeInterval *= settings.nudgeBackoff();
    if (recentNudges.size() >= settings.nudgeMaxPerHour()) {
      return;
    }
    double minutes = (t - start) / 60e6;
    Alert a = fire(t, AlertKind.SLUMP_NUDGE, String.format(Locale.ROOT,
        "your upper back has been rounded for %s; sit tall, shoulders back and down.",
        minutes >= 1 ? String.format(Locale.ROOT, "%.0f min", minutes)
            : String.format(Locale.ROOT, "%.0f s", minutes * 60)));
    if (a.delivered()) {
      recentNudges.addLast(t);
      nudges++;
    }
  }

  // ---------------------------------------------------------------- desk break

  private void checkBreak(long t, SittingTracker sitting, SittingTracker.Break completed) {
    if (pendingBreak != null) {
      long respondBy = pendingBreak.deviceTimeMicros()
          + (long) (settings.breakResponseSeconds() * 1e6);
      if (completed != null && completed.startMicros() <= respondBy) {
        deskBreaksTaken++;
        listener.outcome(pendingBreak, new AlertOutcome(pendingBreak.id(), t,
            AlertOutcome.TAKEN, completed.kind() == SittingTracker.BreakKind.WALK
                ? "walk" : "relief-hold"));
        pendingBreak = null;
      } else if (t > respondBy + DECISION_GRACE_MICROS && !breakUnderway(sitting)) {
        listener.outcome(pendingBreak, new AlertOutcome(pendingBreak.id(), t,
            AlertOutcome.MISSED, "no break within "
                + Math.round(settings.breakResponseSeconds()) + " s"));
        nextBreakPromptAt = pendingBreak.deviceTimeMicros()
            + (long) (settings.breakSnoozeMinutes() * 60e6);
        pendingBreak = null;
      }
    }
    long bout = sitting.boutStartMicros();
    if (bout < 0) {
      return;
    }
    if (bout != promptedBoutStart) {
      // a new bout: nothing prompted in it yet
      if (sitting.boutSeconds() >= settings.deskBreakMinutes() * 60) {
        promptedBoutStart = bout;
        promptBreak(t, sitting);
      }
    } else if (pendingBreak == null && nextBreakPromptAt >= 0 && t >= nextBreakPromptAt) {
      promptBreak(t, sitting);
    }
  }

  /** The wearer is up: a walk begun in time may still complete as a break. */
  private static boolean breakUnderway(SittingTracker sitting) {
    return sitting.boutStartMicros() < 0;
  }

  private void promptBreak(long t, SittingTracker sitting) {
    deskBreaksPrompted++;
    nextBreakPromptAt = -1;
    Alert a = fire(t, AlertKind.DESK_BREAK, String.format(Locale.ROOT,
        "%.0f min of sitting. %s", sitting.boutSeconds() / 60, Guidance.BRUEGGER));
    if (a.delivered()) {
      pendingBreak = a;
    } else {
      // not shown: ask again after the snooze interval, as for a missed one
      nextBreakPromptAt = t + (long) (settings.breakSnoozeMinutes() * 60e6);
    }
  }

  // ---------------------------------------------------------------- extension prompt

  private void checkExtension(long t, double thresholdDeg) {
    addDose(t, thresholdDeg);
    if (pendingExtension != null) {
      decideExtension(t);
    }
    if (pendingExtension == null && windowDose >= settings.extensionDoseDegMinutes()
        && (lastExtensionAt == Long.MIN_VALUE
            || t - lastExtensionAt >= settings.extensionMinGapMinutes() * 60e6)) {
      promptExtension(t);
    }
  }

  private void addDose(long t, double thresholdDeg) {
    long sec = (t - sessionStartMicros) / 1_000_000L;
    if (sec != doseSecond) {
      int n = doseBins.length;
      // clear the bins that fall out of the window (all of them after a long gap)
      long from = doseSecond < 0 ? sec : Math.max(doseSecond + 1, sec - n + 1);
      for (long s = from; s <= sec; s++) {
        int i = (int) (s % n);
        windowDose -= doseBins[i];
        doseBins[i] = 0;
      }
      if (windowDose < 1e-9) {
        windowDose = 0; // rounding
      }
      doseSecond = sec;
    }
    if (activity.seated() && flexionDeg > thresholdDeg) {
      double d = (flexionDeg - thresholdDeg) * motionStepMicros / 60e6;
      doseBins[(int) (sec % doseBins.length)] += d;
      windowDose += d;
    }
  }

  private void promptExtension(long t) {
    extensionPrompts++;
    lastExtensionAt = t;
    double dose = windowDose;
    java.util.Arrays.fill(doseBins, 0);
    windowDose = 0;
    Alert a = fire(t, AlertKind.EXTENSION, String.format(Locale.ROOT,
        "%.0f °·min of slumping in the last %.0f min. %s", dose,
        settings.extensionWindowMinutes(), Guidance.EXTENSION));
    if (a.delivered()) {
      pendingExtension = a;
      inRep = false;
      reps = 0;
      repRangeSum = 0;
      repRangeMin = Double.POSITIVE_INFINITY;
    }
  }

  private void countRepetition(double flexion) {
    if (Double.isNaN(flexion)) {
      return;
    }
    if (!inRep) {
      if (flexion <= -settings.extensionRepDeg()) {
        inRep = true;
        repMinDeg = flexion;
      }
    } else if (flexion >= -REP_RETURN_DEG) {
      inRep = false;
      reps++;
      repRangeSum += -repMinDeg;
      repRangeMin = Math.min(repRangeMin, -repMinDeg);
    } else if (flexion < repMinDeg) {
      repMinDeg = flexion;
    }
  }

  private void decideExtension(long t) {
    long deadline = pendingExtension.deviceTimeMicros()
        + (long) (settings.extensionResponseSeconds() * 1e6);
    String outcome;
    if (reps >= settings.extensionReps()) {
      outcome = AlertOutcome.DONE;
    } else if (t > deadline && !(inRep && t <= deadline + DECISION_GRACE_MICROS)) {
      outcome = reps > 0 ? AlertOutcome.PARTIAL : AlertOutcome.MISSED;
    } else {
      return;
    }
    String detail = reps == 0
        ? String.format(Locale.ROOT, "no extension of %.0f° or more within %.0f s",
            settings.extensionRepDeg(), settings.extensionResponseSeconds())
        : String.format(Locale.ROOT, "%d of %d reps, range %.1f° (smallest %.1f°)", reps,
            settings.extensionReps(), repRangeSum / reps, repRangeMin);
    if (AlertOutcome.DONE.equals(outcome)) {
      extensionsDone++;
    }
    listener.outcome(pendingExtension, new AlertOutcome(pendingExtension.id(), t, outcome,
        detail, reps, reps == 0 ? Double.NaN : repRangeSum / reps));
    pendingExtension = null;
  }

  // ---------------------------------------------------------------- self-cracking guard

  private void checkTwist(long t, Activity act, double gyroSq) {
    if (gyroSq > twistRateSq && act.seated()) {
      if (!inBurst) {
        inBurst = true;
        if (lastFastMicros == Long.MIN_VALUE || t - lastFastMicros > twistMergeMicros) {
          selfManipulation(t);
        }
      }
      lastFastMicros = t;
    } else if (inBurst && gyroSq < twistRateSq / 4) {
      inBurst = false; // below half the rate: the burst is over
    }
  }

  private void selfManipulation(long t) {
    LocalDate day = wallTime(t).toLocalDate();
    if (!day.equals(manipulationDay)) {
      // the day's count so far, from earlier sessions too
      manipulationDay = day;
      manipulationsToday = controls.selfManipulationsOn(day);
    }
    manipulationsToday++;
    controls.selfManipulations(day, manipulationsToday);
    // warned as the count passes the limit: once a day, whichever session sees it pass
    if (manipulationsToday == settings.twistWarnPerDay() + 1) {
      fire(t, AlertKind.SELF_CRACK_WARNING, Guidance.SELF_CRACK);
    }
  }

  // ---------------------------------------------------------------- acknowledgement

  /** Asks the controls for an acknowledgement once per second of sensor time. */
  private void pollAcknowledgement(long t) {
    long sec = (t - sessionStartMicros) / 1_000_000L;
    if (sec == ackPollSecond) {
      return;
    }
    ackPollSecond = sec;
    String via = controls.takeAcknowledgement();
    if (via == null) {
      return;
    }
    if (lastDelivered == null) {
      controls.acknowledgementRefused("nothing to acknowledge: no alert has been shown in "
          + "this session");
    } else if (lastDeliveredAcknowledged) {
      controls.acknowledgementRefused("nothing to acknowledge: the latest alert ("
          + describe(lastDelivered) + ") is already acknowledged");
    } else {
      lastDeliveredAcknowledged = true;
      listener.acknowledged(lastDelivered, new Acknowledgement(lastDelivered.id(), t, via));
    }
  }

  private String describe(Alert a) {
    return a.kind().title() + " at " + wallTime(a.deviceTimeMicros()).format(HM);
  }

  // ---------------------------------------------------------------- delivery

  private ZonedDateTime wallTime(long t) {
    return Instant.ofEpochMilli(anchorMs + (t - sessionStartMicros) / 1000).atZone(zone);
  }

  /** Why the wearer may not be told now, or null. */
  private String gate(long t, AlertKind kind) {
    AlertControls.State st = controls.state();
    if (kind.exercise() && st.painPause()) {
      return "pain pause";
    }
    if (st.doNotDisturb()) {
      return "do not disturb";
    }
    ZonedDateTime wall = wallTime(t);
    if (st.snoozeUntil() != null && wall.toInstant().isBefore(st.snoozeUntil())) {
      return "snoozed until " + st.snoozeUntil().atZone(zone).format(HM);
    }
    if (settings.hasQuietHours() && inQuietHours(wall.toLocalTime())) {
      return "quiet hours " + settings.quietStart().format(HM) + "–"
          + settings.quietEnd().format(HM);
    }
    while (!delivered.isEmpty() && t - delivered.peekFirst() >= HOUR_MICROS) {
      delivered.pollFirst();
    }
    if (delivered.size() >= settings.maxAlertsPerHour()) {
      return "rate limit: " + delivered.size() + " alerts in the last hour";
    }
    return null;
  }

  private boolean inQuietHours(LocalTime now) {
    LocalTime from = settings.quietStart();
    LocalTime to = settings.quietEnd();
    return from.isBefore(to)
        ? !now.isBefore(from) && now.isBefore(to)
        : !now.isBefore(from) || now.isBefore(to); // across midnight
  }

  private Alert fire(long t, AlertKind kind, String message) {
    String suppressed = gate(t, kind);
    if (suppressed == null && kind.exercise()) {
      LocalDate day = wallTime(t).toLocalDate();
      if (!day.equals(controls.redFlagsShownOn())) {
        controls.redFlagsShown(day);
        message = message + " " + Guidance.redFlagsInline();
      }
    }
    Alert a = new Alert(nextId++, t, (t - sessionStartMicros) / 1e6, kind, message, suppressed);
    listener.alert(a);
    if (suppressed != null) {
      listener.outcome(a, new AlertOutcome(a.id(), t, AlertOutcome.SUPPRESSED, suppressed));
    } else {
      delivered.addLast(t);
      lastDelivered = a;
      lastDeliveredAcknowledged = false;
    }
    return a;
  }

  // ---------------------------------------------------------------- snapshots

  public int deskBreaksPrompted() {
    return deskBreaksPrompted;
  }

  public int deskBreaksTaken() {
    return deskBreaksTaken;
  }

  /** Delivered slump nudges. */
  public int nudges() {
    return nudges;
  }

  public int extensionPrompts() {
    return extensionPrompts;
  }

  public int extensionsDone() {
    return extensionsDone;
  }

  /** Slump dose of the current window (since the last extension prompt), degree-minutes. */
  public double windowDoseDegMinutes() {
    return windowDose;
  }

  /**
   * Forceful twists (self-manipulations) counted on the current day; once this session has
   * counted one, earlier sessions' of the same day are included.
   */
  public int selfManipulationsToday() {
    return manipulationsToday;
  }

  public Settings settings() {
    return settings;
  }
}
