package dev.slumpwatch.bench;

import dev.slumpwatch.protocol.FrameDecoder;
import dev.slumpwatch.protocol.FrameEncoder;
import dev.slumpwatch.protocol.Protocol;
import dev.slumpwatch.protocol.StatusFrame;
import dev.slumpwatch.imu.ImuSample;
import java.util.SplittableRandom;

/**
 * Throughput of the binary frame decoder: a prepared stream of sample frames (100 Hz,
 * realistic small values with zeros for COBS to stuff, one status frame a second) fed
 * in 4 KiB chunks, as the serial reader would. Counted per byte; printed as MB/s. Either
 * protocol version (version 2 computes a CRC-32 besides the CRC-16 of every frame).
 */
public final class DecoderBench {
  private DecoderBench() {
  }

  /** About {@code megabytes} MB of wire bytes of the current protocol version. */
  public static byte[] stream(int megabytes) {
    return stream(Protocol.VERSION, megabytes);
  }

  /** About {@code megabytes} MB of wire bytes of protocol {@code version}. */
  public static byte[] stream(int version, int megabytes) {
    int wire = Protocol.imuWire(version);
    int frames = megabytes * 1_000_000 / wire;
    byte[] out = new byte[frames * wire + frames / 100 * 16 + 64];
    byte[] scratch = new byte[Protocol.imuBody(version)];
    SplittableRandom r = new SplittableRandom(42);
    int n = 0;
    for (int k = 0; k < frames; k++) {
      ImuSample s = new ImuSample(k * 10_000L, 0, k & 0xFFFF, (short) r.nextInt(-400, 400),
          (short) r.nextInt(-400, 400), (short) (8192 + r.nextInt(-400, 400)),
          (short) r.nextInt(-50, 50), (short) r.nextInt(-50, 50), (short) r.nextInt(-50, 50), 0);
      n += FrameEncoder.imuSample(version, s, out, n, scratch);
      if (k % 100 == 99) {
        byte[] st = FrameEncoder.status(version, new StatusFrame(3700, 0));
        System.arraycopy(st, 0, out, n, st.length);
        n += st.length;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  public static Bench.Result run(byte[] stream, double maxSeconds) {
    return run(Protocol.VERSION, stream, maxSeconds);
  }

  public static Bench.Result run(int version, byte[] stream, double maxSeconds) {
    return Bench.measure("frame decoder v" + version + " (per byte)", stream.length, 3, 10,
        maxSeconds, () -> {
      long[] sum = new long[1];
      FrameDecoder d = new FrameDecoder(s -> sum[0] += s.accelX(), version);
      for (int off = 0; off < stream.length; off += 4096) {
        d.feed(stream, off, Math.min(4096, stream.length - off));
      }
      return sum[0] + d.stats().frames();
    }, null);
  }

  public static double megabytesPerSecond(Bench.Result r) {
    return 1e3 / r.medianNsPerOp();
  }
}
