package dev.slumpwatch.protocol;

/**
 * CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final
 * XOR. The check value of the ASCII bytes "123456789" is 0x29B1. Table driven, so the
 * decoder pays one lookup per byte.
 */
public final class Crc16 {
  public static final int INITIAL = 0xFFFF;
  private static final char[] TABLE = new char[256];

  static {
    for (int i = 0; i < 256; i++) {
      int crc = i << 8;
      for (int b = 0; b < 8; b++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      TABLE[i] = (char) (crc & 0xFFFF);
    }
  }

  private Crc16() {
  }

  /** Continues a CRC over {@code len} bytes from {@code off}. */
  public static int update(int crc, byte[] data, int off, int len) {
    int c = crc;
    for (int i = off, end = off + len; i < end; i++) {
      c = ((c << 8) ^ TABLE[((c >>> 8) ^ data[i]) & 0xFF]) & 0xFFFF;
    }
    return c;
  }

  public static int compute(byte[] data, int off, int len) {
    return update(INITIAL, data, off, len);
  }
}
