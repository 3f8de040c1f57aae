package dev.slumpwatch.orientation.broad;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One BROAD trial in its published HDF5 layout: datasets {@code imu_acc} (N×3, m/s²),
 * {@code imu_gyr} (N×3, rad/s), {@code opt_quat} (N×4, w first, east-north-up, NaN rows
 * where the markers were lost), {@code movement} (N, "TRUE"/"FALSE" strings as jhdf
 * returns HDF5 enum booleans) and the root attribute {@code sampling_rate} (Hz).
 *
 * @param gyr rad/s, sensor frame
 * @param acc m/s², sensor frame
 * @param optQuat ground truth, sensor to earth (ENU), w first; NaN where unknown
 */
public record BroadTrial(String name, double rateHz, double[][] acc, double[][] gyr,
    double[][] optQuat, boolean[] movement) {

  /** Reads a trial; a missing dataset or a wrong shape names the file and the dataset. */
  public static BroadTrial read(Path file) throws IOException {
    String name = file.getFileName().toString().replaceFirst("\\.hdf5$", "");
    try (HdfFile hdf = new HdfFile(file)) {
      double rate = samplingRate(hdf, file);
      double[][] acc = matrix(hdf, file, "imu_acc", 3);
      double[][] gyr = matrix(hdf, file, "imu_gyr", 3);
      double[][] quat = matrix(hdf, file, "opt_quat", 4);
      boolean[] movement = movement(hdf, file);
      int n = acc.length;
      if (gyr.length != n || quat.length != n || movement.length != n) {
        throw new IOException(file + ": datasets differ in length (imu_acc " + n + ", imu_gyr "
            + gyr.length + ", opt_quat " + quat.length + ", movement " + movement.length + ")");
      }
      return new BroadTrial(name, rate, acc, gyr, quat, movement);
    } catch (RuntimeException e) {
      // jhdf reports format problems as unchecked exceptions
      throw new IOException(file + ": not a readable BROAD HDF5 file: " + e.getMessage(), e);
    }
  }

  private static double samplingRate(HdfFile hdf, Path file) throws IOException {
    Attribute a = hdf.getAttribute("sampling_rate");
    Object d = a == null ? null : a.getData();
    double rate = d instanceof Number n ? n.doubleValue()
        : d instanceof double[] arr && arr.length == 1 ? arr[0] : Double.NaN;
    if (!(rate > 0)) {
      throw new IOException(file + ": root attribute sampling_rate missing or not a positive "
          + "number");
    }
    return rate;
  }

  private static Dataset dataset(HdfFile hdf, Path file, String name) throws IOException {
    Node node = hdf.getChildren().get(name);
    if (!(node instanceof Dataset ds)) {
      throw new IOException(file + ": dataset " + name + " missing");
    }
    return ds;
  }

  private static double[][] matrix(HdfFile hdf, Path file, String name, int columns)
      throws IOException {
    Object d = dataset(hdf, file, name).getData();
    if (!(d instanceof double[][] m) || (m.length > 0 && m[0].length != columns)) {
      throw new IOException(String.format(Locale.ROOT, "%s: dataset %s is not an N×%d array of "
          + "doubles", file, name, columns));
    }
    return m;
  }

  private static boolean[] movement(HdfFile hdf, Path file) throws IOException {
    Object d = dataset(hdf, file, "movement").getData();
    if (d instanceof String[] s) {
      boolean[] out = new boolean[s.length];
      for (int i = 0; i < s.length; i++) {
        out[i] = "TRUE".equalsIgnoreCase(s[i].trim());
      }
      return out;
    }
    if (d instanceof boolean[] b) {
      return b;
    }
    if (d instanceof byte[] b) {
      boolean[] out = new boolean[b.length];
      for (int i = 0; i < b.length; i++) {
        out[i] = b[i] != 0;
      }
      return out;
    }
    throw new IOException(file + ": dataset movement is neither booleans nor TRUE/FALSE "
        + "strings (" + d.getClass().getSimpleName() + ")");
  }

  public int size() {
    return acc.length;
  }

  /**
   * The trial at a lower rate: IMU samples averaged in blocks of {@code factor} (what a
   * sensor with that output data rate and a matching anti-alias filter would deliver);
   * ground truth and movement taken at the last sample of each block, the instant the
   * filter's estimate refers to after it has integrated the whole block. A trailing
   * partial block is dropped.
   */
  public BroadTrial downsampled(int factor) {
    if (factor == 1) {
      return this;
    }
    if (factor < 1) {
      throw new IllegalArgumentException("downsampling factor must be ≥ 1, not " + factor);
    }
    int m = size() / factor;
    double[][] a = new double[m][3];
    double[][] g = new double[m][3];
    double[][] q = new double[m][];
    boolean[] mv = new boolean[m];
    for (int j = 0; j < m; j++) {
      for (int i = j * factor; i < (j + 1) * factor; i++) {
        for (int c = 0; c < 3; c++) {
          a[j][c] += acc[i][c] / factor;
          g[j][c] += gyr[i][c] / factor;
        }
      }
      int last = (j + 1) * factor - 1;
      q[j] = optQuat[last].clone();
      mv[j] = movement[last];
    }
    return new BroadTrial(name, rateHz / factor, a, g, q, mv);
  }
}
