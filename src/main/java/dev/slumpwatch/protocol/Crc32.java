package dev.slumpwatch.protocol;

/**
 * CRC-32/ISO-HDLC, the CRC of zlib, PNG, Ethernet and {@link java.util.zip.CRC32}:
 * polynomial 0x04C11DB7 reflected (0xEDB88320), initial value 0xFFFFFFFF, input and output
 * reflected, final XOR 0xFFFFFFFF. The check value of the ASCII bytes "123456789" is
 * 0xCBF43926. Protocol version 2 appends it to every frame (docs/protocol.md). Table
 * driven, one lookup per byte; results are the unsigned value in an {@code int}'s bits.
 */
public final class Crc32 {
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int crc = i;
      for (int b = 0; b < 8; b++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xEDB88320 : crc >>> 1;
      }
      TABLE[i] = crc;
    }
  }

  private Crc32() {
  }

  /** The CRC-32 of {@code len} bytes from {@code off}. */
  public static int compute(byte[] data, int off, int len) {
    int c = 0xFFFFFFFF;
    for (int i = off, end = off + len; i < end; i++) {
      c = (c >>> 8) ^ TABLE[(c ^ data[i]) & 0xFF];
    }
    return ~c;
  }
}
