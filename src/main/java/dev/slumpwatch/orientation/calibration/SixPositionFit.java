package dev.slumpwatch.orientation.calibration;

import java.util.List;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Accelerometer offset and scale from static positions: at rest the corrected reading has
 * a magnitude of exactly 1 g, whatever the orientation. With readings m_k (mean of a still
 * hold, g) the fit minimises Σ_k (| (m_k − o) ⊘ s | − 1)² over o and s by
 * Levenberg–Marquardt (Commons Math), starting from o = 0, s = 1.
 *
 * <p>Six positions, each axis once up and once down, make the problem well conditioned:
 * each axis sees +1 g and −1 g, which separates its offset (the midpoint) from its scale
 * (the half-difference). Fewer or poorly spread positions are refused rather than fitted.
 */
public final class SixPositionFit {

  /**
   * @param offsetG o, g
   * @param scale s
   * @param rmsResidualG RMS of | corrected | − 1 over the positions, g
   */
  public record Result(double[] offsetG, double[] scale, double rmsResidualG, int iterations) {}

  private SixPositionFit() {
  }

  /**
   * @param meansG mean accelerometer reading of each still position, g, {x, y, z}
   * @throws IllegalArgumentException when the positions do not cover every axis both ways
   */
  public static Result fit(List<double[]> meansG) {
    if (meansG.size() < 6) {
      throw new IllegalArgumentException("the six-position fit needs at least 6 positions, got "
          + meansG.size());
    }
    for (int axis = 0; axis < 3; axis++) {
      boolean up = false;
      boolean down = false;
      for (double[] m : meansG) {
        up |= m[axis] > 0.7;
        down |= m[axis] < -0.7;
      }
      if (!up || !down) {
        throw new IllegalArgumentException("the positions must include the " + "xyz".charAt(axis)
            + " axis pointing up and down (within about 45°)");
      }
    }
    int n = meansG.size();
    MultivariateJacobianFunction model = point -> {
      double[] p = point.toArray(); // o0 o1 o2 s0 s1 s2
      double[] value = new double[n];
      double[][] jac = new double[n][6];
      for (int k = 0; k < n; k++) {
        double[] m = meansG.get(k);
        double[] c = new double[3];
        double norm2 = 0;
        for (int i = 0; i < 3; i++) {
          c[i] = (m[i] - p[i]) / p[3 + i];
          norm2 += c[i] * c[i];
        }
        double norm = Math.sqrt(norm2);
        value[k] = norm;
        for (int i = 0; i < 3; i++) {
          // d|c|/dc_i = c_i/|c|; dc_i/do_i = −1/s_i; dc_i/ds_i = −c_i/s_i
          double dNorm = c[i] / norm;
          jac[k][i] = -dNorm / p[3 + i];
          jac[k][3 + i] = -dNorm * c[i] / p[3 + i];
        }
      }
      return new Pair<RealVector, org.apache.commons.math3.linear.RealMatrix>(
          new ArrayRealVector(value, false), new Array2DRowRealMatrix(jac, false));
    };
    double[] target = new double[n];
    java.util.Arrays.fill(target, 1.0);
    LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer().optimize(
        new LeastSquaresBuilder()
            .start(new double[] {0, 0, 0, 1, 1, 1})
            .model(model)
            .target(target)
            .maxEvaluations(1000)
            .maxIterations(1000)
            .build());
    double[] p = opt.getPoint().toArray();
    return new Result(new double[] {p[0], p[1], p[2]}, new double[] {p[3], p[4], p[5]},
        opt.getRMS(), opt.getIterations());
  }
}
