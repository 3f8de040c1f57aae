package dev.slumpwatch.orientation.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorCalibrationFileTest {
  @TempDir
  Path dir;

  private static final SensorCalibration CAL = new SensorCalibration("MPU-01", new double[] {
      0.012, -0.005, 0.017}, new double[] {1.004, 0.996, 1.008}, new double[] {1.25, -0.5, 0.75},
      0.0004);

  @Test
  void roundTripsPerDevice() throws Exception {
    Path file = SensorCalibrationFile.pathFor(dir, "MPU-01");
    assertEquals(dir.resolve("sensors").resolve("MPU-01.cal"), file);
    SensorCalibrationFile.write(file, CAL, Instant.parse("2026-01-01T10:00:00Z"));
    assertEquals(CAL, SensorCalibrationFile.read(file));
    assertEquals(0.012, CAL.accelOffsetG()[0]);
    assertEquals((0.5 - 0.012) / 1.004, CAL.accelG(0, 0.5), 1e-12);
  }

  private CalibrationFileException corrupt(String from, String to) throws Exception {
    Path file = SensorCalibrationFile.pathFor(dir, "MPU-01");
    SensorCalibrationFile.write(file, CAL, Instant.parse("2026-01-01T10:00:00Z"));
    String text = Files.readString(file);
    assertTrue(text.contains(from), text);
    Files.writeString(file, text.replace(from, to));
    return assertThrows(CalibrationFileException.class, () -> SensorCalibrationFile.read(file));
  }

  @Test
  void aBadNumberNamesFileLineAndKey() throws Exception {
    CalibrationFileException e = corrupt("accel_scale = 1.004000", "accel_scale = 1.0O4");
    assertEquals("accel_scale", e.key());
    assertEquals(7, e.line());
    assertTrue(e.getMessage().contains("MPU-01.cal:7: key 'accel_scale'"), e.getMessage());
  }

  @Test
  void otherCorruptionsAreNamedToo() throws Exception {
    assertEquals("gyro_bias_dps", corrupt("gyro_bias_dps = 1.25000, ", "gyro_bias_dps = ").key());
    assertEquals("accel_scale", corrupt("accel_scale = 1.004000", "accel_scale = 7").key());
    assertEquals("format", corrupt("format = 1", "format = 2").key());
    CalibrationFileException unknown = corrupt("fit_residual_g", "fit_residu");
    assertEquals("fit_residu", unknown.key());
    assertTrue(unknown.getMessage().contains("unknown key"), unknown.getMessage());
    CalibrationFileException missing = corrupt("created = 2026-01-01T10:00:00Z\n", "");
    assertEquals("created", missing.key());
    assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
    CalibrationFileException noEquals = corrupt("format = 1", "format 1");
    assertEquals(3, noEquals.line());
  }

  @Test
  void anUnreadableFileNamesTheFile() {
    Path file = dir.resolve("nope.cal");
    CalibrationFileException e = assertThrows(CalibrationFileException.class,
        () -> SensorCalibrationFile.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void deviceIdsThatCouldEscapeTheDirectoryAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> SensorCalibrationFile.pathFor(dir, "../../etc/passwd"));
  }
}
