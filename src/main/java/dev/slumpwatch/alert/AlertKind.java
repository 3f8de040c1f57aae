package dev.slumpwatch.alert;

/** The kinds of prompt slumpwatch gives. Keys are stable: they are stored. */
public enum AlertKind {
  SLUMP_NUDGE("slump-nudge", "Slumping", false),
  DESK_BREAK("desk-break", "Desk break: Bruegger's relief position", true),
  EXTENSION("extension", "Extension exercises", true),
  SELF_CRACK_WARNING("self-crack-warning", "Go easy on cracking your back", false);

  private final String key;
  private final String title;
  private final boolean exercise;

  AlertKind(String key, String title, boolean exercise) {
    this.key = key;
    this.title = title;
    this.exercise = exercise;
  }

  public String key() {
    return key;
  }

  public String title() {
    return title;
  }

  /** An exercise prompt: stopped by the pain pause, shown with the red flags once a day. */
  public boolean exercise() {
    return exercise;
  }

  public static AlertKind fromKey(String key) {
    for (AlertKind k : values()) {
      if (k.key.equals(key)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown alert kind '" + key + "'");
  }
}
