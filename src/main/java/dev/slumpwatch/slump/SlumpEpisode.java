package dev.slumpwatch.slump;

/**
 * One slump: flexion beyond the threshold for at least the onset delay.
 *
 * @param startMicros device time the flexion first crossed the threshold
 * @param endMicros device time it fell below the recovery level for good
 * @param peakDeg largest flexion during the episode, degrees
 * @param meanDeg mean flexion during the episode, degrees
 * @param doseDegMinutes flexion above the threshold integrated over time, degree-minutes
 */
public record SlumpEpisode(long startMicros, long endMicros, double peakDeg, double meanDeg,
    double doseDegMinutes) {

  public double durationSeconds() {
    return (endMicros - startMicros) / 1e6;
  }
}
