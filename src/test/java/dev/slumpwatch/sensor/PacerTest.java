package dev.slumpwatch.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacerTest {
  @Test
  void waitsUntilTheWallClockHasCaughtUp() throws Exception {
    // fake time: the sleeper advances the clock, but only by half of what was asked, as an
    // early wake-up would; the pacer must keep waiting until the due time has passed
    AtomicLong now = new AtomicLong();
    List<Long> sleeps = new ArrayList<>();
    Pacer p = new Pacer(10, now::get, nanos -> {
      sleeps.add(nanos);
      now.addAndGet(Math.max(1, nanos / 2));
    });
    p.start();
    p.awaitSensorTime(0);
    assertTrue(sleeps.isEmpty(), "the first call only sets the origin");
    p.awaitSensorTime(1.0); // 1 s of sensor time at 10x = 100 ms of wall time
    assertTrue(now.get() >= 100_000_000L, "returned at " + now.get() + " ns");
    assertEquals(100_000_000L, sleeps.get(0));
    assertTrue(sleeps.size() > 1, "woke early and went back to sleep");
  }

  @Test
  void unpacedNeverWaitsAndHandsOverLargeBatches() throws Exception {
    AtomicLong reads = new AtomicLong();
    Pacer p = new Pacer(Double.POSITIVE_INFINITY, reads::incrementAndGet);
    p.start();
    p.awaitSensorTime(1e6);
    assertTrue(reads.get() <= 1);
    assertEquals(100, p.batchTicks(100));
    assertEquals(1, Pacer.atSpeed(1).batchTicks(100), "real time hands over every sample");
  }
}
