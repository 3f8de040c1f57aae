package dev.slumpwatch.orientation.calibration;

import java.util.Arrays;

/**
 * One sensor's calibration, keyed by the device id the sensor reports.
 *
 * <p>Model, per axis i (the simulator's and the usual MEMS model): the accelerometer reads
 * {@code m_i = s_i · a_i + o_i} (g), so the corrected reading is
 * {@code a_i = (m_i − o_i) / s_i}; the gyroscope reads the true rate plus a bias
 * {@code b_i} (°/s), subtracted. Cross-axis terms are left out: the MPU-6050's cross-axis
 * sensitivity (±2 %) costs well under a degree of tilt, and six positions cannot pin down
 * nine parameters robustly.
 *
 * @param accelOffsetG o, g
 * @param accelScale s, dimensionless (1 = nominal sensitivity)
 * @param gyroBiasDegPerSec b, °/s
 * @param fitResidualG RMS of | a | − 1 g over the calibration positions after the fit
 */
public record SensorCalibration(String deviceId, double[] accelOffsetG, double[] accelScale,
    double[] gyroBiasDegPerSec, double fitResidualG) {

  public SensorCalibration {
    if (deviceId == null || !deviceId.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("device id must be 1 to 64 of A-Z a-z 0-9 . _ -, not '"
          + deviceId + "'");
    }
    accelOffsetG = check("accelOffsetG", accelOffsetG, -1, 1);
    accelScale = check("accelScale", accelScale, 0.5, 2);
    gyroBiasDegPerSec = check("gyroBiasDegPerSec", gyroBiasDegPerSec, -250, 250);
  }

  private static double[] check(String key, double[] v, double min, double max) {
    if (v == null || v.length != 3) {
      throw new IllegalArgumentException(key + " needs three values (x, y, z)");
    }
    for (double x : v) {
      if (!(x >= min && x <= max)) {
        throw new IllegalArgumentException(key + " value " + x + " is outside [" + min + ", "
            + max + "]");
      }
    }
    return v.clone();
  }

  /** Corrected accelerometer axis i, g, from a reading in g. */
  public double accelG(int axis, double readingG) {
    return (readingG - accelOffsetG[axis]) / accelScale[axis];
  }

  /** Corrected gyroscope axis i, rad/s, from a reading in rad/s. */
  public double gyroRadPerSec(int axis, double readingRadPerSec) {
    return readingRadPerSec - Math.toRadians(gyroBiasDegPerSec[axis]);
  }

  @Override
  public double[] accelOffsetG() {
    return accelOffsetG.clone();
  }

  @Override
  public double[] accelScale() {
    return accelScale.clone();
  }

  @Override
  public double[] gyroBiasDegPerSec() {
    return gyroBiasDegPerSec.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SensorCalibration c && deviceId.equals(c.deviceId)
        && Arrays.equals(accelOffsetG, c.accelOffsetG) && Arrays.equals(accelScale, c.accelScale)
        && Arrays.equals(gyroBiasDegPerSec, c.gyroBiasDegPerSec)
        && Double.compare(fitResidualG, c.fitResidualG) == 0;
  }

  @Override
  public int hashCode() {
    return deviceId.hashCode() * 31 + Arrays.hashCode(accelScale);
  }

  @Override
  public String toString() {
    return "SensorCalibration[" + deviceId + ", offset g " + Arrays.toString(accelOffsetG)
        + ", scale " + Arrays.toString(accelScale) + ", gyro bias °/s "
        + Arrays.toString(gyroBiasDegPerSec) + ", residual g " + fitResidualG + "]";
  }
}
