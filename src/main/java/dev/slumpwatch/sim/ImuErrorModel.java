package dev.slumpwatch.sim;

import java.util.Random;

/**
 * The errors of a real MPU-6050, added to ideal readings.
 *
 * <p>Figures from the MPU-6000/6050 product specification (rev. 3.4): accelerometer noise
 * power spectral density 400 µg/√Hz, gyroscope rate noise density 0.005 °/s/√Hz; with the
 * digital low-pass filter at 44 Hz (accelerometer) and 42 Hz (gyroscope) the per-sample
 * standard deviations are about 2.7 mg and 0.032 °/s. Zero-rate output: the datasheet
 * allows ±20 °/s; calibrated-at-the-factory parts sit within a few °/s, which is what we
 * draw (±3 °/s). The bias then wanders as a random walk (temperature drift). Accelerometer
 * zero-g offset (±20 mg) and sensitivity error (±1 %) are drawn once per sensor.
 */
final class ImuErrorModel {
  static final double ACCEL_NOISE_G = 400e-6 * Math.sqrt(44);
  static final double GYRO_NOISE_DPS = 0.005 * Math.sqrt(42);
  static final double GYRO_BIAS_RANGE_DPS = 3.0;
  /** Bias random walk, °/s per √s: about 0.2 °/s of wander over two hours. */
  static final double GYRO_BIAS_WALK_DPS = 0.002;
  static final double ACCEL_OFFSET_RANGE_G = 0.020;
  static final double ACCEL_SCALE_RANGE = 0.01;

  private final Random random;
  private final double[] accelOffsetG = new double[3];
  private final double[] accelScale = new double[3];
  private final double[] gyroBiasDps = new double[3];

  private final double biasWalkDps;

  ImuErrorModel(Random random) {
    this(random, true);
  }

  /**
   * @param gyroBias with the zero-rate offset and its wander; without, the gyro has only
   *     its noise (the same random draws are made, so the rest of the errors stay the same)
   */
  ImuErrorModel(Random random, boolean gyroBias) {
    this.random = random;
    for (int i = 0; i < 3; i++) {
      accelOffsetG[i] = uniform(ACCEL_OFFSET_RANGE_G);
      accelScale[i] = 1 + uniform(ACCEL_SCALE_RANGE);
      double bias = uniform(GYRO_BIAS_RANGE_DPS);
      gyroBiasDps[i] = gyroBias ? bias : 0;
    }
    biasWalkDps = gyroBias ? GYRO_BIAS_WALK_DPS : 0;
  }

  private double uniform(double halfRange) {
    return (2 * random.nextDouble() - 1) * halfRange;
  }

  /** Adds errors in place: accelerometer in g, gyroscope in °/s; advances the bias by dt. */
  void apply(double[] accelG, double[] gyroDps, double dtSeconds) {
    double walk = biasWalkDps * Math.sqrt(dtSeconds);
    for (int i = 0; i < 3; i++) {
      accelG[i] = accelG[i] * accelScale[i] + accelOffsetG[i]
          + ACCEL_NOISE_G * random.nextGaussian();
      gyroBiasDps[i] += walk * random.nextGaussian();
      gyroDps[i] += gyroBiasDps[i] + GYRO_NOISE_DPS * random.nextGaussian();
    }
  }

  /** The current gyroscope bias, °/s (for tests of bias estimation). */
  double[] gyroBiasDps() {
    return gyroBiasDps.clone();
  }

  /** {offset g ×3, scale ×3, initial gyro bias °/s ×3}: what a calibration should find. */
  double[] describe() {
    return new double[] {accelOffsetG[0], accelOffsetG[1], accelOffsetG[2], accelScale[0],
        accelScale[1], accelScale[2], gyroBiasDps[0], gyroBiasDps[1], gyroBiasDps[2]};
  }
}
