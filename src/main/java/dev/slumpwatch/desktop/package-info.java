/**
 * Living on the wearer's desktop: starting slumpwatch at login (an XDG autostart entry) and
 * running it as a systemd user service, both pointing at the program as it was installed
 * ({@link dev.slumpwatch.desktop.Launcher}). Used by the command line ({@code slumpwatch
 * autostart}, {@code slumpwatch service}) and by the desktop app's settings, so both write
 * the same files. Depends on nothing else of slumpwatch; the files are plain text written
 * under the user's {@code $XDG_CONFIG_HOME}, and the only process it starts is
 * {@code systemctl --user}, through {@link dev.slumpwatch.desktop.SystemCommands}.
 */
package dev.slumpwatch.desktop;
