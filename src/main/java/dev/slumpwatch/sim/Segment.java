package dev.slumpwatch.sim;

import java.util.Map;

/**
 * One line of a scenario: what the trunk does for a stretch of time.
 *
 * @param startSeconds scenario time at which the segment begins
 * @param durationSeconds how long it lasts
 * @param kind what kind of movement (decides the activity label and the overlays)
 * @param params the line's {@code key=value} settings, already validated for the kind
 * @param line the line number in the scenario file, for messages
 */
public record Segment(double startSeconds, double durationSeconds, Kind kind,
    Map<String, String> params, int line) {

  public Segment {
    params = Map.copyOf(params);
  }

  public double endSeconds() {
    return startSeconds + durationSeconds;
  }

  /** The segment kinds a scenario may use. */
  public enum Kind {
    /** Sitting tall for the posture calibration's neutral step. */
    CALIBRATE_NEUTRAL("calibrate-neutral"),
    /** Bending forward slowly from the hips and upper back for the calibration's bend step. */
    CALIBRATE_BEND("calibrate-bend"),
    /** Sitting; flexion, lean, lateral and ramp set the posture, typing adds micro-motion. */
    SIT("sit"),
    /** Reaching forward with a straight back: a hip hinge ({@code lean}), spine unchanged. */
    REACH("reach"),
    /** Standing up (a sit-to-stand transition) and standing. */
    STAND("stand"),
    /** Walking with step impacts and turns. */
    WALK("walk"),
    /** Controlled back extensions from sitting: {@code count} reps to {@code range} degrees. */
    EXTENSION("extension"),
    /** Bruegger's relief position: upper back extended past neutral and held. */
    BRUEGGER("bruegger"),
    /** Forceful, fast trunk twists ("cracking" the back). */
    TWIST("twist"),
    /** The sensor taken off and lying still on the desk. */
    OFF("off"),
    /** No data at all (cable pulled, radio lost). */
    GAP("gap"),
    /**
     * The clip slips (or is knocked and re-attached) while the wearer sits still: the
     * sensor turns by {@code angle} degrees about a body {@code axis} over {@code ramp}
     * seconds and stays turned. The body itself does not move.
     */
    SLIP("slip");


    private final String key;

    Kind(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    public static Kind fromKey(String key) {
      for (Kind k : values()) {
        if (k.key.equals(key)) {
          return k;
        }
      }
      return null;
    }
  }
}
