package dev.slumpwatch.slump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.slumpwatch.posture.Activity;
import org.junit.jupiter.api.Test;

class SittingTrackerTest {
  private final SittingTracker sitting = new SittingTracker(SittingTracker.Settings.DEFAULTS);
  private long t;
  private SittingTracker.Break last;

  private void feed(double seconds, Activity a, double flexion) {
    for (int i = 0; i < seconds * 10; i++) {
      SittingTracker.Break b = sitting.update(t, a, flexion);
      if (b != null) {
        last = b;
      }
      t += 100_000;
    }
  }

  @Test
  void aWalkOfThirtySecondsEndsTheBoutAndSittingStartsANewOne() {
    feed(600, Activity.SEATED_STILL, 2);
    assertEquals(600, sitting.boutSeconds(), 0.2);
    feed(20, Activity.WALKING, 2);
    assertNull(last, "20 s up is no break");
    feed(15, Activity.WALKING, 2);
    assertNotNull(last);
    assertEquals(SittingTracker.BreakKind.WALK, last.kind());
    assertEquals(0, sitting.boutSeconds());
    feed(60, Activity.SEATED_STILL, 2);
    assertEquals(60, sitting.boutSeconds(), 0.2);
  }

  @Test
  void aReliefHoldOfTwentySecondsRestartsTheBout() {
    feed(100, Activity.SEATED_STILL, 2);
    feed(19, Activity.SEATED_STILL, -8);
    assertNull(last);
    feed(2, Activity.SEATED_STILL, -8);
    assertEquals(SittingTracker.BreakKind.RELIEF_HOLD, last.kind());
    assertEquals(20, (last.endMicros() - last.startMicros()) / 1e6, 0.2);
    feed(10, Activity.SEATED_STILL, 2);
    assertEquals(10, sitting.boutSeconds(), 1.5);
  }

  @Test
  void unknownTimePausesTheBoutWithoutEndingIt() {
    feed(100, Activity.SEATED_STILL, 2);
    feed(300, Activity.UNKNOWN, Double.NaN);
    feed(50, Activity.SEATED_STILL, 2);
    assertEquals(150, sitting.boutSeconds(), 0.5);
    assertEquals(0, sitting.breakCount());
  }
}
