package dev.slumpwatch.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  @Test
  void readsHeadersSegmentsAndDurations() throws Exception {
    Scenario s = Scenario.parse("""
        # comment
        name  test scenario
        seed  7
        mount rpy 10 -20 30
        10s calibrate-neutral
        1m30s sit flexion=20 ramp=60 typing=yes   # creep
        1h walk cadence=100
        """, "inline");
    assertEquals("test scenario", s.name());
    assertEquals(7, s.seed());
    assertEquals(-20, s.mount().pitchDeg());
    assertEquals(3, s.segments().size());
    assertEquals(10 + 90 + 3600, s.durationSeconds(), 1e-9);
    assertEquals(Segment.Kind.SIT, s.segmentAt(50).kind());
    assertEquals(100, s.segmentAt(100).startSeconds(), 1e-9);
    assertEquals("60", s.segments().get(1).params().get("ramp"));
  }

  @Test
  void theBuiltInDeskSessionLastsTwoHours() throws Exception {
    Scenario s = Scenario.builtIn("desk-2h");
    assertEquals(7200, s.durationSeconds(), 1e-9);
    assertTrue(s.mount().random());
  }

  private static String problem(String text) {
    return assertThrows(ScenarioFormatException.class, () -> Scenario.parse(text, "f.scenario"))
        .getMessage();
  }

  @Test
  void errorsNameTheFileTheLineAndTheProblem() {
    assertEquals("f.scenario:2: unknown segment kind 'slouch'; known: calibrate-neutral, "
        + "calibrate-bend, sit, reach, stand, walk, extension, bruegger, twist, off, gap, slip",
        problem("10s sit\n5s slouch\n"));
    assertTrue(problem("10s sit slump=3").startsWith("f.scenario:1: 'slump' is not a setting "
        + "of sit"));
    assertTrue(problem("10s sit flexion=lots").contains("flexion must be a number, not 'lots'"));
    assertTrue(problem("10s sit\nten sit").startsWith("f.scenario:2: expected a duration"));
    assertTrue(problem("10s sit typing=maybe").contains("typing must be yes or no"));
    assertTrue(problem("sensors 3\n10s sit").contains("sensors must be 1 or 2"));
    assertTrue(problem("mount sideways\n10s sit").contains("mount must be 'random'"));
    assertTrue(problem("# nothing\n").contains("no segments"));
    assertTrue(problem("10s sit rate=0").contains("rate must be above 0"));
    assertTrue(problem("gyro-bias maybe\n10s sit").contains("f.scenario:1: gyro-bias must be "
        + "on or off"));
    assertTrue(problem("drift 5 sideways 0 2h\n10s sit").contains("drift takes ANGLE"));
    assertTrue(problem("drift 5 left 0 never\n10s sit").contains("drift takes ANGLE"));
  }

  @Test
  void readsCreepRatesGyroBiasAndDrift() throws Exception {
    Scenario s = Scenario.parse("gyro-bias off\ndrift 5 left 30s 2h\n10s sit\n"
        + "5m sit flexion=20 rate=0.1\n", "f.scenario");
    assertTrue(!s.gyroBias());
    assertEquals(List.of(new Scenario.Drift(5, "left", 30, 7200)), s.drifts());
    assertEquals("0.1", s.segments().get(1).params().get("rate"));
    assertTrue(s.withSeed(3).withGyroBias(true).gyroBias());
    assertEquals(s.drifts(), s.withSeed(3).drifts());
  }

  /** Another kind of file given as a scenario: said so, and none of its content echoed. */
  @Test
  void anotherKindOfFileIsNotEchoed() {
    String m = problem("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/bin/sh\n");
    assertTrue(m.startsWith("f.scenario:1: not a scenario file: its first line is neither a "
        + "header"), m);
    assertTrue(!m.contains("root") && !m.contains("/bin"), "nothing of the file: " + m);
    assertTrue(problem("# a comment first\n\nsecret words here\n")
        .startsWith("f.scenario:3: not a scenario file"));
  }
}
