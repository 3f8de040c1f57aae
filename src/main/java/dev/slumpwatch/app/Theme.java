package dev.slumpwatch.app;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The window's look: FlatLaf, light or dark. "system" follows the desktop where it can tell:
 * {@code GTK_THEME} ending in {@code :dark} or {@code -dark}, or GNOME's
 * {@code color-scheme} preference ({@code gsettings}, asked once with a 2 s time-out); light
 * otherwise.
 */
public final class Theme {
  private Theme() {
  }

  /** Light or dark for a preference of {@code system}, {@code light} or {@code dark}. */
  public static boolean dark(String preference, Map<String, String> env) {
    return switch (preference) {
      case "dark" -> true;
      case "light" -> false;
      default -> desktopPrefersDark(env);
    };
  }

  static boolean desktopPrefersDark(Map<String, String> env) {
    String gtk = env.getOrDefault("GTK_THEME", "").toLowerCase(Locale.ROOT);
    if (!gtk.isEmpty()) {
      return gtk.endsWith(":dark") || gtk.endsWith("-dark");
    }
    try {
      Process p = new ProcessBuilder("gsettings", "get", "org.gnome.desktop.interface",
          "color-scheme").redirectErrorStream(true).start();
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.exitValue() == 0 && out.contains("prefer-dark");
    } catch (IOException e) {
      return false; // no gsettings: not GNOME
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Installs FlatLaf; call before the first component is made. */
  public static void install(boolean dark) {
    if (dark) {
      FlatDarkLaf.setup();
    } else {
      FlatLightLaf.setup();
    }
  }

  /** The colour of a tone in the installed look (darker shades on a light background). */
  public static Color colour(AppView.Tone tone) {
    boolean dark = FlatLaf.isLafDark();
    return switch (tone) {
      case GOOD -> dark ? new Color(0x3fa34d) : new Color(0x2e7d32);
      case WARN -> dark ? new Color(0xd8a01d) : new Color(0xb26a00);
      case BAD -> dark ? new Color(0xe0524a) : new Color(0xc62828);
      case NEUTRAL -> dark ? new Color(0x7d8590) : new Color(0x6b7280);
    };
  }
}
