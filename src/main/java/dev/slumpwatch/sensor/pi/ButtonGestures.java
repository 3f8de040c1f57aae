package dev.slumpwatch.sensor.pi;

/**
 * Tells a short, a long and a double press apart from the button's edges and the passing
 * of time, on an injected monotonic clock (nanoseconds). No threads, no sleeping: the caller
 * feeds {@link #edge} on every change of the input and {@link #tick} every few tens of
 * milliseconds, and acts on what they return.
 *
 * <ul>
 *   <li>long: held for {@code longPressNanos}; decided while still held, so the wearer
 *       feels the answer without letting go, and the release is then ignored;
 *   <li>double: released, pressed and released again with at most {@code doubleNanos}
 *       between the first release and the second press; decided at the second release;
 *   <li>short: released and not pressed again within {@code doubleNanos}; so a short press
 *       is decided {@code doubleNanos} after its release (the price of having a double).
 * </ul>
 * A second press held to the long-press time makes a long press (the tap before it is
 * dropped). Contact bounce: a press or release shorter than {@link #DEBOUNCE_NANOS} is
 * ignored, so the chatter of a cheap switch neither starts nor ends a press.
 */
public final class ButtonGestures {
  public enum Gesture { SHORT, LONG, DOUBLE }

  /** Shorter than this is contact bounce, not a press (tactile switches settle in ~5 ms). */
  public static final long DEBOUNCE_NANOS = 30_000_000L;

  private final long longPressNanos;
  private final long doubleNanos;
  private boolean down;
  private long downAt;
  private boolean longDecided;
  private int taps;
  private long lastUpAt;

  public ButtonGestures(long longPressNanos, long doubleNanos) {
    if (longPressNanos <= DEBOUNCE_NANOS || doubleNanos <= DEBOUNCE_NANOS) {
      throw new IllegalArgumentException("long-press and double-press times must be longer "
          + "than the " + DEBOUNCE_NANOS / 1_000_000 + " ms debounce");
    }
    this.longPressNanos = longPressNanos;
    this.doubleNanos = doubleNanos;
  }

  /**
   * The input changed at {@code nanos}: {@code pressed} true when the button went down.
   *
   * @return a gesture decided now, or null
   */
  public Gesture edge(boolean pressed, long nanos) {
    if (pressed == down) {
      return null; // a repeated level, not a change
    }
    if (pressed) {
      Gesture pending = null;
      if (taps == 1 && nanos - lastUpAt > doubleNanos) {
        pending = Gesture.SHORT; // no tick came in between
        taps = 0;
      }
      down = true;
      downAt = nanos;
      longDecided = false;
      return pending;
    }
    down = false;
    long held = nanos - downAt;
    if (longDecided || held < DEBOUNCE_NANOS) {
      return null;
    }
    if (held >= longPressNanos) {
      taps = 0; // no tick came while it was held
      return Gesture.LONG;
    }
    taps++;
    lastUpAt = nanos;
    if (taps == 2) {
      taps = 0;
      return Gesture.DOUBLE;
    }
    return null;
  }

  /** Time has passed to {@code nanos}: a gesture that is now decided, or null. */
  public Gesture tick(long nanos) {
    if (down && !longDecided && nanos - downAt >= longPressNanos) {
      longDecided = true;
      taps = 0;
      return Gesture.LONG;
    }
    if (!down && taps == 1 && nanos - lastUpAt > doubleNanos) {
      taps = 0;
      return Gesture.SHORT;
    }
    return null;
  }
}
