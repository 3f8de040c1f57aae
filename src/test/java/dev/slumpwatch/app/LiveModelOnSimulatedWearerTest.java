package dev.slumpwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.event.EventBus;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.report.DayFigures;
import dev.slumpwatch.report.DayTally;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view model fed the way the window feeds it (its own bounded queue on its own thread)
 * by the real pipeline on the simulated wearer's two-hour desk scenario: the exercise
 * prompts' repetitions arrive one by one as they are counted, and today's figures agree
 * with the day's report of what the session stored.
 */
class LiveModelOnSimulatedWearerTest {
  @TempDir
  Path dir;

  @Test
  void repetitionsArriveAsCountedAndTodayAgreesWithTheSession() throws Exception {
    Scenario scenario = Scenario.builtIn("desk-2h");
    Instant start = Instant.parse("2026-03-02T09:00:00Z");
    LocalDate day = LocalDate.of(2026, 3, 2);
    LiveModel model = new LiveModel(new LiveModel.Config(15, ZoneOffset.UTC,
        Duration.ofDays(1)), System::nanoTime);
    model.sessionStarting("sim", day, DayTally.empty(day));
    EventBus relay = new EventBus();
    relay.subscribeQueued("window", AppController.QUEUE_CAPACITY, Duration.ofMillis(100),
        model::accept);
    List<int[]> progress = new ArrayList<>();
    List<Integer> finalReps = new ArrayList<>();
    SessionSetup setup = SessionSetup.of(PostureSetup.learn()).withClock(Clock.fixed(start,
        ZoneOffset.UTC));
    SessionRunner.Result r = SessionRunner.run(new SessionRunner.Spec(new SimulatedWearer(
        scenario, Pacer.unpaced(), null), dir.resolve("s.db"), setup, "test",
        List.of(relay, e -> {
          if (e instanceof PipelineEvent.ExerciseProgress p) {
            progress.add(new int[] {p.alert().id(), p.reps(), p.targetReps()});
          } else if (e instanceof PipelineEvent.AlertDecided d
              && d.alert().kind() == AlertKind.EXTENSION && d.outcome().reps() > 0) {
            finalReps.add(d.outcome().reps());
          }
        }), m -> { }, 64), null);
    relay.close(Duration.ofSeconds(10));

    assertTrue(!finalReps.isEmpty(), "the scenario answers an extension prompt with reps");
    int total = finalReps.stream().mapToInt(Integer::intValue).sum();
    assertEquals(total, progress.size(), "one progress event per counted repetition");
    int expect = 1;
    int id = progress.get(0)[0];
    for (int[] p : progress) {
      if (p[0] != id) {
        id = p[0];
        expect = 1;
      }
      assertEquals(expect++, p[1], "counted one by one");
      assertEquals(5, p[2]);
    }

    AppView v = model.snapshot();
    assertEquals(Long.toString(total), v.today().extensionReps());
    long seconds = Math.round(scenario.durationSeconds());
    assertTrue(v.today().figures().wornSeconds() > seconds * 0.9, "worn "
        + v.today().figures().wornSeconds() + " of " + seconds + " s");
    assertEquals(AppView.PostureKind.NO_SENSOR, v.posture().kind(), "the session finished");
    assertTrue(v.alert() != null, "the latest prompt is shown");
    assertTrue(r.pipeline().samples() > seconds * 90, "the whole scenario ran");
    // the day's report, from the rows the session stored, shows what the window showed
    DayFigures stored;
    try (Store store = Store.open(dir.resolve("s.db"))) {
      stored = DayFigures.of(store, day, ZoneOffset.UTC);
    }
    DayFigures shown = v.today().figures();
    assertEquals(stored.wornSeconds(), shown.wornSeconds());
    assertEquals(stored.slumpSeconds(), shown.slumpSeconds(), 1.0);
    assertEquals(stored.episodes(), shown.episodes());
    assertEquals(stored.breaksPrompted(), shown.breaksPrompted());
    assertEquals(stored.breaksTaken(), shown.breaksTaken());
    assertEquals(stored.extensionReps(), shown.extensionReps());
    assertEquals(stored.uprightPercent(), shown.uprightPercent(), 0.2);
  }
}
