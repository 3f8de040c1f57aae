package dev.slumpwatch.protocol;

/**
 * Tells from the first bytes of a connection whether they were read at the sender's baud
 * rate. At the right rate a slumpwatch board's bytes hold frames that pass their checks,
 * and a sketch's bytes are lines of printable text. Read at another rate, every character
 * is cut at the wrong places: the receiver sees bytes made of the sender's bits at the
 * wrong instants, mostly framing errors (which the serial driver hands on as 0x00 or
 * drops), bytes above 0x7E, and hardly ever a line end; a frame passing a CRC-16 and a
 * CRC-32 never.
 *
 * <p>So: {@link Verdict#READABLE} as soon as one valid frame (of either protocol version)
 * or {@link #LINES} complete printable lines came; {@link Verdict#GARBLED} when the bytes
 * are mostly not text (a quarter or more non-printable) and no frame came in
 * {@link #BINARY_BYTES} bytes or {@link #PATIENCE_MICROS} (a fast sender read at a slow
 * rate gives few bytes), or when {@link #TEXT_BYTES} bytes held no two clean lines. Text
 * that trickles slowly is waited for; silence decides nothing.
 */
public final class BaudProbe {
  public enum Verdict { UNDECIDED, READABLE, GARBLED }

  static final int LINES = 2;
  /** A line needs this many characters to count: a stray "\r\n" proves nothing. */
  static final int MIN_LINE = 4;
  /** Three of the largest frames: one must have come whole. */
  static final int BINARY_BYTES = 3 * Protocol.MAX_BODY + 3;
  /** Two of the longest lines and the tail of one cut by the connection. */
  static final int TEXT_BYTES = 3 * TextLineDecoder.MAX_LINE;
  static final long PATIENCE_MICROS = 4_000_000;

  private final FrameDecoder frames;
  private long bytes;
  private long nonPrintable;
  private int cleanLines;
  private int lineLen;
  private boolean lineClean = true;
  private long firstMicros = -1;
  private Verdict verdict = Verdict.UNDECIDED;

  /** @param protocolVersion the binary protocol the link is read as (1 or 2) */
  public BaudProbe(int protocolVersion) {
    this.frames = new FrameDecoder(s -> { }, protocolVersion);
  }

  /** Bytes read at {@code hostMicros}. @return the verdict so far */
  public Verdict feed(byte[] data, int off, int len, long hostMicros) {
    if (verdict != Verdict.UNDECIDED || len == 0) {
      return verdict;
    }
    if (firstMicros < 0) {
      firstMicros = hostMicros;
    }
    frames.feed(data, off, len);
    for (int i = off; i < off + len; i++) {
      int b = data[i] & 0xFF;
      bytes++;
      if (b == '\n' || b == '\r') {
        if (lineClean && lineLen >= MIN_LINE) {
          cleanLines++;
        }
        lineClean = true;
        lineLen = 0;
      } else if (b == '\t' || b >= 0x20 && b <= 0x7E) {
        lineLen++;
      } else {
        nonPrintable++;
        lineClean = false;
        lineLen++;
      }
    }
    if (frames.stats().frames() > 0 || frames.otherVersionFrames() > 0
        || cleanLines >= LINES) {
      verdict = Verdict.READABLE;
    } else if (nonPrintable * 4 >= bytes && (bytes >= BINARY_BYTES
        || bytes >= 8 && hostMicros - firstMicros >= PATIENCE_MICROS) || bytes >= TEXT_BYTES) {
      verdict = Verdict.GARBLED;
    }
    return verdict;
  }

  public Verdict verdict() {
    return verdict;
  }

  public long bytes() {
    return bytes;
  }
}
