package dev.slumpwatch.slump;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import dev.slumpwatch.posture.Activity;
import java.util.List;

/**
 * Turns the flexion signal into slump episodes: threshold, onset delay and hysteresis.
 *
 * <p>An episode opens when the flexion has stayed above {@code thresholdDeg} (dips into
 * the hysteresis band do not count as leaving) for {@code onsetDelay}; it is dated from the
 * first crossing. It closes when the flexion has stayed below {@code thresholdDeg -
 * hysteresisDeg} for {@code recoveryHold}, dated from when it fell below. Only seated time
 * counts: walking, standing, an unknown posture or a gap close an open episode at the
 * last seated sample, so a walk is never a slump.
 */
public final class SlumpTracker {

  /** The slump settings, by name: see each key's meaning. */
  public static final class Settings extends StageSettings<Settings> {
    public static final Setting.Number THRESHOLD_DEG = Setting.number(
        "slump.thresholdDeg", "°", 15, 1, 60,
        "flexion beyond neutral that counts as slumped");
    public static final Setting.Number ONSET_DELAY_SECONDS = Setting.number(
        "slump.onsetDelaySeconds", "s", 10, 0, 600,
        "how long beyond the threshold before it is an episode; 0 = at once");
    public static final Setting.Number HYSTERESIS_DEG = Setting.number(
        "slump.hysteresisDeg", "°", 3, 0, 20,
        "recover only below threshold − hysteresis");
    public static final Setting.Number RECOVERY_HOLD_SECONDS = Setting.number(
        "slump.recoveryHoldSeconds", "s", 1, 0, 60,
        "how long the recovery must hold");

    /** Every key of this stage, in the order the user guide lists them. */
    public static final List<Setting<?>> KEYS = List.of(
        THRESHOLD_DEG, ONSET_DELAY_SECONDS, HYSTERESIS_DEG, RECOVERY_HOLD_SECONDS);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    // read once: the stages read them per sample
    private final double thresholdDeg;
    private final double onsetDelaySeconds;
    private final double hysteresisDeg;
    private final double recoveryHoldSeconds;

    public Settings(SettingValues values) {
      super(values, KEYS);
      this.thresholdDeg = get(THRESHOLD_DEG);
      this.onsetDelaySeconds = get(ONSET_DELAY_SECONDS);
      this.hysteresisDeg = get(HYSTERESIS_DEG);
      this.recoveryHoldSeconds = get(RECOVERY_HOLD_SECONDS);
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    public double thresholdDeg() {
      return thresholdDeg;
    }

    public double onsetDelaySeconds() {
      return onsetDelaySeconds;
    }

    public double hysteresisDeg() {
      return hysteresisDeg;
    }

    public double recoveryHoldSeconds() {
      return recoveryHoldSeconds;
    }
  }

  /** At most this much time is credited to one sample in the dose. */
  public static final long MAX_DOSE_STEP_MICROS = 100_000L;

  /** What {@link #update} reports. */
  public enum Event { NONE, STARTED, ENDED }

  /** Tracker state. */
  public enum State { UPRIGHT, PENDING, SLUMPED, RECOVERING }

  private final Settings settings;
  private final long onsetMicros;
  private final long recoveryMicros;
  private State state = State.UPRIGHT;
  private long crossedAt;
  private long belowSince;
  private long lastMicros;
  private double peak;
  private double sum;
  private long count;
  private double dose;
  private SlumpEpisode lastEpisode;
  private double totalSlumpSeconds;
  private double totalDoseDegMinutes;
  private int episodes;
  private boolean started;
  private double doseStep;

  public SlumpTracker(Settings settings) {
    this.settings = settings;
    this.onsetMicros = (long) (settings.onsetDelaySeconds() * 1e6);
    this.recoveryMicros = (long) (settings.recoveryHoldSeconds() * 1e6);
  }

  /**
   * @param flexionDeg flexion from neutral, degrees; NaN when unknown
   * @return STARTED when an episode was confirmed, ENDED when one closed ({@link #lastEpisode()})
   */
  public Event update(long timeMicros, double flexionDeg, Activity activity) {
    long previous = lastMicros;
    long step = started ? Math.min(timeMicros - previous, MAX_DOSE_STEP_MICROS) : 0;
    started = true;
    lastMicros = timeMicros;
    if (Double.isNaN(flexionDeg) || !activity.seated()) {
      doseStep = 0;
      return interrupt(previous);
    }
    double above = flexionDeg - settings.thresholdDeg();
    doseStep = above > 0 ? above * step / 60e6 : 0;
    double recoveryLevel = settings.thresholdDeg() - settings.hysteresisDeg();
    switch (state) {
      case UPRIGHT -> {
        if (flexionDeg > settings.thresholdDeg()) {
          state = State.PENDING;
          crossedAt = timeMicros;
          startStats();
          accumulate(flexionDeg);
        }
      }
      case PENDING -> {
        if (flexionDeg < recoveryLevel) {
          state = State.UPRIGHT;
        } else {
          accumulate(flexionDeg);
          if (timeMicros - crossedAt >= onsetMicros) {
            state = State.SLUMPED;
            return Event.STARTED;
          }
        }
      }
      case SLUMPED -> {
        // the first sample below the recovery level is no longer part of the episode
        if (flexionDeg < recoveryLevel) {
          state = State.RECOVERING;
          belowSince = timeMicros;
        } else {
          accumulate(flexionDeg);
        }
      }
      case RECOVERING -> {
        if (flexionDeg >= recoveryLevel) {
          state = State.SLUMPED;
          accumulate(flexionDeg);
        } else if (timeMicros - belowSince >= recoveryMicros) {
          return close(belowSince);
        }
      }
    }
    return Event.NONE;
  }

  /** A gap or a non-seated sample: close what is open at the last seated sample. */
  private Event interrupt(long lastSeatedMicros) {
    return switch (state) {
      case SLUMPED -> close(lastSeatedMicros);
      case RECOVERING -> close(belowSince);
      case PENDING -> {
        state = State.UPRIGHT;
        yield Event.NONE;
      }
      case UPRIGHT -> Event.NONE;
    };
  }

  private void startStats() {
    peak = Double.NEGATIVE_INFINITY;
    sum = 0;
    count = 0;
    dose = 0;
  }

  private void accumulate(double flexionDeg) {
    if (flexionDeg > peak) {
      peak = flexionDeg;
    }
    sum += flexionDeg;
    count++;
    dose += doseStep;
  }

  private Event close(long endMicros) {
    lastEpisode = new SlumpEpisode(crossedAt, Math.max(endMicros, crossedAt), peak,
        count == 0 ? peak : sum / count, dose);
    totalSlumpSeconds += lastEpisode.durationSeconds();
    totalDoseDegMinutes += lastEpisode.doseDegMinutes();
    episodes++;
    state = State.UPRIGHT;
    return Event.ENDED;
  }

  /** Closes an open episode at the end of the data. */
  public Event finish() {
    return interrupt(lastMicros);
  }

  public State state() {
    return state;
  }

  /**
   * The slump dose of the latest sample, degree-minutes: its flexion beyond the threshold
   * times the time it stands for (the step since the sample before, at most
   * {@value #MAX_DOSE_STEP_MICROS} µs, so a gap adds nothing), counted only while seated
   * with the flexion known; 0 otherwise.
   *
   * <p>This is the one definition of the slump dose. An episode's dose is the sum over its
   * samples; the extension prompt sums it over a rolling window of seated time, so slumping
   * that never lasted long enough to become an episode still adds to the load on the
   * upper back that the extensions are meant to relieve. (The two used to differ: episodes
   * integrated with uncapped steps, the alert engine with capped ones over all seated
   * time.)
   */
  public double doseStepDegMinutes() {
    return doseStep;
  }

  /** True while an episode is open (confirmed and not yet recovered). */
  public boolean slumped() {
    return state == State.SLUMPED || state == State.RECOVERING;
  }

  /** Device time the open episode began, or -1. */
  public long episodeStartMicros() {
    return slumped() ? crossedAt : -1;
  }

  public SlumpEpisode lastEpisode() {
    return lastEpisode;
  }

  public double totalSlumpSeconds() {
    return totalSlumpSeconds;
  }

  /**
   * Cumulative slump dose of the closed episodes: flexion above the threshold integrated
   * over time, degree-minutes (10° above it for 3 minutes is 30 °·min).
   */
  public double totalDoseDegMinutes() {
    return totalDoseDegMinutes;
  }

  public int episodeCount() {
    return episodes;
  }

  public Settings settings() {
    return settings;
  }
}
