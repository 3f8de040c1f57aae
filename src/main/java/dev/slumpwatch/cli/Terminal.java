package dev.slumpwatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the process's standard streams are connected to, so that a monitor behaves in a
 * terminal, in the background of one, under {@code nohup} and under systemd alike: the
 * status line with its escape codes only goes to a terminal, and keys are only read from
 * one while the process is in the foreground (reading a terminal from the background
 * makes the kernel stop the whole process: {@code [1]+ Stopped}).
 *
 * <p>On Linux the answers come from {@code /proc/self}; elsewhere from
 * {@link System#console()} alone (both streams a terminal), and the process is taken to be
 * in the foreground.
 */
final class Terminal {
  private Terminal() {
  }

  /** Standard output is a terminal. */
  static boolean stdout() {
    return isTerminal(1);
  }

  /** Standard input is a terminal. */
  static boolean stdin() {
    return isTerminal(0);
  }

  private static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    try {
      String target = Files.readSymbolicLink(link).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
          || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  /**
   * Whether this process is in its terminal's foreground process group (it may read the
   * terminal without being stopped). True when it cannot be told.
   */
  static boolean foreground() {
    try {
      return foreground(Files.readString(Path.of("/proc/self/stat"), StandardCharsets.UTF_8));
    } catch (IOException | SecurityException e) {
      return true;
    }
  }

  /**
   * From the text of {@code /proc/PID/stat}: the process group (field 5) is the terminal's
   * foreground group (field 8). The command name (field 2) may hold spaces and brackets, so
   * the fields are counted from its last {@code )}.
   */
  static boolean foreground(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return true;
    }
    String[] f = stat.substring(close + 1).trim().split("\\s+");
    // f[0] state, f[1] ppid, f[2] pgrp, f[3] session, f[4] tty_nr, f[5] tpgid
    if (f.length < 6) {
      return true;
    }
    try {
      long pgrp = Long.parseLong(f[2]);
      long tpgid = Long.parseLong(f[5]);
      return tpgid <= 0 || pgrp == tpgid;
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
