package dev.slumpwatch.alert;

import java.util.List;

/**
 * The words of the prompts, from the physiotherapy guidance the product was built around
 * (the product brief's "domain rules"). Kept in one place so the prompts, the
 * {@code red-flags} command and the user guide say the same thing.
 */
public final class Guidance {
  private Guidance() {
  }

  public static final String BRUEGGER = "Bruegger's relief position: sit on the front edge of "
      + "your chair, knees apart and feet turned slightly out, palms turned outward, shoulders "
      + "back and down, chin tucked; breathe and hold for 30 s. Or get up and walk for a minute.";

  public static final String EXTENSION = "Slumping has added up: do 5 controlled extensions "
      + "while exhaling, or the chair lean (hands behind your head, lean back slowly over the "
      + "top of a mid-height backrest, bending at the tight spot). Alternatives: 15 wall angels, "
      + "or the doorway stretch (30 s). Slowly, no bouncing.";

  public static final String SELF_CRACK = "That is more than 10 forceful twists to crack your "
      + "back today. Cracking it often over-stretches the ligaments that hold the spine "
      + "(ligament laxity), and the relief lasts only about 20 minutes. Do slow mobility work "
      + "instead: controlled extensions, the chair lean, wall angels, the doorway stretch.";

  /** When to stop and see a physiotherapist or chiropractor instead of exercising. */
  public static final List<String> RED_FLAGS = List.of(
      "shooting pain down the arms",
      "numbness in the fingers",
      "a \"lightning bolt\" feeling on movement",
      "sharp, needle-like local pain",
      "relief that lasts under 5 minutes",
      "\"clunking\" rather than popping",
      "pain radiating around the ribs to the chest",
      "recent trauma (a fall, an accident)",
      "severe osteoporosis");

  public static final String RED_FLAGS_HEADING = "If it hurts, stop. See a physiotherapist or "
      + "chiropractor instead of exercising if you have:";

  /** The red flags as one paragraph, for a prompt's text. */
  public static String redFlagsInline() {
    return RED_FLAGS_HEADING + " " + String.join("; ", RED_FLAGS)
        + ". ('slumpwatch pain on' pauses exercise prompts.)";
  }

  /** The red flags as a list, for the {@code red-flags} command. */
  public static String redFlagsList() {
    StringBuilder b = new StringBuilder(RED_FLAGS_HEADING).append('\n');
    for (String f : RED_FLAGS) {
      b.append("  - ").append(f).append('\n');
    }
    b.append("'slumpwatch pain on' pauses the exercise prompts; 'slumpwatch pain off' resumes "
        + "them.");
    return b.toString();
  }
}
