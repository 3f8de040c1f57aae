package dev.slumpwatch.sensor.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.protocol.DecoderStats;
import dev.slumpwatch.protocol.DeviceInfoFrame;
import dev.slumpwatch.protocol.FrameEncoder;
import dev.slumpwatch.protocol.TextFormat;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.testing.CraftedRecording;
import dev.slumpwatch.testing.SittingSensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing invented (issue 13, items 3, 4, 6, 8, 9): crafted recordings of
 * link faults, replayed through the same link reader, pipeline and SQLite store as a live
 * run; the stored history must hold every sample, every true outage as a gap of its true
 * length, and no gap, time or posture that did not happen.
 */
class TimelineFaultsTest {
  @TempDir
  Path dir;

  private static final double PITCH_DEG = 25;
  private static final DeviceInfoFrame INFO =
      new DeviceInfoFrame(2, 0xC0FFEE, "2.0.0", "MPU-6050", 4, 500, 100);

  /** What the store holds after a replay, and what the link said. */
  private record Stored(long samples, long firstSecond, long lastSecond, List<double[]> gaps,
      double flexionMin, double flexionMax, long moving, DecoderStats link,
      List<String> messages) {
    double spanSeconds() {
      return lastSecond - firstSecond + 1;
    }

    String describe() {
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
          "%d samples, seconds %d..%d, flexion %.1f..%.1f, %d moving, gaps", samples,
          firstSecond, lastSecond, flexionMin, flexionMax, moving));
      for (double[] g : gaps) {
        b.append(String.format(Locale.ROOT, " [%.1f s +%.2f s]", g[0], g[1]));
      }
      return b + "; link " + link.format() + "; " + messages;
    }
  }

  private Stored replay(Path recording) throws Exception {
    Path db = dir.resolve(recording.getFileName() + ".db");
    List<String> messages = new CopyOnWriteArrayList<>();
    ReplaySampleSource source = new ReplaySampleSource(recording, Pacer.unpaced(),
        TextFormat.DEFAULTS, messages::add);
    PostureCalibration cal = PostureCalibration.fromNeutralAndBend(
        SittingSensor.CALIBRATION_NEUTRAL_UP, SittingSensor.CALIBRATION_BENT_UP);
    SessionSetup setup = SessionSetup.of(PostureSetup.storedOnly(
        new PostureProfile(cal, null, "test")))
        .withClock(Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC));
    SessionRunner.run(new SessionRunner.Spec(source, db, setup, "replay", List.of(),
        messages::add, 1024), null);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      long samples;
      long first;
      long last;
      double fmin;
      double fmax;
      long moving;
      try (ResultSet rs = st.executeQuery("SELECT sum(samples), min(second), max(second), "
          + "min(flexion_mean), max(flexion_mean), "
          + "sum(activity = 'STANDING_OR_MOVING') FROM posture_seconds")) {
        rs.next();
        samples = rs.getLong(1);
        first = rs.getLong(2);
        last = rs.getLong(3);
        fmin = rs.getDouble(4);
        fmax = rs.getDouble(5);
        moving = rs.getLong(6);
      }
      long startedMs;
      try (ResultSet rs = st.executeQuery("SELECT started_ms FROM sessions")) {
        rs.next();
        startedMs = rs.getLong(1);
      }
      List<double[]> gaps = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT from_ms, to_ms FROM gaps ORDER BY from_ms")) {
        while (rs.next()) {
          gaps.add(new double[] {(rs.getLong(1) - startedMs) / 1e3,
              (rs.getLong(2) - rs.getLong(1)) / 1e3});
        }
      }
      return new Stored(samples, first, last, gaps, fmin, fmax, moving, source.link().stats(),
          messages);
    }
  }

  /** Binary frames at 100 Hz, 10 per chunk every 0.1 s of host time. */
  private static void binary(CraftedRecording rec, SittingSensor wearer, double hostFrom,
      double seconds, long deviceFromMicros, int seqFrom) throws IOException {
    int n = (int) Math.round(seconds * 100);
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    for (int k = 0; k < n; k++) {
      long t = deviceFromMicros + k * 10_000L;
      short[] c = SittingSensor.counts(wearer.at(t / 1e6), 4, 500);
      chunk.writeBytes(FrameEncoder.imuSample(new ImuSample(t & 0xFFFF_FFFFL, 0,
          (seqFrom + k) & 0xFFFF, c[0], c[1], c[2], c[3], c[4], c[5], 0)));
      if (k % 10 == 9 || k == n - 1) {
        rec.data(hostFrom + (k + 1) / 100.0, chunk.toByteArray());
        chunk.reset();
      }
    }
  }

  /**
   * Untimed CSV lines of raw counts (±2 g, ±250 °/s) at {@code rateHz}, a chunk every 0.1 s.
   *
   * @param every a line replaced every this many lines (0: none) by {@code fault}
   */
  private static int csv(CraftedRecording rec, SittingSensor wearer, double hostFrom,
      double seconds, double rateHz, int every, LineFault fault) throws IOException {
    int n = (int) Math.round(seconds * rateHz);
    StringBuilder chunk = new StringBuilder();
    double nextChunk = hostFrom + 0.1;
    String previous = null;
    int faults = 0;
    for (int k = 0; k < n; k++) {
      double t = hostFrom + k / rateHz;
      short[] c = SittingSensor.counts(wearer.at(t), 2, 250);
      String line = c[0] + "," + c[1] + "," + c[2] + "," + c[3] + "," + c[4] + "," + c[5];
      if (every > 0 && k % every == every - 1 && previous != null) {
        chunk.append(fault.apply(previous, line, faults++)).append("\r\n");
      } else {
        chunk.append(line).append("\r\n");
      }
      previous = line;
      if (t + 1 / rateHz >= nextChunk || k == n - 1) {
        rec.text(t + 1 / rateHz, chunk.toString());
        chunk.setLength(0);
        nextChunk += 0.1;
      }
    }
    return faults;
  }

  @FunctionalInterface
  private interface LineFault {
    String apply(String previous, String line, int index);
  }

  private static double outage(Stored s, double atSeconds) {
    for (double[] g : s.gaps()) {
      if (Math.abs(g[0] - atSeconds) < 2) {
        return g[1];
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------- item 3

  @Test
  void binaryThenTextAtAReconnectKeepsBothHalvesAndStoresTheOutage() throws Exception {
    Path f = dir.resolve("binary-text.swrec");
    SittingSensor wearer = new SittingSensor(PITCH_DEG, 1);
    try (CraftedRecording rec = new CraftedRecording(f, 2)) {
      rec.connected(0).data(0.05, FrameEncoder.deviceInfo(INFO));
      binary(rec, wearer, 0, 60, 5_000_000, 0);
      rec.disconnected(60.05, "device removed").connected(65.05);
      csv(rec, wearer, 65.1, 60, 100, 0, null);
    }
    Stored s = replay(f);
    assertEquals(12_000, s.samples(), s.describe());
    assertEquals(1, s.gaps().size(), s.describe());
    assertEquals(5.0, outage(s, 60), 0.5, s.describe());
    assertEquals(125, s.spanSeconds(), 1.5, s.describe());
  }

  @Test
  void textThenBinaryAtAReconnectInventsNoGapAndDatesNothingLate() throws Exception {
    Path f = dir.resolve("text-binary.swrec");
    SittingSensor wearer = new SittingSensor(PITCH_DEG, 2);
    try (CraftedRecording rec = new CraftedRecording(f, 2)) {
      rec.connected(0);
      csv(rec, wearer, 0.05, 600, 100, 0, null);
      rec.disconnected(600.1, "device removed").connected(605.1);
      // the new board started 0.4 s before the port opened again
      rec.data(605.15, FrameEncoder.deviceInfo(INFO));
      binary(rec, wearer, 605.15, 60, 400_000, 0);
    }
    Stored s = replay(f);
    assertEquals(66_000, s.samples(), s.describe());
    assertEquals(1, s.gaps().size(), s.describe());
    assertEquals(5.0, outage(s, 600), 0.5, s.describe());
    assertEquals(665, s.spanSeconds(), 1.5, s.describe());
  }

  // ---------------------------------------------------------------- item 4

  private Stored restartWithoutReconnecting(double uptimeSeconds, boolean announces)
      throws Exception {
    Path f = dir.resolve("restart-" + (int) uptimeSeconds + (announces ? "-info" : "")
        + ".swrec");
    SittingSensor wearer = new SittingSensor(PITCH_DEG, 3);
    try (CraftedRecording rec = new CraftedRecording(f, 2)) {
      rec.connected(0).data(0.05, FrameEncoder.deviceInfo(INFO));
      binary(rec, wearer, 0.05, uptimeSeconds, 2_000_000, 0);
      // a brown-out: nothing for 2 s, then the board runs again, its clock from 0
      double back = 0.05 + uptimeSeconds + 2;
      if (announces) {
        rec.data(back, FrameEncoder.deviceInfo(INFO));
      }
      binary(rec, wearer, back, 60, 300_000, 0);
    }
    return replay(f);
  }

  @Test
  void aDeviceRestartingUnannouncedAfterTenMinutesLosesNothing() throws Exception {
    Stored s = restartWithoutReconnecting(600, false);
    assertEquals(66_000, s.samples(), s.describe());
    assertEquals(1, s.gaps().size(), s.describe());
    assertEquals(2.0, outage(s, 600), 0.5, s.describe());
    assertEquals(662, s.spanSeconds(), 1.5, s.describe());
  }

  @Test
  void aDeviceRestartingUnannouncedAfterFiftyMinutesInventsNoGap() throws Exception {
    Stored s = restartWithoutReconnecting(3000, false);
    assertEquals(306_000, s.samples(), s.describe());
    assertEquals(1, s.gaps().size(), s.describe());
    assertEquals(2.0, outage(s, 3000), 0.5, s.describe());
    assertEquals(3062, s.spanSeconds(), 1.5, s.describe());
  }

  @Test
  void aRestartAnnouncedByADeviceInfoFrameIsStoredAsAGap() throws Exception {
    Stored s = restartWithoutReconnecting(600, true);
    assertEquals(66_000, s.samples(), s.describe());
    assertEquals(1, s.gaps().size(), s.describe());
    assertEquals(2.0, outage(s, 600), 0.5, s.describe());
    assertEquals(662, s.spanSeconds(), 1.5, s.describe());
  }

  // ---------------------------------------------------------------- item 6

  @Test
  void csvOutagesAreStoredWithTheirTrueLength() throws Exception {
    Path f = dir.resolve("csv-unplugged.swrec");
    SittingSensor wearer = new SittingSensor(PITCH_DEG, 4);
    try (CraftedRecording rec = new CraftedRecording(f, 2)) {
      rec.connected(0);
      // the sketch's loop takes 12.5 ms: 80 lines a second, not the 100 the default assumes
      csv(rec, wearer, 0.05, 60, 80, 0, null);
      rec.disconnected(60.1, "device removed").connected(65.1);
      csv(rec, wearer, 65.15, 84.4, 80, 0, null);
    }
    Stored s = replay(f);
    assertEquals(4800 + 6752, s.samples(), s.describe());
    assertEquals(1, s.gaps().size(), s.describe());
    assertEquals(5.0, outage(s, 60), 0.5, s.describe());
    assertEquals(149.5, s.spanSeconds(), 1.5, s.describe());
  }

  /** CSV with a millis() column whose board resets (a brown-out) without a reconnection. */
  @Test
  void timedCsvOfABoardThatResetsKeepsEverySampleAndTheTrueOutage() throws Exception {
    Path f = dir.resolve("csv-millis-reset.swrec");
    SittingSensor wearer = new SittingSensor(PITCH_DEG, 7);
    try (CraftedRecording rec = new CraftedRecording(f, 2)) {
      rec.connected(0).text(0.02, "t_ms,ax,ay,az,gx,gy,gz\r\n");
      // 300 s of uptime (millis() from 1500), then 3 s of silence, then millis() from 400
      for (int part = 0; part < 2; part++) {
        double hostFrom = part == 0 ? 0.05 : 0.05 + 300 + 3;
        long millisFrom = part == 0 ? 1500 : 400;
        int n = part == 0 ? 30_000 : 6_000;
        StringBuilder chunk = new StringBuilder();
        for (int k = 0; k < n; k++) {
          double t = k / 100.0;
          short[] c = SittingSensor.counts(wearer.at(hostFrom + t), 2, 250);
          chunk.append(millisFrom + k * 10L).append(',').append(c[0]).append(',').append(c[1])
              .append(',').append(c[2]).append(',').append(c[3]).append(',').append(c[4])
              .append(',').append(c[5]).append("\r\n");
          if (k % 10 == 9) {
            rec.text(hostFrom + t + 0.01, chunk.toString());
            chunk.setLength(0);
          }
        }
      }
    }
    Stored s = replay(f);
    assertEquals(36_000, s.samples(), s.describe());
    assertEquals(1, s.gaps().size(), s.describe());
    assertEquals(3.0, outage(s, 300), 0.5, s.describe());
    assertEquals(363, s.spanSeconds(), 1.5, s.describe());
  }

  // ---------------------------------------------------------------- items 8 and 9

  @Test
  void allZeroLinesOfAFailedSensorReadAreRejectedAndCounted() throws Exception {
    Path f = dir.resolve("csv-zeros.swrec");
    SittingSensor wearer = new SittingSensor(PITCH_DEG, 5);
    int zeros;
    try (CraftedRecording rec = new CraftedRecording(f, 2)) {
      rec.connected(0);
      // every 20 s the sketch's I2C read fails and it prints zeros
      zeros = csv(rec, wearer, 0.05, 207, 100, 2000, (prev, line, i) -> "0,0,0,0,0,0");
    }
    Stored s = replay(f);
    assertEquals(10, zeros);
    assertEquals(zeros, s.link().malformed(), s.describe());
    assertEquals(20_700 - zeros, s.samples(), s.describe());
    assertEquals(0, s.moving(), s.describe());
    assertEquals(PITCH_DEG, s.flexionMin(), 1.5, s.describe());
    assertEquals(PITCH_DEG, s.flexionMax(), 1.5, s.describe());
    assertTrue(s.gaps().isEmpty(), s.describe());
  }

  @Test
  void linesMergedByLostBytesAreRejectedAndCounted() throws Exception {
    Path f = dir.resolve("csv-merged.swrec");
    SittingSensor wearer = new SittingSensor(PITCH_DEG, 6);
    int merged;
    try (CraftedRecording rec = new CraftedRecording(f, 2)) {
      rec.connected(0);
      // every 10 s bytes are lost across a line end: the previous line (already sent
      // whole) is followed by the head of one line glued to the tail of the next
      merged = csv(rec, wearer, 0.05, 200, 100, 1000, (prev, line, i) -> {
        String[] a = prev.split(",");
        String[] b = line.split(",");
        return switch (i % 3) {
          // 3 fields of one line, 4 of the next: 7 fields, once read as a timed sample
          case 0 -> String.join(",", a[0], a[1], a[2], b[3], b[4], b[5], b[2]);
          // 5 + 5 fields
          case 1 -> String.join(",", a[0], a[1], a[2], a[3], a[4], b[1], b[2], b[3], b[4],
              b[5]);
          // two numbers run together: far outside the int16 range of raw counts
          default -> String.join(",", a[0], a[1], a[2] + b[0].replace("-", ""), b[3], b[4],
              b[5]);
        };
      });
    }
    Stored s = replay(f);
    assertEquals(20, merged);
    assertEquals(merged, s.link().malformed(), s.describe());
    assertEquals(20_000 - merged, s.samples(), s.describe());
    assertEquals(PITCH_DEG, s.flexionMax(), 1.5, s.describe());
    assertEquals(PITCH_DEG, s.flexionMin(), 1.5, s.describe());
  }
}
