package dev.slumpwatch.cli;

import dev.slumpwatch.posture.PostureCalibration;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The wearer's stored posture calibration, {@code DATA_DIR/posture-calibration.properties}:
 * the body's up and forward axes in the sensor frame (unit vectors), written after a
 * successful guided calibration by {@code run}. Delete it to calibrate again (e.g. after
 * moving the clip).
 */
final class CalibrationFile {
  static final String NAME = "posture-calibration.properties";
  private static final String[] KEYS = {"upX", "upY", "upZ", "forwardX", "forwardY",
      "forwardZ"};

  private CalibrationFile() {
  }

  /** @return the calibration, or null when there is none; throws naming the file and key */
  static PostureCalibration load(Path dataDir) throws IOException {
    Path f = dataDir.resolve(NAME);
    if (!Files.exists(f)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    double[] v = new double[6];
    for (int i = 0; i < 6; i++) {
      String s = p.getProperty(KEYS[i]);
      try {
        v[i] = Double.parseDouble(s == null ? "" : s.trim());
      } catch (NumberFormatException e) {
        throw new IOException(f + ": " + KEYS[i] + " is " + (s == null ? "missing"
            : "'" + s + "', not a number") + "; delete the file to calibrate again");
      }
    }
    double nu = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    double nf = Math.sqrt(v[3] * v[3] + v[4] * v[4] + v[5] * v[5]);
    if (Math.abs(nu - 1) > 1e-3 || Math.abs(nf - 1) > 1e-3) {
      throw new IOException(f + ": the up and forward axes must be unit vectors; delete the "
          + "file to calibrate again");
    }
    return new PostureCalibration(v[0], v[1], v[2], v[3], v[4], v[5]);
  }

  static void save(Path dataDir, PostureCalibration c) throws IOException {
    Properties p = new Properties();
    double[] v = {c.upX(), c.upY(), c.upZ(), c.forwardX(), c.forwardY(), c.forwardZ()};
    for (int i = 0; i < 6; i++) {
      p.setProperty(KEYS[i], Double.toString(v[i]));
    }
    Path tmp = dataDir.resolve(NAME + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "slumpwatch posture calibration: body axes in the sensor frame");
    }
    Files.move(tmp, dataDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
