package dev.slumpwatch.alert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The wearer's controls, kept in the data directory so the commands ({@code slumpwatch pain
 * on}, {@code snooze 30m}, {@code dnd on}) reach a monitor that is already running:
 * {@value #NAME} holds {@code pain=on|off}, {@code dnd=on|off} and
 * {@code snooze.until=INSTANT} (ISO-8601, UTC). The monitor reads it when an alert is due.
 * An acknowledgement ({@code slumpwatch ack}, or a key in the monitor's terminal) is
 * {@code ack.at=INSTANT} with {@code ack.via=key|command|button}: the monitor looks for a new
 * {@code ack.at} at most every {@value #ACK_POLL_MILLIS} ms of its monotonic clock, and
 * ignores one that was there before it started. A request for a new posture calibration
 * ({@code slumpwatch recalibrate}, the key {@code c}, a Raspberry Pi button:
 * {@link #requestRecalibration}) is {@code recalibrate.at=INSTANT} with
 * {@code recalibrate.via=key|command|button}, looked for in the same way.
 * What the monitor itself remembers is kept apart, so it never writes the file the commands
 * write: the day the red flags were last shown in {@value #RED_FLAGS_NAME}, the day's count
 * of forceful twists in {@value #TWISTS_NAME} ({@code 2026-03-02 7}: a restarted monitor
 * goes on from it).
 *
 * <p>Writes replace the file atomically (a temporary file moved over it). A file that
 * cannot be read or parsed is reported once through {@code onError} and treated as no
 * controls: alerts go on, never silently paused.
 */
public final class ControlFile implements AlertControls {
  public static final String NAME = "alert-controls.properties";
  public static final String RED_FLAGS_NAME = "red-flags-shown";
  public static final String TWISTS_NAME = "self-manipulations";

  static final long ACK_POLL_MILLIS = 250;

  private final Path dir;
  private final Consumer<String> onError;
  private final LongSupplier nanoTime;
  private String lastProblem;
  private boolean ackBaselineRead;
  private long lastAckPollNanos;
  private String lastAckAt;
  private final Poll recalibration = new Poll("recalibrate.at");

  /** Looks for a new value of one request key, at most every {@value #ACK_POLL_MILLIS} ms. */
  private static final class Poll {
    final String key;
    boolean baselineRead;
    long lastNanos;
    String last;

    Poll(String key) {
      this.key = key;
    }
  }

  public ControlFile(Path dataDir, Consumer<String> onError) {
    this(dataDir, onError, System::nanoTime);
  }

  /** @param nanoTime a monotonic clock, nanoseconds: how often acknowledgements are looked for */
  public ControlFile(Path dataDir, Consumer<String> onError, LongSupplier nanoTime) {
    this.dir = dataDir;
    this.onError = onError;
    this.nanoTime = nanoTime;
  }

  @Override
  public State state() {
    try {
      State s = read(dir);
      lastProblem = null;
      return s;
    } catch (IOException | IllegalArgumentException e) {
      problem(e);
      return State.NONE;
    }
  }

  private void problem(Exception e) {
    String problem = e.getMessage();
    if (!problem.equals(lastProblem)) {
      lastProblem = problem;
      onError.accept(problem + "; alerts go on as if it were not there");
    }
  }

  @Override
  public String takeAcknowledgement() {
    long now = nanoTime.getAsLong();
    if (ackBaselineRead && now - lastAckPollNanos < ACK_POLL_MILLIS * 1_000_000L) {
      return null;
    }
    lastAckPollNanos = now;
    Map<String, String> m;
    try {
      m = readMap(dir.resolve(NAME));
      lastProblem = null;
    } catch (IOException | IllegalArgumentException e) {
      problem(e);
      return null;
    }
    String at = m.get("ack.at");
    if (!ackBaselineRead) {
      // one written before this monitor started was meant for another
      ackBaselineRead = true;
      lastAckAt = at;
      return null;
    }
    if (at == null || at.equals(lastAckAt)) {
      return null;
    }
    lastAckAt = at;
    String via = m.get("ack.via");
    return Acknowledgement.known(via) ? via : Acknowledgement.COMMAND;
  }

  @Override
  public void acknowledgementRefused(String reason) {
    onError.accept(reason);
  }

  @Override
  public String takeRecalibrationRequest() {
    Poll p = recalibration;
    long now = nanoTime.getAsLong();
    if (p.baselineRead && now - p.lastNanos < ACK_POLL_MILLIS * 1_000_000L) {
      return null;
    }
    p.lastNanos = now;
    Map<String, String> m;
    try {
      m = readMap(dir.resolve(NAME));
      lastProblem = null;
    } catch (IOException | IllegalArgumentException e) {
      problem(e);
      return null;
    }
    String at = m.get(p.key);
    if (!p.baselineRead) {
      p.baselineRead = true; // one written before this monitor started was meant for another
      p.last = at;
      return null;
    }
    if (at == null || at.equals(p.last)) {
      return null;
    }
    p.last = at;
    return switch (m.getOrDefault("recalibrate.via", RECALIBRATE_BY_COMMAND)) {
      case RECALIBRATE_BY_KEY -> "key c";
      case RECALIBRATE_BY_BUTTON -> "the button";
      default -> "'slumpwatch recalibrate'";
    };
  }

  /** {@code recalibrate.via} values. */
  public static final String RECALIBRATE_BY_KEY = "key";
  public static final String RECALIBRATE_BY_COMMAND = "command";
  public static final String RECALIBRATE_BY_BUTTON = "button";

  /**
   * Asks the monitor running on {@code dataDir} for a new posture calibration: within about
   * a second (of sensor time) it starts the guided calibration, whose prompts it shows.
   * This is the entry point for anything outside the monitor's process: the
   * {@code recalibrate} command, the terminal key {@code c}, a Raspberry Pi button's long
   * press. A request written while no monitor runs is ignored by the next one.
   *
   * @param at when the wearer asked; also what tells this request from the last one
   * @param via {@link #RECALIBRATE_BY_KEY}, {@link #RECALIBRATE_BY_COMMAND} or
   *     {@link #RECALIBRATE_BY_BUTTON}
   */
  public static void requestRecalibration(Path dataDir, Instant at, String via)
      throws IOException {
    if (!via.equals(RECALIBRATE_BY_KEY) && !via.equals(RECALIBRATE_BY_COMMAND)
        && !via.equals(RECALIBRATE_BY_BUTTON)) {
      throw new IllegalArgumentException("recalibrate.via must be key, command or button, not '"
          + via + "'");
    }
    update(dataDir, Map.of("recalibrate.at", at.toString(), "recalibrate.via", via));
  }

  /**
   * Asks a running monitor to acknowledge its latest alert.
   *
   * @param at when the wearer asked; also what tells this request from the last one
   * @param via {@link Acknowledgement#KEY}, {@link Acknowledgement#COMMAND} or
   *     {@link Acknowledgement#BUTTON}
   */
  public static void requestAcknowledgement(Path dataDir, Instant at, String via)
      throws IOException {
    update(dataDir, Map.of("ack.at", at.toString(), "ack.via", via));
  }

  /** Reads the controls; no file means none. */
  public static State read(Path dataDir) throws IOException {
    Map<String, String> m = readMap(dataDir.resolve(NAME));
    String snooze = m.get("snooze.until");
    Instant until = null;
    if (snooze != null && !snooze.isEmpty()) {
      try {
        until = Instant.parse(snooze);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(dataDir.resolve(NAME) + ": snooze.until = '"
            + snooze + "' is not an ISO-8601 instant such as 2026-03-02T10:30:00Z");
      }
    }
    return new State(onOff(dataDir, m, "pain"), until, onOff(dataDir, m, "dnd"));
  }

  private static boolean onOff(Path dataDir, Map<String, String> m, String key) {
    String v = m.getOrDefault(key, "off");
    if (!v.equals("on") && !v.equals("off")) {
      throw new IllegalArgumentException(dataDir.resolve(NAME) + ": " + key + " = '" + v
          + "' must be on or off");
    }
    return v.equals("on");
  }

  private static Map<String, String> readMap(Path file) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return m;
    }
    String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'key=value', "
            + "found '" + l + "'");
      }
      m.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
    }
    return m;
  }

  /** Sets one control ({@code pain}, {@code dnd}, {@code snooze.until}); null removes it. */
  public static void set(Path dataDir, String key, String value) throws IOException {
    Map<String, String> change = new LinkedHashMap<>();
    change.put(key, value);
    update(dataDir, change);
  }

  /** Sets several controls in one write; a null value removes its key. */
  private static void update(Path dataDir, Map<String, String> change) throws IOException {
    Path file = dataDir.resolve(NAME);
    Map<String, String> m;
    try {
      m = readMap(file);
    } catch (IllegalArgumentException e) {
      m = new LinkedHashMap<>(); // a broken file is replaced by a sound one
    }
    for (Map.Entry<String, String> e : change.entrySet()) {
      if (e.getValue() == null) {
        m.remove(e.getKey());
      } else {
        m.put(e.getKey(), e.getValue());
      }
    }
    // a value the monitor would refuse is dropped, so the file is sound again
    m.entrySet().removeIf(e -> !valid(e.getKey(), e.getValue()));
    StringBuilder b = new StringBuilder("# slumpwatch alert controls, written by 'slumpwatch "
        + "pain|snooze|dnd|ack|recalibrate'; read by a running monitor\n");
    m.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    writeAtomically(file, b.toString());
  }

  private static boolean valid(String key, String value) {
    return switch (key) {
      case "pain", "dnd" -> value.equals("on") || value.equals("off");
      case "ack.via" -> Acknowledgement.known(value);
      case "recalibrate.via" -> value.equals(RECALIBRATE_BY_KEY)
          || value.equals(RECALIBRATE_BY_COMMAND) || value.equals(RECALIBRATE_BY_BUTTON);
      case "snooze.until", "ack.at", "recalibrate.at" -> {
        try {
          Instant.parse(value);
          yield true;
        } catch (DateTimeParseException e) {
          yield false;
        }
      }
      default -> false;
    };
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    // the wearer's own, like the database and the reports (mode 0600, set while the file is
    // still empty): a day's count of self-cracking is health data
    Files.writeString(tmp, "", StandardCharsets.UTF_8);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    }
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public LocalDate redFlagsShownOn() {
    try {
      Path f = dir.resolve(RED_FLAGS_NAME);
      return Files.exists(f) ? LocalDate.parse(Files.readString(f).strip()) : null;
    } catch (IOException | DateTimeParseException e) {
      return null; // shown again: the safe side
    }
  }

  @Override
  public void redFlagsShown(LocalDate day) {
    try {
      writeAtomically(dir.resolve(RED_FLAGS_NAME), day + "\n");
    } catch (IOException e) {
      onError.accept("cannot write " + dir.resolve(RED_FLAGS_NAME) + ": " + e.getMessage()
          + "; the red flags may be shown again today");
    }
  }

  @Override
  public int selfManipulationsOn(LocalDate day) {
    Path f = dir.resolve(TWISTS_NAME);
    String text = null;
    try {
      if (!Files.exists(f)) {
        return 0;
      }
      text = Files.readString(f, StandardCharsets.UTF_8).strip();
      String[] parts = text.split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException();
      }
      int count = Integer.parseInt(parts[1]);
      if (count < 0) {
        throw new IllegalArgumentException();
      }
      return LocalDate.parse(parts[0]).equals(day) ? count : 0;
    } catch (IOException e) {
      onError.accept("cannot read " + f + ": " + e.getMessage() + "; today's count of "
          + "forceful twists starts again from 0");
    } catch (IllegalArgumentException | DateTimeParseException e) {
      onError.accept(f + ": expected 'DATE COUNT' such as '2026-03-02 7', found '" + text
          + "'; today's count of forceful twists starts again from 0");
    }
    return 0;
  }

  @Override
  public void selfManipulations(LocalDate day, int count) {
    try {
      writeAtomically(dir.resolve(TWISTS_NAME), day + " " + count + "\n");
    } catch (IOException e) {
      onError.accept("cannot write " + dir.resolve(TWISTS_NAME) + ": " + e.getMessage()
          + "; a monitor started later today counts its twists from 0");
    }
  }
}
