package dev.slumpwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.pipeline.Pipeline;
import dev.slumpwatch.pipeline.PipelineSettings;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compliance detected, and not detected, from the sensor: short simulated-wearer scenarios
 * (random clip orientation, noise, gyro bias) through the whole {@link Pipeline}, unpaced.
 * The desk break is due after 2 min of sitting and the extension prompt at 15 °·min so
 * the scenarios stay short; the detection itself uses the default thresholds.
 */
class ComplianceOnSimulatedWearerTest {
  private static final String CALIBRATE = """
      seed 7
      10s calibrate-neutral
      8s  calibrate-bend flexion=20 lean=10
      """;

  private static PipelineSettings settings() {
    // the shortest desk-break interval the settings allow, and a small extension dose
    return PipelineSettings.DEFAULTS
        .with(AlertEngine.Settings.DESK_BREAK_MINUTES, 5.0)
        .with(AlertEngine.Settings.EXTENSION_DOSE_DEG_MINUTES, 15.0);
  }

  private static SessionSetup setup(Scenario s, SimulatedWearer wearer) {
    return SessionSetup.of(PostureSetup.learn())
        .withSettings(settings()).withScale(wearer.scale());
  }

  private record Run(List<Alert> alerts, List<AlertOutcome> outcomes) {
    List<Alert> of(AlertKind kind) {
      return alerts.stream().filter(a -> a.kind() == kind).toList();
    }

    List<AlertOutcome> outcomesOf(Alert a) {
      return outcomes.stream().filter(o -> o.alertId() == a.id()).toList();
    }
  }

  private static Run run(String segments) throws Exception {
    Scenario s = Scenario.parse(CALIBRATE + segments, "compliance");
    List<Alert> alerts = new ArrayList<>();
    List<AlertOutcome> outcomes = new ArrayList<>();
    SimulatedWearer wearer = new SimulatedWearer(s, Pacer.unpaced(), null);
    Pipeline p = new Pipeline(setup(s, wearer), e -> {
      if (e instanceof PipelineEvent.AlertFired a) {
        alerts.add(a.alert());
      } else if (e instanceof PipelineEvent.AlertDecided d) {
        outcomes.add(d.outcome());
      }
    });
    wearer.run(p::accept);
    assertTrue(p.calibration() != null, "the wearer calibrated");
    return new Run(alerts, outcomes);
  }

  private static double seconds(Alert a, AlertOutcome o) {
    return a.sessionSeconds() + (o.deviceTimeMicros() - a.deviceTimeMicros()) / 1e6;
  }

  @Test
  void brueggerHoldAfterTheDeskBreakPromptIsDetected() throws Exception {
    Run r = run("""
        5m20s sit flexion=2 typing=yes
        35s   bruegger extension=8
        30s   sit flexion=2
        """);
    Alert prompt = r.of(AlertKind.DESK_BREAK).get(0);
    // calibrating is sitting too: 5 min after the first classified second
    assertEquals(301, prompt.sessionSeconds(), 1.5, "5 min after sitting down");
    List<AlertOutcome> o = r.outcomesOf(prompt);
    assertEquals(1, o.size());
    assertEquals(AlertOutcome.TAKEN, o.get(0).outcome());
    assertEquals("relief-hold", o.get(0).detail());
    // the hold starts at 338 s (after a 3 s ramp) and counts after 20 s
    assertEquals(361, seconds(prompt, o.get(0)), 3);
  }

  @Test
  void aWalkingBreakAfterThePromptIsDetected() throws Exception {
    Run r = run("""
        5m20s sit flexion=2 typing=yes
        10s   stand
        1m    walk
        30s   sit flexion=2
        """);
    Alert prompt = r.of(AlertKind.DESK_BREAK).get(0);
    List<AlertOutcome> o = r.outcomesOf(prompt);
    assertEquals(1, o.size());
    assertEquals(AlertOutcome.TAKEN, o.get(0).outcome());
    assertEquals("walk", o.get(0).detail());
  }

  @Test
  void noBreakIsMissedAndNeitherTypingNorAShortStretchCounts() throws Exception {
    Run r = run("""
        5m20s sit flexion=2 typing=yes
        10s   bruegger extension=8
        2m30s sit flexion=2 typing=yes
        """);
    Alert prompt = r.of(AlertKind.DESK_BREAK).get(0);
    List<AlertOutcome> o = r.outcomesOf(prompt);
    assertEquals(1, o.size());
    assertEquals(AlertOutcome.MISSED, o.get(0).outcome());
  }

  private static final String SLUMP = """
      30s  sit flexion=2
      2m30s sit flexion=25 ramp=10 typing=yes
      20s  sit flexion=2 ramp=3
      """;

  @Test
  void fiveExtensionRepetitionsAreCountedWithTheirRange() throws Exception {
    Run r = run(SLUMP + "40s extension count=5 range=15 period=6\n30s sit flexion=2\n");
    Alert prompt = r.of(AlertKind.EXTENSION).get(0);
    List<AlertOutcome> o = r.outcomesOf(prompt);
    assertEquals(1, o.size(), r.outcomes().toString());
    assertEquals(AlertOutcome.DONE, o.get(0).outcome(), o.get(0).detail());
    // "5 of 5 reps, range 14.8° (smallest 14.1°)": the scripted range is 15° ± breathing
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("5 of 5 reps, range ([0-9.]+)° \\(smallest ([0-9.]+)°\\)")
        .matcher(o.get(0).detail());
    assertTrue(m.matches(), o.get(0).detail());
    assertEquals(15, Double.parseDouble(m.group(1)), 2.0, "mean range");
    assertTrue(Double.parseDouble(m.group(2)) >= 12, "smallest range " + m.group(2));
  }

  @Test
  void twoRepetitionsArePartialAndNoneMissed() throws Exception {
    Run partial = run(SLUMP + "20s extension count=2 range=15 period=6\n3m sit flexion=2\n");
    AlertOutcome p = partial.outcomesOf(partial.of(AlertKind.EXTENSION).get(0)).get(0);
    assertEquals(AlertOutcome.PARTIAL, p.outcome());
    assertTrue(p.detail().startsWith("2 of 5 reps"), p.detail());

    Run none = run(SLUMP + "3m30s sit flexion=2 typing=yes\n");
    AlertOutcome n = none.outcomesOf(none.of(AlertKind.EXTENSION).get(0)).get(0);
    assertEquals(AlertOutcome.MISSED, n.outcome());
  }

  @Test
  void forcefulTwistsWhileSeatedAreCountedAsSelfManipulations() throws Exception {
    StringBuilder b = new StringBuilder("20s sit flexion=2\n");
    for (int i = 0; i < 11; i++) {
      b.append("10s twist count=2 angle=45 rate=250\n30s sit flexion=2 typing=yes\n");
    }
    Run r = run(b.toString());
    List<Alert> w = r.of(AlertKind.SELF_CRACK_WARNING);
    assertEquals(1, w.size(), "warned at the 11th");
    // the 11th twist segment starts at 18 + 20 + 10 * 40 = 438 s; its first burst about 1.9 s in
    assertEquals(440, w.get(0).sessionSeconds(), 2);
  }

  @Test
  void controlledExtensionsAndWalkingTurnsAreNotSelfManipulations() throws Exception {
    Run r = run("""
        20s sit flexion=2
        40s extension count=5 range=15 period=6
        10s reach lean=35
        10s stand
        1m  walk
        20s sit flexion=2
        """);
    assertTrue(r.of(AlertKind.SELF_CRACK_WARNING).isEmpty());
    // the count itself: run it once more with the pipeline at hand
    Scenario s = Scenario.parse(CALIBRATE + """
        20s sit flexion=2
        40s extension count=5 range=15 period=6
        10s reach lean=35
        10s stand
        1m  walk
        20s sit flexion=2
        10s twist count=2 angle=45 rate=250
        """, "count");
    SimulatedWearer wearer = new SimulatedWearer(s, Pacer.unpaced(), null);
    Pipeline p = new Pipeline(setup(s, wearer), e -> { });
    wearer.run(p::accept);
    assertEquals(1, p.alertEngine().selfManipulationsToday(), "only the twist pair");
  }
}
