package dev.slumpwatch.bench;

import dev.slumpwatch.orientation.InclinationFilter;
import java.util.Random;

/**
 * Cost of one {@link InclinationFilter#update} on a prepared stream of readings: a body
 * turning and tilting at desk-like rates with gyro noise and bias, so both the rest and
 * the motion branches of the bias estimator run. The readings are generated beforehand;
 * only the filter is timed.
 */
public final class FilterBench {
  /** Sample rate of the generated stream, Hz (the firmware's default). */
  static final double RATE_HZ = 100;

  private FilterBench() {
  }

  /** {@code n} readings, {ax, ay, az, gx, gy, gz} per row, flattened. */
  public static double[] readings(int n, long seed) {
    Random rnd = new Random(seed);
    double[] out = new double[n * 6];
    double t = 0;
    for (int i = 0; i < n; i++, t += 1 / RATE_HZ) {
      // alternating 20 s of slow movement and 20 s of stillness
      boolean moving = ((int) (t / 20)) % 2 == 1;
      double pitch = moving ? 0.4 * Math.sin(0.5 * t) : 0.1;
      double rate = moving ? 0.2 * Math.cos(0.5 * t) : 0;
      out[6 * i] = -9.80665 * Math.sin(pitch) + 0.03 * rnd.nextGaussian();
      out[6 * i + 1] = 0.03 * rnd.nextGaussian();
      out[6 * i + 2] = 9.80665 * Math.cos(pitch) + 0.03 * rnd.nextGaussian();
      out[6 * i + 3] = 0.01 + 0.002 * rnd.nextGaussian();
      out[6 * i + 4] = rate - 0.02 + 0.002 * rnd.nextGaussian();
      out[6 * i + 5] = 0.005 + 0.002 * rnd.nextGaussian();
    }
    return out;
  }

  public static Bench.Result run(double[] readings, double maxSeconds) {
    int n = readings.length / 6;
    double dt = 1 / RATE_HZ;
    return Bench.measure("inclination filter (per update)", n, 5, 15, maxSeconds, () -> {
      InclinationFilter f = new InclinationFilter(InclinationFilter.Settings.GENERAL);
      for (int i = 0; i < n; i++) {
        int o = 6 * i;
        f.update(readings[o], readings[o + 1], readings[o + 2], readings[o + 3],
            readings[o + 4], readings[o + 5], dt);
      }
      return Double.doubleToLongBits(f.upZ()) + f.flags();
    }, null);
  }
}
