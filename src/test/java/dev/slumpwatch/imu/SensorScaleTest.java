package dev.slumpwatch.imu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SensorScaleTest {
  @Test
  void usesTheRegisterMapSensitivities() {
    assertEquals(16384, new SensorScale(2, 250).accelLsbPerG(), 1e-9);
    assertEquals(8192, new SensorScale(4, 500).accelLsbPerG(), 1e-9);
    assertEquals(131.0, new SensorScale(2, 250).gyroLsbPerDegPerSec(), 1e-9);
    assertEquals(65.5, new SensorScale(2, 500).gyroLsbPerDegPerSec(), 1e-9);
  }

  @Test
  void roundTripsWithinOneCount() {
    SensorScale s = SensorScale.DEFAULT;
    for (double g = -3.9; g < 3.9; g += 0.137) {
      assertEquals(g, s.accelG(s.accelCounts(g)), 0.5 / s.accelLsbPerG() + 1e-12);
    }
    double rate = Math.toRadians(123.4);
    assertEquals(rate, s.gyroRadPerSec(s.gyroCounts(rate)), Math.toRadians(0.5 / 65.5) + 1e-12);
  }

  @Test
  void clampsToInt16AndFlagsSaturation() {
    SensorScale s = SensorScale.DEFAULT;
    assertEquals(Short.MAX_VALUE, s.accelCounts(9));
    assertEquals(Short.MIN_VALUE, s.gyroCounts(Math.toRadians(-900)));
    int f = ImuSample.saturationFlags(Short.MAX_VALUE, (short) 0, (short) 0, (short) 0,
        (short) 0, (short) 0);
    assertEquals(ImuSample.FLAG_ACCEL_SATURATED, f);
    assertTrue(new ImuSample(0, 0, 0, (short) 0, (short) 0, (short) 0, Short.MIN_VALUE,
        (short) 0, (short) 0, ImuSample.FLAG_GYRO_SATURATED).saturated());
  }

  @Test
  void rejectsRangesTheSensorDoesNotHave() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SensorScale(3, 250));
    assertTrue(e.getMessage().contains("2, 4, 8 or 16"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SensorScale(2, 300));
  }
}
