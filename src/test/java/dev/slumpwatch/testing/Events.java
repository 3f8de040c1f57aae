package dev.slumpwatch.testing;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpEpisode;

/**
 * Pipeline events for store and report tests, dated in session seconds on a device clock
 * that starts at 0 (write them with {@code new Store.SessionRef(id, startedMs, 0)}).
 */
public final class Events {
  private Events() {
  }

  static long us(double seconds) {
    return Math.round(seconds * 1e6);
  }

  /** The episode, dated from {@code fromS} to {@code toS}. */
  public static PipelineEvent episode(SlumpEpisode e, double fromS, double toS) {
    return new PipelineEvent.SlumpEnded(new SlumpEpisode(us(fromS), us(toS), e.peakDeg(),
        e.meanDeg(), e.doseDegMinutes()));
  }

  /** The outcome, decided at {@code atS}. */
  public static PipelineEvent outcome(AlertOutcome o, double atS) {
    return new PipelineEvent.AlertDecided(null, new AlertOutcome(o.alertId(), us(atS),
        o.outcome(), o.detail(), o.reps(), o.repRangeDeg()));
  }

  public static PipelineEvent gap(double fromS, double toS, String reason) {
    return new PipelineEvent.Gap(us(fromS), us(toS), reason);
  }

  /** A calibration of the given origin ("stored" or "learnt") in force from {@code atS}. */
  public static PipelineEvent calibrated(PostureCalibration c, String origin, double atS) {
    return new PipelineEvent.Calibrated(us(atS), c, null,
        PipelineEvent.Origin.valueOf(origin.toUpperCase(java.util.Locale.ROOT)));
  }

  /** The acknowledgement, taken at {@code atS}. */
  public static PipelineEvent ack(Acknowledgement a, double atS) {
    return new PipelineEvent.Acknowledged(null, new Acknowledgement(a.alertId(), us(atS),
        a.via()));
  }

  public static PipelineEvent breakTaken(SittingTracker.BreakKind kind, double fromS,
      double toS) {
    return new PipelineEvent.BreakTaken(new SittingTracker.Break(kind, us(fromS), us(toS)));
  }
}
