package dev.slumpwatch.alert;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Decides when to prompt, on sensor time only: one object per rule ({@link SlumpNudgeRule},
 * {@link DeskBreakRule}, {@link ExtensionRule}, {@link TwistGuard}), each fed a per-sample
 * {@link Moment}, and the {@link Delivery} gate that decides whether the wearer is told
 * (snooze, quiet hours, do not disturb, pain pause, rate cap) and takes acknowledgements.
 * Every number is a setting, see {@link Settings}.
 *
 * <p>What it decides is kept as {@link AlertDecision} values, in order, until the caller
 * takes them ({@link #takeDecisions()}); the engine holds no thread and calls no one.
 *
 * <p>Snooze, quiet hours and days need the wall clock: sensor time is mapped to it through
 * the session's anchor, given once at the first sample ({@link #start}: the same anchor the
 * store dates the session by), so a replay gives the same alerts every time.
 *
 * <p>Acknowledgements: once per second of sensor time the engine asks the controls whether
 * the wearer acknowledged (a key in the terminal, {@code slumpwatch ack}); if so, the
 * latest delivered alert is acknowledged at that sample's time, once. Held-back alerts
 * cannot be acknowledged: the wearer never saw them.
 */
public final class AlertEngine {

  /** The alerts settings, by name: see each key's meaning. */
  public static final class Settings extends StageSettings<Settings> {
    public static final Setting.Number NUDGE_AFTER_SECONDS = Setting.number(
        "alerts.nudgeAfterSeconds", "s", 30, 0, 3600,
        "slump nudge this long after the slump began; 0 = at once");
    public static final Setting.Number NUDGE_REPEAT_SECONDS = Setting.number(
        "alerts.nudgeRepeatSeconds", "s", 120, 10, 3600,
        "first repeat while still slumped");
    public static final Setting.Number NUDGE_BACKOFF = Setting.number(
        "alerts.nudgeBackoff", "factor", 2, 1, 10,
        "each repeat interval is this much longer");
    public static final Setting.Whole NUDGE_MAX_PER_HOUR = Setting.whole(
        "alerts.nudgeMaxPerHour", "count", 6, 0, 60,
        "cap on nudges in any hour; 0 = no nudges");
    public static final Setting.Number DESK_BREAK_MINUTES = Setting.number(
        "alerts.deskBreakMinutes", "min", 30, 5, 240,
        "continuous sitting before the desk-break prompt");
    public static final Setting.Number BREAK_RESPONSE_SECONDS = Setting.number(
        "alerts.breakResponseSeconds", "s", 120, 10, 900,
        "a break begun within this counts as taken");
    public static final Setting.Number BREAK_SNOOZE_MINUTES = Setting.number(
        "alerts.breakSnoozeMinutes", "min", 10, 1, 240,
        "a missed or held-back desk break comes again after this");
    public static final Setting.Number EXTENSION_DOSE_DEG_MINUTES = Setting.number(
        "alerts.extensionDoseDegMinutes", "°·min", 60, 1, 1000,
        "slump dose (flexion beyond the threshold × time) in the window that prompts "
        + "extensions");
    public static final Setting.Number EXTENSION_WINDOW_MINUTES = Setting.number(
        "alerts.extensionWindowMinutes", "min", 30, 5, 240,
        "the rolling window of the slump dose");
    public static final Setting.Number EXTENSION_MIN_GAP_MINUTES = Setting.number(
        "alerts.extensionMinGapMinutes", "min", 30, 0, 480,
        "extension prompts at least this far apart");
    public static final Setting.Whole EXTENSION_REPS = Setting.whole(
        "alerts.extensionReps", "count", 5, 1, 30,
        "repetitions asked for; fewer is partial, none missed");
    public static final Setting.Number EXTENSION_REP_DEG = Setting.number(
        "alerts.extensionRepDeg", "°", 10, 5, 40,
        "extension past neutral that counts as a repetition");
    public static final Setting.Number EXTENSION_RESPONSE_SECONDS = Setting.number(
        "alerts.extensionResponseSeconds", "s", 180, 30, 900,
        "how long repetitions are counted after the prompt");
    public static final Setting.Number TWIST_RATE_DPS = Setting.number(
        "alerts.twistRateDps", "°/s", 150, 60, 1000,
        "trunk rotation rate that counts as a forceful (self-cracking) twist while seated");
    public static final Setting.Number TWIST_MERGE_SECONDS = Setting.number(
        "alerts.twistMergeSeconds", "s", 10, 0, 60,
        "twists this close together are one self-manipulation");
    public static final Setting.Whole TWIST_WARN_PER_DAY = Setting.whole(
        "alerts.twistWarnPerDay", "count", 10, 1, 100,
        "warn when a day's self-manipulations pass this");
    public static final Setting.Whole MAX_ALERTS_PER_HOUR = Setting.whole(
        "alerts.maxAlertsPerHour", "count", 12, 1, 120,
        "global cap on alerts shown in any hour");
    public static final Setting.TimeOfDay QUIET_START = Setting.timeOfDay(
        "alerts.quietStart", LocalTime.MIDNIGHT,
        "quiet hours start (local time); equal to quietEnd for none");
    public static final Setting.TimeOfDay QUIET_END = Setting.timeOfDay(
        "alerts.quietEnd", LocalTime.MIDNIGHT,
        "quiet hours end (may be after midnight)");

    /** Every key of this stage, in the order the user guide lists them. */
    public static final List<Setting<?>> KEYS = List.of(
        NUDGE_AFTER_SECONDS, NUDGE_REPEAT_SECONDS, NUDGE_BACKOFF, NUDGE_MAX_PER_HOUR,
        DESK_BREAK_MINUTES, BREAK_RESPONSE_SECONDS, BREAK_SNOOZE_MINUTES,
        EXTENSION_DOSE_DEG_MINUTES, EXTENSION_WINDOW_MINUTES, EXTENSION_MIN_GAP_MINUTES,
        EXTENSION_REPS, EXTENSION_REP_DEG, EXTENSION_RESPONSE_SECONDS, TWIST_RATE_DPS,
        TWIST_MERGE_SECONDS, TWIST_WARN_PER_DAY, MAX_ALERTS_PER_HOUR, QUIET_START,
        QUIET_END);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    // read once: the stages read them per sample
    private final double nudgeAfterSeconds;
    private final double nudgeRepeatSeconds;
    private final double nudgeBackoff;
    private final int nudgeMaxPerHour;
    private final double deskBreakMinutes;
    private final double breakResponseSeconds;
    private final double breakSnoozeMinutes;
    private final double extensionDoseDegMinutes;
    private final double extensionWindowMinutes;
    private final double extensionMinGapMinutes;
    private final int extensionReps;
    private final double extensionRepDeg;
    private final double extensionResponseSeconds;
    private final double twistRateDps;
    private final double twistMergeSeconds;
    private final int twistWarnPerDay;
    private final int maxAlertsPerHour;
    private final LocalTime quietStart;
    private final LocalTime quietEnd;

    public Settings(SettingValues values) {
      super(values, KEYS);
      this.nudgeAfterSeconds = get(NUDGE_AFTER_SECONDS);
      this.nudgeRepeatSeconds = get(NUDGE_REPEAT_SECONDS);
      this.nudgeBackoff = get(NUDGE_BACKOFF);
      this.nudgeMaxPerHour = get(NUDGE_MAX_PER_HOUR);
      this.deskBreakMinutes = get(DESK_BREAK_MINUTES);
      this.breakResponseSeconds = get(BREAK_RESPONSE_SECONDS);
      this.breakSnoozeMinutes = get(BREAK_SNOOZE_MINUTES);
      this.extensionDoseDegMinutes = get(EXTENSION_DOSE_DEG_MINUTES);
      this.extensionWindowMinutes = get(EXTENSION_WINDOW_MINUTES);
      this.extensionMinGapMinutes = get(EXTENSION_MIN_GAP_MINUTES);
      this.extensionReps = get(EXTENSION_REPS);
      this.extensionRepDeg = get(EXTENSION_REP_DEG);
      this.extensionResponseSeconds = get(EXTENSION_RESPONSE_SECONDS);
      this.twistRateDps = get(TWIST_RATE_DPS);
      this.twistMergeSeconds = get(TWIST_MERGE_SECONDS);
      this.twistWarnPerDay = get(TWIST_WARN_PER_DAY);
      this.maxAlertsPerHour = get(MAX_ALERTS_PER_HOUR);
      this.quietStart = get(QUIET_START);
      this.quietEnd = get(QUIET_END);
      if (!(extensionRepDeg() > ExtensionRule.REP_RETURN_DEG)) {
        throw new IllegalArgumentException(EXTENSION_REP_DEG.name() + " must be more than "
            + ExtensionRule.REP_RETURN_DEG + "°, the level a repetition returns to");
      }
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    public double nudgeAfterSeconds() {
      return nudgeAfterSeconds;
    }

    public double nudgeRepeatSeconds() {
      return nudgeRepeatSeconds;
    }

    public double nudgeBackoff() {
      return nudgeBackoff;
    }

    public int nudgeMaxPerHour() {
      return nudgeMaxPerHour;
    }

    public double deskBreakMinutes() {
      return deskBreakMinutes;
    }

    public double breakResponseSeconds() {
      return breakResponseSeconds;
    }

    public double breakSnoozeMinutes() {
      return breakSnoozeMinutes;
    }

    public double extensionDoseDegMinutes() {
      return extensionDoseDegMinutes;
    }

    public double extensionWindowMinutes() {
      return extensionWindowMinutes;
    }

    public double extensionMinGapMinutes() {
      return extensionMinGapMinutes;
    }

    public int extensionReps() {
      return extensionReps;
    }

    public double extensionRepDeg() {
      return extensionRepDeg;
    }

    public double extensionResponseSeconds() {
      return extensionResponseSeconds;
    }

    public double twistRateDps() {
      return twistRateDps;
    }

    public double twistMergeSeconds() {
      return twistMergeSeconds;
    }

    public int twistWarnPerDay() {
      return twistWarnPerDay;
    }

    public int maxAlertsPerHour() {
      return maxAlertsPerHour;
    }

    public LocalTime quietStart() {
      return quietStart;
    }

    public LocalTime quietEnd() {
      return quietEnd;
    }
  

    public boolean hasQuietHours() {
      return !quietStart().equals(quietEnd());
    }
  }

  private final Settings settings;
  private final Delivery delivery;
  private final TwistGuard twists;
  private final SlumpNudgeRule nudges;
  private final DeskBreakRule breaks;
  private final ExtensionRule extensions;
  /** Refilled for every sample: the rules read it and keep nothing of it. */
  private final Moment moment = Moment.of(0, Double.NaN, Activity.UNKNOWN, 0,
      new SlumpTracker(SlumpTracker.Settings.DEFAULTS),
      new SittingTracker(SittingTracker.Settings.DEFAULTS), null);

  /**
   * @param controls the wearer's pain pause, snooze, do not disturb and acknowledgements
   * @param zone the wearer's time zone, for days and quiet hours
   */
  public AlertEngine(Settings settings, AlertControls controls, ZoneId zone) {
    this.settings = settings;
    this.delivery = new Delivery(settings, controls, zone);
    this.twists = new TwistGuard(settings);
    this.nudges = new SlumpNudgeRule(settings);
    this.breaks = new DeskBreakRule(settings);
    this.extensions = new ExtensionRule(settings);
  }

  /**
   * Anchors sensor time to wall time, once, before the first {@link #update}: the session's
   * first sample, at device time {@code firstDeviceMicros}, was taken at {@code startedMs}.
   */
  public void start(long firstDeviceMicros, long startedMs) {
    delivery.start(firstDeviceMicros, startedMs);
  }

  /**
   * Called once per sample, after the trackers: every rule looks at a snapshot of them.
   *
   * @param flexionDeg flexion from neutral, NaN when unknown
   * @param gyroSquaredRadPerSec2 the squared magnitude of the bias-corrected angular rate
   * @param completedBreak a break that completed with this sample, or null
   */
  public void update(long t, double flexionDeg, Activity activity,
      double gyroSquaredRadPerSec2, SlumpTracker slump, SittingTracker sitting,
      SittingTracker.Break completedBreak) {
    update(moment.take(t, flexionDeg, activity, gyroSquaredRadPerSec2, slump, sitting,
        completedBreak));
  }

  /** Every rule looks at the moment. */
  public void update(Moment m) {
    if (!delivery.started()) {
      throw new IllegalStateException("start the alert engine before the first sample");
    }
    twists.update(m, delivery);
    delivery.pollAcknowledgement(m.t());
    nudges.update(m, delivery);
    breaks.update(m, delivery);
    extensions.update(m, delivery);
  }

  /** True when {@link #takeDecisions()} has something: cheap, for every sample. */
  public boolean hasDecisions() {
    return delivery.hasDecisions();
  }

  /** What was decided since the last call, in order. */
  public List<AlertDecision> takeDecisions() {
    return delivery.takeDecisions();
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * Seconds to the next desk-break prompt by the desk-break rule's own clock, as of the last
   * sample: 0 while one is open; seated time left in the bout before the first; sensor time
   * left before a missed or held-back one comes again; NaN when no sitting bout runs. For
   * live displays (the pipeline's {@code Live} snapshots carry it).
   */
  public double deskBreakDueSeconds() {
    return breaks.secondsToNextPrompt(moment);
  }

  public int deskBreaksPrompted() {
    return breaks.prompted();
  }

  public int deskBreaksTaken() {
    return breaks.taken();
  }

  /** Delivered slump nudges. */
  public int nudges() {
    return nudges.delivered();
  }

  public int extensionPrompts() {
    return extensions.prompts();
  }

  public int extensionsDone() {
    return extensions.done();
  }

  /** Slump dose of the current window (since the last extension prompt), degree-minutes. */
  public double windowDoseDegMinutes() {
    return extensions.windowDoseDegMinutes();
  }

  /**
   * Forceful twists (self-manipulations) counted on the current day; once this session has
   * counted one, earlier sessions' of the same day are included.
   */
  public int selfManipulationsToday() {
    return twists.today();
  }

  public Settings settings() {
    return settings;
  }
}
