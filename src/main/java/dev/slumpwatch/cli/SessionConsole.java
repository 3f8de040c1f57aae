package dev.slumpwatch.cli;

import dev.slumpwatch.alert.ConsoleNotifier;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureCalibrator;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.posture.PostureSecond;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What {@code run} and {@code replay} print while a session runs (processing thread):
 * the guided-calibration prompts, alerts, and the latest second for the status line.
 *
 * <p>Guided calibration (when the profile has no calibration yet): the session's first
 * seconds are the calibration, timed by the sensor's clock — "sit tall and hold still" from
 * 0 s (learnt from 2 to 7 s), then "bend forward slowly about 30° and hold" from 8 s
 * (learnt from 12 to 17 s). On success the calibration is stored in the profile for the
 * next sessions. After a slipped clip the same steps run again from the next second.
 */
final class SessionConsole implements Consumer<PipelineEvent> {
  /** Session seconds of the guided calibration's windows (see the class comment). */
  static final PostureCalibrator.Plan GUIDED = new PostureCalibrator.Plan(2, 7, 12, 17);
  static final int BEND_PROMPT_SECOND = 8;

  /** Carriage return and "erase line": what lets a status line be redrawn in place. */
  static final String CLEAR_LINE = "\r\033[K";

  private final PrintWriter out;
  private final String clear;
  private final ConsoleNotifier notifier;
  private final Path saveCalibrationTo;
  private final String profile;
  /** Session second the current guided calibration began, or -1 when none is running. */
  private long guidedFrom;
  volatile PostureSecond last;

  /**
   * @param guided prompt for the guided calibration at the session's start
   * @param saveCalibrationTo data dir to store a learnt calibration in, or null (replay)
   * @param profile the profile a learnt calibration is stored as
   */
  SessionConsole(PrintWriter out, boolean guided, Path saveCalibrationTo, String profile) {
    this(out, guided, saveCalibrationTo, profile, true);
  }

  /**
   * @param liveStatusLine a status line is redrawn in place on a terminal, so each line
   *     first clears it; false when the output is a log (systemd's journal), which would
   *     keep the control characters
   */
  SessionConsole(PrintWriter out, boolean guided, Path saveCalibrationTo, String profile,
      boolean liveStatusLine) {
    this.clear = liveStatusLine ? CLEAR_LINE : "";
    this.out = out;
    this.guidedFrom = guided ? 0 : -1;
    this.saveCalibrationTo = saveCalibrationTo;
    this.profile = profile;
    this.notifier = new ConsoleNotifier(out);
  }

  private void line(String s) {
    out.print(clear);
    out.println(s);
    out.flush();
  }

  @Override
  public void accept(PipelineEvent event) {
    if (event instanceof PipelineEvent.Second s) {
      second(s.second());
    } else if (event instanceof PipelineEvent.Calibrated c) {
      if (c.origin() == PipelineEvent.Origin.LEARNT) {
        calibrated(c.upper(), c.lower());
      }
    } else if (event instanceof PipelineEvent.CalibrationFailed f) {
      guidedFrom = -1;
      line("[calibration] failed: " + f.reason() + ". Posture stays unknown for this session; "
          + "start again to retry.");
    } else if (event instanceof PipelineEvent.RecalibrationNeeded r) {
      line("[calibration] " + r.reason() + ". Posture is unknown until you calibrate again.");
    } else if (event instanceof PipelineEvent.CalibrationStarted c) {
      guidedFrom = (long) c.sessionSeconds();
    } else if (event instanceof PipelineEvent.AlertFired a) {
      out.print(clear);
      out.flush();
      notifier.notify(a.alert());
    } else if (event instanceof PipelineEvent.AlertDecided d) {
      notifier.outcome(d.alert(), d.outcome());
    } else if (event instanceof PipelineEvent.Acknowledged k) {
      out.print(clear);
      notifier.acknowledged(k.alert(), k.ack());
    } else if (event instanceof PipelineEvent.Gap g) {
      line(String.format(java.util.Locale.ROOT, "[gap] %.1f s unknown: %s",
          (g.toMicros() - g.fromMicros()) / 1e6, g.reason()));
    }
  }

  private void second(PostureSecond s) {
    last = s;
    if (guidedFrom >= 0 && s.second() == guidedFrom) {
      line("[calibration] sit tall and hold still (about 8 s)");
    } else if (guidedFrom >= 0 && s.second() == guidedFrom + BEND_PROMPT_SECOND) {
      line("[calibration] now bend forward slowly, about 30°, and hold it (about 9 s)");
    }
  }

  private void calibrated(PostureCalibration upper, PostureCalibration lower) {
    guidedFrom = -1;
    String where = "";
    if (saveCalibrationTo != null) {
      try {
        Path f = CalibrationFile.save(saveCalibrationTo, profile,
            new PostureProfile(upper, lower, "in-session"));
        where = "; stored as profile '" + profile + "' in " + f;
      } catch (IOException e) {
        where = "; could not be stored (" + e.getMessage() + "), so the next session "
            + "calibrates again";
      }
    }
    line("[calibration] done" + (lower != null ? " (upper and lower back)" : "")
        + ": sit as you like" + where);
  }
}
