package dev.slumpwatch.orientation.calibration;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SensorScale;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The six-position procedure as a stage: fed samples one at a time, it finds still holds
 * (windows of {@link #HOLD_SECONDS} with little gyro and accelerometer spread), works out
 * which face is up, keeps the first hold of each of the six faces, and when all six are in
 * fits the accelerometer ({@link SixPositionFit}) and takes the gyro bias as the mean of
 * the gyro over every hold. The user turns the sensor at their own pace; there is nothing
 * to press. Progress and prompts go to a listener (state changes only, never per sample).
 */
public final class SensorCalibrationProcedure {
  /** Length of one still hold, s. */
  public static final double HOLD_SECONDS = 2.0;
  /** Largest standard deviation of any gyro axis in a hold, °/s. */
  static final double STILL_GYRO_DPS = 1.0;
  /** Largest standard deviation of any accelerometer axis in a hold, g. */
  static final double STILL_ACCEL_G = 0.02;

  private static final String[] FACES = {"+X up", "-X up", "+Y up", "-Y up", "+Z up", "-Z up"};

  private final Consumer<String> progress;
  private SensorScale scale = SensorScale.DEFAULT;
  private final double[][] faceMeansG = new double[6][];
  private final double[] gyroSumDps = new double[3];
  private int holds;
  private int faces;
  // the current window
  private long windowStartMicros = Long.MIN_VALUE;
  private int n;
  private final double[] sa = new double[3];
  private final double[] saa = new double[3];
  private final double[] sg = new double[3];
  private final double[] sgg = new double[3];
  private SensorCalibration result;
  private String deviceId;

  public SensorCalibrationProcedure(String deviceId, Consumer<String> progress) {
    this.deviceId = deviceId;
    this.progress = progress;
  }

  /** The source told us its ranges (and maybe its id). */
  public void deviceInfo(String id, SensorScale scale) {
    this.scale = scale;
    if (id != null && !id.isBlank() && deviceId == null) {
      deviceId = id;
    }
  }

  public void start() {
    progress.accept("Place the sensor on a flat, steady surface with one face up and leave it "
        + "still for " + (int) HOLD_SECONDS + " s. Then turn it onto each of its six faces in "
        + "turn, holding each still. Faces still needed: " + String.join(", ", missing()));
  }

  /** Feeds one sample; returns true when the procedure is complete. */
  public boolean update(ImuSample s) {
    if (result != null) {
      return true;
    }
    long t = s.deviceTimeMicros();
    if (windowStartMicros == Long.MIN_VALUE) {
      windowStartMicros = t;
    }
    if (s.saturated()) {
      clearWindow(t);
      return false;
    }
    double[] a = {scale.accelG(s.accelX()), scale.accelG(s.accelY()), scale.accelG(s.accelZ())};
    double[] g = {Math.toDegrees(scale.gyroRadPerSec(s.gyroX())),
        Math.toDegrees(scale.gyroRadPerSec(s.gyroY())),
        Math.toDegrees(scale.gyroRadPerSec(s.gyroZ()))};
    n++;
    for (int i = 0; i < 3; i++) {
      sa[i] += a[i];
      saa[i] += a[i] * a[i];
      sg[i] += g[i];
      sgg[i] += g[i] * g[i];
    }
    if ((t - windowStartMicros) / 1e6 >= HOLD_SECONDS && n >= 10) {
      endWindow();
      clearWindow(t);
    }
    return result != null;
  }

  private void clearWindow(long t) {
    windowStartMicros = t;
    n = 0;
    java.util.Arrays.fill(sa, 0);
    java.util.Arrays.fill(saa, 0);
    java.util.Arrays.fill(sg, 0);
    java.util.Arrays.fill(sgg, 0);
  }

  private void endWindow() {
    double[] meanA = new double[3];
    double[] meanG = new double[3];
    for (int i = 0; i < 3; i++) {
      meanA[i] = sa[i] / n;
      meanG[i] = sg[i] / n;
      double varA = saa[i] / n - meanA[i] * meanA[i];
      double varG = sgg[i] / n - meanG[i] * meanG[i];
      if (varA > STILL_ACCEL_G * STILL_ACCEL_G || varG > STILL_GYRO_DPS * STILL_GYRO_DPS) {
        return; // moving
      }
    }
    int face = face(meanA);
    if (face < 0) {
      return; // resting on an edge or a slope: no face is clearly up
    }
    for (int i = 0; i < 3; i++) {
      gyroSumDps[i] += meanG[i];
    }
    holds++;
    if (faceMeansG[face] != null) {
      return;
    }
    faceMeansG[face] = meanA;
    faces++;
    progress.accept(String.format(Locale.ROOT, "[%d/6] %s recorded (|a| = %.3f g).%s", faces,
        FACES[face], Math.sqrt(meanA[0] * meanA[0] + meanA[1] * meanA[1] + meanA[2] * meanA[2]),
        faces < 6 ? " Next, any of: " + String.join(", ", missing()) : ""));
    if (faces == 6) {
      finish();
    }
  }

  /** The face pointing up: an axis within about 30° of vertical, or -1. */
  static int face(double[] meanG) {
    double norm = Math.sqrt(meanG[0] * meanG[0] + meanG[1] * meanG[1] + meanG[2] * meanG[2]);
    for (int i = 0; i < 3; i++) {
      if (meanG[i] > 0.87 * norm) {
        return 2 * i;
      }
      if (meanG[i] < -0.87 * norm) {
        return 2 * i + 1;
      }
    }
    return -1;
  }

  private List<String> missing() {
    List<String> out = new ArrayList<>();
    for (int f = 0; f < 6; f++) {
      if (faceMeansG[f] == null) {
        out.add(FACES[f]);
      }
    }
    return out;
  }

  private void finish() {
    SixPositionFit.Result fit = SixPositionFit.fit(List.of(faceMeansG));
    double[] bias = new double[3];
    for (int i = 0; i < 3; i++) {
      bias[i] = gyroSumDps[i] / holds;
    }
    String id = deviceId == null ? "unknown" : deviceId;
    result = new SensorCalibration(id, fit.offsetG(), fit.scale(), bias, fit.rmsResidualG());
    progress.accept(String.format(Locale.ROOT, "Fitted: accelerometer offset %+.4f %+.4f %+.4f g,"
        + " scale %.4f %.4f %.4f (residual %.4f g); gyro bias %+.3f %+.3f %+.3f °/s over %d "
        + "holds.", fit.offsetG()[0], fit.offsetG()[1], fit.offsetG()[2], fit.scale()[0],
        fit.scale()[1], fit.scale()[2], fit.rmsResidualG(), bias[0], bias[1], bias[2], holds));
  }

  /** The calibration, once {@link #update} has returned true; else null. */
  public SensorCalibration result() {
    return result;
  }

  public int facesRecorded() {
    return faces;
  }
}
