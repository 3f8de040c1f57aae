package dev.slumpwatch.desktop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starting slumpwatch at login, the XDG way (Desktop Application Autostart Specification):
 * a desktop entry {@code slumpwatch.desktop} in {@code $XDG_CONFIG_HOME/autostart} (else
 * {@code ~/.config/autostart}), which GNOME, KDE, Xfce, Cinnamon, MATE and LXQt all read at
 * login. Switching off deletes the file. Its {@code TryExec} names the launcher, so an entry
 * left behind after the package is removed is skipped at login instead of failing.
 *
 * <p>For the app's settings: {@code new Autostart(UserSession.current()).enable(
 * Launcher.current(), List.of("app"))}, {@code disable()}, {@code status().on()}.
 */
public final class Autostart {
  /** The entry's file name; the same name as the menu entry the package installs. */
  public static final String FILE_NAME = "slumpwatch.desktop";

  private final Path file;

  public Autostart(UserSession session) {
    this.file = session.configHome().resolve("autostart").resolve(FILE_NAME);
  }

  /** Where the entry is (whether or not it exists). */
  public Path file() {
    return file;
  }

  /**
   * What {@code status()} found.
   *
   * @param on the desktop will start slumpwatch at the next login
   * @param exec the entry's command line as written, or null without an entry
   * @param note why an existing entry does not start it (switched off in the desktop's own
   *     settings, or its program is gone), else null
   */
  public record Status(boolean on, Path file, String exec, String note) {}

  /**
   * Writes the entry (replacing an earlier one), so that the next login runs
   * {@code launcher} with {@code arguments}; creates the directory if needed.
   *
   * @return the file written
   */
  public Path enable(Launcher launcher, List<String> arguments) throws IOException {
    Files.createDirectories(file.getParent());
    // written beside it and moved over it: a login never reads half an entry
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.writeString(tmp, text(launcher, arguments));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /** @return true if there was an entry to delete */
  public boolean disable() throws IOException {
    return Files.deleteIfExists(file);
  }

  public Status status() throws IOException {
    if (!Files.exists(file)) {
      return new Status(false, file, null, null);
    }
    Map<String, String> keys = DesktopEntry.read(file);
    String exec = keys.get("Exec");
    if ("true".equals(keys.get("Hidden"))
        || "false".equals(keys.get("X-GNOME-Autostart-enabled"))) {
      return new Status(false, file, exec, "switched off in the desktop's startup settings "
          + "(Hidden=true or X-GNOME-Autostart-enabled=false in " + file + ")");
    }
    String tryExec = keys.get("TryExec");
    if (tryExec != null && !Files.isExecutable(Path.of(tryExec.replace("\\\\", "\\")))) {
      return new Status(false, file, exec, tryExec + " is gone (the program was removed or "
          + "moved): the desktop skips the entry; 'slumpwatch autostart on' writes it anew");
    }
    return new Status(true, file, exec, null);
  }

  /** The entry's text: the launcher, the app's name and icon, no terminal. */
  static String text(Launcher launcher, List<String> arguments) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("Type", "Application");
    keys.put("Name", "slumpwatch");
    keys.put("GenericName", "Posture monitor");
    keys.put("Comment", "Watches your upper back's posture and nudges you when you have "
        + "slumped too long");
    keys.put("TryExec", DesktopEntry.escape(launcher.executable().toString()));
    keys.put("Exec", DesktopEntry.exec(launcher.with(arguments)));
    keys.put("Icon", "slumpwatch");
    keys.put("Terminal", "false");
    keys.put("Categories", "Utility;");
    keys.put("X-GNOME-Autostart-enabled", "true");
    return DesktopEntry.render(List.of("Starts slumpwatch at login. Written by 'slumpwatch "
        + "autostart on' (or the app's settings);", "'slumpwatch autostart off' deletes it."),
        keys);
  }
}
