package dev.slumpwatch.orientation.calibration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sensor calibration file: one per sensor, {@code DATA_DIR/sensors/DEVICE_ID.cal},
 * UTF-8 text, {@code key = value} lines, {@code #} comments, keys in any order, every key
 * required, unknown keys refused (a typo must not silently drop a correction):
 * <pre>
 * # slumpwatch sensor calibration
 * format = 1
 * device_id = SIM-2a
 * created = 2026-01-01T10:00:00Z
 * accel_offset_g = 0.0123, -0.0051, 0.0170
 * accel_scale = 1.0041, 0.9962, 1.0080
 * gyro_bias_dps = 1.234, -0.560, 0.910
 * fit_residual_g = 0.0004
 * </pre>
 * Written to a temporary file and moved into place, so a crash leaves the old file or the
 * new one, never half of one. Documented in {@code calibration/README.md}.
 */
public final class SensorCalibrationFile {
  public static final int FORMAT = 1;
  private static final List<String> KEYS = List.of("format", "device_id", "created",
      "accel_offset_g", "accel_scale", "gyro_bias_dps", "fit_residual_g");

  private SensorCalibrationFile() {
  }

  /** Where a sensor's calibration lives under the data directory. */
  public static Path pathFor(Path dataDir, String deviceId) {
    if (deviceId == null || !deviceId.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("device id must be 1 to 64 of A-Z a-z 0-9 . _ -, not '"
          + deviceId + "'");
    }
    return dataDir.resolve("sensors").resolve(deviceId + ".cal");
  }

  public static void write(Path file, SensorCalibration cal, Instant created)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("# slumpwatch sensor calibration (see calibration/README.md)\n");
    sb.append("# corrected accel = (reading - accel_offset_g) / accel_scale; ")
        .append("corrected gyro = reading - gyro_bias_dps\n");
    sb.append("format = ").append(FORMAT).append('\n');
    sb.append("device_id = ").append(cal.deviceId()).append('\n');
    sb.append("created = ").append(created).append('\n');
    sb.append("accel_offset_g = ").append(triple(cal.accelOffsetG(), "%.6f")).append('\n');
    sb.append("accel_scale = ").append(triple(cal.accelScale(), "%.6f")).append('\n');
    sb.append("gyro_bias_dps = ").append(triple(cal.gyroBiasDegPerSec(), "%.5f")).append('\n');
    sb.append(String.format(Locale.ROOT, "fit_residual_g = %.6f%n", cal.fitResidualG()));
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String triple(double[] v, String fmt) {
    return String.format(Locale.ROOT, fmt + ", " + fmt + ", " + fmt, v[0], v[1], v[2]);
  }

  /** Reads and validates a calibration file. */
  public static SensorCalibration read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new CalibrationFileException(file, 0, null, "not UTF-8 text");
    } catch (IOException e) {
      throw new CalibrationFileException(file, 0, null, "cannot be read ("
          + e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "")
          + ")");
    }
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, Integer> lineOf = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i).strip();
      int lineNo = i + 1;
      if (raw.isEmpty() || raw.startsWith("#")) {
        continue;
      }
      int eq = raw.indexOf('=');
      if (eq <= 0) {
        throw new CalibrationFileException(file, lineNo, null, "expected 'key = value', found '"
            + raw + "'");
      }
      String key = raw.substring(0, eq).strip();
      String value = raw.substring(eq + 1).strip();
      if (!KEYS.contains(key)) {
        throw new CalibrationFileException(file, lineNo, key, "unknown key (known: "
            + String.join(", ", KEYS) + ")");
      }
      if (values.containsKey(key)) {
        throw new CalibrationFileException(file, lineNo, key, "given twice (first on line "
            + lineOf.get(key) + ")");
      }
      values.put(key, value);
      lineOf.put(key, lineNo);
    }
    for (String key : KEYS) {
      if (!values.containsKey(key)) {
        throw new CalibrationFileException(file, 0, key, "missing");
      }
    }
    int format = (int) number(file, lineOf.get("format"), "format", values.get("format"));
    if (format != FORMAT) {
      throw new CalibrationFileException(file, lineOf.get("format"), "format", "version "
          + values.get("format") + " is not supported (this slumpwatch reads " + FORMAT + ")");
    }
    try {
      Instant.parse(values.get("created"));
    } catch (RuntimeException e) {
      throw new CalibrationFileException(file, lineOf.get("created"), "created",
          "not an ISO-8601 instant: '" + values.get("created") + "'");
    }
    double[] offset = triple(file, lineOf, values, "accel_offset_g");
    double[] scale = triple(file, lineOf, values, "accel_scale");
    double[] bias = triple(file, lineOf, values, "gyro_bias_dps");
    double residual = number(file, lineOf.get("fit_residual_g"), "fit_residual_g",
        values.get("fit_residual_g"));
    String id = values.get("device_id");
    try {
      return new SensorCalibration(id, offset, scale, bias, residual);
    } catch (IllegalArgumentException e) {
      String key = e.getMessage().startsWith("accelOffsetG") ? "accel_offset_g"
          : e.getMessage().startsWith("accelScale") ? "accel_scale"
          : e.getMessage().startsWith("gyroBias") ? "gyro_bias_dps" : "device_id";
      throw new CalibrationFileException(file, lineOf.get(key), key, e.getMessage());
    }
  }

  private static double[] triple(Path file, Map<String, Integer> lineOf,
      Map<String, String> values, String key) throws CalibrationFileException {
    String[] parts = values.get(key).split(",");
    if (parts.length != 3) {
      throw new CalibrationFileException(file, lineOf.get(key), key,
          "needs three comma-separated numbers (x, y, z), found '" + values.get(key) + "'");
    }
    double[] v = new double[3];
    for (int i = 0; i < 3; i++) {
      v[i] = number(file, lineOf.get(key), key, parts[i].strip());
    }
    return v;
  }

  private static double number(Path file, int line, String key, String s)
      throws CalibrationFileException {
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new CalibrationFileException(file, line, key, "'" + s + "' is not a finite number");
    }
  }
}
