package dev.slumpwatch.cli;

import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.GuidedCalibration.Progress;
import dev.slumpwatch.posture.GuidedCalibration.Step;
import dev.slumpwatch.posture.PostureCalibration;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * What every terminal front end ({@code run}, {@code replay}, {@code demo},
 * {@code calibrate posture}) prints while the guided calibration runs, from the pipeline's
 * calibration events (processing thread): one line when it starts and says why, one line
 * per step and per new try of a step (with why the last try failed), and one when it is
 * done or gives up, saying how to try again. On a terminal the countdown and the live angle
 * are also drawn on one line that is rewritten in place; into a file or a pipe only the
 * changes are written.
 */
final class CalibrationLines implements Consumer<PipelineEvent> {
  private final PrintWriter out;
  private final boolean terminal;
  private final String tryAgain;
  private final BiFunction<PostureCalibration, PostureCalibration, String> learnt;
  private Progress shown;
  private String live;
  private volatile Progress current;

  /**
   * @param terminal draw the countdown and the live angle in place
   * @param tryAgain how the wearer asks for another calibration here, e.g. {@code press c
   *     then Enter}; null where there is none (a replay)
   * @param learnt called with a learnt calibration (upper, lower or null); returns what to
   *     add to the "done" line (where it was stored), or an empty string
   */
  CalibrationLines(PrintWriter out, boolean terminal, String tryAgain,
      BiFunction<PostureCalibration, PostureCalibration, String> learnt) {
    this.out = out;
    this.terminal = terminal;
    this.tryAgain = tryAgain;
    this.learnt = learnt;
  }

  /** The calibration's latest progress while it runs, else null (for a status line). */
  Progress current() {
    return current;
  }

  private void line(String s) {
    if (terminal) {
      out.print("\r\033[K");
    }
    out.println(s);
    out.flush();
    live = null;
  }

  @Override
  public void accept(PipelineEvent event) {
    if (event instanceof PipelineEvent.CalibrationStarted c) {
      shown = null;
      line("[calibration] " + c.why() + ": follow the prompts");
    } else if (event instanceof PipelineEvent.CalibrationProgress p) {
      progress(p.progress());
    } else if (event instanceof PipelineEvent.Calibrated c) {
      current = null;
      if (c.origin() == PipelineEvent.Origin.LEARNT) {
        String note = shown != null && shown.step() == Step.DONE && shown.problem() != null
            ? " (" + shown.problem() + ")" : "";
        line("[calibration] done" + (c.lower() != null ? " (upper and lower back)" : "")
            + ": sit as you like" + note + learnt.apply(c.upper(), c.lower()));
      }
    } else if (event instanceof PipelineEvent.CalibrationFailed f) {
      current = null;
      line("[calibration] gave up: " + f.reason() + ". " + (f.previousKept()
          ? "Posture is measured with the calibration from before." : "Posture stays unknown.")
          + (tryAgain == null ? "" : " To try again: " + tryAgain + "."));
    } else if (event instanceof PipelineEvent.RecalibrationNeeded r) {
      line("[calibration] " + r.reason() + ". Posture is unknown until you calibrate again"
          + (tryAgain == null ? "." : " (" + tryAgain + ")."));
    }
  }

  private void progress(Progress p) {
    current = p.step() == Step.DONE || p.step() == Step.FAILED ? null : p;
    if (p.step() == Step.DONE && p.problem() != null) {
      shown = p; // the note goes on the "done" line
      return;
    }
    if (p.step() == Step.DONE || p.step() == Step.FAILED) {
      return; // said by Calibrated and CalibrationFailed
    }
    if (!p.sameStep(shown)) {
      line(stepLine(p, shown));
      shown = p;
    }
    if (terminal) {
      String now = p.format();
      if (!now.equals(live)) {
        out.print("\r\033[K" + now);
        out.flush();
        live = now;
      }
    }
  }

  /**
   * The line a step (or a new try of it) begins with, e.g. {@code [calibration 2/2, try 2
   * of 4] not taken: the forward bend was 6.1°, ...; again: now bend forward slowly ...}.
   */
  static String stepLine(Progress p, Progress before) {
    String head = "[calibration " + p.stepNumber() + "/" + p.steps()
        + (p.attempt() > 1 ? ", try " + p.attempt() + " of " + p.attempts() : "") + "] ";
    String what = switch (p.step()) {
      case GET_READY -> String.format(Locale.ROOT, "%s; measuring starts in %.0f s",
          p.prompt(), Math.ceil(p.secondsLeft() - 1e-9));
      case SIT_TALL -> String.format(Locale.ROOT, "%s for %.0f s", p.prompt(),
          Math.ceil(p.secondsLeft() - 1e-9));
      case BEND -> before != null && before.step() == Step.HOLD_BEND
          && before.attempt() == p.attempt() ? "you moved while holding: " + p.prompt()
          : p.prompt();
      case HOLD_BEND -> String.format(Locale.ROOT, "%s for %.0f s (%.1f° from neutral)",
          p.prompt(), Math.ceil(p.secondsLeft() - 1e-9), p.angleDeg());
      default -> p.prompt();
    };
    boolean retry = p.problem() != null && (before == null || before.attempt() != p.attempt());
    return head + (retry ? "not taken: " + p.problem() + "; again: " : "") + what;
  }
}
