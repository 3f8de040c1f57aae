package dev.slumpwatch.desktop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * slumpwatch as a systemd user service, for a desktop without a screen session (or one that
 * should monitor whether or not anybody is logged in graphically): the unit
 * {@code slumpwatch.service} in {@code $XDG_CONFIG_HOME/systemd/user} (else
 * {@code ~/.config/systemd/user}), where systemd's user manager looks, enabled for
 * {@code default.target} so that it starts when the user's manager starts (at login, or at
 * boot with {@code loginctl enable-linger}).
 *
 * <p>Installing writes the unit, enables it and starts it, all through {@code systemctl
 * --user}; where no user manager answers (a session bus is missing: under sudo, in a
 * container, over ssh without a login session), enabling still works on the files, and
 * {@link Result} says what is left to run. Every {@code systemctl} call gives up after
 * {@link #TIMEOUT}.
 */
public final class UserService {
  public static final String UNIT = "slumpwatch.service";
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Path file;
  private final SystemCommands commands;

  public UserService(UserSession session) {
    this.file = session.configHome().resolve("systemd").resolve("user").resolve(UNIT);
    this.commands = session.commands();
  }

  public Path file() {
    return file;
  }

  /**
   * What installing, removing or asking did.
   *
   * @param done the steps that succeeded, one line each
   * @param failure why the user manager could not be asked (null when it answered)
   * @param todo the commands to run by hand because of {@code failure} (empty when none)
   * @param managerReached false when there was no user manager to ask (no systemd, no
   *     session bus): the files are in place, only the asking is left to do
   */
  public record Result(List<String> done, String failure, List<String> todo,
      boolean managerReached) {
    public Result {
      done = List.copyOf(done);
      todo = List.copyOf(todo);
    }
  }

  /**
   * The unit's text: {@code launcher} with {@code arguments} (for instance {@code run --port
   * /dev/ttyUSB0}), restarted when it fails (an unplugged sensor ends a run; the service
   * tries again every 30 s), stopped with SIGTERM, which runs the monitor's shutdown hook.
   * {@code ConditionFileIsExecutable} skips it quietly once the program is removed.
   *
   * @param what what the service watches, for the description, e.g. "sensor on /dev/ttyUSB0"
   */
  public static String unitText(Launcher launcher, List<String> arguments, String what) {
    return String.join("\n",
        "# slumpwatch as a systemd user service. Written by 'slumpwatch service install';",
        "# 'slumpwatch service remove' disables and deletes it.",
        "[Unit]",
        "Description=" + specifiers("slumpwatch posture monitor (" + what + ")"),
        "ConditionFileIsExecutable=" + specifiers(launcher.executable().toString()),
        "",
        "[Service]",
        "Type=exec",
        "ExecStart=" + execStart(launcher.with(arguments)),
        "# SIGTERM runs the monitor's shutdown hook: the store writes the last second",
        "TimeoutStopSec=15",
        "# a run ends when the sensor is unplugged or out of Bluetooth range: try again",
        "Restart=on-failure",
        "RestartSec=30",
        "NoNewPrivileges=yes",
        "",
        "[Install]",
        "WantedBy=default.target",
        "");
  }

  /**
   * An {@code ExecStart=} command line that systemd splits back into exactly
   * {@code argv}: an argument with anything but plain path characters is double-quoted
   * with C escapes; {@code %} (specifiers) is doubled everywhere and {@code $} (variables)
   * in the arguments, where systemd expands variables (not in the program's path).
   *
   * @throws IllegalArgumentException for a control character anywhere, or a quote or a
   *     backslash in the program's path, which systemd refuses ("Executable name contains
   *     special characters")
   */
  static String execStart(List<String> argv) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      if (arg.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException("cannot put an argument with a control character "
            + "into a unit's ExecStart: '" + arg.replace("\n", "\\n") + "'");
      }
      if (i == 0 && arg.chars().anyMatch(c -> c == '"' || c == '\'' || c == '\\')) {
        throw new IllegalArgumentException("systemd cannot run a program whose path holds a "
            + "quote or a backslash: " + arg + " (install slumpwatch under another path)");
      }
      String a = i == 0 ? specifiers(arg) : specifiers(arg).replace("$", "$$");
      if (a.isEmpty() || !a.matches("[A-Za-z0-9/._:+,=@%$-]+")) {
        a = "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      }
      words.add(a);
    }
    return String.join(" ", words);
  }

  /** A value with systemd's specifiers made literal. */
  private static String specifiers(String s) {
    return s.replace("%", "%%");
  }

  /**
   * Writes the unit (replacing an earlier one) and enables it; with {@code start},
   * (re)starts it too, else reloads the user manager so that it sees the new unit.
   * {@code systemctl --user enable} works on the files alone, so the service is enabled
   * (it starts at the next login) even where no user manager answers; the rest is then
   * left in {@link Result#todo()}.
   */
  public Result install(String unitText, boolean start) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(UNIT + ".tmp");
    Files.writeString(tmp, unitText);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    return run(List.of("wrote " + file), List.of(systemctl("enable", UNIT),
        start ? systemctl("restart", UNIT) : systemctl("daemon-reload")));
  }

  /**
   * Stops and disables the service, deletes the unit and reloads the user manager; where
   * no user manager answers, disables it on the files and says what is left to run.
   */
  public Result remove() throws IOException {
    if (!Files.exists(file)) {
      return new Result(List.of("no unit at " + file + ": nothing to remove"), null, List.of(),
          true);
    }
    SystemCommands.Outcome stop = commands.run(systemctl("stop", UNIT), TIMEOUT);
    List<String> done = new ArrayList<>();
    if (stop.ok()) {
      done.add("ran systemctl --user stop " + UNIT);
    }
    Result disabled = run(done, List.of(systemctl("disable", UNIT)));
    if (disabled.failure() != null) {
      return disabled;
    }
    done = new ArrayList<>(disabled.done());
    Files.delete(file);
    done.add("deleted " + file);
    if (!stop.ok()) {
      return new Result(done, "systemctl --user stop " + UNIT + ": " + stop.describe(),
          List.of(String.join(" ", systemctl("stop", UNIT)),
              String.join(" ", systemctl("daemon-reload"))), reached(stop));
    }
    return run(done, List.of(systemctl("daemon-reload")));
  }

  /** What the user manager says about the service: installed, enabled, active. */
  public Result status() {
    List<String> done = new ArrayList<>();
    if (!Files.exists(file)) {
      return new Result(List.of("no unit at " + file), null, List.of(), true);
    }
    done.add("unit: " + file);
    for (String question : List.of("is-enabled", "is-active")) {
      SystemCommands.Outcome o = commands.run(systemctl(question, UNIT), TIMEOUT);
      String answer = o.output().lines().findFirst().orElse("");
      // both print one word (enabled/disabled, active/inactive/failed/activating) and exit
      // non-zero for the negative answers, which are answers all the same
      if (!reached(o) || !answer.matches("[a-z-]+")) {
        return new Result(done, "systemctl --user " + question + ": " + o.describe(),
            List.of(), reached(o));
      }
      done.add(question.substring(3) + ": " + answer);
    }
    return new Result(done, null, List.of(), true);
  }

  /** Runs {@code steps} in order up to the first that fails; that one and the rest are todo. */
  private Result run(List<String> done, List<List<String>> steps) {
    List<String> ok = new ArrayList<>(done);
    for (int i = 0; i < steps.size(); i++) {
      List<String> step = steps.get(i);
      SystemCommands.Outcome o = commands.run(step, TIMEOUT);
      if (!o.ok()) {
        List<String> todo = new ArrayList<>();
        for (List<String> rest : steps.subList(i, steps.size())) {
          todo.add(String.join(" ", rest));
        }
        return new Result(ok, String.join(" ", step) + ": " + o.describe(), todo, reached(o));
      }
      ok.add("ran " + String.join(" ", step));
    }
    return new Result(ok, null, List.of(), true);
  }

  /**
   * Whether a user manager answered: systemctl was there and did not fail for want of one
   * ("Failed to connect to bus", as under sudo, in a container or over ssh without a
   * login session).
   */
  private static boolean reached(SystemCommands.Outcome o) {
    return o.status() == SystemCommands.Status.EXITED
        && !o.output().contains("Failed to connect to bus");
  }

  private static List<String> systemctl(String... args) {
    List<String> c = new ArrayList<>(List.of("systemctl", "--user"));
    c.addAll(List.of(args));
    return c;
  }
}
