package dev.slumpwatch.posture;

import java.util.Locale;

/**
 * Notices that the clip slipped or was re-attached: the sensor turned quickly by a few
 * degrees <em>about itself</em> between two still stretches, which a body does not do.
 *
 * <p>A slip must pass every one of these checks (defaults in {@link Settings#DEFAULTS}):
 * <ol>
 *   <li>still before: the bias-corrected gyroscope under {@code stillDps} for
 *       {@code stillBeforeSeconds} (breathing and typing stay under it, fidgeting does not);
 *   <li>a fast turn: from leaving stillness to being still again takes at most
 *       {@code maxTransitionSeconds}, and the rate peaks above {@code minPeakDps};
 *   <li>in place: the accelerometer never departs from the filter's gravity by more than
 *       {@code maxLinearG}. A body movement that turns the upper back this fast swings the
 *       sensor on a radius of 0.2 m or more about the spine or the hips, which shows as
 *       linear acceleration (a 20° flop in 0.4 s: about 0.27 g); a clip turning on its own
 *       attachment does not;
 *   <li>still after, for {@code stillAfterSeconds}, and the net turn (the gyroscope
 *       integrated over the transition) is at least {@code minTurnDeg}. A forceful twist
 *       returns to where it started; a slip stays turned.
 * </ol>
 * Limits: a slip during fidgeting or walking is not seen (no still stretch around it);
 * a slow slide of the clip (over seconds) looks like posture and is not seen either.
 *
 * <p>Per sample: a handful of multiply-adds, no allocation.
 */
public final class SlipDetector {

  /**
   * @param stillDps largest bias-corrected rotation rate counted as still, °/s
   * @param stillBeforeSeconds stillness required before the turn, s
   * @param maxTransitionSeconds longest turn (not still) that may be a slip, s
   * @param minPeakDps the turn's rate must peak above this, °/s
   * @param maxLinearG largest departure of the accelerometer from gravity during the turn, g
   * @param stillAfterSeconds stillness required after the turn, s
   * @param minTurnDeg smallest net turn that counts, degrees
   */
  public record Settings(double stillDps, double stillBeforeSeconds,
      double maxTransitionSeconds, double minPeakDps, double maxLinearG,
      double stillAfterSeconds, double minTurnDeg) {
    public static final Settings DEFAULTS = new Settings(10, 1.0, 0.4, 40, 0.1, 1.0, 5);

    public Settings {
      check("stillDps", stillDps, 0.1, 1000);
      check("stillBeforeSeconds", stillBeforeSeconds, 0, 60);
      check("maxTransitionSeconds", maxTransitionSeconds, 0.01, 10);
      check("minPeakDps", minPeakDps, stillDps, 10000);
      check("maxLinearG", maxLinearG, 0.001, 10);
      check("stillAfterSeconds", stillAfterSeconds, 0, 60);
      check("minTurnDeg", minTurnDeg, 0.1, 180);
    }

    private static void check(String key, double value, double min, double max) {
      if (!(value >= min && value <= max)) {
        throw new IllegalArgumentException("slip detector setting " + key + " = " + value
            + " is outside [" + min + ", " + max + "]");
      }
    }
  }

  private enum State { STILL, TURNING, SETTLING }

  private final Settings settings;
  private final double still2;
  private final double peak2;
  private final double maxLinear2;
  private State state = State.STILL;
  private double stillSeconds;
  private double turnSeconds;
  private double settleSeconds;
  private double turnX;
  private double turnY;
  private double turnZ;
  private double maxRate2;
  private double maxLin2;
  private long turnStartMicros;
  private double lastTurnDeg;
  private double lastLinearG;
  private long slips;

  public SlipDetector(Settings settings) {
    this.settings = settings;
    double still = Math.toRadians(settings.stillDps());
    double peak = Math.toRadians(settings.minPeakDps());
    still2 = still * still;
    peak2 = peak * peak;
    maxLinear2 = settings.maxLinearG() * settings.maxLinearG();
  }

  /**
   * @param wx bias-corrected gyroscope, rad/s
   * @param ax accelerometer, g (sensor frame)
   * @param ux the filter's up vector (unit, sensor frame)
   * @param dt seconds since the previous sample
   * @return true once, when a slip has just been confirmed
   */
  public boolean update(long timeMicros, double wx, double wy, double wz, double ax,
      double ay, double az, double ux, double uy, double uz, double dt) {
    double rate2 = wx * wx + wy * wy + wz * wz;
    boolean still = rate2 < still2;
    switch (state) {
      case STILL -> {
        if (still) {
          stillSeconds += dt;
        } else if (stillSeconds >= settings.stillBeforeSeconds()) {
          state = State.TURNING;
          turnStartMicros = timeMicros;
          turnSeconds = 0;
          turnX = turnY = turnZ = 0;
          maxRate2 = 0;
          maxLin2 = 0;
          turn(rate2, wx, wy, wz, ax, ay, az, ux, uy, uz, dt);
        } else {
          stillSeconds = 0;
        }
      }
      case TURNING -> {
        if (still) {
          state = State.SETTLING;
          settleSeconds = dt;
        } else {
          turn(rate2, wx, wy, wz, ax, ay, az, ux, uy, uz, dt);
          if (turnSeconds > settings.maxTransitionSeconds()) {
            abandon();
          }
        }
      }
      case SETTLING -> {
        if (!still) {
          abandon();
        } else {
          settleSeconds += dt;
          if (settleSeconds >= settings.stillAfterSeconds()) {
            return decide();
          }
        }
      }
    }
    return false;
  }

  private void turn(double rate2, double wx, double wy, double wz, double ax, double ay,
      double az, double ux, double uy, double uz, double dt) {
    turnSeconds += dt;
    turnX += wx * dt;
    turnY += wy * dt;
    turnZ += wz * dt;
    if (rate2 > maxRate2) {
      maxRate2 = rate2;
    }
    double lx = ax - ux;
    double ly = ay - uy;
    double lz = az - uz;
    double lin2 = lx * lx + ly * ly + lz * lz;
    if (lin2 > maxLin2) {
      maxLin2 = lin2;
    }
  }

  private void abandon() {
    state = State.STILL;
    stillSeconds = 0;
  }

  private boolean decide() {
    state = State.STILL;
    stillSeconds = settleSeconds;
    lastTurnDeg = Math.toDegrees(Math.sqrt(turnX * turnX + turnY * turnY + turnZ * turnZ));
    lastLinearG = Math.sqrt(maxLin2);
    boolean slip = maxRate2 >= peak2 && maxLin2 <= maxLinear2
        && lastTurnDeg >= settings.minTurnDeg();
    if (slip) {
      slips++;
    }
    return slip;
  }

  /** Forgets the current stretch (after a gap or a new calibration). */
  public void reset() {
    state = State.STILL;
    stillSeconds = 0;
  }

  /** What the last slip looked like, for the wearer. */
  public String describeLast() {
    return String.format(Locale.ROOT, "the sensor turned %.0f° within %.2f s while you sat "
        + "still, without moving through space (%.2f g): the clip slipped or was re-attached",
        lastTurnDeg, turnSeconds, lastLinearG);
  }

  /** Net turn of the last completed candidate, degrees. */
  public double lastTurnDeg() {
    return lastTurnDeg;
  }

  /** Device time the last candidate turn began. */
  public long lastTurnStartMicros() {
    return turnStartMicros;
  }

  public long slips() {
    return slips;
  }
}
