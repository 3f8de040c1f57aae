package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slumpwatch.testing.Cli;
import dev.slumpwatch.testing.EventLogs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference recording (calibration/reference/reference.swrec: four minutes from the
 * firmware's protocol with a guided calibration, a slump with its nudge, a short slump that
 * is no episode, Bruegger's relief position held and a twist) replays to the stored event
 * log, event by event. A change of behaviour fails here with a readable list of what moved;
 * if the change is meant, regenerate the log as calibration/reference/README.md says and
 * review the diff.
 */
class EventLogRegressionTest {
  static final Path RECORDING = Path.of("calibration/reference/reference.swrec");
  static final Path REFERENCE = Path.of("calibration/reference/reference.events.jsonl");

  @TempDir
  Path dir;

  @Test
  void theReferenceRecordingReplaysToItsEventLog() throws Exception {
    Path log = dir.resolve("events.jsonl");
    Cli.Outcome o = Cli.runIn(dir.resolve("data"), "replay", "--max", "--events",
        log.toString(), RECORDING.toString());
    assertEquals(0, o.code(), o.out() + o.err());
    List<JsonNode> expected = EventLogs.read(REFERENCE);
    List<JsonNode> actual = EventLogs.read(log);
    List<String> diff = EventLogs.diff(expected, actual);
    assertTrue(diff.isEmpty(), "the reference recording's events changed:\n  "
        + String.join("\n  ", diff) + "\nIf this is meant, regenerate " + REFERENCE
        + " (calibration/reference/README.md) and review its diff.");
    // the log holds what the recording was made to show
    for (String kind : List.of("Calibrated", "SlumpStarted", "SlumpEnded", "AlertFired",
        "BreakTaken", "Finished")) {
      assertTrue(expected.stream().anyMatch(e -> e.path("event").asText().equals(kind)),
          "the reference has no " + kind);
    }
  }

  @Test
  void theComparisonSeesAChangedNumberAndAMissingEvent() throws Exception {
    List<JsonNode> expected = EventLogs.read(REFERENCE);
    List<JsonNode> changed = new java.util.ArrayList<>(expected);
    int slumpEnded = -1;
    for (int i = 0; i < changed.size(); i++) {
      if (changed.get(i).path("event").asText().equals("SlumpEnded")) {
        slumpEnded = i;
      }
    }
    com.fasterxml.jackson.databind.node.ObjectNode e =
        changed.get(slumpEnded).deepCopy();
    double peak = e.path("episode").path("peakDeg").asDouble();
    ((com.fasterxml.jackson.databind.node.ObjectNode) e.path("episode"))
        .put("peakDeg", peak + 0.01);
    changed.set(slumpEnded, e);
    List<String> diff = EventLogs.diff(expected, changed);
    assertEquals(1, diff.size(), diff.toString());
    assertTrue(diff.get(0).startsWith("event " + (slumpEnded + 1)
        + " (SlumpEnded) episode.peakDeg: expected "), diff.get(0));

    changed.remove(slumpEnded);
    assertTrue(EventLogs.diff(expected, changed).stream()
        .anyMatch(d -> d.contains(expected.size() + " events expected, "
            + (expected.size() - 1) + " found")));
    // within the tolerance is equal
    ((com.fasterxml.jackson.databind.node.ObjectNode) e.path("episode"))
        .put("peakDeg", peak + EventLogs.TOLERANCE / 2);
    List<JsonNode> close = new java.util.ArrayList<>(expected);
    close.set(slumpEnded, e);
    assertTrue(EventLogs.diff(expected, close).isEmpty());
  }
}
