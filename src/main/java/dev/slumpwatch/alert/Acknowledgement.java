package dev.slumpwatch.alert;

/**
 * The wearer's "seen it" for a delivered alert; stored with the alert.
 *
 * @param alertId the {@link Alert#id()} acknowledged: the latest alert the wearer was shown
 * @param deviceTimeMicros when the monitor took the acknowledgement, on the sensor's
 *     timeline: the next second of sensor data after the key or the command (the
 *     control file is looked at no more than every 250 ms, which a fast demo notices)
 * @param via how: {@link #KEY}, {@link #COMMAND}, {@link #BUTTON} or {@link #WINDOW}
 */
public record Acknowledgement(int alertId, long deviceTimeMicros, String via) {
  /** A key typed into the terminal the monitor runs in. */
  public static final String KEY = "key";
  /** {@code slumpwatch ack}, for a monitor running elsewhere (under systemd, say). */
  public static final String COMMAND = "command";
  /** A short press of the push button on the Raspberry Pi. */
  public static final String BUTTON = "button";
  /** The desktop app's button (in the window or the tray's menu). */
  public static final String WINDOW = "window";

  /** True for one of the ways above. */
  public static boolean known(String via) {
    return KEY.equals(via) || COMMAND.equals(via) || BUTTON.equals(via) || WINDOW.equals(via);
  }
}
