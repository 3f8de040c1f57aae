package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.ImuSample;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stream of IMU-sample frames with faults injected at given rates, and exactly what a
 * correct decoder must make of it: the intact samples, and the counters. Used by the
 * decoder tests and the socat integration test.
 *
 * <p>Faults, each chosen so that its effect on the counters is certain: a garbage burst
 * (1..60 non-zero bytes, the first ≥ 0x80 so it cannot be a COBS block, then a 0x00) is
 * one malformed chunk; a bit flip in a payload or CRC byte (never a COBS code byte, never
 * turning a byte into 0x00) is one CRC error; a frame cut short and delimited is one
 * malformed chunk; a frame sent twice is one duplicate; a frame left out is one missing
 * by sequence, as is every corrupted frame (the last frame is always intact, so every
 * loss is seen by sequence).
 */
public final class FaultyStream {
  public record Rates(double garbage, double bitFlip, double truncate, double duplicate,
      double drop) {
    public static final Rates NONE = new Rates(0, 0, 0, 0, 0);
  }

  public final byte[] bytes;
  public final List<ImuSample> intact;
  public final long garbage;
  public final long flips;
  public final long truncations;
  public final long duplicates;
  public final long missing;
  public final long discardedBytes;

  private FaultyStream(byte[] bytes, List<ImuSample> intact, long garbage, long flips,
      long truncations, long duplicates, long missing, long discardedBytes) {
    this.bytes = bytes;
    this.intact = intact;
    this.garbage = garbage;
    this.flips = flips;
    this.truncations = truncations;
    this.duplicates = duplicates;
    this.missing = missing;
    this.discardedBytes = discardedBytes;
  }

  /** A sample of frame k: 100 Hz, the 32-bit clock starting at {@code startMicros}. */
  public static ImuSample sample(long k, long startMicros, SplittableRandom r) {
    long t = (startMicros + k * 10_000) & 0xFFFF_FFFFL;
    short[] v = new short[6];
    for (int i = 0; i < 6; i++) {
      // mostly small values (zero bytes for COBS), sometimes full scale
      int x = r.nextInt(10) == 0 ? r.nextInt(-32768, 32768) : r.nextInt(-300, 300);
      v[i] = (short) x;
    }
    return new ImuSample(t, 0, (int) (k & 0xFFFF), v[0], v[1], v[2], v[3], v[4], v[5],
        ImuSample.saturationFlags(v[0], v[1], v[2], v[3], v[4], v[5]));
  }

  public static FaultyStream build(long seed, int frames, long startMicros, Rates rates) {
    SplittableRandom r = new SplittableRandom(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream(frames * Protocol.IMU_WIRE);
    List<ImuSample> intact = new ArrayList<>();
    long garbage = 0;
    long flips = 0;
    long truncs = 0;
    long dups = 0;
    long missing = 0;
    long discarded = 0;
    for (int k = 0; k < frames; k++) {
      ImuSample s = sample(k, startMicros, r);
      byte[] f = FrameEncoder.imuSample(s);
      boolean last = k == frames - 1;
      if (r.nextDouble() < rates.garbage()) {
        int n = r.nextInt(1, 61);
        out.write(r.nextInt(0x80, 0x100));
        for (int i = 1; i < n; i++) {
          out.write(r.nextInt(1, 256));
        }
        out.write(0);
        garbage++;
        discarded += n;
      }
      if (!last && r.nextDouble() < rates.drop()) {
        missing++;
        continue;
      }
      if (!last && r.nextDouble() < rates.bitFlip()) {
        int pos = dataPosition(f, r);
        int bit = 1 << r.nextInt(8);
        if (((f[pos] & 0xFF) ^ bit) == 0) {
          bit = bit == 1 ? 2 : 1;
        }
        f[pos] ^= (byte) bit;
        out.writeBytes(f);
        flips++;
        missing++;
        discarded += f.length - 1;
        continue;
      }
      if (!last && r.nextDouble() < rates.truncate()) {
        int cut = r.nextInt(1, f.length - 1);
        out.write(f, 0, cut);
        out.write(0);
        truncs++;
        missing++;
        discarded += cut;
        continue;
      }
      out.writeBytes(f);
      intact.add(s);
      if (r.nextDouble() < rates.duplicate()) {
        out.writeBytes(f);
        dups++;
      }
    }
    return new FaultyStream(out.toByteArray(), intact, garbage, flips, truncs, dups, missing,
        discarded);
  }

  /** A position in the encoded frame holding a payload or CRC byte (not a code byte, not the type). */
  private static int dataPosition(byte[] f, SplittableRandom r) {
    boolean[] code = new boolean[f.length];
    for (int i = 0; i < f.length - 1; i += f[i] & 0xFF) {
      code[i] = true;
    }
    while (true) {
      int p = r.nextInt(2, f.length - 1);
      if (!code[p]) {
        return p;
      }
    }
  }
}
