package dev.slumpwatch.pipeline;

import dev.slumpwatch.event.EventBus;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.event.QueuedSubscriber;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.store.NewerSchemaException;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One monitoring session from any source: source → {@link Monitor} (reader and processing
 * threads) → {@link Pipeline} → {@link EventBus} → the {@link StoreRecorder} and the
 * other consumers. The demo, live monitoring ({@code run}) and {@code replay} all go through
 * here, so they differ only in their source and in what they subscribe.
 */
public final class SessionRunner {
  private SessionRunner() {
  }

  /**
   * @param setup the session: settings, scale, posture profile or guided calibration, the
   *     clock that dates it (a replay passes the recording's start, so the stored rows are
   *     the same every time), the wearer's controls
   * @param sourceName how the source is named in the history
   * @param consumers more consumers of the events (console, notifiers, status), called on
   *     the processing thread, in order; they must not block
   * @param onError store problems, one line each
   * @param queueCapacity events between the reader and the processing thread
   */
  public record Spec(SampleSource source, Path database, SessionSetup setup, String sourceName,
      List<Consumer<PipelineEvent>> consumers, Consumer<String> onError, int queueCapacity,
      Store.Options storeOptions) {
    public Spec {
      consumers = List.copyOf(consumers);
    }

    /** Default store options (no size cap). */
    public Spec(SampleSource source, Path database, SessionSetup setup, String sourceName,
        List<Consumer<PipelineEvent>> consumers, Consumer<String> onError, int queueCapacity) {
      this(source, database, setup, sourceName, consumers, onError, queueCapacity,
          Store.Options.DEFAULTS);
    }
  }

  /**
   * @param recorder null when the database could not be opened
   * @param queued the consumers on threads of their own, with what they dropped
   */
  public record Result(SessionSummary summary, Pipeline pipeline, long sessionId,
      long maxQueueDepth, StoreRecorder recorder, List<QueuedSubscriber> queued) {}

  /**
   * Runs until the source ends or the monitor handed to {@code started} is stopped.
   *
   * <p>A database that cannot be opened (a read-only or full data directory) does not stop
   * the monitoring: {@code onError} gets one line naming the file and saying that this
   * session is not recorded, and the alerts go on. A database from a newer slumpwatch is
   * the exception: that needs the wearer's decision, so it is thrown.
   *
   * @param started receives the running monitor (to stop it from another thread), may be
   *     null
   */
  public static Result run(Spec spec, Consumer<Monitor> started)
      throws StoreException, InterruptedException, Monitor.MonitorException {
    Store opened;
    try {
      opened = Store.open(spec.database(), spec.storeOptions());
    } catch (NewerSchemaException e) {
      throw e;
    } catch (StoreException e) {
      spec.onError().accept(e.getMessage() + " — monitoring and alerts go on, but this "
          + "session is not recorded");
      opened = null;
    }
    SessionSummary summary = new SessionSummary();
    try (Store store = opened) {
      EventBus bus = new EventBus().subscribe(summary);
      spec.consumers().forEach(bus::subscribe);
      StoreRecorder recorder = store == null ? null
          : new StoreRecorder(store, spec.sourceName(), spec.onError()).subscribeTo(bus);
      Pipeline pipeline = new Pipeline(spec.setup(), bus);
      Monitor monitor = new Monitor(spec.source(), pipeline, spec.queueCapacity());
      if (started != null) {
        started.accept(monitor);
      }
      try {
        monitor.run();
      } finally {
        try {
          pipeline.finish("closed"); // when a stage failed; a no-op after a normal end
        } catch (RuntimeException e) {
          // the stage's failure is what monitor.run reports
        }
        bus.close();
      }
      return new Result(summary, pipeline, recorder == null ? -1 : recorder.sessionId(),
          monitor.maxQueueDepth(), recorder, bus.queued());
    }
  }
}
