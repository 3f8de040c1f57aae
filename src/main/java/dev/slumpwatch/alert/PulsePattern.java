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

  static PulsePattern repeat(int n, int on, int off) {
    Pulse[] p = new Pulse[n];
    java.util.Arrays.fill(p, new Pulse(on, off));
    return new PulsePattern(List.of(p));
  }

  public int totalMillis() {
    return pulses.stream().mapToInt(p -> p.onMillis() + p.offMillis()).sum();
  }
}
