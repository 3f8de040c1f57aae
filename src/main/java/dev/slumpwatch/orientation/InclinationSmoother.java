package dev.slumpwatch.orientation;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.config.SettingValues;
import dev.slumpwatch.config.StageSettings;
import java.util.List;

/**
 * Fixed-lag smoother of the inclination: the up vector of each sample estimated with
 * {@link Settings#lagSeconds} of the samples that follow it. A posture monitor does not
 * need this very sample's orientation (a slump becomes an episode after 10 s), so the
 * posture path can look a little into the future; the live display keeps the causal
 * {@link InclinationFilter}.
 *
 * <p>It rides on the causal filter through a narrow interface: per sample it reads the
 * filter's gyro bias estimate and its strapdown orientation (the bias-corrected gyro
 * integrated, before the tilt correction), so whatever rest detection and bias handling the
 * filter does carries over; in {@code lagSeconds = 0} mode, its up vector. Everything else
 * it computes itself from the raw samples it buffers:
 * <ol>
 * <li>The filter's strapdown g is the orientation of the sensor in an almost inertial frame
 *     I (it drifts only by what is left of the gyro bias).</li>
 * <li>The accelerometer is rotated into I and low-pass filtered there (second-order
 *     Butterworth, time constant {@link Settings#accelTimeConstantSeconds}): F(k), the
 *     causal estimate of gravity in I at sample k. Before the rotation the reading is
 *     turned back by half the sample's rotation: a reading is the mean over its sample
 *     interval (or, for point samples, integrating the gyro with the interval's end rate
 *     runs half a step ahead), so its instant is the middle of the interval, not the end
 *     that g describes. On BROAD this alone is worth 5 % of the inclination error at
 *     286 Hz, 18 % at 95 Hz and 33 % at 48 Hz, where fast rotations turn several degrees
 *     within one sample.</li>
 * <li>The smoothed gravity of sample s is a blend of the low-pass output at s and at the
 *     newest sample, at least the lag later: {@code w·F(s) + (1−w)·F(s+lag)} with
 *     {@code w =} {@link Settings#pastWeight}. Both are vectors in the same frame I, so the
 *     blend needs no rotation; the up vector of s is that blend rotated back into the
 *     sensor frame with g(s).</li>
 * </ol>
 *
 * <p>Why this shape: the causal low-pass weights the accelerometer most about 2.4 s in the
 * past (τ·π/4), so it lags the drift of I. A least-squares fit of the best linear smoother
 * over BROAD (every weight of a 9 s window free, 1 s of it in the future) came out as
 * almost exactly the causal low-pass evaluated one lag later, with a little weight moved
 * back to the present; the two-tap blend above gets within 4–6 % of that fit at each rate
 * and costs the same whatever the lag (no backward pass: both taps are already computed).
 * A backward Butterworth pass over the lag window (a fixed-lag {@code filtfilt}, VQF's
 * offline variant cut to 1 s) was worse than the causal filter: 1 s of accelerometer data
 * cannot average out the linear accelerations of a moving trunk.
 *
 * <p>Use: {@link #update} with every sample after the causal filter has taken it; then,
 * while {@link #ready()}, {@link #release()} makes the oldest buffered sample current and
 * its getters ({@link #deviceMicros()}, {@link #upX()}, the raw readings) describe it. At
 * the end of data (a gap, the end of the session) {@link #pending()} samples are released
 * with whatever lookahead there is. A sample becomes ready with the first sample at least
 * the lag later (device time) less half a sample period, so that timestamp jitter does not
 * hold one back and release two at once: one sample in, one out.
 *
 * <p>Stage shape (STYLE.md): {@link Settings} with {@link Settings#DEFAULTS}, one
 * {@link #update} per sample, snapshot getters, {@link #diagnostics()}. No allocation per
 * sample once the buffer has grown to the lag's number of samples.
 */
public final class InclinationSmoother {

  /** The smoother's settings, by name. */
  public static final class Settings extends StageSettings<Settings> {
    /** Longest lag allowed, s: the lag delays every episode and alert decision. */
    public static final double MAX_LAG_SECONDS = 1.0;

    public static final Setting.Number LAG_SECONDS = Setting.number(
        "smoother.lagSeconds", "s", 1, 0, MAX_LAG_SECONDS,
        "how far the posture path's inclination looks ahead: every sample reaches flexion, "
        + "episodes and the store this much later (0: the causal filter, no delay; on BROAD "
        + "1 s gives 12-39 % less error)");
    public static final Setting.Number ACCEL_TIME_CONSTANT_SECONDS = Setting.number(
        "smoother.accelTimeConstantSeconds", "s", 3, 0, 1000,
        "τ of the smoother's accelerometer low-pass in the inertial frame");
    public static final Setting.Number PAST_WEIGHT = Setting.number(
        "smoother.pastWeight", "—", 0.4, 0, 1,
        "weight of the low-pass output at the sample itself against the one a lag later "
        + "(0: the later one only)");

    /** Every key of this stage, in the order the user guide lists them. */
    public static final List<Setting<?>> KEYS = List.of(
        LAG_SECONDS, ACCEL_TIME_CONSTANT_SECONDS, PAST_WEIGHT);

    public static final Settings DEFAULTS = new Settings(SettingValues.DEFAULTS);

    private final double lagSeconds;
    private final double accelTimeConstantSeconds;
    private final double pastWeight;

    public Settings(SettingValues values) {
      super(values, KEYS);
      this.lagSeconds = get(LAG_SECONDS);
      this.accelTimeConstantSeconds = get(ACCEL_TIME_CONSTANT_SECONDS);
      this.pastWeight = get(PAST_WEIGHT);
    }

    @Override
    protected Settings make(SettingValues values) {
      return new Settings(values);
    }

    public double lagSeconds() {
      return lagSeconds;
    }

    public double accelTimeConstantSeconds() {
      return accelTimeConstantSeconds;
    }

    public double pastWeight() {
      return pastWeight;
    }
  }

  /**
   * What the smoother is doing.
   *
   * @param bufferedSamples samples waiting for their lookahead
   * @param released samples released so far
   * @param releasedShort samples released with less than the lag ahead of them (at gaps and
   *     at the end of data, or when the buffer was full)
   * @param lastLookaheadSeconds device time from the last released sample to the newest
   *     one when it was released, s
   */
  public record Diagnostics(int bufferedSamples, long released, long releasedShort,
      double lastLookaheadSeconds) {}

  /** Longest sample period the filter integrates, s; after a longer one it holds still. */
  private static final double MAX_PERIOD_SECONDS = 1.0;
  /**
   * Most samples buffered (about 65 s at 1 kHz): with this many the oldest is ready early,
   * so a device clock that barely moves cannot grow the buffer without bound.
   */
  static final int MAX_BUFFERED = 1 << 16;

  // per buffered sample: accelerometer as given, bias-corrected gyro (rad/s), period (s),
  // strapdown g (w, x, y, z), low-pass output F in I (or the causal up in pass-through)
  private static final int A = 0;
  private static final int W = 3;
  private static final int DT = 6;
  private static final int G = 7;
  private static final int F = 11;
  private static final int STRIDE = 14;

  private final Settings settings;
  private final long lagMicros;
  private final boolean passThrough;
  private final double pastWeight;
  private final LowPass accelLp;
  private final double[] bias = new double[3];
  private final double[] strap = new double[4];

  // ring buffer
  private long[] micros = new long[64];
  private boolean[] steady = new boolean[64];
  private double[] data = new double[64 * STRIDE];
  private int head;
  private int count;

  private double coefficientPeriod = Double.NaN;
  private boolean started;
  /** The low-pass has had no input yet: F is the latest reading in I itself. */
  private boolean lpEmpty = true;
  private double fx;
  private double fy;
  private double fz;
  private long newestMicros;
  /** Lookahead at which the oldest sample is ready: the lag less half the newest period. */
  private long readyMicros;
  private double readyPeriod = Double.NaN;

  // the released sample
  private long relMicros;
  private double relAx;
  private double relAy;
  private double relAz;
  private double relWx;
  private double relWy;
  private double relWz;
  private double relDt;
  private double upX = Double.NaN;
  private double upY = Double.NaN;
  private double upZ = Double.NaN;
  private boolean relConverged;

  private long released;
  private long releasedShort;
  private long lastLookaheadMicros;

  public InclinationSmoother(Settings settings) {
    this.settings = settings;
    this.lagMicros = Math.round(settings.lagSeconds() * 1e6);
    this.passThrough = lagMicros == 0;
    this.pastWeight = settings.pastWeight();
    this.accelLp = new LowPass(settings.accelTimeConstantSeconds(), 3);
  }

  /**
   * One sample, after {@code causal} has taken it.
   *
   * @param deviceMicros the sample's device time; increasing between {@link #reset}s
   * @param ax accelerometer, any unit as long as it is the same for every sample (only its
   *     direction is used; given back as is by {@link #accelX()})
   * @param gx gyroscope, rad/s, bias not removed
   * @param dtSeconds time since the previous sample, as given to the filter
   * @param causal the filter that has just taken this sample: its gyro bias and strapdown
   *     orientation, and its up vector in pass-through mode
   */
  public void update(long deviceMicros, double ax, double ay, double az, double gx,
      double gy, double gz, double dtSeconds, InclinationFilter causal) {
    causal.gyroBias(bias, 0);
    causal.strapdownQuaternion(strap, 0);
    double wx = gx - bias[0];
    double wy = gy - bias[1];
    double wz = gz - bias[2];
    if (count == micros.length) {
      grow();
    }
    int slot = (head + count) & (micros.length - 1); // the capacity is a power of two
    int o = slot * STRIDE;
    double[] d = data;
    micros[slot] = deviceMicros;
    newestMicros = deviceMicros;
    // half a period of tolerance: timestamp jitter must not hold a sample back a whole period
    // and then release two at once
    if (dtSeconds != readyPeriod) {
      readyPeriod = dtSeconds;
      readyMicros = dtSeconds > 0 && dtSeconds <= MAX_PERIOD_SECONDS
          ? lagMicros - (long) (dtSeconds * 5e5) : lagMicros;
    }
    d[o + A] = ax;
    d[o + A + 1] = ay;
    d[o + A + 2] = az;
    d[o + W] = wx;
    d[o + W + 1] = wy;
    d[o + W + 2] = wz;
    d[o + DT] = dtSeconds;
    count++;
    if (passThrough) {
      d[o + F] = causal.upX();
      d[o + F + 1] = causal.upY();
      d[o + F + 2] = causal.upZ();
      steady[slot] = causal.converged();
      return;
    }

    double norm2 = ax * ax + ay * ay + az * az;
    boolean accelOk = norm2 > 0 && norm2 < Double.POSITIVE_INFINITY;
    boolean stepOk = dtSeconds > 0 && dtSeconds <= MAX_PERIOD_SECONDS
        && Math.abs(wx) + Math.abs(wy) + Math.abs(wz) < 1e9;
    double sw = strap[0];
    double sx = strap[1];
    double sy = strap[2];
    double sz = strap[3];
    if (accelOk && (stepOk || !started)) {
      // half the sample's rotation back (v = −ω·dt/2, to first order: a + v × a): the
      // reading's instant is the middle of its interval. The second-order term changes the
      // BROAD figures by under 0.003° even at 48 Hz, where one sample turns up to 17°.
      double h = stepOk && started ? -0.5 * dtSeconds : 0;
      double vx = wx * h;
      double vy = wy * h;
      double vz = wz * h;
      double mx = ax + vy * az - vz * ay;
      double my = ay + vz * ax - vx * az;
      double mz = az + vx * ay - vy * ax;
      // into I: v' = v + w t + q × t, t = 2 q × v
      double tx = 2 * (sy * mz - sz * my);
      double ty = 2 * (sz * mx - sx * mz);
      double tz = 2 * (sx * my - sy * mx);
      double ix = mx + sw * tx + sy * tz - sz * ty;
      double iy = my + sw * ty + sz * tx - sx * tz;
      double iz = mz + sw * tz + sx * ty - sy * tx;
      if (!started) {
        // the first reading seeds F; the low-pass starts with the next sample's period
        started = true;
        fx = ix;
        fy = iy;
        fz = iz;
      } else if (stepOk) {
        if (Math.abs(dtSeconds - coefficientPeriod) > 0.01 * dtSeconds
            || coefficientPeriod != coefficientPeriod) {
          coefficientPeriod = dtSeconds;
          accelLp.period(dtSeconds);
        }
        if (lpEmpty) {
          // the seed reading is the low-pass's first input too
          accelLp.step3(fx, fy, fz);
          lpEmpty = false;
        }
        accelLp.step3(ix, iy, iz);
        double[] out = accelLp.out;
        fx = out[0];
        fy = out[1];
        fz = out[2];
      }
    }
    d[o + G] = sw;
    d[o + G + 1] = sx;
    d[o + G + 2] = sy;
    d[o + G + 3] = sz;
    d[o + F] = fx;
    d[o + F + 1] = fy;
    d[o + F + 2] = fz;
    steady[slot] = accelLp.steady();
  }

  private void grow() {
    int n = micros.length;
    long[] m = new long[2 * n];
    boolean[] s = new boolean[2 * n];
    double[] d = new double[2 * n * STRIDE];
    for (int i = 0; i < count; i++) {
      int from = (head + i) & (n - 1);
      m[i] = micros[from];
      s[i] = steady[from];
      System.arraycopy(data, from * STRIDE, d, i * STRIDE, STRIDE);
    }
    micros = m;
    steady = s;
    data = d;
    head = 0;
  }

  /**
   * The oldest buffered sample has its lookahead: a sample at least the lag (less half a
   * sample period, for timestamp jitter) later has arrived; or the buffer is full.
   */
  public boolean ready() {
    return count > 0 && (newestMicros - micros[head] >= readyMicros || count >= MAX_BUFFERED);
  }

  /** Samples are buffered (to be released at a gap or the end of data). */
  public boolean pending() {
    return count > 0;
  }

  /**
   * Makes the oldest buffered sample current, smoothed with everything buffered after it.
   * Call while {@link #ready()}, or while {@link #pending()} when the data ends.
   *
   * @throws IllegalStateException when nothing is buffered
   */
  public void release() {
    if (count == 0) {
      throw new IllegalStateException("inclination smoother: nothing buffered to release");
    }
    int o = head * STRIDE;
    double[] d = data;
    relMicros = micros[head];
    relAx = d[o + A];
    relAy = d[o + A + 1];
    relAz = d[o + A + 2];
    relWx = d[o + W];
    relWy = d[o + W + 1];
    relWz = d[o + W + 2];
    relDt = d[o + DT];
    relConverged = steady[head];
    long lookahead = newestMicros - relMicros;
    lastLookaheadMicros = lookahead;
    released++;
    if (lookahead < readyMicros) {
      releasedShort++;
    }
    if (passThrough) {
      upX = d[o + F];
      upY = d[o + F + 1];
      upZ = d[o + F + 2];
    } else {
      double p = pastWeight;
      double q = 1 - p;
      double ex = p * d[o + F] + q * fx;
      double ey = p * d[o + F + 1] + q * fy;
      double ez = p * d[o + F + 2] + q * fz;
      // into the sensor frame: conj(g) ⊗ e ⊗ g, with v' = v + w t + q × t, t = 2 q × v for
      // q = (w, −x, −y, −z)
      double qw = d[o + G];
      double qx = -d[o + G + 1];
      double qy = -d[o + G + 2];
      double qz = -d[o + G + 3];
      double tx = 2 * (qy * ez - qz * ey);
      double ty = 2 * (qz * ex - qx * ez);
      double tz = 2 * (qx * ey - qy * ex);
      double sx = ex + qw * tx + qy * tz - qz * ty;
      double sy = ey + qw * ty + qz * tx - qx * tz;
      double sz = ez + qw * tz + qx * ty - qy * tx;
      double n = Math.sqrt(sx * sx + sy * sy + sz * sz);
      if (n > 0 && n < Double.POSITIVE_INFINITY) {
        n = 1 / n;
        upX = sx * n;
        upY = sy * n;
        upZ = sz * n;
      } else {
        // no usable accelerometer reading yet: no estimate
        upX = upY = upZ = Double.NaN;
        relConverged = false;
      }
    }
    head = (head + 1) & (micros.length - 1);
    count--;
  }

  /**
   * Forgets everything (after a long gap): the next sample starts afresh. Call it together
   * with the filter's {@link InclinationFilter#reset()} (whose strapdown starts again), and
   * release what is {@link #pending()} first: it is dropped otherwise.
   */
  public void reset() {
    head = 0;
    count = 0;
    started = false;
    lpEmpty = true;
    fx = fy = fz = 0;
    accelLp.reset();
    coefficientPeriod = Double.NaN;
  }

  // ---- the released sample

  /** Device time of the released sample. */
  public long deviceMicros() {
    return relMicros;
  }

  /** Smoothed unit vector pointing up, sensor frame, of the released sample; NaN unknown. */
  public double upX() {
    return upX;
  }

  public double upY() {
    return upY;
  }

  public double upZ() {
    return upZ;
  }

  /** The released sample's accelerometer reading, as given to {@link #update}. */
  public double accelX() {
    return relAx;
  }

  public double accelY() {
    return relAy;
  }

  public double accelZ() {
    return relAz;
  }

  /** The released sample's gyro less the filter's bias estimate at that sample, rad/s. */
  public double rateX() {
    return relWx;
  }

  public double rateY() {
    return relWy;
  }

  public double rateZ() {
    return relWz;
  }

  /** The released sample's period, as given to {@link #update}, s. */
  public double dtSeconds() {
    return relDt;
  }

  /**
   * The released sample's estimate can be trusted: past the low-pass's start-up (its first
   * τ, as in the filter), or in pass-through mode the filter had converged.
   */
  public boolean converged() {
    return relConverged;
  }

  public long lagMicros() {
    return lagMicros;
  }

  public Diagnostics diagnostics() {
    return new Diagnostics(count, released, releasedShort, lastLookaheadMicros / 1e6);
  }

  public Settings settings() {
    return settings;
  }

}
