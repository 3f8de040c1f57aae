package dev.slumpwatch.cli;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertControls;
import dev.slumpwatch.alert.ConsoleNotifier;
import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.event.PipelineEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The keys a wearer types into the terminal a monitor runs in, each followed by Enter (see
 * {@link #HELP}). They go through the control file, as {@code slumpwatch ack|snooze|pain}
 * do, so the monitor takes them the same way and the commands show what a key set.
 *
 * <p>Read on a daemon thread of its own, started only when stdin is a terminal: a read
 * blocked on the terminal never holds the monitor up nor keeps the JVM alive. The terminal
 * is read only while the process is in the foreground, and only what has been typed
 * (never a read that waits): a process that reads its terminal from the background is
 * stopped by the kernel, so {@code slumpwatch run ... &} would never open its port. As a
 * listener
 * (processing thread) it knows the latest alert shown, so {@code a} with nothing to
 * acknowledge is answered at once; an acknowledgement taken is confirmed by the monitor's
 * own line ({@code acknowledged by key}) within about a second.
 */
final class ConsoleKeys implements Consumer<PipelineEvent> {
  static final String HELP = "keys (each then Enter): a acknowledge the latest alert, "
      + "c calibrate posture again, s snooze 30 min, h snooze 1 h, t snooze until tomorrow, "
      + "o end the snooze, p pain pause on/off, ? this list";
  /** How often the key reader looks for a typed line (and whether it is in the foreground). */
  private static final long POLL_MILLIS = 100;
  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter DAY_HM =
      DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ROOT);

  private final Path dir;
  private final Clock clock;
  private final Consumer<String> say;
  private volatile Alert latest;
  private volatile int acknowledgedId = -1;

  /**
   * @param dataDir where the control file is
   * @param clock "now" for a snooze and an acknowledgement request (the demo passes its
   *     simulated day's time)
   * @param say where answers go, one line each
   */
  ConsoleKeys(Path dataDir, Clock clock, Consumer<String> say) {
    this.dir = dataDir;
    this.clock = clock;
    this.say = say;
  }

  @Override
  public void accept(PipelineEvent event) {
    if (event instanceof PipelineEvent.AlertFired a) {
      alert(a.alert());
    } else if (event instanceof PipelineEvent.Acknowledged k) {
      acknowledgedId = k.alert().id();
    }
  }

  private void alert(Alert alert) {
    if (alert.delivered()) {
      latest = alert;
    }
  }

  /**
   * Starts reading {@code in} (a terminal) on a daemon thread, while {@code foreground}
   * says the process may.
   */
  Thread start(InputStream in, java.util.function.BooleanSupplier foreground) {
    Thread t = new Thread(() -> {
      try {
        poll(in, foreground);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        say.accept("keys no longer read: " + e.getMessage() + "; use 'slumpwatch ack', "
            + "'snooze' and 'pain' from another terminal");
      }
    }, "slumpwatch-keys");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Answers each line typed, looking every {@value #POLL_MILLIS} ms: only in the
   * foreground, and only bytes already there ({@code available()} asks the terminal without
   * reading, which does not stop a background process).
   */
  private void poll(InputStream in, java.util.function.BooleanSupplier foreground)
      throws IOException, InterruptedException {
    StringBuilder line = new StringBuilder();
    byte[] buf = new byte[256];
    while (true) {
      int n = foreground.getAsBoolean() ? in.available() : 0;
      if (n <= 0) {
        Thread.sleep(POLL_MILLIS);
        continue;
      }
      int got = in.read(buf, 0, Math.min(n, buf.length));
      if (got < 0) {
        return;
      }
      for (char c : new String(buf, 0, got, Charset.defaultCharset()).toCharArray()) {
        if (c == '\n' || c == '\r') {
          String answer = key(line.toString());
          line.setLength(0);
          if (answer != null) {
            say.accept(answer);
          }
        } else {
          line.append(c);
        }
      }
    }
  }

  /** Answers each line of {@code in} until it ends. */
  void read(InputStream in) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()));
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      String answer = key(line);
      if (answer != null) {
        say.accept(answer);
      }
    }
  }

  /** What one line does; the answer for the wearer, or null when there is nothing to say. */
  String key(String line) {
    String k = line.strip().toLowerCase(Locale.ROOT);
    try {
      return switch (k) {
        case "" -> null;
        case "a" -> acknowledge();
        case "c" -> {
          ControlFile.requestRecalibration(dir, clock.instant(), ControlFile.RECALIBRATE_BY_KEY);
          yield null; // the monitor shows the calibration's prompts within about a second
        }
        case "s" -> snooze("30m");
        case "h" -> snooze("1h");
        case "t" -> snooze("tomorrow");
        case "o" -> {
          ControlFile.set(dir, "snooze.until", null);
          yield "snooze ended: alerts are on";
        }
        case "p" -> painPause();
        case "?" -> HELP;
        default -> "unknown key '" + line.strip() + "'; " + HELP;
      };
    } catch (IOException e) {
      return "cannot write " + dir.resolve(ControlFile.NAME) + ": " + e.getMessage()
          + "; nothing changed";
    }
  }

  private String acknowledge() throws IOException {
    Alert a = latest;
    if (a == null) {
      return "nothing to acknowledge: no alert has been shown yet";
    }
    if (a.id() == acknowledgedId) {
      return "nothing to acknowledge: the latest alert ([" + ConsoleNotifier.clock(
          a.sessionSeconds()) + "] " + a.kind().title() + ") is already acknowledged";
    }
    ControlFile.requestAcknowledgement(dir, clock.instant(), Acknowledgement.KEY);
    return null; // the monitor says "acknowledged" when it has taken it
  }

  private String snooze(String length) throws IOException {
    Instant until = ControlCommands.snoozeUntil(length, clock);
    ControlFile.set(dir, "snooze.until", until.toString());
    ZonedDateTime end = until.atZone(clock.getZone());
    return "alerts snoozed until " + (end.toLocalDate().equals(LocalDate.now(clock))
        ? end.format(HM) : end.format(DAY_HM)) + " (o ends it)";
  }

  private String painPause() throws IOException {
    AlertControls.State s;
    try {
      s = ControlFile.read(dir);
    } catch (IllegalArgumentException e) {
      s = AlertControls.State.NONE; // a broken file: the pause was not in force
    }
    boolean on = !s.painPause();
    ControlFile.set(dir, "pain", on ? "on" : "off");
    return on ? "pain pause on: no exercise prompts until p again. If it hurts, stop; "
        + "'slumpwatch red-flags' says when to see a physiotherapist."
        : "pain pause off: exercise prompts are on";
  }
}
