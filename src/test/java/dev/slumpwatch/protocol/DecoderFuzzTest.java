package dev.slumpwatch.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.imu.ImuSample;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property test over seeded random mutations of valid streams (bit flips, random bytes,
 * garbage inserted, ranges deleted across frame boundaries, ranges duplicated, delimiters
 * dropped and inserted, ranges swapped): whatever is done to the bytes, no exception escapes
 * the decoders, every sample that comes out is one that was encoded (no invented data
 * reaches the pipeline), and none comes out twice.
 *
 * <p>Protocol version 2 (CRC-16 and CRC-32 over each frame): zero samples not as encoded.
 *
 * <p>Protocol version 1 (CRC-16 only) has an honest limit: a corrupted frame of the right
 * length passes the CRC with probability 2^-16 (a deleted range that glues the head of one
 * sample frame to the tail of another is the usual way), and a million mutations produce
 * some 300,000 such frames, so a few collisions are expected; the field checks (sensor
 * index, reserved flag bits) catch some. That run prints each collision and asserts the
 * count stays within what the CRC's rate explains: anything more would be a hole in the
 * decoder itself. These figures are why version 2 exists (docs/protocol.md section 6).
 */
class DecoderFuzzTest {
  static final int STREAMS = 62_500;
  static final int MUTATIONS_PER_STREAM = 16;
  static final int FRAMES = 64;

  /** What one run found. {@code checkFailures}: frames of the right length that failed a CRC. */
  record Figures(int version, long mutations, long checkFailures, long delivered,
      long invented, long deliveredTwice, long rejected, double seconds) {
    String format() {
      return String.format(Locale.ROOT, "fuzz v%d: %,d mutations over %,d streams in %.1f s: "
          + "%,d corrupted frames of the right length rejected by the check, %,d samples "
          + "delivered, %d not as encoded, %d delivered twice; %,d chunks rejected", version,
          mutations, STREAMS, seconds, checkFailures, delivered, invented, deliveredTwice,
          rejected);
    }
  }

  @Test
  void version2MillionMutationsNeverThrowNorInventSamples() {
    Figures f = run(Protocol.VERSION_2, 0x5EED_F022L);
    System.err.println(f.format());
    assertTrue(f.mutations() >= 1_000_000);
    assertTrue(f.checkFailures() > 100_000, "the mutations must make many frames of the right "
        + "length for the check to be tested: " + f.format());
    assertTrue(f.delivered() > 2_500_000, f.format());
    assertEquals(0, f.invented(), f.format());
    assertEquals(0, f.deliveredTwice(), f.format());
  }

  @Test
  void version1CollisionsStayWithinTheCrc16Rate() {
    Figures f = run(Protocol.VERSION_1, 0x5EED_F022L);
    double expected = f.checkFailures() / 65536.0;
    System.err.printf(Locale.ROOT, "%s; %.1f CRC-16 collisions expected at 2^-16 each%n",
        f.format(), expected);
    assertTrue(f.mutations() >= 1_000_000);
    assertTrue(f.checkFailures() > 100_000, f.format());
    assertEquals(0, f.deliveredTwice(), f.format());
    // every other path (COBS, lengths, fields, timeline) is exact; only the CRC's own
    // 2^-16 may let a corrupted frame through, and no more often than that (Poisson with
    // mean ~5: more than 2 * mean + 3 has probability < 0.5 %)
    assertTrue(f.invented() <= 2 * expected + 3, f.invented() + " invented samples, more than "
        + "CRC-16's collision rate explains (" + expected + " expected)");
  }

  static Figures run(int version, long masterSeed) {
    long t0 = System.nanoTime();
    SplittableRandom master = new SplittableRandom(masterSeed);
    long mutations = 0;
    long emitted = 0;
    long rejected = 0;
    long crcRejected = 0;
    long invented = 0;
    long twice = 0;
    for (int stream = 0; stream < STREAMS; stream++) {
      long seed = master.nextLong();
      SplittableRandom r = new SplittableRandom(seed);
      Set<ImuSample> encoded = new HashSet<>();
      ByteArrayOutputStream out = new ByteArrayOutputStream(FRAMES * 30 + 64);
      out.writeBytes(FrameEncoder.deviceInfo(new DeviceInfoFrame(version, seed, "1.0",
          "MPU-6050", 4, 500, 100)));
      long start = r.nextLong(1L << 32);
      for (int k = 0; k < FRAMES; k++) {
        ImuSample s = FaultyStream.sample(k, start, r);
        if (r.nextInt(8) == 0) {
          s = new ImuSample(s.deviceTimeMicros(), 1, s.sequence(), s.accelX(), s.accelY(),
              s.accelZ(), s.gyroX(), s.gyroY(), s.gyroZ(), s.flags());
        }
        encoded.add(key(s));
        out.writeBytes(FrameEncoder.imuSample(version, s));
        if (r.nextInt(16) == 0) {
          out.writeBytes(FrameEncoder.status(version, new StatusFrame(r.nextInt(65536), k)));
        }
      }
      byte[] bytes = out.toByteArray();
      for (int m = 0; m < MUTATIONS_PER_STREAM; m++) {
        bytes = mutate(bytes, r, Protocol.imuWire(version));
        mutations++;
      }
      long[] count = new long[3];
      Set<ImuSample> delivered = new HashSet<>();
      FrameDecoder d = new FrameDecoder(s -> {
        count[0]++;
        ImuSample k = key(s);
        if (!encoded.contains(k)) {
          count[1]++;
          System.err.printf(Locale.ROOT, "v%d stream seed %d: a corrupted frame passed the "
              + "check: %s; sent: %s%n", version, seed, s, encoded.stream()
              .filter(e -> e.sequence() == s.sequence()).toList());
        } else if (!delivered.add(k)) {
          count[2]++;
          System.err.printf(Locale.ROOT, "v%d stream seed %d: delivered twice: %s%n", version,
              seed, s);
        }
      }, version);
      LinkDecoder link = new LinkDecoder(s -> { }, TextFormat.DEFAULTS, version, msg -> { },
          f -> { });
      try {
        for (int i = 0; i < bytes.length; ) {
          int n = Math.min(bytes.length - i, r.nextInt(1, 300));
          d.feed(bytes, i, n);
          link.feed(bytes, i, n);
          i += n;
        }
      } catch (RuntimeException e) {
        throw new AssertionError("v" + version + " stream seed " + seed + ": the decoder threw",
            e);
      }
      DecoderStats st = d.stats();
      emitted += count[0];
      invented += count[1];
      twice += count[2];
      rejected += st.resyncs();
      crcRejected += st.crcErrors();
      assertEquals(st.samples(), count[0]);
    }
    return new Figures(version, mutations, crcRejected, emitted, invented, twice, rejected,
        (System.nanoTime() - t0) / 1e9);
  }

  /** Identity of a sample as sent: the time on the device's 32-bit clock, not the timeline. */
  private static ImuSample key(ImuSample s) {
    return new ImuSample(s.deviceTimeMicros() & 0xFFFF_FFFFL, s.sensorIndex(), s.sequence(),
        s.accelX(), s.accelY(), s.accelZ(), s.gyroX(), s.gyroY(), s.gyroZ(), s.flags());
  }

  /**
   * One random mutation. {@code block}: the length of the ranges the last kind swaps, the
   * wire length of a sample frame, so that swaps glue frame pieces into chunks of exactly
   * a frame's length (splices, the hardest case for the check).
   */
  private static byte[] mutate(byte[] b, SplittableRandom r, int block) {
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
        if (len < 2 * block + 10) {
          return b;
        }
        int at = r.nextInt(len - 2 * block);
        byte[] x = Arrays.copyOfRange(b, at, at + block);
        byte[] y = Arrays.copyOfRange(b, at + block, at + 2 * block);
        System.arraycopy(y, 0, b, at, block);
        System.arraycopy(x, 0, b, at + block, block);
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
