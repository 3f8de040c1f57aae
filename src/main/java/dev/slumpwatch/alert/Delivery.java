package dev.slumpwatch.alert;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the wearer is told, decided when a rule fires: the pain pause (exercise prompts
 * only), do not disturb, a snooze, quiet hours, and a global cap of
 * {@code maxAlertsPerHour} delivered alerts in any hour. A held-back alert is still
 * recorded, with {@link Alert#suppressedBy()} set and a {@code suppressed} outcome, so the
 * history keeps it. The red flags go with the first delivered exercise prompt of each day.
 * Also takes the wearer's acknowledgement of the latest delivered alert.
 *
 * <p>Snooze, quiet hours and days need the wall clock: sensor time is mapped to it through
 * the session's anchor ({@link #start}), so a replay gives the same alerts every time.
 */
final class Delivery {
  static final long HOUR_MICROS = 3_600_000_000L;
  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private final AlertEngine.Settings settings;
  private final AlertControls controls;
  private final ZoneId zone;
  private long sessionStartMicros = Long.MIN_VALUE;
  private long anchorMs;
  private int nextId = 1;
  private final ArrayDeque<Long> delivered = new ArrayDeque<>();
  private Alert lastDelivered;
  private boolean lastDeliveredAcknowledged;
  private long ackPollSecond = -1;
  private final List<AlertDecision> decisions = new ArrayList<>();

  Delivery(AlertEngine.Settings settings, AlertControls controls, ZoneId zone) {
    this.settings = settings;
    this.controls = controls;
    this.zone = zone;
  }

  /** Anchors sensor time to wall time: the session's first sample was at {@code startedMs}. */
  void start(long firstDeviceMicros, long startedMs) {
    sessionStartMicros = firstDeviceMicros;
    anchorMs = startedMs;
  }

  boolean started() {
    return sessionStartMicros != Long.MIN_VALUE;
  }

  AlertControls controls() {
    return controls;
  }

  ZonedDateTime wallTime(long t) {
    return Instant.ofEpochMilli(anchorMs + (t - sessionStartMicros) / 1000).atZone(zone);
  }

  LocalDate day(long t) {
    return wallTime(t).toLocalDate();
  }

  /** Fires a prompt: delivered, or held back with the reason. */
  Alert fire(long t, AlertKind kind, String message) {
    String suppressed = gate(t, kind);
    if (suppressed == null && kind.exercise()) {
      LocalDate day = day(t);
      if (!day.equals(controls.redFlagsShownOn())) {
        controls.redFlagsShown(day);
        message = message + " " + Guidance.redFlagsInline();
      }
    }
    Alert a = new Alert(nextId++, t, (t - sessionStartMicros) / 1e6, kind, message, suppressed);
    decisions.add(new AlertDecision.Fired(a));
    if (suppressed != null) {
      decide(a, new AlertOutcome(a.id(), t, AlertOutcome.SUPPRESSED, suppressed));
    } else {
      delivered.addLast(t);
      lastDelivered = a;
      lastDeliveredAcknowledged = false;
    }
    return a;
  }

  /** Records how far an exercise prompt has got (a repetition counted). */
  void progress(Alert alert, long t, int reps, int targetReps) {
    decisions.add(new AlertDecision.Progress(alert, t, reps, targetReps));
  }

  /** Records what became of a prompt. */
  void decide(Alert alert, AlertOutcome outcome) {
    decisions.add(new AlertDecision.Decided(alert, outcome));
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

  /** Asks the controls for an acknowledgement once per second of sensor time. */
  void pollAcknowledgement(long t) {
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
          + lastDelivered.kind().title() + " at "
          + wallTime(lastDelivered.deviceTimeMicros()).format(HM) + ") is already "
          + "acknowledged");
    } else {
      lastDeliveredAcknowledged = true;
      decisions.add(new AlertDecision.Acknowledged(lastDelivered,
          new Acknowledgement(lastDelivered.id(), t, via)));
    }
  }

  boolean hasDecisions() {
    return !decisions.isEmpty();
  }

  List<AlertDecision> takeDecisions() {
    List<AlertDecision> out = List.copyOf(decisions);
    decisions.clear();
    return out;
  }
}
