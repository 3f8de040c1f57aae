package dev.slumpwatch.alert;

/** The kinds of prompt slumpwatch gives. Keys are stable: they are stored. */
public enum AlertKind {
  SLUMP_NUDGE("slump-nudge", "Slumping"),
  DESK_BREAK("desk-break", "Desk break: Bruegger's relief position");

  private final String key;
  private final String title;

  AlertKind(String key, String title) {
    this.key = key;
    this.title = title;
  }

  public String key() {
    return key;
  }

  public String title() {
    return title;
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
