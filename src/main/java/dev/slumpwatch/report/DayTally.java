package dev.slumpwatch.report;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.slump.SlumpEpisode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;

/**
 * A day's {@link DayFigures} while a session runs, for a live display: the figures of the
 * rows already stored for the day (read once, before the session) plus what the running
 * session's events add, each counted with {@link DayFigures}' definitions and dated as the
 * store dates them (the session's start plus sensor time), so that the day's report, once
 * the session's rows are stored, shows the same values.
 *
 * <p>One difference, on purpose: {@link #figures} counts the slump episode open now as slump
 * time up to the latest sample (a live display shows the slump growing); the store has it
 * only once it ends, and then with its whole length, so the two meet again when it ends.
 * Only events that fall in the day count (a session across midnight is continued by a new
 * tally for the next day). Not thread-safe: one thread feeds it and reads it.
 */
public final class DayTally {
  private final LocalDate day;
  private final DayFigures stored;
  private final long dayStartMs;
  private final long dayEndMs;

  private long firstMicros = Long.MIN_VALUE;
  private long startedMs;
  private long lastMicros = Long.MIN_VALUE;
  private boolean counted;

  private long recorded;
  private long worn;
  private long known;
  private long seated;
  private long flagged;
  private double slump;
  private int episodes;
  private double longest;
  private double dose;
  private int breaksPrompted;
  private int breaksTaken;
  private int walkBreaks;
  private int nudges;
  private int extensionsPrompted;
  private int extensionsDone;
  private int extensionsPartial;
  private long reps;
  private int heldBack;
  private int selfCrack;
  private double gap;
  private long openEpisodeMicros = Long.MIN_VALUE;
  /** Prompts of this session fired in the day and shown: their outcomes count here. */
  private final Set<Integer> shownInDay = new HashSet<>();

  /**
   * @param stored the day's figures from the store before this session
   *     ({@code DayFigures.of(store, day, zone)}), or {@link #empty} when nothing is stored
   */
  public DayTally(LocalDate day, ZoneId zone, DayFigures stored) {
    if (!stored.date().equals(day)) {
      throw new IllegalArgumentException("stored figures of " + stored.date() + " for " + day);
    }
    this.day = day;
    this.stored = stored;
    this.dayStartMs = day.atStartOfDay(zone).toInstant().toEpochMilli();
    this.dayEndMs = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /** A day with nothing stored. */
  public static DayFigures empty(LocalDate day) {
    return new DayFigures(day, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  public LocalDate day() {
    return day;
  }

  /**
   * A session that began before this tally was made (its next day, after midnight): its
   * time anchor, as its {@code SessionStarted} said.
   */
  public void anchor(long firstDeviceMicros, long startedMs) {
    this.firstMicros = firstDeviceMicros;
    this.startedMs = startedMs;
  }

  /** The session's next event, in order. */
  public void accept(PipelineEvent e) {
    if (e instanceof PipelineEvent.SessionStarted s) {
      anchor(s.firstDeviceMicros(), s.startedMs());
      lastMicros = s.firstDeviceMicros();
    } else if (firstMicros == Long.MIN_VALUE) {
      return; // nothing can be dated before the session's start
    } else if (e instanceof PipelineEvent.Second s) {
      second(s.second());
    } else if (e instanceof PipelineEvent.SlumpStarted s) {
      openEpisodeMicros = s.startMicros();
    } else if (e instanceof PipelineEvent.SlumpEnded s) {
      openEpisodeMicros = Long.MIN_VALUE;
      episode(s.episode());
    } else if (e instanceof PipelineEvent.AlertFired a) {
      fired(a.alert());
    } else if (e instanceof PipelineEvent.AlertDecided d) {
      decided(d.alert(), d.outcome());
    } else if (e instanceof PipelineEvent.Gap g) {
      gap += DayFigures.overlapSeconds(wallMs(g.fromMicros()), wallMs(g.toMicros()),
          dayStartMs, dayEndMs);
    } else if (e instanceof PipelineEvent.Live l) {
      lastMicros = Math.max(lastMicros, l.deviceMicros());
    }
  }

  private long wallMs(long micros) {
    return startedMs + Math.round((micros - firstMicros) / 1e6 * 1000);
  }

  private boolean inDay(long tMs) {
    return tMs >= dayStartMs && tMs < dayEndMs;
  }

  private void second(PostureSecond s) {
    lastMicros = Math.max(lastMicros, s.deviceTimeMicros());
    if (!inDay(startedMs + s.second() * 1000)) {
      return;
    }
    counted = true;
    recorded++;
    if (DayReport.worn(s.activity())) {
      worn++;
    }
    if (!Double.isNaN(s.flexionMeanDeg())) {
      known++;
    }
    if (s.activity().seated()) {
      seated++;
    }
    if (s.slumped()) {
      flagged++;
    }
  }

  private void episode(SlumpEpisode x) {
    long from = wallMs(x.startMicros());
    long to = wallMs(x.endMicros());
    double inDay = DayFigures.overlapSeconds(from, to, dayStartMs, dayEndMs);
    slump += inDay;
    double duration = x.durationSeconds();
    dose += duration > 0 ? x.doseDegMinutes() * inDay / duration : 0;
    if (inDay(from)) {
      episodes++;
      longest = Math.max(longest, duration);
    }
  }

  private void fired(Alert a) {
    if (!inDay(startedMs + Math.round(a.sessionSeconds() * 1000))) {
      return;
    }
    if (!a.delivered()) {
      heldBack++;
      return;
    }
    shownInDay.add(a.id());
    switch (a.kind()) {
      case DESK_BREAK -> breaksPrompted++;
      case SLUMP_NUDGE -> nudges++;
      case EXTENSION -> extensionsPrompted++;
      case SELF_CRACK_WARNING -> selfCrack++;
      default -> throw new IllegalStateException("unhandled alert kind " + a.kind());
    }
  }

  private void decided(Alert a, AlertOutcome o) {
    if (!shownInDay.contains(a.id())) {
      return; // held back, or fired on another day: counted there
    }
    if (a.kind() == AlertKind.DESK_BREAK && AlertOutcome.TAKEN.equals(o.outcome())) {
      breaksTaken++;
      if ("walk".equals(o.detail())) {
        walkBreaks++;
      }
    } else if (a.kind() == AlertKind.EXTENSION) {
      if (AlertOutcome.DONE.equals(o.outcome())) {
        extensionsDone++;
      } else if (AlertOutcome.PARTIAL.equals(o.outcome())) {
        extensionsPartial++;
      }
      reps += Math.max(0, o.reps());
    }
  }

  /**
   * The day's figures now: the stored ones plus this session's, the slump episode open now
   * counted up to the latest sample.
   */
  public DayFigures figures() {
    double open = openEpisodeMicros == Long.MIN_VALUE || lastMicros == Long.MIN_VALUE ? 0
        : DayFigures.overlapSeconds(wallMs(openEpisodeMicros), wallMs(lastMicros), dayStartMs,
            dayEndMs);
    DayFigures s = stored;
    return new DayFigures(day, s.recordedSeconds() + recorded, s.wornSeconds() + worn,
        s.knownSeconds() + known, s.seatedSeconds() + seated,
        s.flaggedSlumpSeconds() + flagged, s.slumpSeconds() + slump + open,
        s.episodes() + episodes, Math.max(s.longestEpisodeSeconds(), longest),
        s.slumpDoseDegMinutes() + dose, s.breaksPrompted() + breaksPrompted,
        s.breaksTaken() + breaksTaken, s.walkBreaks() + walkBreaks, s.nudges() + nudges,
        s.extensionsPrompted() + extensionsPrompted, s.extensionsDone() + extensionsDone,
        s.extensionsPartial() + extensionsPartial, s.extensionReps() + reps,
        s.heldBack() + heldBack, s.selfCrackWarnings() + selfCrack, s.gapSeconds() + gap,
        s.sessions() + (counted ? 1 : 0));
  }
}
