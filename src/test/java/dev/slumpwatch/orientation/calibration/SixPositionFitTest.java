package dev.slumpwatch.orientation.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SixPositionFitTest {

  /** Readings of a sensor with the given errors, held in six rough positions (±5° off). */
  private static List<double[]> positions(double[] offset, double[] scale, Random rnd,
      double noiseG) {
    double[][] faces = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    List<double[]> out = new ArrayList<>();
    for (double[] f : faces) {
      double[] up = f.clone();
      double n = 0;
      for (int i = 0; i < 3; i++) {
        up[i] += Math.toRadians(5) * (2 * rnd.nextDouble() - 1);
        n += up[i] * up[i];
      }
      n = Math.sqrt(n);
      double[] m = new double[3];
      for (int i = 0; i < 3; i++) {
        m[i] = scale[i] * up[i] / n + offset[i] + noiseG * rnd.nextGaussian();
      }
      out.add(m);
    }
    return out;
  }

  @Test
  void recoversSyntheticOffsetAndScaleWithinOnePercent() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 50; trial++) {
      double[] offset = new double[3];
      double[] scale = new double[3];
      for (int i = 0; i < 3; i++) {
        offset[i] = (0.02 + 0.06 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
        scale[i] = 1 + 0.05 * (2 * rnd.nextDouble() - 1);
      }
      // a two-second hold at 100 Hz averages the 2.7 mg sample noise down to 0.2 mg
      SixPositionFit.Result r = SixPositionFit.fit(positions(offset, scale, rnd, 0.0002));
      for (int i = 0; i < 3; i++) {
        assertEquals(scale[i], r.scale()[i], 0.01 * scale[i], "scale, trial " + trial);
        assertEquals(offset[i], r.offsetG()[i], 0.01 * Math.abs(offset[i]) + 0.0005,
            "offset, trial " + trial);
      }
      assertTrue(r.rmsResidualG() < 0.001, "residual " + r.rmsResidualG());
    }
  }

  @Test
  void exactDataIsFittedExactly() {
    double[] offset = {0.031, -0.018, 0.047};
    double[] scale = {1.021, 0.987, 1.004};
    SixPositionFit.Result r = SixPositionFit.fit(positions(offset, scale, new Random(2), 0));
    for (int i = 0; i < 3; i++) {
      assertEquals(offset[i], r.offsetG()[i], 1e-6);
      assertEquals(scale[i], r.scale()[i], 1e-6);
    }
  }

  @Test
  void refusesPositionsThatDoNotCoverEveryAxisBothWays() {
    List<double[]> p = positions(new double[3], new double[] {1, 1, 1}, new Random(3), 0);
    p.set(5, p.get(4)); // +Z twice, no -Z
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SixPositionFit.fit(p));
    assertTrue(e.getMessage().contains("z axis"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SixPositionFit.fit(p.subList(0, 5)));
  }
}
