package dev.slumpwatch.desktop;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's side of the machine that desktop integration writes to: the environment (for
 * {@code XDG_CONFIG_HOME}), the home directory, and how programs such as {@code systemctl}
 * are run. Tests pass a temporary home and a {@link SystemCommands} that records instead of
 * reaching the developer's own session.
 */
public record UserSession(Map<String, String> environment, Path home, SystemCommands commands) {
  public UserSession {
    environment = Map.copyOf(environment);
  }

  /** This process's user: its environment, {@code user.home} and real processes. */
  public static UserSession current() {
    return new UserSession(System.getenv(), Path.of(System.getProperty("user.home")),
        new ProcessCommands());
  }

  /**
   * {@code $XDG_CONFIG_HOME}, else {@code ~/.config}. The XDG base directory specification
   * says a relative value is invalid and to be ignored, as it is here.
   */
  public Path configHome() {
    String xdg = environment.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg);
    }
    return home.resolve(".config");
  }
}
