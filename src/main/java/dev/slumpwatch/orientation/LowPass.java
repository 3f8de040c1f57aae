package dev.slumpwatch.orientation;

/**
 * Second-order Butterworth low-pass over a few channels, parametrised by a time constant
 * rather than a cut-off (cut-off = √2 / (2π τ), so that τ reads like a first-order filter's
 * time constant), in transposed direct form II.
 *
 * <p>Start-up: a Butterworth filter started from zero state needs several τ to forget the
 * zero. Instead, for the first τ seconds the output is the running mean of the input, and
 * then the state is set to the steady state of that mean. This is what makes the
 * inclination filter converge at once from any start orientation.
 *
 * <p>The coefficients depend on the sample period, which the owner sets with
 * {@link #period} only when it has moved (by more than 1 %), so that timestamp jitter does
 * not cost a {@code tan} per sample. No allocation after construction.
 */
final class LowPass {
  private static final double SQRT2 = Math.sqrt(2);

  private final double tauSeconds;
  private final int channels;
  private final double[] s1;
  private final double[] s2;
  private final double[] sum;
  /** The latest output, per channel. */
  final double[] out;
  private final double[] scratch = new double[3];
  private double b0;
  private double b1;
  private double b2;
  private double a1;
  private double a2;
  private double coefficientPeriod = Double.NaN;
  private double meanSeconds;
  private int meanCount;
  private boolean steady;

  LowPass(double tauSeconds, int channels) {
    this.tauSeconds = tauSeconds;
    this.channels = channels;
    this.s1 = new double[channels];
    this.s2 = new double[channels];
    this.sum = new double[channels];
    this.out = new double[channels];
  }

  /** True once the start-up mean is over and the filter runs as a Butterworth filter. */
  boolean steady() {
    return steady;
  }

  void reset() {
    meanSeconds = 0;
    meanCount = 0;
    steady = false;
    java.util.Arrays.fill(sum, 0);
    java.util.Arrays.fill(out, 0);
    java.util.Arrays.fill(s1, 0);
    java.util.Arrays.fill(s2, 0);
  }

  /** Sets the sample period the next steps run at, s. */
  void period(double periodSeconds) {
    coefficientPeriod = periodSeconds;
    if (!(tauSeconds > 0)) {
      // τ = 0: no filtering at all
      b0 = 1;
      b1 = b2 = a1 = a2 = 0;
      return;
    }
    double cutoffHz = SQRT2 / (2 * Math.PI * tauSeconds);
    // bilinear transform with pre-warping; stays stable up to Nyquist
    double c = Math.tan(Math.PI * Math.min(cutoffHz * periodSeconds, 0.49));
    double d = c * c + SQRT2 * c + 1;
    b0 = c * c / d;
    b1 = 2 * b0;
    b2 = b0;
    a1 = 2 * (c * c - 1) / d;
    a2 = (1 - SQRT2 * c + c * c) / d;
  }

  /** Three channels without an input array: the hot path of the inclination filter. */
  void step3(double x, double y, double z) {
    if (!steady) {
      double[] in = scratch;
      in[0] = x;
      in[1] = y;
      in[2] = z;
      step(in);
      return;
    }
    double[] a = s1;
    double[] b = s2;
    double[] o = out;
    double y0 = b0 * x + a[0];
    a[0] = b1 * x - a1 * y0 + b[0];
    b[0] = b2 * x - a2 * y0;
    o[0] = y0;
    double y1 = b0 * y + a[1];
    a[1] = b1 * y - a1 * y1 + b[1];
    b[1] = b2 * y - a2 * y1;
    o[1] = y1;
    double y2 = b0 * z + a[2];
    a[2] = b1 * z - a1 * y2 + b[2];
    b[2] = b2 * z - a2 * y2;
    o[2] = y2;
  }

  /** Filters {@code in} (at least {@code channels} long) into {@link #out}. */
  void step(double[] in) {
    if (!steady) {
      meanCount++;
      meanSeconds += coefficientPeriod;
      double inv = 1.0 / meanCount;
      for (int i = 0; i < channels; i++) {
        sum[i] += in[i];
        out[i] = sum[i] * inv;
      }
      if (meanSeconds >= tauSeconds) {
        for (int i = 0; i < channels; i++) {
          double y = out[i];
          s1[i] = y * (1 - b0);
          s2[i] = y * (b2 - a2);
        }
        steady = true;
      }
      return;
    }
    for (int i = 0; i < channels; i++) {
      double x = in[i];
      double y = b0 * x + s1[i];
      s1[i] = b1 * x - a1 * y + s2[i];
      s2[i] = b2 * x - a2 * y;
      out[i] = y;
    }
  }
}
