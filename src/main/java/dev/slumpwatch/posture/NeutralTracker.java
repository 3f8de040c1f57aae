package dev.slumpwatch.posture;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import java.util.List;
import java.util.ArrayDeque;

/**
 * Re-anchors the neutral posture, slowly and safely, to follow a clip that creeps on the
 * back over hours (tape giving way, a clip sliding on fabric): by the afternoon a clip
 * that has tipped 5° backwards reads 5° less flexion than there is, and a slump must go
 * 5° further before it counts.
 *
 * <p><b>Never towards a slump</b>: the neutral moves only backwards from the calibrated one
 * (and forward again at most back to it). Moving it forward would make every slump read
 * smaller, and one sensor cannot tell a clip that tipped forward from a wearer who sits
 * more rounded than when calibrating (most do, typing) or who slumps much of the day; so
 * a clip that tips forward is not followed (it reads as flexion, nudges come early, and
 * calibrating again puts it right). Tipped backwards, the wearer's most upright posture
 * reads below the calibrated neutral, which a body that sat tall when calibrating does
 * not do for long; that is what is followed. The evidence is narrow and the movement
 * bounded:
 * <ul>
 *   <li>evidence only while seated and still (typing is still), not in or near a slump
 *       (the slump tracker upright), with no hip lean, and within
 *       {@link Settings#nearDeg} of the present neutral: slumped time never counts, so a
 *       wearer who slumps much of the day does not teach it that slumping is neutral;
 *   <li>{@link Settings#windowSeconds} of such time make one window, its mean one
 *       measurement; the target is the <em>lowest</em> window of the last
 *       {@link Settings#horizonSeconds} (the wearer's upright level, sitting tall as after
 *       a nudge), but never forward of the calibrated neutral;
 *   <li>the neutral moves towards it by at most {@link Settings#maxDegPerMinute} per minute
 *       (of sensor time: a clip creeps by a few degrees an hour; faster is a slip, which
 *       asks for a new calibration), and never further than {@link Settings#maxTotalDeg}
 *       from where it was calibrated (by default half the slump threshold);
 *   <li>it moves in steps of {@link Settings#stepDeg}: each step is a
 *       {@link NeutralReanchoring}, stored and shown in the day report.
 * </ul>
 * A wearer who sits more upright than when calibrating moves it back too, within the same
 * bounds: slumps then count a little early, never late.
 *
 * <p>Per sample: a few additions; a window closes every {@code windowSeconds} of evidence.
 */
public final class NeutralTracker {

  /**
   * The neutral re-anchoring settings, by name: see each key's meaning.
   * <ul>
   * <li>{@code enabled}: re-anchor at all
   * <li>{@code nearDeg}: evidence only within this of the present neutral, degrees
   * <li>{@code windowSeconds}: evidence per window (one measurement), s
   * <li>{@code maxWindowSpanSeconds}: a window not filled within this wall time is dropped, s
   * <li>{@code horizonSeconds}: the target is the lowest window this recent, s
   * <li>{@code maxDegPerMinute}: fastest re-anchoring, degrees per minute
   * <li>{@code maxTotalDeg}: furthest back from the calibrated neutral, degrees
   * <li>{@code stepDeg}: the neutral moves (and an event is given) in steps of this, degrees
   * <li>{@code minWindows}: windows within the horizon needed before a step
   * </ul>
   */
  public static final class Settings extends StageSettings<Settings> {
    public static final Setting.Flag REANCHOR = Setting.flag(
        "neutral.reanchor", true,
        "follow a clip that creeps backwards on the back (reading less flexion than there is) "
        + "by moving the neutral back in small, bounded steps, each stored and shown in the day "
        + "report; never forward of the calibration");
    public static final Setting.Number NEAR_DEG = Setting.number(
        "neutral.nearDeg", "°", 4, 0.5, 30,
        "only postures this close to the present neutral are evidence");
    public static final Setting.Number WINDOW_SECONDS = Setting.number(
        "neutral.windowSeconds", "s", 30, 1, 3600,
        "seated, still, near-neutral time that makes one measurement");
    public static final Setting.Number MAX_WINDOW_SPAN_SECONDS = Setting.number(
        "neutral.maxWindowSpanSeconds", "s", 120, 1, 86400,
        "a measurement not complete within this is dropped (at least neutral.windowSeconds)");
    public static final Setting.Number HORIZON_SECONDS = Setting.number(
        "neutral.horizonSeconds", "s", 720, 1, 86400,
        "the target is the most upright measurement this recent (at least "
        + "neutral.windowSeconds)");
    public static final Setting.Number MAX_DEG_PER_MINUTE = Setting.number(
        "neutral.maxDegPerMinute", "°/min", 0.1, 0, 10,
        "fastest re-anchoring; 0 = never");
    public static final Setting.Number MAX_TOTAL_DEG = Setting.number(
        "neutral.maxTotalDeg", "°", 7.5, 0, 30,
        "furthest back from the calibrated neutral (default: half the default slump threshold)");
    public static final Setting.Number STEP_DEG = Setting.number(
        "neutral.stepDeg", "°", 0.25, 0.01, 5,
        "the neutral moves, and a re-anchoring is recorded, in steps of this");
    public static final Setting.Whole MIN_WINDOWS = Setting.whole(
        "neutral.minWindows", "count", 3, 1, 1000,
        "measurements within the horizon before a step");

    /** Every key of this stage, in the order the README lists them. */
    public static final List<Setting<?>> KEYS = List.of(REANCHOR, NEAR_DEG, WINDOW_SECONDS,
        MAX_WINDOW_SPAN_SECONDS, HORIZON_SECONDS, MAX_DEG_PER_MINUTE, MAX_TOTAL_DEG, STEP_DEG,
        MIN_WINDOWS);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    private final boolean enabled;
    private final double nearDeg;
    private final double windowSeconds;
    private final double maxWindowSpanSeconds;
    private final double horizonSeconds;
    private final double maxDegPerMinute;
    private final double maxTotalDeg;
    private final double stepDeg;
    private final int minWindows;

    public Settings(SettingValues values) {
      super(values, KEYS);
      this.enabled = get(REANCHOR);
      this.nearDeg = get(NEAR_DEG);
      this.windowSeconds = get(WINDOW_SECONDS);
      this.maxWindowSpanSeconds = get(MAX_WINDOW_SPAN_SECONDS);
      this.horizonSeconds = get(HORIZON_SECONDS);
      this.maxDegPerMinute = get(MAX_DEG_PER_MINUTE);
      this.maxTotalDeg = get(MAX_TOTAL_DEG);
      this.stepDeg = get(STEP_DEG);
      this.minWindows = get(MIN_WINDOWS);
      atLeastWindow(MAX_WINDOW_SPAN_SECONDS, maxWindowSpanSeconds);
      atLeastWindow(HORIZON_SECONDS, horizonSeconds);
    }

    private void atLeastWindow(Setting.Number key, double value) {
      if (!(value >= windowSeconds)) {
        throw new IllegalArgumentException(key.name() + " (" + Setting.plain(value)
            + ") must be at least " + WINDOW_SECONDS.name() + " ("
            + Setting.plain(windowSeconds) + ")");
      }
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    /** Whether the neutral follows a shifting clip at all. */
    public boolean enabled() {
      return enabled;
    }

    public double nearDeg() {
      return nearDeg;
    }

    public double windowSeconds() {
      return windowSeconds;
    }

    public double maxWindowSpanSeconds() {
      return maxWindowSpanSeconds;
    }

    public double horizonSeconds() {
      return horizonSeconds;
    }

    public double maxDegPerMinute() {
      return maxDegPerMinute;
    }

    public double maxTotalDeg() {
      return maxTotalDeg;
    }

    public double stepDeg() {
      return stepDeg;
    }

    public int minWindows() {
      return minWindows;
    }
  }

  /** One measurement of the wearer's level, kept until {@code expiresMicros}. */
  private record Window(long expiresMicros, double meanDeg) {}

  private final Settings settings;
  private final long horizonMicros;
  private final long maxSpanMicros;
  private final ArrayDeque<Window> windows = new ArrayDeque<>();
  /** Where the neutral would be with unlimited steps (moves continuously), degrees. */
  private double internalDeg;
  /** Where it is (moved in steps), degrees; flexion is measured from here. */
  private double appliedDeg;
  private double windowSum;
  private double windowSeconds;
  private long windowStartMicros = Long.MIN_VALUE;
  /** When the neutral last moved towards its target (or was calibrated). */
  private long lastMoveMicros = Long.MIN_VALUE;
  private NeutralReanchoring last;
  private long reanchorings;

  public NeutralTracker(Settings settings) {
    this.settings = settings;
    this.horizonMicros = (long) (settings.horizonSeconds() * 1e6);
    this.maxSpanMicros = (long) (settings.maxWindowSpanSeconds() * 1e6);
  }

  /**
   * One sample.
   *
   * @param calibratedFlexionDeg flexion from the calibrated neutral (before any
   *     re-anchoring), degrees; NaN when unknown
   * @param evidence seated and still, the slump tracker upright, no hip lean: the caller's
   *     conditions for this to be a moment that may show where neutral is
   * @return the re-anchoring this sample made, or null (most samples)
   */
  public NeutralReanchoring update(long micros, double dtSeconds, double calibratedFlexionDeg,
      boolean evidence) {
    if (!settings.enabled() || !evidence || Double.isNaN(calibratedFlexionDeg)
        || Math.abs(calibratedFlexionDeg - appliedDeg) > settings.nearDeg()) {
      return null;
    }
    if (windowStartMicros == Long.MIN_VALUE || micros - windowStartMicros > maxSpanMicros) {
      windowStartMicros = micros;
      windowSum = 0;
      windowSeconds = 0;
    }
    windowSum += calibratedFlexionDeg * dtSeconds;
    windowSeconds += dtSeconds;
    if (windowSeconds < settings.windowSeconds()) {
      return null;
    }
    windows.addLast(new Window(micros + horizonMicros, windowSum / windowSeconds));
    windowStartMicros = Long.MIN_VALUE;
    windows.removeIf(w -> micros > w.expiresMicros());
    if (windows.size() < settings.minWindows()) {
      return null;
    }
    double upright = Double.POSITIVE_INFINITY;
    for (Window w : windows) {
      upright = Math.min(upright, w.meanDeg());
    }
    double elapsedSeconds = lastMoveMicros == Long.MIN_VALUE ? settings.windowSeconds()
        : Math.min(settings.horizonSeconds(), (micros - lastMoveMicros) / 1e6);
    lastMoveMicros = micros;
    double maxStep = settings.maxDegPerMinute() * elapsedSeconds / 60;
    double bound = settings.maxTotalDeg();
    // never forward of the calibrated neutral, never further back than the bound
    double target = Math.max(-bound, Math.min(0, upright));
    internalDeg += Math.max(-maxStep, Math.min(maxStep, target - internalDeg));
    double shift = internalDeg - appliedDeg;
    if (Math.abs(shift) < settings.stepDeg()) {
      return null;
    }
    double evidenceDeg = upright - appliedDeg;
    appliedDeg = internalDeg;
    reanchorings++;
    last = new NeutralReanchoring(micros, shift, appliedDeg, evidenceDeg,
        windows.size() * settings.windowSeconds());
    return last;
  }

  /**
   * A new calibration at {@code micros}: the neutral is where it was calibrated, the
   * evidence forgotten.
   */
  public void calibrated(long micros) {
    windows.clear();
    internalDeg = 0;
    appliedDeg = 0;
    windowStartMicros = Long.MIN_VALUE;
    lastMoveMicros = micros;
    last = null;
  }

  /** The calibration no longer holds (a slipped clip): nothing to re-anchor. */
  public void reset() {
    windows.clear();
    internalDeg = 0;
    appliedDeg = 0;
    windowStartMicros = Long.MIN_VALUE;
    lastMoveMicros = Long.MIN_VALUE;
    last = null;
  }

  /** How far the neutral has been moved from the calibrated one, degrees, forward positive. */
  public double shiftDeg() {
    return appliedDeg;
  }

  /** The latest re-anchoring, or null. */
  public NeutralReanchoring last() {
    return last;
  }

  public long reanchorings() {
    return reanchorings;
  }

  public Settings settings() {
    return settings;
  }
}
