package dev.slumpwatch.app;

import dev.slumpwatch.posture.GuidedCalibration;
import dev.slumpwatch.report.DayFigures;
import java.util.List;

/**
 * Everything the window and the tray show at one moment, as one immutable value: built by
 * {@link LiveModel} off the event-dispatch thread, handed to it whole, and only copied into
 * components there. Words are always given with a {@link Tone}: colour is never the only
 * carrier of meaning.
 */
public record AppView(Posture posture, Chart chart, Today today, Wizard wizard,
    AlertCard alert, Sensor sensor, Controls controls, String notice, String tooltip) {

  /** How good or bad a state is; the window picks the colours (light or dark theme). */
  public enum Tone { GOOD, WARN, BAD, NEUTRAL }

  /** What the posture panel can say. */
  public enum PostureKind {
    NO_SENSOR(Tone.NEUTRAL), UPRIGHT(Tone.GOOD), SLUMPED(Tone.BAD), NOT_WORN(Tone.NEUTRAL),
    DISCONNECTED(Tone.WARN), CALIBRATING(Tone.WARN), UNKNOWN(Tone.NEUTRAL);

    private final Tone tone;

    PostureKind(Tone tone) {
      this.tone = tone;
    }

    public Tone tone() {
      return tone;
    }
  }

  /**
   * @param words the large text: "Upright", "Slumped 24°", "Sensor disconnected"
   * @param detail the line under it: the flexion and activity, or why it is unknown
   * @param flexionDeg flexion now, degrees; NaN when unknown
   */
  public record Posture(PostureKind kind, String words, String detail, double flexionDeg) {
    public Tone tone() {
      return kind.tone();
    }
  }

  /** A stretch of the chart's time axis, epoch milliseconds. */
  public record Span(long fromMs, long toMs) {}

  /** A prompt on the chart: when, a short label, and whether it was shown to the wearer. */
  public record Mark(long tMs, String label, boolean delivered) {}

  /**
   * The live chart: one point per second of sensor time (NaN where posture was unknown or
   * data missing, so the line breaks there), the slump episodes, the gaps, the prompts, and
   * the window of time shown. A new value only when something in it changed, so the window
   * redraws the chart at most once per second of data.
   *
   * @param timesMs epoch milliseconds of each point
   * @param flexionDeg mean flexion of each second, degrees; NaN where unknown
   */
  public record Chart(long version, long[] timesMs, double[] flexionDeg, double thresholdDeg,
      List<Span> slumps, List<Span> gaps, List<Mark> prompts, long fromMs, long toMs) {
    public int points() {
      return timesMs.length;
    }
  }

  /**
   * Today so far: the day's figures (the day report's definitions, {@code DayFigures}), and
   * the words shown.
   *
   * @param nextBreak when the next desk break is asked for, by the alert engine's clock:
   *     "in 12 min", "now", "once you sit", or "—" when not monitoring
   */
  public record Today(DayFigures figures, String upright, String slumpMinutes, String breaks,
      String extensionReps, String nextBreak) {}

  /**
   * The calibration wizard, from the pipeline's calibration events; {@code visible} false
   * when no calibration runs or ended recently.
   *
   * @param title the step and the try: "Step 2 of 2: Hold the bend (try 2 of 4)"
   * @param countdown seconds left in the step ("3 s"), or "" where it waits for the wearer
   * @param angleDeg the live angle from the neutral just learnt, degrees; NaN before it
   * @param prompt what to do now
   * @param problem why the previous try failed ("Not taken: ..."), why it gave up, or a note
   *     on the result; null when there is nothing to say
   * @param canRetry offer "Try again" (it gave up)
   * @param why why this calibration runs: no stored calibration, the clip slipped, asked for
   */
  public record Wizard(boolean visible, GuidedCalibration.Step step, String title,
      String countdown, double angleDeg, String prompt, String problem, boolean canRetry,
      String why) {
    public static final Wizard HIDDEN = new Wizard(false, null, "", "", Double.NaN, "", null,
        false, "");
  }

  /**
   * The latest prompt shown to the wearer.
   *
   * @param status when, and what became of it: "10:32 · 3 of 5 reps counted", "done"
   * @param reps repetitions counted so far for an exercise prompt; -1 for other prompts
   */
  public record AlertCard(String title, String message, String status, boolean exercise,
      int reps, int targetReps) {}

  /** The sensor: what it is, its link state, its counters. */
  public record Sensor(String source, String link, Tone tone, String counters) {}

  /** The wearer's controls as they stand. */
  public record Controls(String text, boolean snoozed, boolean painPause, boolean doNotDisturb) {}
}
