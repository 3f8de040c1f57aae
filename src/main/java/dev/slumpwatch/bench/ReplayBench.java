package dev.slumpwatch.bench;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.protocol.DeviceInfoFrame;
import dev.slumpwatch.protocol.FrameEncoder;
import dev.slumpwatch.protocol.Protocol;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sensor.replay.Recording;
import dev.slumpwatch.sensor.replay.RecordingWriter;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes long recordings for the replay benchmark: the simulated wearer's desk scenario,
 * run back to back with other seeds until the wanted length, encoded as frames of the
 * current protocol version (2; the header says so) exactly as the firmware would send them
 * (continuous sequence numbers and 32-bit clock, which wraps every 71.6 minutes), in 1 s
 * chunks with receive times as if received live.
 */
public final class ReplayBench {
  private ReplayBench() {
  }

  /** @return the number of samples written */
  public static long writeRecording(Path file, double hours) throws Exception {
    long total = Math.round(hours * 3600 * SimulatedWearer.RATE_HZ);
    // one wearer, one clip: the mounting stays put; only the day's noise differs
    return write(file, "simulated wearer, desk-2h", total, run -> Scenario.builtIn("desk-2h")
        .withSeed(1000 + run).withMount(new Scenario.MountSpec(false, 8, -12, 5)));
  }

  /** One run of a scenario, as it is (its seed, its mounting). */
  public static long writeRecording(Path file, Scenario scenario) throws Exception {
    long total = Math.round(scenario.durationSeconds() * SimulatedWearer.RATE_HZ);
    return write(file, "simulated wearer, " + scenario.name(), total, run -> scenario);
  }

  private interface Runs {
    Scenario run(int index) throws Exception;
  }

  private static long write(Path file, String what, long total, Runs runs) throws Exception {
    Map<String, String> header = new LinkedHashMap<>();
    header.put("port", "synthetic");
    header.put("started", "2026-03-02T08:00:00Z");
    header.put("recorder", "slumpwatch bench recording (" + what + ")");
    header.put(Recording.HEADER_PROTOCOL, Integer.toString(Protocol.VERSION));
    long[] k = {0};
    byte[] chunk = new byte[SimulatedWearer.RATE_HZ * Protocol.IMU_WIRE];
    byte[] scratch = new byte[Protocol.IMU_BODY];
    int[] n = {0};
    try (RecordingWriter w = new RecordingWriter(file, header)) {
      w.connected(0, "synthetic");
      byte[] info = FrameEncoder.deviceInfo(new DeviceInfoFrame(Protocol.VERSION, 0x5133,
          "sim-1", "MPU-6050 (simulated)", 4, 500, SimulatedWearer.RATE_HZ));
      w.data(0, info, 0, info.length);
      long start = 0xFFFF_FFFFL - 600_000_000L; // wraps 10 minutes in
      for (int run = 0; k[0] < total; run++) {
        SimulatedWearer sim = new SimulatedWearer(runs.run(run), Pacer.unpaced(), null);
        sim.run(e -> {
          if (!(e instanceof SourceEvent.Samples s)) {
            return;
          }
          for (ImuSample x : s.samples()) {
            if (x.sensorIndex() != 0 || k[0] >= total) {
              continue;
            }
            long t = start + k[0] * 10_000;
            ImuSample y = new ImuSample(t, 0, (int) (k[0] & 0xFFFF), x.accelX(), x.accelY(),
                x.accelZ(), x.gyroX(), x.gyroY(), x.gyroZ(), x.flags());
            n[0] += FrameEncoder.imuSample(y, chunk, n[0], scratch);
            k[0]++;
            if (k[0] % SimulatedWearer.RATE_HZ == 0) {
              try {
                w.data(k[0] * 10_000, chunk, 0, n[0]);
              } catch (IOException ex) {
                throw new UncheckedIOException(ex);
              }
              n[0] = 0;
            }
          }
          if (k[0] >= total) {
            sim.close();
          }
        });
      }
      if (n[0] > 0) {
        w.data(k[0] * 10_000, chunk, 0, n[0]);
      }
    }
    return k[0];
  }
}
