package dev.slumpwatch.cli;

import dev.slumpwatch.alert.ConsoleNotifier;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.pipeline.SessionSummary;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.GuidedCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.posture.PostureSecond;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What {@code run} and {@code replay} print while a session runs (processing thread): the
 * guided calibration's prompts ({@link CalibrationLines}), alerts with the time of day,
 * gaps, and the latest second for the status line.
 *
 * <p>A calibration learnt in {@code run} is stored in the wearer's profile for the next
 * sessions; a replay stores nothing.
 */
final class SessionConsole implements Consumer<PipelineEvent> {
  /** Carriage return and "erase line": what lets a status line be redrawn in place. */
  static final String CLEAR_LINE = "\r\033[K";

  private final PrintWriter out;
  private final boolean terminal;
  private final ConsoleNotifier notifier;
  private final CalibrationLines calibration;
  private long firstMicros;
  private String state;
  volatile PostureSecond last;

  /**
   * @param terminal the output is a terminal: lines are cleared before they are written,
   *     and the calibration's countdown is drawn in place
   * @param zone the time of day of the prompts
   * @param saveCalibrationTo data dir to store a learnt calibration in, or null (replay)
   * @param profile the profile a learnt calibration is stored as
   * @param tryAgain how to ask for another calibration, or null (replay)
   */
  SessionConsole(PrintWriter out, boolean terminal, ZoneId zone, Path saveCalibrationTo,
      String profile, String tryAgain) {
    this.out = out;
    this.terminal = terminal;
    this.notifier = new ConsoleNotifier(out, zone);
    this.calibration = new CalibrationLines(out, terminal, tryAgain, (upper, lower) -> {
      if (saveCalibrationTo == null) {
        return String.format(Locale.ROOT, "; up (%.4f, %.4f, %.4f), forward (%.4f, %.4f, "
            + "%.4f) in the sensor's frame, not stored (a replay never changes a profile)",
            upper.upX(), upper.upY(), upper.upZ(), upper.forwardX(), upper.forwardY(),
            upper.forwardZ());
      }
      try {
        Path f = CalibrationFile.save(saveCalibrationTo, profile,
            new PostureProfile(upper, lower, "in-session"));
        return "; stored as profile '" + profile + "' in " + f;
      } catch (IOException e) {
        return "; could not be stored (" + e.getMessage() + "), so the next session "
            + "calibrates again";
      }
    });
  }

  private void clear() {
    if (terminal) {
      out.print(CLEAR_LINE);
    }
  }

  private void line(String s) {
    clear();
    out.println(s);
    out.flush();
  }

  /** The calibration's progress while one runs, else null. */
  GuidedCalibration.Progress calibrating() {
    return calibration.current();
  }

  @Override
  public void accept(PipelineEvent event) {
    calibration.accept(event);
    if (event instanceof PipelineEvent.SessionStarted s) {
      notifier.sessionStarted(s.startedMs());
      firstMicros = s.firstDeviceMicros();
    } else if (event instanceof PipelineEvent.Second s) {
      last = s.second();
      if (!terminal) {
        logState(s.second());
      }
    } else if (event instanceof PipelineEvent.SlumpStarted s && !terminal) {
      line("[" + notifier.when((s.startMicros() - firstMicros) / 1e6) + "] slumped");
    } else if (event instanceof PipelineEvent.SlumpEnded s && !terminal) {
      line("[" + notifier.when((s.episode().endMicros() - firstMicros) / 1e6) + "] slump "
          + "over after " + SessionSummary.minutesSeconds(s.episode().durationSeconds()));
    } else if (event instanceof PipelineEvent.AlertFired a) {
      clear();
      notifier.notify(a.alert());
    } else if (event instanceof PipelineEvent.AlertDecided d) {
      clear();
      notifier.outcome(d.alert(), d.outcome());
    } else if (event instanceof PipelineEvent.Acknowledged k) {
      clear();
      notifier.acknowledged(k.alert(), k.ack());
    } else if (event instanceof PipelineEvent.Gap g) {
      line(String.format(Locale.ROOT, "[gap] %.1f s unknown: %s",
          (g.toMicros() - g.fromMicros()) / 1e6, g.reason()));
    }
  }

  /**
   * Without a terminal (a file, a pipe, nohup, systemd) there is no status line: a line is
   * written when the posture becomes known, unknown or not worn, never every second.
   */
  private void logState(PostureSecond s) {
    String now = Double.isNaN(s.flexionMeanDeg())
        ? (s.activity() == Activity.NOT_WORN ? "sensor not worn" : "posture unknown")
        : "posture measured";
    if (!now.equals(state)) {
      state = now;
      line("[" + notifier.when(s.second()) + "] " + now);
    }
  }

  /** The posture part of the status line, in words a wearer understands. */
  static String posture(PostureSecond s, GuidedCalibration.Progress calibrating) {
    if (calibrating != null) {
      return "calibrating " + calibrating.format();
    }
    if (s == null) {
      return "waiting for data";
    }
    if (Double.isNaN(s.flexionMeanDeg())) {
      return s.activity() == Activity.NOT_WORN ? "sensor not worn" : "posture unknown";
    }
    double f = s.flexionMeanDeg();
    return String.format(Locale.ROOT, "%s, upper back %.0f° %s of neutral%s",
        words(s.activity()), Math.abs(f), f >= 0 ? "forward" : "back",
        s.slumped() ? ": slumped" : "");
  }

  /** An activity in a wearer's words. */
  static String words(Activity a) {
    return switch (a) {
      case UNKNOWN -> "not known yet";
      case NOT_WORN -> "not worn";
      case SEATED_STILL -> "sitting still";
      case SEATED_FIDGETING -> "sitting, moving a little";
      case STANDING_OR_MOVING -> "standing or moving";
      case WALKING -> "walking";
    };
  }
}
