package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slumpwatch ack} against a running monitor: the request goes through the control
 * file, the monitor (reader and processing threads, store thread) takes it, and the store
 * keeps it with the alert.
 */
class AcknowledgementEndToEndTest {
  @TempDir
  Path dir;

  @Test
  void anAcknowledgementThroughTheControlFileIsStoredWithTheAlert() throws Exception {
    Scenario scenario = Scenario.parse("""
        seed 3
        10s calibrate-neutral
        8s  calibrate-bend flexion=20 lean=10
        30s sit flexion=2
        2m  sit flexion=25 ramp=5 typing=yes
        30s sit flexion=2 ramp=3
        """, "ack");
    Instant start = Instant.parse("2026-03-02T09:00:00Z");
    AtomicLong nanos = new AtomicLong(); // the monitor's monotonic clock, moved by the "wearer"
    List<String> messages = new ArrayList<>();
    List<Alert> shown = new ArrayList<>();
    ControlFile controls = new ControlFile(dir, messages::add, nanos::get);
    // the wearer runs 'slumpwatch ack' as the first nudge appears, a second later by the
    // monitor's clock (this listener runs on the processing thread)
    Consumer<PipelineEvent> wearer = e -> {
      if (e instanceof PipelineEvent.AlertFired fired) {
        Alert alert = fired.alert();
        if (alert.delivered() && shown.isEmpty()) {
          shown.add(alert);
          try {
            ControlFile.requestAcknowledgement(dir, start.plusSeconds(
                Math.round(alert.sessionSeconds())), Acknowledgement.COMMAND);
          } catch (java.io.IOException failed) {
            throw new java.io.UncheckedIOException(failed);
          }
          nanos.addAndGet(1_000_000_000L);
        }
      }
    };
    SimulatedWearer source = new SimulatedWearer(scenario, Pacer.unpaced(), null);
    Path db = dir.resolve("slumpwatch.db");
    SessionSetup setup = SessionSetup.of(PostureSetup.learn()).withClock(Clock.fixed(start, ZoneOffset.UTC))
        .withControls(controls);
    SessionRunner.Result r = SessionRunner.run(new SessionRunner.Spec(source, db, setup,
        "ack test", List.of(wearer), messages::add, 64), null);

    assertTrue(messages.isEmpty(), messages.toString());
    Alert nudge = shown.get(0);
    assertEquals(AlertKind.SLUMP_NUDGE, nudge.kind());
    try (Store store = Store.open(db)) {
      List<Store.AlertRow> rows = store.alerts(start.toEpochMilli(),
          start.plusSeconds(3600).toEpochMilli());
      Store.AlertRow first = rows.stream().filter(a -> a.alertId() == nudge.id()).findFirst()
          .orElseThrow();
      assertEquals(Acknowledgement.COMMAND, first.ackVia());
      long ackAfterMs = first.ackMs() - first.tMs();
      // taken at the next second of sensor time after the request
      assertTrue(ackAfterMs > 0 && ackAfterMs <= 1000, "acknowledged " + ackAfterMs
          + " ms after the alert");
      rows.stream().filter(a -> a.alertId() != nudge.id())
          .forEach(a -> assertNull(a.ackMs(), "only the one asked for: " + a));
      assertEquals(r.sessionId(), first.sessionId());
    }
  }
}
