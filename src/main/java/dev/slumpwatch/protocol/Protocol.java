package dev.slumpwatch.protocol;

/**
 * Constants of the slumpwatch wire protocol, versions 1 and 2. The normative description,
 * with byte offsets, is {@code docs/protocol.md}; this class and that document must agree
 * (the shared test vectors in {@code firmware/test-vectors/} check it from both sides).
 *
 * <p>The two versions share framing (COBS, 0x00 delimiters), frame types and payload
 * layouts; they differ in the check that ends every body: version 1 has a CRC-16/CCITT-FALSE
 * (2 bytes), version 2 the same CRC-16 followed by a CRC-32/ISO-HDLC over the same bytes
 * (6 bytes), because version 1's 16 bits let a spliced frame through about once in 65,536
 * (docs/protocol.md section 6).
 */
public final class Protocol {
  /** The version this slumpwatch speaks unless told otherwise. */
  public static final int VERSION = 2;
  public static final int VERSION_1 = 1;
  public static final int VERSION_2 = 2;

  /** Frame types, sensor to host. */
  public static final int TYPE_IMU_SAMPLE = 0x01;
  public static final int TYPE_DEVICE_INFO = 0x02;
  public static final int TYPE_STATUS = 0x03;

  /** Frame types, host to device (commands). */
  public static final int TYPE_CMD_INFO = 0x81;
  public static final int TYPE_CMD_SET_RATE = 0x82;
  public static final int TYPE_CMD_START = 0x83;
  public static final int TYPE_CMD_STOP = 0x84;

  /** Payload sizes (the type byte and the check excluded). */
  public static final int IMU_PAYLOAD = 20;
  public static final int STATUS_PAYLOAD = 6;
  /** Device info: fixed part, before the two length-prefixed strings. */
  public static final int INFO_FIXED_PAYLOAD = 10;
  public static final int MAX_STRING = 24;
  public static final int SET_RATE_PAYLOAD = 2;

  /** Bytes after the payload: version 1 a CRC-16, version 2 a CRC-16 then a CRC-32. */
  public static final int TRAILER_V1 = 2;
  public static final int TRAILER_V2 = 6;

  /** Largest body (type + payload + check) a valid frame of either version can have. */
  public static final int MAX_BODY = 1 + INFO_FIXED_PAYLOAD + 2 + 2 * MAX_STRING + TRAILER_V2;
  /** Body of an IMU-sample frame of the current version: type, 20 payload bytes, check. */
  public static final int IMU_BODY = imuBody(VERSION);
  /** An IMU-sample frame on the wire: COBS adds one byte, plus the 0x00 delimiter. */
  public static final int IMU_WIRE = imuWire(VERSION);

  /** Flag bits of an IMU sample that versions 1 and 2 define; the others must be 0. */
  public static final int IMU_FLAGS_DEFINED = 0x03;
  public static final int MAX_SENSORS = 2;
  public static final int MIN_RATE_HZ = 1;
  public static final int MAX_RATE_HZ = 1000;

  private Protocol() {
  }

  /** @throws IllegalArgumentException unless {@code version} is 1 or 2 */
  public static int checkVersion(int version) {
    if (version != VERSION_1 && version != VERSION_2) {
      throw new IllegalArgumentException("protocol version must be 1 or 2, not " + version);
    }
    return version;
  }

  /** Bytes of the check after the payload. */
  public static int trailer(int version) {
    return checkVersion(version) == VERSION_1 ? TRAILER_V1 : TRAILER_V2;
  }

  public static int imuBody(int version) {
    return 1 + IMU_PAYLOAD + trailer(version);
  }

  public static int imuWire(int version) {
    return imuBody(version) + 2;
  }
}
