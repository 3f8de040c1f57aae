package dev.slumpwatch.posture;

/** What the wearer is doing, as classified from the sensor (or scripted by the simulator). */
public enum Activity {
  /** No data, stale data, or not yet classified. Never counted as good or bad posture. */
  UNKNOWN,
  /** The sensor lies still and is not on a body (no breathing, not upright). */
  NOT_WORN,
  SEATED_STILL,
  /** Seated with small movements: typing, shifting. Still seated for sitting time. */
  SEATED_FIDGETING,
  STANDING_OR_MOVING,
  WALKING;

  public boolean seated() {
    return this == SEATED_STILL || this == SEATED_FIDGETING;
  }

  /** Up and about: this breaks a sitting bout. */
  public boolean upright() {
    return this == STANDING_OR_MOVING || this == WALKING;
  }

  /** Stable lower-case name used in the store, the CSV export and scenario files. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public static Activity fromKey(String key) {
    for (Activity a : values()) {
      if (a.key().equals(key)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown activity '" + key + "'");
  }
}
