package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.GroundTruth;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lower-back sensor: calibrated with the upper one, and missed when it stops. */
class TwoSensorPipelineTest {
  private static final String SCENARIO = "sensors 2\n10s calibrate-neutral\n"
      + "8s calibrate-bend flexion=20 lean=15\n42s sit lean=20 flexion=2 ramp=3\n"
      + "60s sit flexion=2\n";

  @Test
  void thoracicFlexionLeavesTheHipLeanOutAndIsUnknownWithoutTheLowerSensor()
      throws Exception {
    Scenario s = Scenario.parse(SCENARIO, "two").withSeed(3);
    GroundTruth truth = new GroundTruth();
    List<PostureCalibration> lowers = new ArrayList<>();
    Pipeline p = new Pipeline(SessionSetup.of(PostureSetup.learn()), e -> {
          if (e instanceof PipelineEvent.Calibrated c) {
            lowers.add(c.lower());
          }
        });
    long[] first = {Long.MIN_VALUE};
    double[] at50 = new double[2];
    double[] at80 = new double[1];
    new SimulatedWearer(s, Pacer.unpaced(), truth).run(e -> {
      if (!(e instanceof SourceEvent.Samples b)) {
        p.accept(e);
        return;
      }
      for (ImuSample x : b.samples()) {
        if (first[0] == Long.MIN_VALUE) {
          first[0] = x.deviceTimeMicros();
        }
        double t = (x.deviceTimeMicros() - first[0]) / 1e6;
        if (x.sensorIndex() == 1 && t > 70) {
          continue; // the lower sensor's cable is pulled at 70 s
        }
        p.process(x);
        if (x.sensorIndex() == 0 && Math.abs(t - 50) < 0.005) {
          at50[0] = p.flexionDeg();
          at50[1] = truth.upperFlexionDeg(truth.size() - 1);
        }
        if (x.sensorIndex() == 0 && Math.abs(t - 80) < 0.005) {
          at80[0] = p.flexionDeg();
        }
      }
    });
    assertEquals(1, lowers.size());
    assertNotNull(lowers.get(0), "the lower sensor was calibrated with the upper one");
    // leaning in 20° from the hips with the upper back at 2°: thoracic flexion about 2°
    assertTrue(at50[1] > 20, "the upper back's inclination is " + at50[1]);
    assertEquals(2, at50[0], 1.5);
    assertTrue(Double.isNaN(at80[0]), "no lower data: unknown, not one-sensor flexion");
    assertFalse(p.slips() > 0);
    assertTrue(p.lowerSamples() > 6000);
  }

  @Test
  void withoutALowerSensorTheCalibrationIsOneSensor() throws Exception {
    Scenario s = Scenario.parse(SCENARIO.replace("sensors 2\n", ""), "one").withSeed(3);
    Pipeline p = new Pipeline(SessionSetup.of(PostureSetup.learn()), e -> { });
    new SimulatedWearer(s, Pacer.unpaced(), null).run(p::accept);
    assertNotNull(p.calibration());
    assertNull(p.lowerCalibration());
    assertEquals(0, p.lowerSamples());
  }
}
