package dev.slumpwatch.protocol;

/**
 * Constants of the slumpwatch wire protocol, version 1. The normative description, with
 * byte offsets, is {@code docs/protocol.md}; this class and that document must agree
 * (the shared test vectors in {@code firmware/test-vectors/} check it from both sides).
 */
public final class Protocol {
  public static final int VERSION = 1;

  /** Frame types, sensor to host. */
  public static final int TYPE_IMU_SAMPLE = 0x01;
  public static final int TYPE_DEVICE_INFO = 0x02;
  public static final int TYPE_STATUS = 0x03;

  /** Frame types, host to device (commands). */
  public static final int TYPE_CMD_INFO = 0x81;
  public static final int TYPE_CMD_SET_RATE = 0x82;
  public static final int TYPE_CMD_START = 0x83;
  public static final int TYPE_CMD_STOP = 0x84;

  /** Payload sizes (the type byte and the CRC excluded). */
  public static final int IMU_PAYLOAD = 20;
  public static final int STATUS_PAYLOAD = 6;
  /** Device info: fixed part, before the two length-prefixed strings. */
  public static final int INFO_FIXED_PAYLOAD = 10;
  public static final int MAX_STRING = 24;
  public static final int SET_RATE_PAYLOAD = 2;

  /** Largest body (type + payload + CRC) a valid frame can have. */
  public static final int MAX_BODY = 1 + INFO_FIXED_PAYLOAD + 2 + 2 * MAX_STRING + 2;
  /** Body of an IMU-sample frame: type, 20 payload bytes, CRC. */
  public static final int IMU_BODY = 1 + IMU_PAYLOAD + 2;
  /** An IMU-sample frame on the wire: COBS adds one byte, plus the 0x00 delimiter. */
  public static final int IMU_WIRE = IMU_BODY + 2;

  /** Flag bits of an IMU sample that version 1 defines; the others must be 0. */
  public static final int IMU_FLAGS_DEFINED = 0x03;
  public static final int MAX_SENSORS = 2;
  public static final int MIN_RATE_HZ = 1;
  public static final int MAX_RATE_HZ = 1000;

  private Protocol() {
  }
}
