package dev.slumpwatch.pipeline;

import dev.slumpwatch.alert.AlertControls;
import dev.slumpwatch.alert.AlertEngine;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureCalibrator;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.store.NewerSchemaException;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import dev.slumpwatch.store.StoreWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One monitoring session from any source: source → {@link Monitor} (reader and processing
 * threads) → {@link Pipeline} → {@link StoreWriter} → the SQLite store. The demo, live
 * monitoring ({@code run}) and {@code replay} all go through here, so they differ only in
 * their source.
 */
public final class SessionRunner {
  private SessionRunner() {
  }

  /**
   * @param sessionClock dates the session (its first sample); a replay passes the
   *     recording's start, so the stored rows are the same every time
   * @param calibration a stored posture calibration, or null to learn one with {@code plan}
   * @param extra another listener (console, status line), may be null
   * @param onError store problems, one line each
   * @param queueCapacity events between the reader and the processing thread
   * @param settings every stage's settings (from the settings file)
   * @param alertControls the wearer's pain pause, snooze and do not disturb
   */
  public record Spec(SampleSource source, Path database, Clock sessionClock, String sourceName,
      PostureCalibration calibration, PostureCalibrator.Plan plan, PipelineListener extra,
      Consumer<String> onError, int queueCapacity, Pipeline.Settings settings,
      AlertControls alertControls, PostureCalibration lowerCalibration) {

    /** The default settings, no alert controls, no lower-back calibration. */
    public Spec(SampleSource source, Path database, Clock sessionClock, String sourceName,
        PostureCalibration calibration, PostureCalibrator.Plan plan, PipelineListener extra,
        Consumer<String> onError, int queueCapacity) {
      this(source, database, sessionClock, sourceName, calibration, plan, extra, onError,
          queueCapacity, Pipeline.Settings.DEFAULTS, AlertControls.none());
    }

    /** The given settings and alert controls, no lower-back calibration. */
    public Spec(SampleSource source, Path database, Clock sessionClock, String sourceName,
        PostureCalibration calibration, PostureCalibrator.Plan plan, PipelineListener extra,
        Consumer<String> onError, int queueCapacity, Pipeline.Settings settings,
        AlertControls alertControls) {
      this(source, database, sessionClock, sourceName, calibration, plan, extra, onError,
          queueCapacity, settings, alertControls, null);
    }

    /**
     * With a stored profile (upper and, if any, lower calibration) instead of learning one;
     * the plan stays for a guided recalibration after a slipped clip.
     */
    public Spec withProfile(PostureProfile profile) {
      return profile == null ? this : new Spec(source, database, sessionClock, sourceName,
          profile.upper(), plan, extra, onError, queueCapacity, settings, alertControls,
          profile.lower());
    }
  }

  public record Result(SessionSummary summary, Pipeline pipeline, long sessionId,
      long maxQueueDepth) {}

  /**
   * Runs until the source ends or the monitor handed to {@code started} is stopped.
   *
   * @param started receives the running monitor (to stop it from another thread), may be null
   */
  public static Result run(Spec spec, Consumer<Monitor> started)
      throws StoreException, InterruptedException, Monitor.MonitorException {
    return run(spec, started, Store.Options.DEFAULTS);
  }

  /**
   * As {@link #run(Spec, Consumer)}, with store options (a size cap).
   *
   * <p>A database that cannot be opened (a read-only or full data directory) does not stop
   * the monitoring: {@code onError} gets one line naming the file and saying that this
   * session is not recorded, and the alerts go on. A database from a newer slumpwatch is
   * the exception: that needs the wearer's decision, so it is thrown.
   */
  public static Result run(Spec spec, Consumer<Monitor> started, Store.Options options)
      throws StoreException, InterruptedException, Monitor.MonitorException {
    Store opened;
    try {
      opened = Store.open(spec.database(), options);
    } catch (NewerSchemaException e) {
      throw e;
    } catch (StoreException e) {
      spec.onError().accept(e.getMessage() + " — monitoring and alerts go on, but this "
          + "session is not recorded");
      opened = null;
    }
    SessionSummary summary = new SessionSummary();
    try (Store store = opened) {
      StoreWriter writer = store == null ? null : new StoreWriter(store, spec.sessionClock(),
          spec.sourceName(), spec.onError());
      List<PipelineListener> all = new ArrayList<>(List.of(summary));
      if (writer != null) {
        all.add(writer);
        if (spec.calibration() != null) {
          writer.usingStoredCalibration(spec.calibration());
        }
      }
      if (spec.extra() != null) {
        all.add(spec.extra());
      }
      // the alert engine anchors sensor time to the same clock the store dates the session by
      Pipeline pipeline = new Pipeline(spec.settings(), spec.source().scale(),
          spec.calibration(), spec.lowerCalibration(), spec.plan(), new Listeners(all),
          new AlertEngine.Context(spec.sessionClock(), spec.alertControls()));
      Monitor monitor = new Monitor(spec.source(), pipeline, spec.queueCapacity());
      if (started != null) {
        started.accept(monitor);
      }
      try {
        monitor.run();
      } finally {
        if (writer != null) {
          writer.close();
        }
      }
      return new Result(summary, pipeline, writer == null ? -1 : writer.sessionId(),
          monitor.maxQueueDepth());
    }
  }
}
