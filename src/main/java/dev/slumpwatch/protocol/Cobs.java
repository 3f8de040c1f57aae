package dev.slumpwatch.protocol;

/**
 * Consistent Overhead Byte Stuffing: removes every 0x00 from a frame so that 0x00 can
 * delimit frames on the wire. A body of n bytes encodes to at most n + 1 + n/254 bytes.
 * The streaming decoder lives in {@link FrameDecoder}; this class encodes, and decodes
 * whole frames for tests and tools.
 */
public final class Cobs {
  private Cobs() {
  }

  public static int maxEncodedLength(int len) {
    return len + 1 + len / 254;
  }

  /**
   * Encodes {@code len} bytes of {@code src} from {@code off} into {@code dst} at
   * {@code dstOff}, without the trailing delimiter.
   *
   * @return the number of bytes written
   */
  public static int encode(byte[] src, int off, int len, byte[] dst, int dstOff) {
    int codePos = dstOff;
    int out = dstOff + 1;
    int code = 1;
    for (int i = off, end = off + len; i < end; i++) {
      byte b = src[i];
      if (b == 0) {
        dst[codePos] = (byte) code;
        codePos = out++;
        code = 1;
      } else {
        dst[out++] = b;
        code++;
        if (code == 0xFF) {
          dst[codePos] = (byte) code;
          codePos = out++;
          code = 1;
        }
      }
    }
    dst[codePos] = (byte) code;
    return out - dstOff;
  }

  /**
   * Decodes one frame (delimiter excluded).
   *
   * @return the decoded bytes, or null if the input is not valid COBS (a zero inside, or
   *     a block running past the end)
   */
  public static byte[] decode(byte[] src, int off, int len) {
    byte[] out = new byte[len];
    int n = 0;
    int i = off;
    int end = off + len;
    while (i < end) {
      int code = src[i++] & 0xFF;
      if (code == 0 || i + code - 1 > end) {
        return null;
      }
      for (int k = 1; k < code; k++) {
        byte b = src[i++];
        if (b == 0) {
          return null;
        }
        out[n++] = b;
      }
      if (code < 0xFF && i < end) {
        out[n++] = 0;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
