package dev.slumpwatch.pipeline;

import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureCalibrator;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.sensor.SampleSource;
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
   */
  public record Spec(SampleSource source, Path database, Clock sessionClock, String sourceName,
      PostureCalibration calibration, PostureCalibrator.Plan plan, PipelineListener extra,
      Consumer<String> onError, int queueCapacity, PostureCalibration lowerCalibration) {

    /** One sensor's calibration (or none): no lower-back calibration. */
    public Spec(SampleSource source, Path database, Clock sessionClock, String sourceName,
        PostureCalibration calibration, PostureCalibrator.Plan plan, PipelineListener extra,
        Consumer<String> onError, int queueCapacity) {
      this(source, database, sessionClock, sourceName, calibration, plan, extra, onError,
          queueCapacity, null);
    }

    /**
     * With a stored profile (upper and, if any, lower calibration) instead of learning one;
     * the plan stays for a guided recalibration after a slipped clip.
     */
    public Spec withProfile(PostureProfile profile) {
      return profile == null ? this : new Spec(source, database, sessionClock, sourceName,
          profile.upper(), plan, extra, onError, queueCapacity, profile.lower());
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
    SessionSummary summary = new SessionSummary();
    try (Store store = Store.open(spec.database())) {
      StoreWriter writer = new StoreWriter(store, spec.sessionClock(), spec.sourceName(),
          spec.onError());
      List<PipelineListener> all = new ArrayList<>(List.of(summary, writer));
      if (spec.extra() != null) {
        all.add(spec.extra());
      }
      Pipeline pipeline = new Pipeline(Pipeline.Settings.DEFAULTS, spec.source().scale(),
          spec.calibration(), spec.lowerCalibration(), spec.plan(), new Listeners(all));
      Monitor monitor = new Monitor(spec.source(), pipeline, spec.queueCapacity());
      if (started != null) {
        started.accept(monitor);
      }
      try {
        monitor.run();
      } finally {
        writer.close();
      }
      return new Result(summary, pipeline, writer.sessionId(), monitor.maxQueueDepth());
    }
  }
}
