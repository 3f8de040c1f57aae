package dev.slumpwatch.posture;

/**
 * Classifies what the wearer is doing from one-second blocks of sensor data.
 *
 * <p>Version 1, from movement energy alone (no sitting/standing posture model yet):
 * <ul>
 *   <li>walking: the accelerometer magnitude varies strongly (step bounce and impacts);
 *   <li>standing or moving: shortly after walking, until the trunk has been still a while;
 *   <li>seated fidgeting / seated still: by the gyroscope's variability (bias-free);
 *   <li>not worn: the gyroscope shows no breathing at all for {@code notWornSeconds};
 *   <li>unknown: before the first full block and after a gap.
 * </ul>
 * A block is one second of device time; the classification changes only at block ends,
 * so the per-sample cost is a few additions.
 */
public final class ActivityClassifier {

  /**
   * @param walkingAccelStdG accelerometer-magnitude standard deviation above which a
   *     block counts as walking, g
   * @param fidgetGyroStdDps gyroscope standard deviation (root of summed axis variances)
   *     above which a seated block counts as fidgeting, °/s
   * @param notWornGyroStdDps below this the sensor is not on a breathing body, °/s
   * @param notWornSeconds how long it must stay that still to count as not worn
   * @param uprightHoldSeconds how long after walking a still trunk still counts as standing
   */
  public record Settings(double walkingAccelStdG, double fidgetGyroStdDps,
      double notWornGyroStdDps, double notWornSeconds, double uprightHoldSeconds) {
    public static final Settings DEFAULTS = new Settings(0.08, 4.0, 0.12, 30, 5);
  }

  private final Settings settings;
  private long blockStartMicros = Long.MIN_VALUE;
  private int n;
  private double sumA;
  private double sumA2;
  private double sumGx;
  private double sumGy;
  private double sumGz;
  private double sumG2;
  private Activity activity = Activity.UNKNOWN;
  private long lastWalkingMicros = Long.MIN_VALUE;
  private long stillSinceMicros = Long.MIN_VALUE;
  private double lastAccelStdG;
  private double lastGyroStdDps;

  public ActivityClassifier(Settings settings) {
    this.settings = settings;
  }

  /**
   * @param accelNormG magnitude of the accelerometer reading, g
   * @param gxDps gyroscope, °/s (bias need not be removed: only its variability is used)
   * @return true when the classification was updated (at the end of a block)
   */
  public boolean update(long timeMicros, double accelNormG, double gxDps, double gyDps,
      double gzDps) {
    if (blockStartMicros == Long.MIN_VALUE) {
      blockStartMicros = timeMicros;
    }
    boolean classified = false;
    if (timeMicros - blockStartMicros >= 1_000_000) {
      classify(timeMicros);
      classified = true;
      blockStartMicros = timeMicros;
      n = 0;
      sumA = sumA2 = sumGx = sumGy = sumGz = sumG2 = 0;
    }
    n++;
    sumA += accelNormG;
    sumA2 += accelNormG * accelNormG;
    sumGx += gxDps;
    sumGy += gyDps;
    sumGz += gzDps;
    sumG2 += gxDps * gxDps + gyDps * gyDps + gzDps * gzDps;
    return classified;
  }

  private void classify(long now) {
    if (n < 10) {
      activity = Activity.UNKNOWN;
      return;
    }
    double meanA = sumA / n;
    double accelStd = Math.sqrt(Math.max(0, sumA2 / n - meanA * meanA));
    double meanG2 = (sumGx * sumGx + sumGy * sumGy + sumGz * sumGz) / ((double) n * n);
    double gyroStd = Math.sqrt(Math.max(0, sumG2 / n - meanG2));
    lastAccelStdG = accelStd;
    lastGyroStdDps = gyroStd;
    if (gyroStd < settings.notWornGyroStdDps()) {
      if (stillSinceMicros == Long.MIN_VALUE) {
        stillSinceMicros = blockStartMicros;
      }
    } else {
      stillSinceMicros = Long.MIN_VALUE;
    }
    if (accelStd >= settings.walkingAccelStdG()) {
      activity = Activity.WALKING;
      lastWalkingMicros = now;
    } else if (stillSinceMicros != Long.MIN_VALUE
        && now - stillSinceMicros >= settings.notWornSeconds() * 1e6) {
      activity = Activity.NOT_WORN;
    } else if (lastWalkingMicros != Long.MIN_VALUE
        && now - lastWalkingMicros < settings.uprightHoldSeconds() * 1e6) {
      activity = Activity.STANDING_OR_MOVING;
    } else if (gyroStd >= settings.fidgetGyroStdDps()) {
      activity = Activity.SEATED_FIDGETING;
    } else {
      activity = Activity.SEATED_STILL;
    }
  }

  /** Forgets short-term state after a gap: unknown until a full block has been seen. */
  public void reset() {
    blockStartMicros = Long.MIN_VALUE;
    n = 0;
    sumA = sumA2 = sumGx = sumGy = sumGz = sumG2 = 0;
    activity = Activity.UNKNOWN;
    stillSinceMicros = Long.MIN_VALUE;
  }

  public Activity activity() {
    return activity;
  }

  /** Accelerometer-magnitude standard deviation of the last block, g. */
  public double lastAccelStdG() {
    return lastAccelStdG;
  }

  /** Gyroscope standard deviation of the last block, °/s. */
  public double lastGyroStdDps() {
    return lastGyroStdDps;
  }
}
