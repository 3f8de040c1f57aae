package dev.slumpwatch.posture;

/**
 * One wearer's stored posture calibration: the upper-back sensor's axes and, when the
 * wearer uses a second sensor on the lower back, that one's too.
 *
 * @param upper the upper-back sensor (index 0)
 * @param lower the lower-back sensor (index 1), or null: one-sensor mode
 * @param method how it was made: {@code two-step}, {@code quick} (neutral only, forward
 *     from the clip mounting) or {@code in-session} (the guided start of {@code run})
 */
public record PostureProfile(PostureCalibration upper, PostureCalibration lower,
    String method) {
  public PostureProfile {
    if (upper == null) {
      throw new IllegalArgumentException("a profile needs the upper sensor's calibration");
    }
  }
}
