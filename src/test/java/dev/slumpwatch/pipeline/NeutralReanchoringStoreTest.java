package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.posture.NeutralReanchoring;
import dev.slumpwatch.posture.NeutralTracker;
import dev.slumpwatch.report.DayReport;
import dev.slumpwatch.report.HtmlReport;
import dev.slumpwatch.report.Reports;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clip creeping on the back, through the whole session: the pipeline re-anchors the
 * neutral, the store keeps every step (a real SQLite file) and the day report shows them.
 * The tracker is made quick (hold, horizon and rate of minutes instead of hours) so that a
 * ten-minute session shows it; the defaults are measured by {@link PostureSweepTest}.
 */
class NeutralReanchoringStoreTest {
  private static final long T0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();

  @TempDir
  Path dir;

  @Test
  void everyReanchoringIsStoredAndShownInTheDayReport() throws Exception {
    Scenario scenario = Scenario.parse("""
        name creeping-clip
        seed 5
        drift -3 left 1m 6m
        10s calibrate-neutral
        8s  calibrate-bend flexion=20 lean=10
        10m sit flexion=0 typing=yes
        """, "creeping-clip");
    PipelineSettings quick = PipelineSettings.DEFAULTS
        .with(NeutralTracker.Settings.WINDOW_SECONDS, 10.0)
        .with(NeutralTracker.Settings.MAX_WINDOW_SPAN_SECONDS, 60.0)
        .with(NeutralTracker.Settings.HORIZON_SECONDS, 120.0)
        .with(NeutralTracker.Settings.MAX_DEG_PER_MINUTE, 1.0)
        .with(NeutralTracker.Settings.MIN_WINDOWS, 2);
    List<NeutralReanchoring> seen = Collections.synchronizedList(new ArrayList<>());
    Path db = dir.resolve("slumpwatch.db");
    SessionSetup setup = SessionSetup.of(PostureSetup.learn()).withSettings(quick)
        .withClock(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
    SessionRunner.Result result = SessionRunner.run(new SessionRunner.Spec(
        new SimulatedWearer(scenario, Pacer.unpaced(), null), db, setup, "sim",
        List.of(e -> {
          if (e instanceof PipelineEvent.NeutralReanchored r) {
            seen.add(r.reanchoring());
          }
        }), msg -> {
          throw new AssertionError(msg);
        }, 64), null);

    assertTrue(seen.size() >= 8, "re-anchorings " + seen);
    double total = seen.get(seen.size() - 1).totalShiftDeg();
    assertEquals(-3, total, 0.5, "the neutral followed the 3° the clip crept back");
    assertEquals(total, result.pipeline().neutralShiftDeg(), 1e-9);
    // sitting tall at the end reads upright again
    assertEquals(0, result.pipeline().flexionDeg(), 0.8);

    try (Store s = Store.open(db)) {
      List<Store.ReanchoringRow> rows = s.reanchorings(T0, T0 + 3_600_000);
      assertEquals(seen.size(), rows.size());
      for (int i = 0; i < rows.size(); i++) {
        NeutralReanchoring e = seen.get(i);
        Store.ReanchoringRow r = rows.get(i);
        assertEquals(e.shiftDeg(), r.shiftDeg(), 1e-12);
        assertEquals(e.totalShiftDeg(), r.totalShiftDeg(), 1e-12);
        assertEquals(e.evidenceDeg(), r.evidenceDeg(), 1e-12);
        assertEquals(e.evidenceSeconds(), r.evidenceSeconds(), 1e-12);
        assertEquals(result.sessionId(), r.sessionId());
        assertTrue(r.tMs() > T0 && r.tMs() < T0 + 660_000, "stored at " + r.tMs());
      }
      DayReport day = DayReport.load(s, LocalDate.of(2026, 3, 2), ZoneOffset.UTC, 15);
      assertEquals(rows, day.reanchorings());
      String html = HtmlReport.day(day, List.of(), Reports.Options.DEFAULTS);
      assertTrue(html.contains("<h2>Neutral re-anchored</h2>"), "a section of its own");
      assertTrue(html.contains(rows.size() + " steps, "), "the summary row");
      assertTrue(html.contains("°</td><td>-"), "steps back, as stored");
      assertEquals(rows.size(), html.split("of still sitting</td>", -1).length - 1,
          "one table row per step");
    }
  }

  @Test
  void aDayWithoutReanchoringHasNoSection() throws Exception {
    Path db = dir.resolve("empty.db");
    try (Store s = Store.open(db)) {
      DayReport day = DayReport.load(s, LocalDate.of(2026, 3, 2), ZoneOffset.UTC, 15);
      String html = HtmlReport.day(day, List.of(), Reports.Options.DEFAULTS);
      assertTrue(day.reanchorings().isEmpty());
      assertTrue(!html.contains("<h2>Neutral re-anchored</h2>"));
    }
  }
}
