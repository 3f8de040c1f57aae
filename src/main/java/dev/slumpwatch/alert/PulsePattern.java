package dev.slumpwatch.alert;

import java.util.List;

/**
 * How a vibration motor or buzzer (and the sound notifier's beeps) tells the alert kinds
 * apart without looking: on/off pulses in milliseconds.
 *
 * <table>
 *   <caption>patterns</caption>
 *   <tr><th>kind</th><th>pattern</th><th>feel</th></tr>
 *   <tr><td>slump nudge</td><td>400 on</td><td>one long buzz</td></tr>
 *   <tr><td>desk break</td><td>3 × (200 on, 200 off)</td><td>three short</td></tr>
 *   <tr><td>extension</td><td>2 × (600 on, 300 off)</td><td>two long</td></tr>
 *   <tr><td>self-crack warning</td><td>5 × (100 on, 100 off)</td><td>a rattle</td></tr>
 * </table>
 * The trailing off time of the last pulse keeps two alerts in a row apart.
 *
 * <p>Without a screen (the Raspberry Pi build) the motor also leads the guided posture
 * calibration and answers the push button ({@link Cue}):
 * <table>
 *   <caption>cues</caption>
 *   <tr><th>cue</th><th>pattern</th><th>feel</th></tr>
 *   <tr><td>sit tall (step 1)</td><td>1000 on</td><td>one very long buzz: sit up, hold
 *       still</td></tr>
 *   <tr><td>bend forward (step 2)</td><td>2 × (100 on, 100 off), 700 on</td><td>two taps
 *       and a long: now bend slowly</td></tr>
 *   <tr><td>hold</td><td>2 × (100 on, 400 off)</td><td>two slow taps: the bend is seen,
 *       hold it</td></tr>
 *   <tr><td>done</td><td>200 on, 100 off, 600 on</td><td>short–long: stored, sit as you
 *       like</td></tr>
 *   <tr><td>failed</td><td>3 × (500 on, 150 off)</td><td>three long: rejected, start
 *       again</td></tr>
 *   <tr><td>acknowledge taken</td><td>60 on</td><td>a blip</td></tr>
 *   <tr><td>snooze taken</td><td>2 × (60 on, 90 off)</td><td>two blips</td></tr>
 * </table>
 */
public record PulsePattern(List<Pulse> pulses) {

  /** One pulse: the output high for {@code onMillis}, then low for {@code offMillis}. */
  public record Pulse(int onMillis, int offMillis) {}

  public static PulsePattern of(AlertKind kind) {
    return switch (kind) {
      case SLUMP_NUDGE -> repeat(1, 400, 400);
      case DESK_BREAK -> repeat(3, 200, 200);
      case EXTENSION -> repeat(2, 600, 300);
      case SELF_CRACK_WARNING -> repeat(5, 100, 100);
    };
  }

  public static PulsePattern of(Cue cue) {
    return switch (cue) {
      case SIT_TALL -> repeat(1, 1000, 400);
      case BEND_FORWARD -> new PulsePattern(List.of(new Pulse(100, 100), new Pulse(100, 100),
          new Pulse(700, 400)));
      case HOLD -> repeat(2, 100, 400);
      case DONE -> new PulsePattern(List.of(new Pulse(200, 100), new Pulse(600, 400)));
      case FAILED -> repeat(3, 500, 150);
      case ACKNOWLEDGE_TAKEN -> repeat(1, 60, 200);
      case SNOOZE_TAKEN -> repeat(2, 60, 90);
    };
  }

  static PulsePattern repeat(int n, int on, int off) {
    Pulse[] p = new Pulse[n];
    java.util.Arrays.fill(p, new Pulse(on, off));
    return new PulsePattern(List.of(p));
  }

  public int totalMillis() {
    return pulses.stream().mapToInt(p -> p.onMillis() + p.offMillis()).sum();
  }
}
