package dev.slumpwatch.alert;

import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Decides when to prompt, on sensor time only.
 *
 * <p>Version 1 rules:
 * <ul>
 *   <li>Slump nudge: when a slump episode has lasted {@code nudgeAfterSeconds}; again
 *       after {@code nudgeRepeatSeconds}, the interval growing by {@code nudgeBackoff}
 *       each time, while it goes on; never more than {@code nudgeMaxPerHour} in any hour.
 *   <li>Desk break: after {@code deskBreakMinutes} of continuous sitting, prompt Bruegger's
 *       relief position. A break (a relief hold or a walk) begun within
 *       {@code breakResponseSeconds} of the prompt counts as taken; otherwise the prompt
 *       is missed and comes again {@code breakSnoozeMinutes} after it fired.
 * </ul>
 * Results go to an {@link AlertListener}; the engine holds no thread and no wall clock.
 */
public final class AlertEngine {

  public record Settings(double nudgeAfterSeconds, double nudgeRepeatSeconds,
      double nudgeBackoff, int nudgeMaxPerHour, double deskBreakMinutes,
      double breakResponseSeconds, double breakSnoozeMinutes) {
    public static final Settings DEFAULTS = new Settings(30, 120, 2.0, 6, 30, 120, 10);

    public Settings {
      if (!(nudgeAfterSeconds >= 0) || !(nudgeRepeatSeconds > 0) || !(nudgeBackoff >= 1)
          || nudgeMaxPerHour < 0 || !(deskBreakMinutes > 0) || !(breakResponseSeconds > 0)
          || !(breakSnoozeMinutes > 0)) {
        throw new IllegalArgumentException("alert settings out of range: " + this);
      }
    }
  }

  /** Where the engine's decisions go. */
  public interface AlertListener {
    void alert(Alert alert);

    void outcome(Alert alert, AlertOutcome outcome);
  }

  static final String BRUEGGER_TEXT = "sit on the front edge of your chair, feet apart and "
      + "turned slightly out, palms turned outward, shoulders back and down, chin tucked; "
      + "breathe and hold for 30 s. Or get up and walk for a minute.";

  /**
   * A break begun just before the response deadline completes later (a relief hold takes
   * 20 s, a walk 30 s), so "missed" is decided this long after the deadline.
   */
  private static final long DECISION_GRACE_MICROS = 45_000_000L;

  private final Settings settings;
  private final AlertListener listener;
  private long sessionStartMicros = Long.MIN_VALUE;
  private int nextId = 1;

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

  public AlertEngine(Settings settings, AlertListener listener) {
    this.settings = settings;
    this.listener = listener;
  }

  /**
   * Called once per sample after the trackers.
   *
   * @param completedBreak a break that completed with this sample, or null
   */
  public void update(long t, SlumpTracker slump, SittingTracker sitting,
      SittingTracker.Break completedBreak) {
    if (sessionStartMicros == Long.MIN_VALUE) {
      sessionStartMicros = t;
    }
    checkNudge(t, slump);
    checkBreak(t, sitting, completedBreak);
  }

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
    while (!recentNudges.isEmpty() && t - recentNudges.peekFirst() >= 3_600_000_000L) {
      recentNudges.pollFirst();
    }
    nextNudgeAt = t + (long) (nudgeInterval * 1e6);
    nudgeInterval *= settings.nudgeBackoff();
    if (recentNudges.size() >= settings.nudgeMaxPerHour()) {
      return;
    }
    recentNudges.addLast(t);
    nudges++;
    double minutes = (t - start) / 60e6;
    fire(t, AlertKind.SLUMP_NUDGE, String.format(Locale.ROOT,
        "your upper back has been rounded for %s; sit tall, shoulders back and down.",
        minutes >= 1 ? String.format(Locale.ROOT, "%.0f min", minutes)
            : String.format(Locale.ROOT, "%.0f s", minutes * 60)));
  }

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
    pendingBreak = fire(t, AlertKind.DESK_BREAK, String.format(Locale.ROOT,
        "%.0f min of sitting. %s", sitting.boutSeconds() / 60, capitalise(BRUEGGER_TEXT)));
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private Alert fire(long t, AlertKind kind, String message) {
    Alert a = new Alert(nextId++, t, (t - sessionStartMicros) / 1e6, kind, message);
    listener.alert(a);
    return a;
  }

  public int deskBreaksPrompted() {
    return deskBreaksPrompted;
  }

  public int deskBreaksTaken() {
    return deskBreaksTaken;
  }

  public int nudges() {
    return nudges;
  }
}
