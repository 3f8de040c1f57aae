package dev.slumpwatch.orientation.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.sim.SimulatedBenchSensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensorCalibrationProcedureTest {

  @Test
  void findsTheSimulatedSensorsErrorsFromSixHolds() throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      SimulatedBenchSensor sensor = new SimulatedBenchSensor(seed, 3.0);
      double[] truth = sensor.trueErrors();
      List<String> messages = new ArrayList<>();
      SensorCalibrationProcedure p = new SensorCalibrationProcedure(null, messages::add);
      p.start();
      sensor.run(e -> {
        if (e instanceof SourceEvent.DeviceInfo info) {
          p.deviceInfo(info.deviceId(), info.scale());
        } else if (e instanceof SourceEvent.Samples s) {
          s.samples().forEach(p::update);
        }
      });
      SensorCalibration cal = p.result();
      assertNotNull(cal, "seed " + seed + ": " + messages);
      assertEquals(sensor.deviceId(), cal.deviceId());
      for (int i = 0; i < 3; i++) {
        // counts are quantised at 1/8192 g, and the noise averages over 2 s holds
        assertEquals(truth[i], cal.accelOffsetG()[i], 0.002, "offset, seed " + seed);
        assertEquals(truth[3 + i], cal.accelScale()[i], 0.002, "scale, seed " + seed);
        assertEquals(truth[6 + i], cal.gyroBiasDegPerSec()[i], 0.05, "gyro, seed " + seed);
      }
      assertTrue(messages.stream().anyMatch(m -> m.startsWith("[6/6]")), messages.toString());
    }
  }
}
