package dev.slumpwatch.orientation.broad;

import dev.slumpwatch.orientation.InclinationFilter;
import dev.slumpwatch.orientation.InclinationSmoother;
import dev.slumpwatch.orientation.MadgwickFilter;
import dev.slumpwatch.orientation.OrientationEstimator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * BROAD's inclination error (D. Laidig et al., "BROAD — A Benchmark for Robust Inertial
 * Orientation Estimation", Data 6(7), 2021): the error quaternion in the earth frame
 * q_err = q_est ⊗ q_opt⁻¹; the inclination error 2·acos(√(w² + z²)) of q_err, which
 * ignores heading; per trial the RMSE over the movement samples with NaN ground truth
 * skipped; the figure reported is the mean of the per-trial RMSEs. Every trial is run
 * from its first sample with one parameter set, gyro bias left in.
 *
 * <p>The fixed-lag {@link InclinationSmoother} is scored the same way, each sample when
 * its smoothed estimate is released (the last lag of a trial with what lookahead there
 * is, as at the end of a session), beside the causal filter it rides on.
 */
public final class BroadEvaluation {

  /** One trial's result. */
  public record TrialResult(String trial, double rateHz, int samples, int scored,
      double inclinationRmseDeg) {}

  /** One trial's causal and smoothed results, from the same run of the filter. */
  public record Comparison(TrialResult causal, TrialResult smoothed) {}

  private BroadEvaluation() {
  }

  public static OrientationEstimator ours(InclinationFilter.Settings settings) {
    return new InclinationFilter(settings);
  }

  public static OrientationEstimator madgwick(double beta) {
    return new MadgwickFilter(beta);
  }

  /** The {@code *.hdf5} files of a directory, sorted by name. */
  public static List<Path> trialFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory");
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".hdf5"))
          .sorted().toList();
      if (files.isEmpty()) {
        throw new IOException(dir + ": no *.hdf5 trial files");
      }
      return files;
    }
  }

  /** Runs a fresh estimator over the trial from its first sample and scores it. */
  public static TrialResult run(BroadTrial trial, Supplier<OrientationEstimator> factory) {
    OrientationEstimator est = factory.get();
    double dt = 1 / trial.rateHz();
    double[] q = new double[4];
    double sumSq = 0;
    int scored = 0;
    double[][] acc = trial.acc();
    double[][] gyr = trial.gyr();
    double[][] opt = trial.optQuat();
    boolean[] movement = trial.movement();
    for (int i = 0; i < trial.size(); i++) {
      double[] a = acc[i];
      double[] g = gyr[i];
      est.update(a[0], a[1], a[2], g[0], g[1], g[2], dt);
      if (!movement[i]) {
        continue;
      }
      double[] r = opt[i];
      if (Double.isNaN(r[0]) || Double.isNaN(r[1]) || Double.isNaN(r[2])
          || Double.isNaN(r[3])) {
        continue;
      }
      est.quaternion(q, 0);
      double e = inclinationErrorRad(q, r);
      sumSq += e * e;
      scored++;
    }
    double rmse = scored == 0 ? Double.NaN : Math.toDegrees(Math.sqrt(sumSq / scored));
    return new TrialResult(trial.name(), trial.rateHz(), trial.size(), scored, rmse);
  }

  /**
   * Runs a fresh causal filter over the trial from its first sample, and the smoother on
   * it, and scores both.
   */
  public static Comparison runSmoothed(BroadTrial trial, InclinationFilter.Settings filter,
      InclinationSmoother.Settings smoother) {
    InclinationFilter causal = new InclinationFilter(filter);
    InclinationSmoother smooth = new InclinationSmoother(smoother);
    double dt = 1 / trial.rateHz();
    double[][] acc = trial.acc();
    double[][] gyr = trial.gyr();
    double[][] opt = trial.optQuat();
    boolean[] movement = trial.movement();
    double[] q = new double[4];
    double causalSumSq = 0;
    int causalScored = 0;
    double smoothSumSq = 0;
    int smoothScored = 0;
    int next = 0;
    for (int i = 0; i <= trial.size(); i++) {
      if (i < trial.size()) {
        double[] a = acc[i];
        double[] g = gyr[i];
        causal.update(a[0], a[1], a[2], g[0], g[1], g[2], dt);
        smooth.update(Math.round(i * dt * 1e6), a[0], a[1], a[2], g[0], g[1], g[2], dt,
            causal);
        if (scored(movement[i], opt[i])) {
          causal.quaternion(q, 0);
          double e = inclinationErrorRad(q, opt[i]);
          causalSumSq += e * e;
          causalScored++;
        }
      }
      // at the end of the trial, everything still buffered
      while (i < trial.size() ? smooth.ready() : smooth.pending()) {
        smooth.release();
        int k = next++;
        if (scored(movement[k], opt[k])) {
          double e = inclinationErrorRad(smooth.upX(), smooth.upY(), smooth.upZ(), opt[k]);
          smoothSumSq += e * e;
          smoothScored++;
        }
      }
    }
    return new Comparison(result(trial, causalScored, causalSumSq),
        result(trial, smoothScored, smoothSumSq));
  }

  private static boolean scored(boolean movement, double[] r) {
    return movement && !(Double.isNaN(r[0]) || Double.isNaN(r[1]) || Double.isNaN(r[2])
        || Double.isNaN(r[3]));
  }

  private static TrialResult result(BroadTrial trial, int scored, double sumSq) {
    double rmse = scored == 0 ? Double.NaN : Math.toDegrees(Math.sqrt(sumSq / scored));
    return new TrialResult(trial.name(), trial.rateHz(), trial.size(), scored, rmse);
  }

  /**
   * Inclination error, rad, of an estimated up vector (sensor frame, unit length) against
   * the reference orientation (sensor to earth, w first, need not be normalised): the
   * angle between it and the reference's up vector in the sensor frame. The same figure as
   * {@link #inclinationErrorRad(double[], double[])} gives for any orientation with that up
   * vector: the inclination part of q_est ⊗ q_ref⁻¹ turns earth z by the angle between
   * the two up vectors.
   */
  public static double inclinationErrorRad(double upX, double upY, double upZ, double[] ref) {
    double w = ref[0];
    double x = ref[1];
    double y = ref[2];
    double z = ref[3];
    double n2 = w * w + x * x + y * y + z * z;
    // the reference's up vector in the sensor frame, times |ref|²
    double rx = 2 * (x * z - w * y);
    double ry = 2 * (y * z + w * x);
    double rz = w * w - x * x - y * y + z * z;
    double cx = upY * rz - upZ * ry;
    double cy = upZ * rx - upX * rz;
    double cz = upX * ry - upY * rx;
    double dot = upX * rx + upY * ry + upZ * rz;
    double un = Math.sqrt(upX * upX + upY * upY + upZ * upZ);
    if (!(un > 0) || !(n2 > 0)) {
      return Double.NaN;
    }
    return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), dot);
  }

  /**
   * Inclination error, rad, between an estimate and the reference (both sensor to earth,
   * w first, need not be normalised).
   */
  public static double inclinationErrorRad(double[] est, double[] ref) {
    double ew = est[0];
    double ex = est[1];
    double ey = est[2];
    double ez = est[3];
    // q_err = est ⊗ conj(ref); only w and z are needed
    double rw = ref[0];
    double rx = -ref[1];
    double ry = -ref[2];
    double rz = -ref[3];
    double w = ew * rw - ex * rx - ey * ry - ez * rz;
    double z = ew * rz + ex * ry - ey * rx + ez * rw;
    double n2 = (ew * ew + ex * ex + ey * ey + ez * ez)
        * (rw * rw + rx * rx + ry * ry + rz * rz);
    double c = Math.sqrt((w * w + z * z) / n2);
    return 2 * Math.acos(Math.min(1, c));
  }

  /** Mean of the per-trial smoothed or causal RMSEs, degrees. */
  public static double mean(List<Comparison> results, boolean smoothed) {
    List<TrialResult> r = new ArrayList<>();
    for (Comparison c : results) {
      r.add(smoothed ? c.smoothed() : c.causal());
    }
    return mean(r);
  }

  /** Mean of the per-trial RMSEs, degrees. */
  public static double mean(List<TrialResult> results) {
    double s = 0;
    for (TrialResult r : results) {
      s += r.inclinationRmseDeg();
    }
    return s / results.size();
  }

  /** Reads every trial of a directory, downsampled by {@code factor}. */
  public static List<BroadTrial> load(Path dir, int factor) throws IOException {
    List<BroadTrial> trials = new ArrayList<>();
    for (Path f : trialFiles(dir)) {
      trials.add(BroadTrial.read(f).downsampled(factor));
    }
    return trials;
  }

  /**
   * Block size for a requested rate: the native rate divided by the nearest whole factor
   * (BROAD's 285.7 Hz gives 3 for 95 Hz and 6 for 48 Hz).
   */
  public static int factorFor(double nativeRateHz, double targetRateHz) {
    return Math.max(1, (int) Math.round(nativeRateHz / targetRateHz));
  }
}
