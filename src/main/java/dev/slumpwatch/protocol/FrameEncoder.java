package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.ImuSample;
import java.nio.charset.StandardCharsets;

/**
 * Builds wire frames: {@code COBS(type, payload, check)} followed by one 0x00 delimiter,
 * where the check is {@code crc16-LE(type, payload)} in protocol version 1 and
 * {@code crc16-LE(type, payload), crc32-LE(type, payload)} in version 2. The methods
 * without a version build frames of {@link Protocol#VERSION}. Used by the host's
 * commands, the tests, the test-vector generator, the benchmarks' synthetic streams and
 * simulated devices. Stateless; the {@code byte[]}-target methods allocate nothing.
 */
public final class FrameEncoder {
  private FrameEncoder() {
  }

  /** Wraps a type and payload into a complete wire frame, delimiter included. */
  public static byte[] frame(int type, byte[] payload) {
    return frame(Protocol.VERSION, type, payload);
  }

  /** A complete wire frame of protocol {@code version} (1 or 2), delimiter included. */
  public static byte[] frame(int version, int type, byte[] payload) {
    int body = 1 + payload.length + Protocol.trailer(version);
    byte[] scratch = new byte[body];
    scratch[0] = (byte) type;
    System.arraycopy(payload, 0, scratch, 1, payload.length);
    byte[] out = new byte[Cobs.maxEncodedLength(body) + 1];
    return java.util.Arrays.copyOf(out, finish(version, scratch, payload.length + 1, out, 0));
  }

  /**
   * Appends the check of {@code version} to the {@code len} bytes (type and payload) in
   * {@code body}, which must have room for it, and COBS-encodes the lot into {@code dst}
   * at {@code off} with the delimiter.
   *
   * @return bytes written, delimiter included
   */
  private static int finish(int version, byte[] body, int len, byte[] dst, int off) {
    int crc = Crc16.compute(body, 0, len);
    body[len] = (byte) crc;
    body[len + 1] = (byte) (crc >>> 8);
    int n = len + 2;
    if (version != Protocol.VERSION_1) {
      putU32(body, n, Crc32.compute(body, 0, len) & 0xFFFF_FFFFL);
      n += 4;
    }
    int w = Cobs.encode(body, 0, n, dst, off);
    dst[off + w] = 0;
    return w + 1;
  }

  /** The payload of an IMU-sample frame (20 bytes, see docs/protocol.md). */
  public static byte[] imuPayload(int sequence, long deviceMicros32, int sensorIndex,
      short ax, short ay, short az, short gx, short gy, short gz, int flags) {
    byte[] p = new byte[Protocol.IMU_PAYLOAD];
    putU16(p, 0, sequence);
    putU32(p, 2, deviceMicros32);
    p[6] = (byte) sensorIndex;
    putU16(p, 7, ax);
    putU16(p, 9, ay);
    putU16(p, 11, az);
    putU16(p, 13, gx);
    putU16(p, 15, gy);
    putU16(p, 17, gz);
    p[19] = (byte) flags;
    return p;
  }

  public static byte[] imuSample(int sequence, long deviceMicros32, int sensorIndex,
      short ax, short ay, short az, short gx, short gy, short gz, int flags) {
    return imuSample(Protocol.VERSION, sequence, deviceMicros32, sensorIndex, ax, ay, az, gx,
        gy, gz, flags);
  }

  public static byte[] imuSample(int version, int sequence, long deviceMicros32,
      int sensorIndex, short ax, short ay, short az, short gx, short gy, short gz, int flags) {
    return frame(version, Protocol.TYPE_IMU_SAMPLE, imuPayload(sequence, deviceMicros32,
        sensorIndex, ax, ay, az, gx, gy, gz, flags));
  }

  /**
   * A sample as the device would send it: the sequence and the time truncated to 16 and
   * 32 bits. Returns the frame's wire bytes.
   */
  public static byte[] imuSample(ImuSample s) {
    return imuSample(Protocol.VERSION, s);
  }

  public static byte[] imuSample(int version, ImuSample s) {
    byte[] out = new byte[Protocol.imuWire(version)];
    int n = imuSample(version, s, out, 0, new byte[Protocol.imuBody(version)]);
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  /**
   * Encodes a sample into {@code dst} at {@code off} ({@link Protocol#IMU_WIRE} bytes at
   * most) using {@code scratch} ({@link Protocol#IMU_BODY} bytes) for the body.
   *
   * @return bytes written, delimiter included
   */
  public static int imuSample(ImuSample s, byte[] dst, int off, byte[] scratch) {
    return imuSample(Protocol.VERSION, s, dst, off, scratch);
  }

  /**
   * As {@link #imuSample(ImuSample, byte[], int, byte[])} for protocol {@code version}:
   * {@code dst} needs {@link Protocol#imuWire} bytes, {@code scratch}
   * {@link Protocol#imuBody} bytes.
   */
  public static int imuSample(int version, ImuSample s, byte[] dst, int off, byte[] scratch) {
    scratch[0] = (byte) Protocol.TYPE_IMU_SAMPLE;
    putU16(scratch, 1, s.sequence());
    putU32(scratch, 3, s.deviceTimeMicros());
    scratch[7] = (byte) s.sensorIndex();
    putU16(scratch, 8, s.accelX());
    putU16(scratch, 10, s.accelY());
    putU16(scratch, 12, s.accelZ());
    putU16(scratch, 14, s.gyroX());
    putU16(scratch, 16, s.gyroY());
    putU16(scratch, 18, s.gyroZ());
    scratch[20] = (byte) s.flags();
    return finish(version, scratch, 1 + Protocol.IMU_PAYLOAD, dst, off);
  }

  public static byte[] infoPayload(DeviceInfoFrame info) {
    byte[] fw = info.firmwareVersion().getBytes(StandardCharsets.US_ASCII);
    byte[] model = info.sensorModel().getBytes(StandardCharsets.US_ASCII);
    if (fw.length > Protocol.MAX_STRING || model.length > Protocol.MAX_STRING) {
      throw new IllegalArgumentException("firmware version and sensor model are at most "
          + Protocol.MAX_STRING + " bytes");
    }
    byte[] p = new byte[Protocol.INFO_FIXED_PAYLOAD + 2 + fw.length + model.length];
    p[0] = (byte) info.protocolVersion();
    p[1] = (byte) info.accelRangeG();
    putU16(p, 2, info.gyroRangeDegPerSec());
    putU16(p, 4, info.rateHz());
    putU32(p, 6, info.deviceId());
    p[10] = (byte) fw.length;
    System.arraycopy(fw, 0, p, 11, fw.length);
    p[11 + fw.length] = (byte) model.length;
    System.arraycopy(model, 0, p, 12 + fw.length, model.length);
    return p;
  }

  /** A device-info frame of the version the frame announces (1 or 2). */
  public static byte[] deviceInfo(DeviceInfoFrame info) {
    return deviceInfo(info.protocolVersion(), info);
  }

  /**
   * A device-info frame framed as {@code version}; the tests use it to build frames whose
   * announced version contradicts their framing.
   */
  public static byte[] deviceInfo(int version, DeviceInfoFrame info) {
    return frame(version, Protocol.TYPE_DEVICE_INFO, infoPayload(info));
  }

  public static byte[] status(StatusFrame status) {
    return status(Protocol.VERSION, status);
  }

  public static byte[] status(int version, StatusFrame status) {
    byte[] p = new byte[Protocol.STATUS_PAYLOAD];
    putU16(p, 0, status.batteryMillivolts());
    putU32(p, 2, status.droppedSamples());
    return frame(version, Protocol.TYPE_STATUS, p);
  }

  public static byte[] command(Command c) {
    return command(Protocol.VERSION, c);
  }

  public static byte[] command(int version, Command c) {
    if (c.type() == Protocol.TYPE_CMD_SET_RATE) {
      byte[] p = new byte[Protocol.SET_RATE_PAYLOAD];
      putU16(p, 0, c.rateHz());
      return frame(version, c.type(), p);
    }
    return frame(version, c.type(), new byte[0]);
  }

  static void putU16(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
  }

  static void putU32(byte[] b, int off, long v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }
}
