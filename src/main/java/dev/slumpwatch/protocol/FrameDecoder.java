package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.ImuSample;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Streaming decoder of protocol frames, version 2 by default or version 1 when asked
 * (see docs/protocol.md). Feed it byte chunks as they arrive, split anywhere; it calls the
 * {@link FrameListener} for every valid frame.
 *
 * <p>It never throws on bad input. Whatever lies between two 0x00 delimiters and is not a
 * valid frame (line noise, a frame cut short by a reconnection, a bit flip caught by the
 * check, a frame of a future version) is dropped, counted, and decoding resumes at the next
 * delimiter. Version 1's CRC-16 lets through a corrupted frame of the right length with
 * probability 2^-16; version 2 adds a CRC-32 over the same bytes, so such a frame must pass
 * 48 check bits (docs/protocol.md section 6). Field values are checked too (sensor index,
 * reserved flag bits, ranges, rate, the announced version).
 *
 * <p>A decoder reads one version. A frame that is valid in the other version (wrong length
 * for this one, but the right length and check for the other) is dropped and counted as
 * {@link DecoderStats#otherVersion()}, so that a link configured for the wrong version
 * says so instead of only reporting malformed frames; such a frame is never delivered.
 *
 * <p>Speed: one pass over the bytes, the body decoded into a fixed array, no allocation
 * per byte or per rejected frame; a sample costs one {@link ImuSample}. Not thread-safe:
 * the reader thread owns it. {@link #stats()} may be called from any thread (the counters
 * are copied as plain reads; a snapshot can be a few frames stale).
 */
public final class FrameDecoder {
  private final FrameListener listener;
  private final int version;
  private final int trailer; // check bytes after the payload
  private final SampleTimeline timeline;
  /** When the host received the bytes being decoded, or -1 when not known. */
  private long hostMicros = -1;
  private final byte[] body = new byte[Protocol.MAX_BODY];

  // COBS state between chunks
  private int n;            // body bytes decoded so far
  private int codeLeft;     // data bytes left in the current COBS block
  private boolean zeroPending; // the current block ends with an implied zero
  private int chunkLen;     // bytes since the last delimiter
  private boolean overflow; // the chunk is longer than any valid frame

  private long bytes;
  private long frames;
  private long samples;
  private long crcErrors;
  private long malformed;
  private long unknownTypes;
  private long discardedBytes;
  private long otherVersion;

  /** A decoder of the current protocol version ({@link Protocol#VERSION}). */
  public FrameDecoder(FrameListener listener) {
    this(listener, Protocol.VERSION);
  }

  /**
   * @param version the protocol version the device speaks, 1 or 2
   * @throws IllegalArgumentException for another version
   */
  public FrameDecoder(FrameListener listener, int version) {
    this(listener, version, new SampleTimeline());
  }

  /** A decoder placing its samples on a timeline it shares (with a link's text decoder). */
  FrameDecoder(FrameListener listener, int version, SampleTimeline timeline) {
    this.timeline = timeline;
    this.listener = listener;
    this.version = Protocol.checkVersion(version);
    this.trailer = Protocol.trailer(version);
  }

  public int version() {
    return version;
  }

  /** Frames valid only in the other protocol version, dropped so far. */
  public long otherVersionFrames() {
    return otherVersion;
  }

  public void feed(byte[] data) {
    feed(data, 0, data.length);
  }

  public void feed(ByteBuffer buf) {
    if (buf.hasArray()) {
      feed(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
      buf.position(buf.limit());
    } else {
      byte[] tmp = new byte[Math.min(buf.remaining(), 8192)];
      while (buf.hasRemaining()) {
        int k = Math.min(tmp.length, buf.remaining());
        buf.get(tmp, 0, k);
        feed(tmp, 0, k);
      }
    }
  }

  /**
   * Decodes bytes the host received at {@code hostMicros} (its monotonic clock, as a
   * recording keeps it): with receive times the decoder can tell a device clock that
   * started over or jumped from one to trust (see {@link SampleTimeline}).
   */
  public void feed(byte[] data, int off, int len, long hostMicros) {
    this.hostMicros = hostMicros;
    decode(data, off, len);
  }

  /** Decodes {@code len} bytes of {@code data} from {@code off}, receive time unknown. */
  public void feed(byte[] data, int off, int len) {
    this.hostMicros = -1;
    decode(data, off, len);
  }

  private void decode(byte[] data, int off, int len) {
    if (off < 0 || len < 0 || off + len > data.length) {
      throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", array "
          + data.length); // a caller's bug, not bad input
    }
    bytes += len;
    final byte[] body = this.body;
    int n = this.n;
    int codeLeft = this.codeLeft;
    boolean zeroPending = this.zeroPending;
    int chunkLen = this.chunkLen;
    boolean overflow = this.overflow;
    for (int i = off, end = off + len; i < end; i++) {
      byte b = data[i];
      if (b == 0) {
        if (chunkLen > 0) {
          if (overflow || codeLeft != 0) {
            reject(chunkLen, false);
          } else {
            frame(n, chunkLen);
          }
        }
        n = 0;
        codeLeft = 0;
        zeroPending = false;
        chunkLen = 0;
        overflow = false;
        continue;
      }
      chunkLen++;
      if (overflow) {
        continue;
      }
      if (codeLeft == 0) {
        if (zeroPending) {
          if (n == body.length) {
            overflow = true;
            continue;
          }
          body[n++] = 0;
        }
        int code = b & 0xFF;
        codeLeft = code - 1;
        zeroPending = code != 0xFF;
      } else {
        if (n == body.length) {
          overflow = true;
          continue;
        }
        body[n++] = b;
        codeLeft--;
      }
    }
    this.n = n;
    this.codeLeft = codeLeft;
    this.zeroPending = zeroPending;
    this.chunkLen = chunkLen;
    this.overflow = overflow;
  }

  private void reject(int chunk, boolean crc) {
    if (crc) {
      crcErrors++;
    } else {
      malformed++;
    }
    discardedBytes += chunk;
  }

  /**
   * Drops any partial frame (the bytes before a reconnection) and lets the device's clock
   * start over: see {@link SampleTimeline#allowRestart}.
   *
   * @param outageMicros how long the link was down, as measured by the host
   */
  public void reconnected(long outageMicros) {
    if (chunkLen > 0) {
      reject(chunkLen, false);
    }
    n = 0;
    codeLeft = 0;
    zeroPending = false;
    chunkLen = 0;
    overflow = false;
    timeline.allowRestart(outageMicros);
  }

  private void frame(int len, int chunk) {
    if (len == 0) {
      reject(chunk, false);
      return;
    }
    byte[] b = body;
    int type = b[0] & 0xFF;
    int expected = len < 1 + trailer ? len + 1 : expectedLength(type, len, trailer);
    if (expected < 0) {
      // unknown type: the check decides between a newer protocol's frame and noise
      if (checkOk(len)) {
        frames++;
        unknownTypes++;
      } else {
        reject(chunk, true);
      }
      return;
    }
    if (len != expected) {
      // too short, or the wrong length for its type: a frame of the other version?
      if (otherVersionFrame(type, len)) {
        otherVersion++;
        discardedBytes += chunk;
      } else {
        reject(chunk, false);
      }
      return;
    }
    if (!checkOk(len)) {
      reject(chunk, true);
      return;
    }
    switch (type) {
      case Protocol.TYPE_IMU_SAMPLE -> imu(chunk);
      case Protocol.TYPE_DEVICE_INFO -> info(len, chunk);
      case Protocol.TYPE_STATUS -> {
        frames++;
        listener.status(new StatusFrame(u16(b, 1), u32(b, 3)));
      }
      case Protocol.TYPE_CMD_SET_RATE -> {
        int rate = u16(b, 1);
        if (rate < Protocol.MIN_RATE_HZ || rate > Protocol.MAX_RATE_HZ) {
          reject(chunk, false);
          return;
        }
        frames++;
        listener.command(new Command(type, rate));
      }
      default -> {
        frames++;
        listener.command(new Command(type, 0));
      }
    }
  }

  /**
   * The body length a frame of this type must have with a check of {@code trailer} bytes,
   * or -1 for an unknown type.
   */
  private int expectedLength(int type, int len, int trailer) {
    switch (type) {
      case Protocol.TYPE_IMU_SAMPLE:
        return 1 + Protocol.IMU_PAYLOAD + trailer;
      case Protocol.TYPE_STATUS:
        return 1 + Protocol.STATUS_PAYLOAD + trailer;
      case Protocol.TYPE_CMD_INFO:
      case Protocol.TYPE_CMD_START:
      case Protocol.TYPE_CMD_STOP:
        return 1 + trailer;
      case Protocol.TYPE_CMD_SET_RATE:
        return 1 + Protocol.SET_RATE_PAYLOAD + trailer;
      case Protocol.TYPE_DEVICE_INFO: {
        // fixed part, firmware string, model string, each length-prefixed
        int fixed = 1 + Protocol.INFO_FIXED_PAYLOAD;
        if (len < fixed + 1 + 1 + trailer) {
          return len + 1; // cannot hold its own length fields: wrong length
        }
        int fw = body[fixed] & 0xFF;
        int modelAt = fixed + 1 + fw;
        if (fw > Protocol.MAX_STRING || modelAt >= len - trailer) {
          return len + 1;
        }
        int model = body[modelAt] & 0xFF;
        return model > Protocol.MAX_STRING ? len + 1 : modelAt + 1 + model + trailer;
      }
      default:
        return -1;
    }
  }

  /** The body's check, in this decoder's version: CRC-16, then (version 2) CRC-32. */
  private boolean checkOk(int len) {
    int data = len - trailer;
    if (Crc16.compute(body, 0, data) != u16(body, data)) {
      return false;
    }
    return trailer == Protocol.TRAILER_V1
        || Crc32.compute(body, 0, data) == (int) u32(body, data + 2);
  }

  /** Whether a body of the wrong length for this version is a valid frame of the other. */
  private boolean otherVersionFrame(int type, int len) {
    int other = trailer == Protocol.TRAILER_V1 ? Protocol.TRAILER_V2 : Protocol.TRAILER_V1;
    if (len < 1 + other || expectedLength(type, len, other) != len) {
      return false;
    }
    int data = len - other;
    return Crc16.compute(body, 0, data) == u16(body, data) && (other == Protocol.TRAILER_V1
        || Crc32.compute(body, 0, data) == (int) u32(body, data + 2));
  }

  private void imu(int chunk) {
    byte[] b = body;
    int sensor = b[7] & 0xFF;
    int flags = b[20] & 0xFF;
    if (sensor >= Protocol.MAX_SENSORS || (flags & ~Protocol.IMU_FLAGS_DEFINED) != 0) {
      reject(chunk, false);
      return;
    }
    frames++;
    int seq = u16(b, 1);
    // the frame's identity, should it come again after a device-info frame: time and CRC
    long t = timeline.placeRaw32(u32(b, 3), sensor, seq, u32(b, 3) << 16 | u16(b, 21),
        hostMicros);
    if (t < 0) {
      return;
    }
    samples++;
    listener.sample(new ImuSample(t, sensor, seq, s16(b, 8), s16(b, 10), s16(b, 12),
        s16(b, 14), s16(b, 16), s16(b, 18), flags));
  }

  private void info(int len, int chunk) {
    byte[] b = body;
    int version = b[1] & 0xFF;
    int accel = b[2] & 0xFF;
    int gyro = u16(b, 3);
    int rate = u16(b, 5);
    long id = u32(b, 7);
    int fw = b[11] & 0xFF;
    String firmware = ascii(12, fw);
    int model = b[12 + fw] & 0xFF;
    String sensorModel = ascii(13 + fw, model);
    boolean rangesOk = (accel == 2 || accel == 4 || accel == 8 || accel == 16)
        && (gyro == 250 || gyro == 500 || gyro == 1000 || gyro == 2000);
    // version 1 frames announce 1 (or, as version 1 allowed, later); version 2 frames 2
    boolean versionOk = this.version == Protocol.VERSION_1 ? version >= 1 : version == 2;
    if (!versionOk || !rangesOk || rate < Protocol.MIN_RATE_HZ || rate > Protocol.MAX_RATE_HZ
        || firmware == null || sensorModel == null) {
      reject(chunk, false);
      return;
    }
    frames++;
    // a device announces itself when it starts: its clock may have started over
    timeline.allowRestart(1_000_000L / rate);
    listener.deviceInfo(new DeviceInfoFrame(version, id, firmware, sensorModel, accel, gyro,
        rate));
  }

  private String ascii(int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (body[i] < 0x20 || body[i] > 0x7E) {
        return null;
      }
    }
    return new String(body, off, len, StandardCharsets.US_ASCII);
  }

  static int u16(byte[] b, int off) {
    return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
  }

  static short s16(byte[] b, int off) {
    return (short) u16(b, off);
  }

  static long u32(byte[] b, int off) {
    return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16
        | (b[off + 3] & 0xFFL) << 24;
  }

  public DecoderStats stats() {
    return new DecoderStats(bytes, frames, samples, crcErrors, malformed, unknownTypes,
        crcErrors + malformed + otherVersion, discardedBytes, timeline.sequenceGaps,
        timeline.duplicates, timeline.outOfOrder, timeline.restarts, otherVersion);
  }

  /** Device time of the latest sample delivered (0 before the first). */
  public long lastSampleMicros() {
    return timeline.lastDeliveredMicros();
  }
}
