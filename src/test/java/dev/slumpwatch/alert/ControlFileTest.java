package dev.slumpwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controls file as a running engine sees it: changed between two prompts. */
class ControlFileTest {
  @TempDir
  Path dir;

  private final List<Alert> alerts = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();

  @Test
  void aPainPauseSetWhileRunningStopsTheNextExercisePrompt() throws Exception {
    ControlFile controls = new ControlFile(dir, errors::add);
    AlertEngine engine = new AlertEngine(AlertEngine.Settings.DEFAULTS, new AlertEngine.Context(
        Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC), controls),
        new AlertEngine.AlertListener() {
          @Override
          public void alert(Alert alert) {
            alerts.add(alert);
          }

          @Override
          public void outcome(Alert alert, AlertOutcome outcome) {
          }
        });
    SlumpTracker slump = new SlumpTracker(SlumpTracker.Settings.DEFAULTS);
    SittingTracker sitting = new SittingTracker(SittingTracker.Settings.DEFAULTS);
    long t = 0;
    for (int phase = 0; phase < 2; phase++) {
      // 30 min seated, then a relief hold: one desk break per phase
      for (int i = 0; i < 18_300; i++, t += 100_000) {
        double flex = i < 18_010 ? 2 : -8;
        slump.update(t, flex, Activity.SEATED_STILL);
        SittingTracker.Break b = sitting.update(t, Activity.SEATED_STILL, flex);
        engine.motion(t, flex, Activity.SEATED_STILL, 0.01);
        engine.update(t, slump, sitting, b);
      }
      ControlFile.set(dir, "pain", "on");
    }
    assertEquals(2, alerts.size());
    assertTrue(alerts.get(0).delivered());
    assertTrue(alerts.get(0).message().contains("numbness"), "red flags with the first");
    assertEquals(LocalDate.of(2026, 3, 2), controls.redFlagsShownOn());
    assertEquals("pain pause", alerts.get(1).suppressedBy());
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void aBrokenFileIsReportedOnceAndPausesNothing() throws Exception {
    Files.writeString(dir.resolve(ControlFile.NAME), "pain=perhaps\n");
    ControlFile controls = new ControlFile(dir, errors::add);
    assertEquals(AlertControls.State.NONE, controls.state());
    assertEquals(AlertControls.State.NONE, controls.state());
    assertEquals(List.of(dir.resolve(ControlFile.NAME) + ": pain = 'perhaps' must be on or "
        + "off; alerts go on as if it were not there"), errors);
    ControlFile.set(dir, "dnd", "on"); // replaces the broken file with a sound one
    assertTrue(controls.state().doNotDisturb());
  }
}
