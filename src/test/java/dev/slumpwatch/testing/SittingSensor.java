package dev.slumpwatch.testing;

import java.util.SplittableRandom;

/**
 * A sensor on the upper back of someone sitting still, pitched forward by a known angle
 * about the sensor's y axis, breathing (±0.3° at 0.25 Hz) and with a little sensor noise:
 * physical readings in g and °/s, for tests that write them in whatever form a sketch or
 * the firmware would. With the calibration {@link #CALIBRATION_NEUTRAL_UP} /
 * {@link #CALIBRATION_BENT_UP} the pitch is the flexion the pipeline should report.
 */
public final class SittingSensor {
  /** Up vector, sensor frame, while sitting tall: the clip upright. */
  public static final double[] CALIBRATION_NEUTRAL_UP = {0, 0, 1};
  /** Up vector bent forward 30° about the sensor's y axis: forward is +x. */
  public static final double[] CALIBRATION_BENT_UP = {0.5, 0, Math.sqrt(3) / 2};

  private static final double BREATH_DEG = 0.3;
  private static final double BREATH_HZ = 0.25;

  private final double pitchDeg;
  private final SplittableRandom random;

  public SittingSensor(double pitchDeg, long seed) {
    this.pitchDeg = pitchDeg;
    this.random = new SplittableRandom(seed);
  }

  /** @return ax, ay, az in g, then gx, gy, gz in °/s, at {@code t} seconds */
  public double[] at(double t) {
    double w = 2 * Math.PI * BREATH_HZ;
    double p = Math.toRadians(pitchDeg + BREATH_DEG * Math.sin(w * t));
    double rateDps = BREATH_DEG * w * Math.cos(w * t);
    return new double[] {
        Math.sin(p) + random.nextGaussian() * 0.002,
        random.nextGaussian() * 0.002,
        Math.cos(p) + random.nextGaussian() * 0.002,
        random.nextGaussian() * 0.05,
        rateDps + random.nextGaussian() * 0.05,
        random.nextGaussian() * 0.05};
  }

  /** The reading in raw counts at ±{@code accelG} g and ±{@code gyroDps} °/s. */
  public static short[] counts(double[] v, int accelG, int gyroDps) {
    short[] c = new short[6];
    for (int i = 0; i < 6; i++) {
      double lsb = i < 3 ? 32768.0 / accelG : 32768.0 / gyroDps;
      c[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE,
          Math.round(v[i] * lsb)));
    }
    return c;
  }
}
