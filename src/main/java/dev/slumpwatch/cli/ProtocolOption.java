package dev.slumpwatch.cli;

import dev.slumpwatch.protocol.Protocol;
import picocli.CommandLine.Option;

/**
 * {@code --protocol}: the wire-protocol version of a slumpwatch device's binary stream,
 * for the commands that read a serial port. Text sketches are detected whatever it says.
 * A replay takes the version from the recording's header instead.
 */
public final class ProtocolOption {
  @Option(names = "--protocol", paramLabel = "1|2", defaultValue = "2",
      description = "binary protocol version the device speaks: 2 (slumpwatch firmware 2.x) "
          + "or 1 (firmware 1.x) (default: ${DEFAULT-VALUE}); see docs/protocol.md")
  int version;

  /** @throws IllegalArgumentException naming the option, unless it is 1 or 2 */
  public int version() {
    if (version != Protocol.VERSION_1 && version != Protocol.VERSION_2) {
      throw new IllegalArgumentException("--protocol must be 1 or 2, not " + version);
    }
    return version;
  }
}
