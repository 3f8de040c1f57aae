package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.posture.GuidedCalibration.Step;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.PromptedWearer;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.Cli;
import dev.slumpwatch.testing.SensorStream;
import dev.slumpwatch.testing.SocatPair;
import dev.slumpwatch.testing.TerminalSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person follows the guided calibration's prompts in a terminal: {@code slumpwatch run}
 * runs on a pseudo-terminal with no stored profile and reads a sensor through a socat pty
 * and jSerialComm; the sensor is the simulated wearer, moved by a person
 * ({@link PromptedWearer}) who reads the prompts off the terminal and reacts after their
 * own reaction time (1–6 s), sitting up and bending at their own speed and angle (15–40°)
 * and swaying while they hold. The sensor runs at {@value #SPEED} times real time (every
 * time in the program is the sensor's, so only the wall clock is shorter).
 *
 * <p>Each session records what the port delivered ({@code run --record}); {@code replay} of
 * the recording learns the very calibration the live session stored.
 */
class CalibrationByPromptsTest {
  /** The status line once the posture is known, in a wearer's words. */
  private static final String POSTURE_IN_WORDS = "connected \\| (sitting still|sitting, moving "
      + "a little), upper back \\d+° (forward|back) of neutral \\| .*";

  /** Sensor seconds per wall second. */
  static final double SPEED = 8;
  private static final Pattern STEP_LINE = Pattern.compile(
      "\\[calibration (\\d)/(\\d)(?:, try (\\d+) of (\\d+))?] (.*)");

  @TempDir
  Path dir;

  /** What one person's session in the terminal gave. */
  record Session(PromptedWearer.Person person, TerminalSession terminal, Path data,
      Path recording, int failedTries, List<String> transcript) {
  }

  /** Reads the terminal as the person does: a new step or try, done, gave up. */
  static Consumer<String> reader(PromptedWearer wearer, AtomicInteger failedTries) {
    return line -> {
      Matcher m = STEP_LINE.matcher(line);
      if (m.matches()) {
        int step = Integer.parseInt(m.group(1));
        int attempt = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        if (m.group(5).startsWith("not taken:")) {
          failedTries.incrementAndGet();
        }
        wearer.prompted(step == 1 ? Step.SIT_TALL : Step.BEND, attempt);
      } else if (line.startsWith("[calibration] done")) {
        wearer.prompted(Step.DONE, 1);
      } else if (line.startsWith("[calibration] gave up")) {
        wearer.prompted(Step.FAILED, 1);
      }
    };
  }

  /**
   * One session: {@code run} in a terminal until the calibration is done or given up, then
   * {@code then} (more keys, more prompts), then Ctrl-C.
   */
  private Session session(long seed, PromptedWearer.Person person, SessionScript then)
      throws Exception {
    Path d = Files.createDirectories(dir.resolve("trial-" + seed));
    Path data = d.resolve("data");
    Path recording = d.resolve("calibration-" + seed + ".swrec");
    PromptedWearer wearer = new PromptedWearer(person, 1000 + seed, 240,
        new Pacer(SPEED, System::nanoTime));
    AtomicInteger failed = new AtomicInteger();
    Consumer<String> reads = reader(wearer, failed);
    AtomicReference<SensorStream> stream = new AtomicReference<>();
    try (SocatPair pair = new SocatPair(d).start()) {
      TerminalSession t = TerminalSession.slumpwatch(d, line -> {
        if (line.contains(": open at 115200 baud") && stream.get() == null) {
          stream.set(SensorStream.start(wearer, pair.sensor()));
        }
        reads.accept(line);
      }, "--data-dir", data.toString(), "run", "--port", pair.device().toString(),
          "--record", recording.toString());
      try {
        t.await(l -> l.startsWith("[calibration] done") || l.startsWith("[calibration] gave up"),
            "saying the calibration is done or given up", Duration.ofSeconds(120));
        if (then != null) {
          then.run(t, data, wearer);
        }
        t.interrupt(); // Ctrl-C
        t.await(l -> l.startsWith("link: "), "summing up after Ctrl-C", Duration.ofSeconds(30));
        assertTrue(t.waitFor(Duration.ofSeconds(30)), "still running after Ctrl-C:\n"
            + t.tail(20));
      } finally {
        if (stream.get() != null) {
          stream.get().close();
        }
        t.close();
      }
      return new Session(person, t, data, recording, failed.get(), t.lines());
    }
  }

  @FunctionalInterface
  interface SessionScript {
    void run(TerminalSession t, Path data, PromptedWearer wearer) throws Exception;
  }

  /** The calibration {@code replay} learns from a recording (stored in its database). */
  private static PostureCalibration replayed(Path data, Path recording) throws Exception {
    Cli.Outcome r = Cli.runIn(data, "replay", recording.toString(), "--max", "--profile",
        "nobody");
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("[calibration] done"), r.out());
    String base = recording.getFileName().toString().replaceAll("\\.[^.]*$", "");
    try (Store store = Store.open(data.resolve("replay").resolve(base + ".db"))) {
      long id = store.latestSession().orElseThrow().id();
      return store.calibration(id);
    }
  }

  @Test
  void twentyPeopleFollowingThePromptsCalibrateAndTheirRecordingsReplayToTheSameProfile()
      throws Exception {
    int firstTry = 0;
    int calibrated = 0;
    List<String> report = new ArrayList<>();
    for (long seed = 1; seed <= Long.getLong("trials", 20); seed++) {
      PromptedWearer.Person p = PromptedWearer.Person.draw(seed);
      Session s = session(seed, p, null);
      PostureProfile stored = CalibrationFile.load(s.data(), "default");
      boolean ok = stored != null && s.transcript().stream()
          .anyMatch(l -> l.startsWith("[calibration] done"));
      calibrated += ok ? 1 : 0;
      firstTry += ok && s.failedTries() == 0 ? 1 : 0;
      report.add(String.format(Locale.ROOT, "seed %2d: %s: %s", seed, p, ok
          ? (s.failedTries() == 0 ? "calibrated at the first try"
          : "calibrated after " + s.failedTries() + " failed tries")
          : "NOT calibrated:\n" + String.join("\n", s.transcript())));
      if (!ok) {
        continue;
      }
      // a recording of the calibration replays to the same profile, to the last bit
      assertEquals(stored.upper(), replayed(s.data(), s.recording()), "seed " + seed);
      // Ctrl-C is no disconnection, and leaves no gap
      assertFalse(s.transcript().stream().anyMatch(l -> l.contains("disconnected")),
          String.join("\n", s.transcript()));
      assertTrue(s.transcript().stream().anyMatch(l -> l.startsWith("link: ")
          && l.endsWith("; 0 reconnections; recorded to " + s.recording())),
          String.join("\n", s.transcript()));
      try (Store store = Store.open(s.data().resolve(RunCommand.DATABASE))) {
        long id = store.latestSession().orElseThrow().id();
        assertEquals(stored.upper(), store.calibration(id), "the session stored it too");
        assertEquals(List.of(), store.gaps(0, Long.MAX_VALUE), "no gap from Ctrl-C");
      }
    }
    System.out.printf("people following the prompts in a terminal (serial pty, %.0fx): "
        + "%d of 20 calibrated at the first try, %d of 20 calibrated%n  %s%n", SPEED, firstTry,
        calibrated, String.join("\n  ", report));
    assertEquals(20, calibrated, String.join("\n", report));
    assertTrue(firstTry >= 19, String.join("\n", report));
  }

  /**
   * A person whose first bend is 6°: the bend step fails, says why, and is asked for again;
   * they bend properly and the session is calibrated. Then they calibrate again with the
   * key c in the monitor's terminal, and once more with {@code slumpwatch recalibrate} from
   * elsewhere; the replay of the recording gives the first calibration (the later ones
   * were asked for outside the sensor's data, so a replay does not repeat them).
   */
  @Test
  void aStepFailedOnPurposeIsRepeatedWithTheReasonAndKeyCAndTheCommandCalibrateAgain()
      throws Exception {
    PromptedWearer.Person p = PromptedWearer.Person.draw(101).withFirstBend(6);
    Path first = dir.resolve("first.properties");
    Session s = session(101, p, (t, data, wearer) -> {
      Files.copy(CalibrationFile.pathFor(data, "default"), first);
      t.type("c\n");
      t.await(l -> l.equals("[calibration] asked for by key c: follow the prompts"),
          "taking the key c", Duration.ofSeconds(20));
      t.await(l -> l.startsWith("[calibration] done"), 2, "calibrated again",
          Duration.ofSeconds(120));
      Cli.Outcome r = Cli.runIn(data, "recalibrate");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().startsWith("asked the running monitor (serial "), r.out());
      t.await(l -> l.equals("[calibration] asked for by 'slumpwatch recalibrate': follow the "
          + "prompts"), "taking the request of 'slumpwatch recalibrate'", Duration.ofSeconds(20));
      t.await(l -> l.startsWith("[calibration] done"), 3, "calibrated a third time",
          Duration.ofSeconds(120));
      // the status line turns to the posture in words (the smoother's lag and a loaded
      // machine's redraw cadence decide when: wait for it rather than race the session's end)
      t.await(l -> l.matches(POSTURE_IN_WORDS), "the posture in words on the status line",
          Duration.ofSeconds(30));
    });
    String transcript = String.join("\n", s.transcript());
    assertEquals(1, s.failedTries(), transcript);
    assertTrue(transcript.matches("(?s).*\\[calibration 2/2, try 2 of 4] not taken: the forward "
        + "bend was [4-8]\\.\\d°, at least 10° is needed to tell forward from sideways: bend "
        + "further, about 30°; again: now bend forward slowly, about 30°, and hold it\n.*"),
        transcript);
    assertEquals(3, s.transcript().stream().filter(l -> l.startsWith("[calibration] done: sit "
        + "as you like; stored as profile 'default' in ")).count(), transcript);
    PostureProfile stored = CalibrationFile.load(s.data(), "default");
    assertNotNull(stored);
    // the replay of the recording learns the first calibration, to the last bit
    Properties firstProfile = new Properties();
    try (var in = Files.newBufferedReader(first)) {
      firstProfile.load(in);
    }
    PostureCalibration replayed = replayed(s.data(), s.recording());
    assertEquals(Double.parseDouble(firstProfile.getProperty("upX")), replayed.upX());
    assertEquals(Double.parseDouble(firstProfile.getProperty("upY")), replayed.upY());
    assertEquals(Double.parseDouble(firstProfile.getProperty("upZ")), replayed.upZ());
    assertEquals(Double.parseDouble(firstProfile.getProperty("forwardX")), replayed.forwardX());
    assertEquals(Double.parseDouble(firstProfile.getProperty("forwardY")), replayed.forwardY());
    assertEquals(Double.parseDouble(firstProfile.getProperty("forwardZ")), replayed.forwardZ());
    // the terminal showed the countdown and the live angle, and the status line in words
    assertTrue(s.transcript().stream().anyMatch(l -> l.matches("\\[hold bend] \\d s left \\| "
        + " ?\\d\\d\\.\\d° from neutral — hold the bend still")), transcript);
    assertTrue(s.transcript().stream().anyMatch(l -> l.matches(POSTURE_IN_WORDS)), transcript);
    assertFalse(transcript.contains("SEATED_") || transcript.contains("UNKNOWN"), transcript);
  }
}
