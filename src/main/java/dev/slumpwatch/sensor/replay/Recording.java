package dev.slumpwatch.sensor.replay;

/**
 * The recording file format, version 1 (docs/recording.md is the full description):
 * <pre>
 * "slumpwatch-recording 1\n"             magic line
 * key=value\n ...                         header lines (port, baud, started, ...)
 * \n                                      an empty line ends the header
 * records, until the end of the file:
 *   kind u8 | host_micros u64 LE | length u32 LE | length bytes
 *   kind 1 DATA          bytes as received from the port
 *   kind 2 CONNECTED     UTF-8 description of the port that was opened
 *   kind 3 DISCONNECTED  UTF-8 reason
 * </pre>
 * {@code host_micros} is the host's monotonic clock since the recording started; a replay
 * uses it only for pacing and for the length of outages, never for sample times.
 *
 * <p>The header key {@code protocol} says which wire-protocol version the recorder read
 * binary data as (1 or 2); a file without it predates version 2 and holds version 1.
 */
public final class Recording {
  public static final String MAGIC = "slumpwatch-recording 1\n";
  public static final int KIND_DATA = 1;
  public static final int KIND_CONNECTED = 2;
  public static final int KIND_DISCONNECTED = 3;
  public static final int RECORD_HEADER = 13;
  /** Larger records are taken as a damaged file (the recorder writes ≤ 64 KiB at once). */
  public static final int MAX_RECORD = 1 << 20;
  /** Header key: the wire-protocol version of binary data in the file. */
  public static final String HEADER_PROTOCOL = "protocol";

  private Recording() {
  }

  /**
   * The protocol version a recording's header names: 1 when the key is absent (files
   * from before version 2 existed).
   *
   * @throws java.io.IOException naming the file and the value, when it is not 1 or 2
   */
  public static int protocolVersion(java.nio.file.Path file, java.util.Map<String, String> header)
      throws java.io.IOException {
    String v = header.get(HEADER_PROTOCOL);
    if (v == null) {
      return 1;
    }
    return switch (v.strip()) {
      case "1" -> 1;
      case "2" -> 2;
      default -> throw new java.io.IOException(file + ": header protocol=" + v + " is not a "
          + "protocol version this slumpwatch reads (1 or 2); nothing was replayed");
    };
  }
}
