package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.bench.HistoryBench;
import dev.slumpwatch.testing.ChildJvm;
import dev.slumpwatch.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real {@code export} and {@code report} process at random moments, twenty
 * times each: a file under its final name is always complete (byte for byte the one an
 * uninterrupted run writes), and the rerun is never refused for a file the killed run left.
 * One kill in four comes at a moment drawn over the whole run (JVM start included); the
 * others at a moment drawn over the writing itself (from when the first file appears in
 * the output directory), which is short beside the run and would otherwise be hit rarely.
 */
class KillDuringOutputTest {
  private static final int TRIALS = 20;
  /** Trials followed by a rerun into the same place (each costs a whole export or report). */
  private static final int RERUNS = 5;
  private static final LocalDate LAST_DAY = LocalDate.of(2026, 3, 13);
  private static final LocalDate FIRST_DAY = LAST_DAY.minusDays(1);

  @TempDir
  static Path dir;
  static Path data;

  @BeforeAll
  static void history() throws Exception {
    data = Files.createDirectories(dir.resolve("data"));
    HistoryBench.write(data.resolve(RunCommand.DATABASE), LAST_DAY, 2, ZoneId.systemDefault(),
        7, d -> { });
  }

  /** Runs the command in a JVM of its own and kills it after {@code killAfterMs} (or never). */
  private static Process child(List<String> args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--data-dir", data.toString()));
    all.addAll(args);
    return ChildJvm.command(Main.class, all).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** How long a run takes, and how long of that it writes files (from the first one), ms. */
  private record Timing(long runMs, long writingMs) {}

  /** One uninterrupted child run writing into {@code out}; asserts it succeeded. */
  private static Timing timedRun(List<String> args, Path out) throws Exception {
    long t0 = System.nanoTime();
    Process p = child(args);
    long first = waitForOutput(p, out);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "reference run did not finish");
    assertEquals(0, p.exitValue(), "reference run " + args);
    long end = System.nanoTime();
    return new Timing((end - t0) / 1_000_000, (end - first) / 1_000_000);
  }

  /**
   * Waits (polling every 2 ms: a real process, real time) until a file appears in
   * {@code out} or the process ends; returns then, as System.nanoTime.
   */
  private static long waitForOutput(Process p, Path out) throws Exception {
    while (p.isAlive()) {
      try (Stream<Path> s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          break;
        }
      }
      Thread.sleep(2);
    }
    return System.nanoTime();
  }

  /** Kills the child at a random moment of its run or of its writing (see the class). */
  private static void kill(Process p, Path out, int trial, Timing t, Random random)
      throws Exception {
    if (trial % 4 == 0) {
      p.waitFor(random.nextInt((int) t.runMs()), TimeUnit.MILLISECONDS);
    } else {
      waitForOutput(p, out);
      p.waitFor(random.nextInt((int) Math.max(1, t.writingMs())), TimeUnit.MILLISECONDS);
    }
    p.destroyForcibly(); // SIGKILL; nothing when it finished first
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
  }

  private static List<Path> files(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.sorted().toList();
    }
  }

  private static boolean partial(Path f) {
    return f.getFileName().toString().endsWith(".partial");
  }

  @Test
  void aKilledExportLeavesNoIncompleteFileAndTheRerunIsNotRefused() throws Exception {
    Path ref = Files.createDirectories(dir.resolve("export-ref")).resolve("x.csv");
    List<String> args = List.of("export", "--from", FIRST_DAY.toString(), "--to",
        LAST_DAY.toString());
    Timing timing = timedRun(concat(args, "--out", ref.toString()), ref.getParent());
    byte[] refSeconds = Files.readAllBytes(ref);
    byte[] refEpisodes = Files.readAllBytes(ref.resolveSibling("x-episodes.csv"));
    byte[] refDays = Files.readAllBytes(ref.resolveSibling("x-days.csv"));
    assertTrue(refSeconds.length > 2_000_000, "enough to be killed while writing: "
        + refSeconds.length + " bytes");
    Random random = new Random(13);
    int[] outcome = new int[3]; // nothing yet, killed while writing, complete
    int reruns = 0;
    int leftBehind = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Path trialDir = Files.createDirectories(dir.resolve("export-" + trial));
      Path out = trialDir.resolve("x.csv");
      Path episodes = trialDir.resolve("x-episodes.csv");
      Path days = trialDir.resolve("x-days.csv");
      kill(child(concat(args, "--out", out.toString())), trialDir, trial, timing, random);
      List<Path> left = files(trialDir);
      boolean done = Files.exists(out);
      if (done) {
        assertArrayEquals(refSeconds, Files.readAllBytes(out), "trial " + trial + ": complete");
        assertArrayEquals(refEpisodes, Files.readAllBytes(episodes), "trial " + trial);
        assertArrayEquals(refDays, Files.readAllBytes(days), "trial " + trial);
        outcome[2]++;
      } else {
        // killed between the renames (the seconds file goes last): what is there is whole
        if (Files.exists(episodes)) {
          assertArrayEquals(refEpisodes, Files.readAllBytes(episodes), "trial " + trial);
          leftBehind++;
        }
        if (Files.exists(days)) {
          assertArrayEquals(refDays, Files.readAllBytes(days), "trial " + trial);
        }
        outcome[left.stream().anyMatch(KillDuringOutputTest::partial) ? 1 : 0]++;
        if (reruns++ >= RERUNS && !Files.exists(episodes) && !Files.exists(days)) {
          continue;
        }
        // the rerun is not refused, and tidies what the killed one left
        Cli.Outcome again = Cli.runIn(data, concat(args, "--out", out.toString())
            .toArray(new String[0]));
        assertEquals(0, again.code(), "trial " + trial + ": rerun: " + again.err());
        assertArrayEquals(refSeconds, Files.readAllBytes(out));
        assertArrayEquals(refEpisodes, Files.readAllBytes(episodes));
        assertArrayEquals(refDays, Files.readAllBytes(days));
        assertEquals(List.of(days, episodes, out), files(trialDir), "no partial file left");
      }
    }
    System.out.printf("kill -9 during export x%d (a run takes %d ms, %d of them writing): %d "
        + "before any output, %d while writing, %d after it was complete (%d between the renames, "
        + "each tidied by the rerun)%n", TRIALS, timing.runMs(), timing.writingMs(), outcome[0],
        outcome[1], outcome[2], leftBehind);
    assertTrue(outcome[1] >= 3, "at least a few kills landed while writing");
  }

  @Test
  void aKilledReportLeavesNoIncompleteFile() throws Exception {
    Path ref = Files.createDirectories(dir.resolve("report-ref"));
    List<String> args = List.of("report", "--day", LAST_DAY.toString());
    Timing timing = timedRun(concat(args, "--out", ref.toString()), ref);
    List<Path> refFiles = files(ref);
    assertEquals(9, refFiles.size(), "page, 4 PNG, 4 SVG: " + refFiles);
    Random random = new Random(14);
    int[] outcome = new int[3]; // nothing yet, killed while writing, complete
    for (int trial = 0; trial < TRIALS; trial++) {
      Path trialDir = Files.createDirectories(dir.resolve("report-" + trial));
      kill(child(concat(args, "--out", trialDir.toString())), trialDir, trial, timing, random);
      List<Path> left = files(trialDir);
      for (Path f : left) {
        if (!partial(f)) {
          assertArrayEquals(Files.readAllBytes(ref.resolve(f.getFileName())),
              Files.readAllBytes(f), "trial " + trial + ": " + f.getFileName() + " complete");
        }
      }
      outcome[left.isEmpty() ? 0 : left.size() == refFiles.size()
          && left.stream().noneMatch(KillDuringOutputTest::partial) ? 2 : 1]++;
      if (trial >= RERUNS) {
        continue;
      }
      Cli.Outcome again = Cli.runIn(data, concat(args, "--out", trialDir.toString())
          .toArray(new String[0]));
      assertEquals(0, again.code(), "trial " + trial + ": rerun: " + again.err());
      assertEquals(refFiles.stream().map(Path::getFileName).toList(),
          files(trialDir).stream().map(Path::getFileName).toList(), "no partial file left");
    }
    System.out.printf("kill -9 during report x%d (a run takes %d ms, %d of them writing): %d "
        + "before any output, %d while writing, %d after it was complete%n", TRIALS,
        timing.runMs(), timing.writingMs(), outcome[0], outcome[1], outcome[2]);
    assertTrue(outcome[1] >= 3, "at least a few kills landed while writing");
  }

  private static List<String> concat(List<String> a, String... b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(List.of(b));
    return out;
  }
}
