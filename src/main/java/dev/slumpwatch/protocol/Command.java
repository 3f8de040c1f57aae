package dev.slumpwatch.protocol;

/**
 * A host-to-device command.
 *
 * @param type one of {@code Protocol.TYPE_CMD_*}
 * @param rateHz for {@link Protocol#TYPE_CMD_SET_RATE} only, else 0
 */
public record Command(int type, int rateHz) {
  public static final Command INFO = new Command(Protocol.TYPE_CMD_INFO, 0);
  public static final Command START = new Command(Protocol.TYPE_CMD_START, 0);
  public static final Command STOP = new Command(Protocol.TYPE_CMD_STOP, 0);

  public static Command setRate(int rateHz) {
    if (rateHz < Protocol.MIN_RATE_HZ || rateHz > Protocol.MAX_RATE_HZ) {
      throw new IllegalArgumentException("rate must be 1..1000 Hz, not " + rateHz);
    }
    return new Command(Protocol.TYPE_CMD_SET_RATE, rateHz);
  }
}
