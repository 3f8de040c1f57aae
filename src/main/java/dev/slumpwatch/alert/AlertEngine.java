package dev.slumpwatch.alert;

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
          || extensionReps < 1 || !(extensionRepDeg > ExtensionRule.REP_RETURN_DEG)
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

  private final Settings settings;
  private final Delivery delivery;
  private final TwistGuard twists;
  private final SlumpNudgeRule nudges;
  private final DeskBreakRule breaks;
  private final ExtensionRule extensions;

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

  /** Called once per sample, after the trackers: every rule looks at the moment. */
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
