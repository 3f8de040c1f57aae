package dev.slumpwatch.sim;

import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.posture.GuidedCalibration.Step;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sensor.SampleSink;
import dev.slumpwatch.sensor.SampleSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A simulated wearer who follows the guided calibration's prompts as a person does: told
 * to sit tall, they react after a while, sit up at their own speed and hold still with a
 * little wobble; told to bend forward, they react again, bend to their own angle at their
 * own speed and hold; when it is done they sit as they like. Whoever reads the program's
 * prompts (a terminal, a test, the pipeline's events) passes them on with {@link #prompted}.
 *
 * <p>The body is the {@link SimulatedWearer}'s (trunk model, clip at a random orientation,
 * the sensor's noise and bias, the device clock); its script is written while it runs, a
 * quarter of a second ahead: a reaction takes effect at the first quarter-second boundary
 * after the person's reaction time, counted from the last sample made when the prompt was
 * passed on (what the person's senses had reached).
 */
public final class PromptedWearer implements SampleSource {

  /**
   * Who the person is, drawn per trial.
   *
   * @param reactSitTallSeconds time from "sit tall" to moving
   * @param reactBendSeconds time from "bend forward" to moving
   * @param slouchDeg how far forward they sit before the first prompt (flexion, degrees)
   * @param sitUpSeconds how long sitting up takes
   * @param bendDeg how far forward they bend when asked (upper back plus hips), degrees
   * @param bendSeconds how long the bend takes
   * @param hipShare the share of the bend made at the hips (the rest is the upper back)
   * @param wobbleDeg how much they sway while holding, degrees (amplitude)
   * @param wobbleHz how fast they sway
   * @param firstBendDeg the first bend when it differs from later ones (a try that fails
   *     on purpose: too small), else NaN
   */
  public record Person(double reactSitTallSeconds, double reactBendSeconds, double slouchDeg,
      double sitUpSeconds, double bendDeg, double bendSeconds, double hipShare,
      double wobbleDeg, double wobbleHz, double firstBendDeg) {

    /**
     * A person as the acceptance test draws them: reactions 1–6 s, bends 15–40° taking
     * 1–5 s, sitting up in 0.8–2.5 s, a sway of 0.1–1.2° at 0.1–0.5 Hz.
     */
    public static Person draw(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      return new Person(r.nextDouble(1, 6), r.nextDouble(1, 6), r.nextDouble(4, 15),
          r.nextDouble(0.8, 2.5), r.nextDouble(15, 40), r.nextDouble(1, 5),
          r.nextDouble(0.15, 0.45), r.nextDouble(0.1, 1.2), r.nextDouble(0.1, 0.5), Double.NaN);
    }

    /** The same person, whose first bend is only {@code deg} (a try that fails). */
    public Person withFirstBend(double deg) {
      return new Person(reactSitTallSeconds, reactBendSeconds, slouchDeg, sitUpSeconds,
          bendDeg, bendSeconds, hipShare, wobbleDeg, wobbleHz, deg);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "reacts %.1f s / %.1f s, slouch %.0f°, sits up in "
          + "%.1f s, bends %.0f° in %.1f s (%.0f %% at the hips)%s, sways %.1f° at %.2f Hz",
          reactSitTallSeconds, reactBendSeconds, slouchDeg, sitUpSeconds, bendDeg,
          bendSeconds, 100 * hipShare, Double.isNaN(firstBendDeg) ? ""
          : String.format(Locale.ROOT, " (first %.0f°)", firstBendDeg), wobbleDeg, wobbleHz);
    }
  }

  /** The script is written this far apart: a reaction lands on such a boundary. */
  static final double KNOT_SECONDS = 0.25;

  private final Person person;
  private final SimulatedWearer body;
  private final double lastSeconds;
  private final List<Segment> segments = new ArrayList<>();
  private Scenario scenario;
  private final String name;
  private final long seed;
  /** Posture the person holds (or moves to): flexion and hip lean, degrees. */
  private double flexionDeg;
  private double leanDeg;
  /** The next change of mind: when (scenario seconds) and to what; NaN when none. */
  private double changeAt = Double.NaN;
  private double changeFlexionDeg;
  private double changeLeanDeg;
  private double changeSeconds;
  private boolean wobbling;
  private int bends;
  private int seenStep;
  /** After the calibration: sitting at ease, no longer holding (no sway). */
  private boolean relaxed;
  private int seenAttempt;
  private volatile double madeUntilSeconds;

  /**
   * @param person who follows the prompts
   * @param seed the clip's orientation, the sensor's errors and the device clock
   * @param maxSeconds the session ends after this much sensor time at the latest
   */
  public PromptedWearer(Person person, long seed, double maxSeconds, Pacer pacer) {
    this.person = person;
    this.seed = seed;
    this.lastSeconds = maxSeconds;
    this.name = "prompted-" + seed;
    this.flexionDeg = person.slouchDeg();
    this.leanDeg = 0;
    // sitting slouched and still, with the sway, until told otherwise
    this.wobbling = true;
    append(Segment.Kind.SIT, KNOT_SECONDS, flexionDeg, leanDeg, KNOT_SECONDS);
    this.body = new SimulatedWearer(scenario, pacer, null, this::coverUntil);
  }

  /** The person, for messages. */
  public Person person() {
    return person;
  }

  /**
   * The person has just seen a prompt of the guided calibration, for the {@code attempt}-th
   * try of its step: step 1 (get ready, sit tall: they sit tall), step 2 (bend, hold: they
   * bend), or the end (done, failed: they sit as they like). They act on a new step or a
   * new try; the same instruction again (the countdown's next phase) changes nothing. Any
   * thread.
   */
  public synchronized void prompted(Step step, int attempt) {
    int number = switch (step) {
      case GET_READY, SIT_TALL -> 1;
      case BEND, HOLD_BEND -> 2;
      case DONE, FAILED -> 3;
    };
    if (number == seenStep && attempt == seenAttempt) {
      return;
    }
    seenStep = number;
    seenAttempt = attempt;
    double now = madeUntilSeconds;
    switch (number) {
      case 1 -> plan(now + person.reactSitTallSeconds(), 0, 0, person.sitUpSeconds());
      case 2 -> {
        bends++;
        double deg = bends == 1 && !Double.isNaN(person.firstBendDeg())
            ? person.firstBendDeg() : person.bendDeg();
        plan(now + person.reactBendSeconds(), deg * (1 - person.hipShare()),
            deg * person.hipShare(),
            person.bendSeconds() * Math.max(0.3, deg / person.bendDeg()));
      }
      default -> {
        plan(now + 1.5, 2, 0, 1.5);
        relaxed = true;
      }
    }
  }

  private void plan(double at, double flexion, double lean, double seconds) {
    changeAt = at;
    changeFlexionDeg = flexion;
    changeLeanDeg = lean;
    changeSeconds = Math.max(KNOT_SECONDS, seconds);
  }

  /** How far the body has been made, sensor seconds (what the person has reached). */
  public double madeUntilSeconds() {
    return madeUntilSeconds;
  }

  /** The script so far, extended in quarter seconds to cover {@code seconds}. */
  private synchronized Scenario coverUntil(double seconds) {
    madeUntilSeconds = Math.max(madeUntilSeconds, seconds - 3 * SimulatedWearer.H);
    double end = scenario.durationSeconds();
    while (end < seconds && end < lastSeconds) {
      if (!Double.isNaN(changeAt) && changeAt <= end + 1e-9) {
        // the person moves now: one smooth ramp to the new posture, then holds it
        flexionDeg = changeFlexionDeg;
        leanDeg = changeLeanDeg;
        wobbling = !relaxed;
        double ramp = Math.ceil(changeSeconds / KNOT_SECONDS) * KNOT_SECONDS;
        changeAt = Double.NaN;
        append(Segment.Kind.SIT, ramp, flexionDeg, leanDeg, ramp);
      } else {
        // holding: the sway, a quarter of a second at a time
        double t = end + KNOT_SECONDS;
        double sway = wobbling ? person.wobbleDeg() * Math.sin(2 * Math.PI * person.wobbleHz()
            * t) : 0;
        append(Segment.Kind.SIT, KNOT_SECONDS, flexionDeg + sway, leanDeg, KNOT_SECONDS);
      }
      end = scenario.durationSeconds();
    }
    return scenario;
  }

  private void append(Segment.Kind kind, double seconds, double flexion, double lean,
      double ramp) {
    double start = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).endSeconds();
    segments.add(new Segment(start, seconds, kind, Map.of(
        "flexion", fmt(flexion), "lean", fmt(lean), "ramp", fmt(ramp)), segments.size() + 1));
    scenario = new Scenario(name, seed, Scenario.MountSpec.RANDOM, 1, segments);
  }

  private static String fmt(double v) {
    return Double.toString(v);
  }

  @Override
  public String describe() {
    return "a simulated person following the prompts (seed " + seed + "): " + person;
  }

  @Override
  public SensorScale scale() {
    return body.scale();
  }

  @Override
  public void run(SampleSink sink) throws InterruptedException {
    body.run(sink);
  }

  @Override
  public void close() {
    body.close();
  }
}
