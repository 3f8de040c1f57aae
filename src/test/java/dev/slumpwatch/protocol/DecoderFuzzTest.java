package dev.slumpwatch.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.sensor.ImuSample;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property test over seeded random mutations of valid streams: whatever is done to the
 * bytes, no exception escapes the decoders, and every sample that comes out is one that
 * was encoded (no invented data reaches the pipeline).
 *
 * <p>Honest limit: the protocol's CRC-16 passes a corrupted frame of the right length with
 * probability 2^-16 (a deleted range that glues the head of one sample frame to the tail
 * of another is the usual way), and a million mutations produce some 300,000 such frames,
 * so a few collisions are expected; the field checks (sensor index, reserved flag bits)
 * catch some. The test prints each collision and asserts the count stays within what the
 * CRC's rate explains: anything more would be a hole in the decoder itself.
 */
class DecoderFuzzTest {
  static final int STREAMS = 62_500;
  static final int MUTATIONS_PER_STREAM = 16;
  static final int FRAMES = 64;

  @Test
  void millionMutationsNeverThrowNorInventSamples() {
    long t0 = System.nanoTime();
    SplittableRandom master = new SplittableRandom(0x5EED_F022L);
    long mutations = 0;
    long emitted = 0;
    long rejected = 0;
    long crcRejected = 0;
    long invented = 0;
    for (int stream = 0; stream < STREAMS; stream++) {
      long seed = master.nextLong();
      SplittableRandom r = new SplittableRandom(seed);
      Set<ImuSample> encoded = new HashSet<>();
      ByteArrayOutputStream out = new ByteArrayOutputStream(FRAMES * 26 + 64);
      out.writeBytes(FrameEncoder.deviceInfo(new DeviceInfoFrame(1, seed, "1.0", "MPU-6050", 4,
          500, 100)));
      long start = r.nextLong(1L << 32);
      for (int k = 0; k < FRAMES; k++) {
        ImuSample s = FaultyStream.sample(k, start, r);
        if (r.nextInt(8) == 0) {
          s = new ImuSample(s.deviceTimeMicros(), 1, s.sequence(), s.accelX(), s.accelY(),
              s.accelZ(), s.gyroX(), s.gyroY(), s.gyroZ(), s.flags());
        }
        encoded.add(key(s));
        out.writeBytes(FrameEncoder.imuSample(s));
        if (r.nextInt(16) == 0) {
          out.writeBytes(FrameEncoder.status(new StatusFrame(r.nextInt(65536), k)));
        }
      }
      byte[] bytes = out.toByteArray();
      for (int m = 0; m < MUTATIONS_PER_STREAM; m++) {
        bytes = mutate(bytes, r);
        mutations++;
      }
      long[] count = new long[2];
      FrameDecoder d = new FrameDecoder(s -> {
        count[0]++;
        if (!encoded.contains(key(s))) {
          count[1]++;
          System.err.printf(Locale.ROOT, "stream seed %d: CRC-16 collision let through %s; "
              + "sent: %s%n", seed, s, encoded.stream().filter(e -> e.sequence() == s.sequence())
              .toList());
        }
      });
      LinkDecoder link = new LinkDecoder(s -> { }, TextFormat.DEFAULTS, msg -> { }, f -> { });
      try {
        for (int i = 0; i < bytes.length; ) {
          int n = Math.min(bytes.length - i, r.nextInt(1, 300));
          d.feed(bytes, i, n);
          link.feed(bytes, i, n);
          i += n;
        }
      } catch (RuntimeException e) {
        throw new AssertionError("stream seed " + seed + ": the decoder threw", e);
      }
      DecoderStats st = d.stats();
      emitted += count[0];
      invented += count[1];
      rejected += st.resyncs();
      crcRejected += st.crcErrors();
      assertEquals(st.samples(), count[0]);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double expected = crcRejected / 65536.0;
    System.err.printf(Locale.ROOT, "fuzz: %,d mutations over %,d streams in %.1f s: %,d samples "
        + "delivered, %d not as encoded (CRC-16 collisions; %.1f expected from %,d corrupted "
        + "frames of the right length at 2^-16 each); %,d chunks rejected%n",
        mutations, STREAMS, seconds, emitted, invented, expected, crcRejected, rejected);
    assertTrue(mutations >= 1_000_000);
    // every other path (COBS, lengths, fields, timeline) is exact; only the CRC's own
    // 2^-16 may let a corrupted frame through, and no more often than that
    assertTrue(invented <= 2 * expected + 3, invented + " invented samples, more than CRC-16's "
        + "collision rate explains (" + expected + " expected)");
  }

  /** Identity of a sample as sent: the time on the device's 32-bit clock, not the timeline. */
  private static ImuSample key(ImuSample s) {
    return new ImuSample(s.deviceTimeMicros() & 0xFFFF_FFFFL, s.sensorIndex(), s.sequence(),
        s.accelX(), s.accelY(), s.accelZ(), s.gyroX(), s.gyroY(), s.gyroZ(), s.flags());
  }

  private static byte[] mutate(byte[] b, SplittableRandom r) {
    int len = b.length;
    switch (r.nextInt(8)) {
      case 0 -> { // bit flip
        if (len > 0) {
          b[r.nextInt(len)] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      }
      case 1 -> { // random byte
        if (len > 0) {
          b[r.nextInt(len)] = (byte) r.nextInt(256);
        }
        return b;
      }
      case 2 -> { // insert garbage
        int at = r.nextInt(len + 1);
        byte[] g = new byte[r.nextInt(1, 40)];
        r.nextBytes(g);
        return splice(b, at, 0, g);
      }
      case 3 -> { // delete a range (truncates frames, merges neighbours)
        if (len == 0) {
          return b;
        }
        int at = r.nextInt(len);
        return splice(b, at, Math.min(len - at, r.nextInt(1, 40)), new byte[0]);
      }
      case 4 -> { // duplicate a range
        if (len == 0) {
          return b;
        }
        int at = r.nextInt(len);
        int n = Math.min(len - at, r.nextInt(1, 60));
        return splice(b, at, 0, Arrays.copyOfRange(b, at, at + n));
      }
      case 5 -> { // drop a delimiter (two frames merge)
        for (int tries = 0; tries < 8 && len > 0; tries++) {
          int at = r.nextInt(len);
          if (b[at] == 0) {
            return splice(b, at, 1, new byte[0]);
          }
        }
        return b;
      }
      case 6 -> { // insert a delimiter (a frame splits)
        return splice(b, r.nextInt(len + 1), 0, new byte[] {0});
      }
      default -> { // swap two ranges' positions: reordering
        if (len < 60) {
          return b;
        }
        int at = r.nextInt(len - 50);
        byte[] x = Arrays.copyOfRange(b, at, at + 25);
        byte[] y = Arrays.copyOfRange(b, at + 25, at + 50);
        System.arraycopy(y, 0, b, at, 25);
        System.arraycopy(x, 0, b, at + 25, 25);
        return b;
      }
    }
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    byte[] out = new byte[b.length - remove + insert.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
    return out;
  }
}
