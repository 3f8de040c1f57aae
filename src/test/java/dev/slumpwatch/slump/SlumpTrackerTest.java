package dev.slumpwatch.slump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.posture.Activity;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Time is the samples' own (100 Hz); no clock is read. */
class SlumpTrackerTest {
  private static final long TICK = 10_000;

  private final SlumpTracker tracker = new SlumpTracker(SlumpTracker.Settings.DEFAULTS);
  private final List<SlumpEpisode> ended = new ArrayList<>();
  private long t = 1_000_000_000L;

  /** Feeds {@code seconds} of samples whose flexion is f(second within the stretch). */
  private void feed(double seconds, DoubleUnaryOperator f, Activity a) {
    int n = (int) Math.round(seconds * 100);
    for (int i = 0; i < n; i++) {
      if (tracker.update(t, f.applyAsDouble(i / 100.0), a) == SlumpTracker.Event.ENDED) {
        ended.add(tracker.lastEpisode());
      }
      t += TICK;
    }
  }

  private void feed(double seconds, double flexion) {
    feed(seconds, x -> flexion, Activity.SEATED_STILL);
  }

  @Test
  void opensAfterTheDelayDatedFromTheCrossingAndClosesAfterTheHold() {
    feed(5, 2);
    long crossing = t;
    feed(9.99, 20);
    assertFalse(tracker.slumped(), "not before the 10 s delay");
    feed(0.02, 20);
    assertTrue(tracker.slumped());
    assertEquals(crossing, tracker.episodeStartMicros());
    feed(50, 20);
    long recovered = t;
    feed(0.99, 5);
    assertTrue(tracker.slumped(), "recovery must be held for 1 s");
    feed(0.02, 5);
    assertFalse(tracker.slumped());
    assertEquals(1, ended.size());
    SlumpEpisode e = ended.get(0);
    assertEquals(crossing, e.startMicros());
    assertEquals(recovered, e.endMicros());
    assertEquals(60, e.durationSeconds(), 0.02);
    assertEquals(20, e.peakDeg(), 1e-9);
    // 5° above the threshold for 60 s = 5 degree-minutes
    assertEquals(5, e.doseDegMinutes(), 0.01);
  }

  @Test
  void dipsIntoTheHysteresisBandDoNotSplitAnEpisode() {
    feed(30, x -> 16 + 2 * Math.sin(2 * Math.PI * x / 4), Activity.SEATED_STILL);
    // dips to 14°, above the 12° recovery level
    assertTrue(tracker.slumped());
    feed(5, 2);
    assertEquals(1, ended.size());
    assertEquals(30, ended.get(0).durationSeconds(), 0.05);
  }

  @Test
  void aShortSlumpIsNoEpisode() {
    feed(9, 30);
    feed(10, 2);
    assertTrue(ended.isEmpty());
    assertNull(tracker.lastEpisode());
  }

  @Test
  void walkingOrUnknownPostureClosesAnEpisodeAndIsNeverCounted() {
    feed(20, 25);
    long lastSeated = t - TICK;
    feed(60, x -> 25, Activity.WALKING);
    assertEquals(1, ended.size());
    assertEquals(lastSeated, ended.get(0).endMicros());
    feed(60, x -> Double.NaN, Activity.SEATED_STILL);
    assertEquals(1, ended.size(), "unknown flexion is never a slump");
    assertEquals(tracker.totalSlumpSeconds(), ended.get(0).durationSeconds(), 1e-9);
  }

  @Test
  void finishClosesWhatIsOpen() {
    feed(30, 18);
    assertEquals(SlumpTracker.Event.ENDED, tracker.finish());
    assertEquals(30, tracker.lastEpisode().durationSeconds(), 0.02);
  }

  @Test
  void theDoseAddsUpOverEpisodesInDegreeMinutes() {
    feed(120, 25);   // 10° above for 2 min: 20 °·min
    feed(10, 2);
    feed(60, 18);    // 3° above for 1 min: 3 °·min
    feed(10, 2);
    assertEquals(2, ended.size());
    assertEquals(20, ended.get(0).doseDegMinutes(), 0.05);
    assertEquals(3, ended.get(1).doseDegMinutes(), 0.05);
    assertEquals(23, tracker.totalDoseDegMinutes(), 0.1);
    assertEquals(180, tracker.totalSlumpSeconds(), 0.1);
    assertEquals(25, ended.get(0).peakDeg(), 1e-9);
    assertEquals(18, ended.get(1).meanDeg(), 1e-9);
  }
}
