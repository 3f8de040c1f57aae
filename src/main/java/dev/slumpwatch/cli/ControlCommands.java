package dev.slumpwatch.cli;

import dev.slumpwatch.alert.AlertControls;
import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.pipeline.MonitorLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** What the pain, dnd and snooze commands share. */
final class ControlCommands {
  private ControlCommands() {
  }

  static boolean onOff(CommandLine.Model.CommandSpec spec, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "expected on or off, not '" + value + "'");
    };
  }

  /**
   * An on|off command ({@code pain}, {@code dnd}): with {@code state} given, writes
   * {@code key} to the control file, which a running monitor reads; then prints what the
   * file now says, as {@code describe} words it.
   *
   * @return the exit code, 0
   */
  static int toggle(Main main, CommandLine.Model.CommandSpec spec, String key, String state,
      Function<AlertControls.State, String> describe) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = main.ensureDataDir();
    if (state != null) {
      ControlFile.set(dir, key, onOff(spec, state) ? "on" : "off");
    }
    out.println(describe.apply(ControlFile.read(dir)));
    if (state != null) {
      out.println(whoHears(dir));
    }
    out.flush();
    return 0;
  }

  /**
   * Which monitor a control written to {@code dir} reaches: the one holding the data
   * directory's {@link MonitorLock}, or none yet.
   */
  static String whoHears(Path dir) throws IOException {
    return MonitorLock.running(dir).map(h -> h.describe() + " picks it up within a second.")
        .orElse("no monitor runs on " + dir + " now; the next one started there picks it up.");
  }

  private static final Pattern DURATION = Pattern.compile("(\\d{1,3})(m|min|h)");

  /**
   * When a snooze given as {@code 30m}, {@code 1h} or {@code tomorrow} (the start of the
   * next local day) ends; null for {@code off}.
   *
   * @throws IllegalArgumentException for anything else
   */
  static Instant snoozeUntil(String arg, Clock clock) {
    String a = arg.toLowerCase(Locale.ROOT);
    if (a.equals("off")) {
      return null;
    }
    if (a.equals("tomorrow")) {
      return LocalDate.now(clock).plusDays(1).atStartOfDay(clock.getZone()).toInstant();
    }
    Matcher m = DURATION.matcher(a);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d = m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofMinutes(n);
      if (d.isZero() || d.compareTo(Duration.ofHours(24)) > 0) {
        throw new IllegalArgumentException("a snooze lasts from 1 minute to 24 hours, not '"
            + arg + "'");
      }
      return clock.instant().plus(d);
    }
    throw new IllegalArgumentException("expected 30m, 1h, tomorrow or off (or another "
        + "duration such as 45m or 2h), not '" + arg + "'");
  }
}
