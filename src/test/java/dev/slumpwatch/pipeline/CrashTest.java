package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.report.DayReport;
import dev.slumpwatch.report.Reports;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real monitoring process at random moments, twenty times, all into one
 * database: after each kill the database passes {@code PRAGMA integrity_check}, the
 * killed session lost at most its last second, the earlier sessions are intact, and the
 * next process continues the same day.
 *
 * <p>How the loss is measured: the child prints {@code second N} after the pipeline has
 * handed second N to the store writer. After the kill the parent drains the pipe, so it
 * knows the last second the child completed, {@code R}. The stored seconds must be exactly
 * 0..S with S >= R - 1: besides the second still being aggregated when the process died
 * (less than 1 s of sensor data, never stored by design), at most the one completed second
 * whose commit was under way may be missing. The child runs at 5x, so "one second" here
 * is 200 ms of wall time for the writer to commit: five times stricter than at the
 * wearer's pace.
 */
class CrashTest {
  private static final int TRIALS = 20;
  private static final double SPEED = 5;
  private static final long DAY_START = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();

  @TempDir
  Path dir;

  /** A child's stdout, read on a thread of its own until the pipe closes. */
  private static final class Output {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch started = new CountDownLatch(1);
    final Thread reader;

    Output(Process p) {
      reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String l = in.readLine(); l != null; l = in.readLine()) {
            lines.add(l);
            if (l.startsWith("second ")) {
              started.countDown();
            }
          }
        } catch (IOException e) {
          lines.add("read failed: " + e);
        }
      });
      reader.start();
    }

    long lastReportedSecond() {
      synchronized (lines) {
        return lines.stream().filter(l -> l.startsWith("second "))
            .mapToLong(l -> Long.parseLong(l.substring(7))).max().orElse(-1);
      }
    }
  }

  @Test
  void killNineAtRandomMomentsLosesAtMostTheLastSecondAndTheDayContinues() throws Exception {
    Path db = dir.resolve("slumpwatch.db");
    Random random = new Random(20260302);
    Map<Long, Long> rowsBySession = new HashMap<>();
    List<String> log = new ArrayList<>();
    int[] lostCompleted = new int[3];
    int killedInStartup = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      long startMs = DAY_START + trial * 600_000L;
      Process p = ChildJvm.command(MonitorChild.class, List.of(db.toString(),
          Long.toString(startMs), Double.toString(SPEED), "desk-2h"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      Output out = new Output(p);
      // real wall-clock waits: the point is to kill a real process at a random moment
      if (trial % 5 == 4) {
        Thread.sleep(100 + random.nextInt(700)); // during start-up: JVM, store open, migration
      } else {
        assertTrue(out.started.await(30, TimeUnit.SECONDS), "child never started: " + out.lines);
        Thread.sleep(random.nextInt(1200));
      }
      p.destroyForcibly(); // SIGKILL
      assertTrue(p.waitFor(10, TimeUnit.SECONDS));
      out.reader.join(10_000);
      assertTrue(p.exitValue() != 0, "the child was killed, not finished: " + out.lines);
      long reported = out.lastReportedSecond();

      try (Store s = Store.open(db)) {
        assertEquals("ok", s.integrityCheck(), "after kill " + trial);
        List<Store.SessionRow> sessions = s.sessions(DAY_START, DAY_START + 86_400_000L);
        for (Map.Entry<Long, Long> e : rowsBySession.entrySet()) {
          long sid = e.getKey();
          Store.SessionRow row = sessions.stream().filter(x -> x.id() == sid).findFirst()
              .orElseThrow(() -> new AssertionError("session " + sid + " vanished"));
          assertEquals(e.getValue(), s.seconds(row.startedMs(), row.endedMs() + 1).stream()
              .filter(x -> x.sessionId() == sid).count(), "rows of earlier session " + sid);
        }
        Store.SessionRow mine = sessions.stream().filter(x -> x.startedMs() == startMs)
            .findFirst().orElse(null);
        if (mine == null) {
          // the session's row is written with its first records: killed before that commit,
          // at most the one completed second under way is lost, as for any later commit
          assertTrue(reported <= 0, "trial " + trial + ": the child reported second "
              + reported + " but no session was stored");
          if (reported == 0) {
            lostCompleted[1]++;
          } else {
            killedInStartup++;
          }
          log.add(trial + ": killed before its session was stored (reported " + reported + ")");
          continue;
        }
        List<Store.SecondRow> rows = s.seconds(startMs, startMs + 86_400_000L).stream()
            .filter(x -> x.sessionId() == mine.id()).toList();
        for (int i = 0; i < rows.size(); i++) {
          assertEquals(i, rows.get(i).second(), "trial " + trial + ": stored seconds have a hole");
        }
        long stored = rows.size() - 1;
        long lost = reported - stored;
        assertTrue(lost <= 1, "trial " + trial + ": the child completed second " + reported
            + " but only 0.." + stored + " were stored");
        if (reported < 0) {
          killedInStartup++; // the session began, but no second was complete yet
        } else {
          lostCompleted[(int) Math.max(0, lost)]++;
        }
        rowsBySession.put(mine.id(), (long) rows.size());
        log.add(trial + ": reported " + reported + ", stored " + stored);
      }
    }
    System.out.printf("kill -9 x%d at %.0fx: %d killed while monitoring (completed seconds "
        + "lost: none in %d, one in %d), %d killed before a second was complete%n", TRIALS,
        SPEED, lostCompleted[0] + lostCompleted[1], lostCompleted[0], lostCompleted[1],
        killedInStartup);
    assertTrue(rowsBySession.size() >= TRIALS / 2, "most trials got to store data: " + log);

    // the day goes on: one report covers every session of the day
    try (Store s = Store.open(db)) {
      DayReport day = DayReport.load(s, LocalDate.of(2026, 3, 2), ZoneOffset.UTC, 15);
      assertTrue(day.figures().sessions() >= rowsBySession.size(), "sessions in the report");
      assertEquals(rowsBySession.values().stream().mapToLong(Long::longValue).sum(),
          day.seconds().size(), "the report holds every stored second of every session");
      Path page = Reports.writeDay(day, dir.resolve("reports"), Reports.Options.DEFAULTS);
      assertTrue(Files.readString(page).contains("not closed (the program stopped abruptly)"));
    }
  }
}
