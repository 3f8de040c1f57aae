package dev.slumpwatch.imu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeviceClockUnwrapperTest {
  @Test
  void wrapsForwardAcrossTheThirtyTwoBitBoundary() {
    DeviceClockUnwrapper u = new DeviceClockUnwrapper();
    long start = 0xFFFF_FFFFL - 15_000;
    assertEquals(start, u.unwrap(start));
    assertEquals(start + 10_000, u.unwrap(start + 10_000));
    // 0xFFFF_FFFF + 1 == 0 on the device
    assertEquals(start + 20_000, u.unwrap((start + 20_000) & 0xFFFF_FFFFL));
    assertEquals(start + 30_000, u.unwrap((start + 30_000) & 0xFFFF_FFFFL));
  }

  @Test
  void survivesManyWraps() {
    DeviceClockUnwrapper u = new DeviceClockUnwrapper();
    long t = 0;
    for (int i = 0; i < 10_000; i++) {
      t += 1_999_999_999L; // under half the range per step
      assertEquals(t, u.unwrap(t & 0xFFFF_FFFFL));
    }
  }

  @Test
  void aStepBackwardsDoesNotMoveTheTimelineOn() {
    DeviceClockUnwrapper u = new DeviceClockUnwrapper();
    u.unwrap(5_000);
    u.unwrap(15_000);
    assertEquals(5_000, u.unwrap(5_000), "an old frame keeps its old time");
    assertEquals(25_000, u.unwrap(25_000), "and the timeline continues");
  }

  @Test
  void aBackwardsStepAcrossTheWrapStaysOnTheOldEpoch() {
    DeviceClockUnwrapper u = new DeviceClockUnwrapper();
    u.unwrap(0xFFFF_FF00L);
    long after = u.unwrap(0x100);
    assertEquals(0x1_0000_0100L, after);
    assertEquals(0xFFFF_FF00L, u.unwrap(0xFFFF_FF00L));
  }
}
