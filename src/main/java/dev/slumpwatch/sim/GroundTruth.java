package dev.slumpwatch.sim;

import dev.slumpwatch.posture.Activity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the simulated wearer really did, sample by sample, for checking the pipeline.
 *
 * <p>Angles are those of the body, not of the sensor, and relative to the neutral posture
 * of the scenario's calibration (all angles zero): upper-back inclination in the sagittal
 * plane (what a single sensor at T3 can see), the lower back's (T12–L1), and the
 * thoracic flexion between them. Times are device times in microseconds, as stamped on
 * the samples.
 */
public final class GroundTruth {
  private long[] timeMicros = new long[1 << 14];
  private float[] upperFlexionDeg = new float[1 << 14];
  private float[] lowerFlexionDeg = new float[1 << 14];
  private float[] lateralDeg = new float[1 << 14];
  private float[] scriptedUpperDeg = new float[1 << 14];
  private float[] scriptedThoracicDeg = new float[1 << 14];
  private float[] gyroBiasDps = new float[1 << 14];
  private byte[] activity = new byte[1 << 14];
  private int size;

  void add(long time, Activity act, double upper, double lower, double lateral,
      double scriptedUpper, double scriptedThoracic, double biasNormDps) {
    if (size == timeMicros.length) {
      int n = size * 2;
      timeMicros = Arrays.copyOf(timeMicros, n);
      upperFlexionDeg = Arrays.copyOf(upperFlexionDeg, n);
      lowerFlexionDeg = Arrays.copyOf(lowerFlexionDeg, n);
      lateralDeg = Arrays.copyOf(lateralDeg, n);
      scriptedUpperDeg = Arrays.copyOf(scriptedUpperDeg, n);
      scriptedThoracicDeg = Arrays.copyOf(scriptedThoracicDeg, n);
      gyroBiasDps = Arrays.copyOf(gyroBiasDps, n);
      activity = Arrays.copyOf(activity, n);
    }
    timeMicros[size] = time;
    activity[size] = (byte) act.ordinal();
    upperFlexionDeg[size] = (float) upper;
    lowerFlexionDeg[size] = (float) lower;
    lateralDeg[size] = (float) lateral;
    scriptedUpperDeg[size] = (float) scriptedUpper;
    scriptedThoracicDeg[size] = (float) scriptedThoracic;
    gyroBiasDps[size] = (float) biasNormDps;
    size++;
  }

  public int size() {
    return size;
  }

  public long timeMicros(int i) {
    return timeMicros[i];
  }

  public Activity activity(int i) {
    return Activity.values()[activity[i]];
  }

  /** Upper-back sagittal inclination from neutral, degrees, forward positive. */
  public double upperFlexionDeg(int i) {
    return upperFlexionDeg[i];
  }

  public double lowerFlexionDeg(int i) {
    return lowerFlexionDeg[i];
  }

  /** Thoracic flexion: upper minus lower sagittal inclination. */
  public double thoracicFlexionDeg(int i) {
    return upperFlexionDeg[i] - lowerFlexionDeg[i];
  }

  public double lateralDeg(int i) {
    return lateralDeg[i];
  }

  /** Magnitude of the upper sensor's true gyroscope bias, °/s. */
  public double gyroBiasDps(int i) {
    return gyroBiasDps[i];
  }

  /** Index of the first sample at or after the given device time (size() if none). */
  public int indexAt(long micros) {
    int i = Arrays.binarySearch(timeMicros, 0, size, micros);
    return i >= 0 ? i : -i - 1;
  }

  /** A true slump episode: device times of its first and last sample above threshold. */
  public record Episode(long startMicros, long endMicros) {
    public double durationSeconds() {
      return (endMicros - startMicros) / 1e6;
    }
  }

  /**
   * The true slump episodes: stretches while seated where the scripted flexion (without
   * breathing and typing micro-motion) exceeds the threshold for at least
   * {@code minSeconds}. With one sensor the flexion is the upper back's inclination;
   * with two it is the thoracic flexion between them.
   */
  public List<Episode> slumpEpisodes(double thresholdDeg, double minSeconds, boolean twoSensors) {
    List<Episode> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= size; i++) {
      boolean above = i < size && activity(i).seated()
          && (twoSensors ? scriptedThoracicDeg[i] : scriptedUpperDeg[i]) > thresholdDeg;
      if (above && start < 0) {
        start = i;
      } else if (!above && start >= 0) {
        long s = timeMicros[start];
        long e = timeMicros[i - 1];
        if ((e - s) / 1e6 >= minSeconds) {
          out.add(new Episode(s, e));
        }
        start = -1;
      }
    }
    return out;
  }
}
