package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.event.PipelineEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor's terminal keys, fed from a stream (not a terminal), on a fake clock. */
class ConsoleKeysTest {
  @TempDir
  Path dir;

  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private final List<String> said = new ArrayList<>();
  private ConsoleKeys keys;

  private List<String> type(String lines) throws Exception {
    said.clear();
    keys.read(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)));
    return List.copyOf(said);
  }

  private ConsoleKeys keys() {
    return new ConsoleKeys(dir, Clock.fixed(NOW, ZoneOffset.UTC), said::add);
  }

  private static Alert deskBreak(int id, String suppressedBy) {
    return new Alert(id, 1_800_000_000L, 1800, AlertKind.DESK_BREAK, "stand up", suppressedBy);
  }

  @Test
  void aAcknowledgesTheLatestShownAlertThroughTheControlFile() throws Exception {
    keys = keys();
    long[] nanos = {0}; // the monitor's monotonic clock
    ControlFile monitor = new ControlFile(dir, said::add, () -> nanos[0]);
    assertNull(monitor.takeAcknowledgement(), "the monitor starts");

    assertEquals(List.of("nothing to acknowledge: no alert has been shown yet"), type("a\n"));
    keys.accept(new PipelineEvent.AlertFired(deskBreak(1, "snoozed until 09:30"))); // never shown
    assertEquals(List.of("nothing to acknowledge: no alert has been shown yet"), type("a\n"));
    assertFalse(Files.exists(dir.resolve(ControlFile.NAME)), "nothing was written");

    Alert shown = deskBreak(2, null);
    keys.accept(new PipelineEvent.AlertFired(shown));
    assertEquals(List.of(), type("a\n"), "the monitor confirms it, not the key");
    String file = Files.readString(dir.resolve(ControlFile.NAME));
    assertTrue(file.contains("ack.at=" + NOW + "\n"), file);
    assertTrue(file.contains("ack.via=key\n"), file);
    nanos[0] += 1_000_000_000L;
    assertEquals(Acknowledgement.KEY, monitor.takeAcknowledgement(), "the monitor takes it");

    keys.accept(new PipelineEvent.Acknowledged(shown,
        new Acknowledgement(2, 1_801_000_000L, Acknowledgement.KEY)));
    assertEquals(List.of("nothing to acknowledge: the latest alert ([00:30:00] Desk break: "
        + "Bruegger's relief position) is already acknowledged"), type("A\n"));
  }

  @Test
  void snoozeKeysSetTheSnoozeOnTheGivenClockAndOEndsIt() throws Exception {
    keys = keys();
    assertEquals(List.of("alerts snoozed until 09:30 (o ends it)"), type("s\n"));
    assertEquals(NOW.plusSeconds(1800), ControlFile.read(dir).snoozeUntil());
    assertEquals(List.of("alerts snoozed until 10:00 (o ends it)"), type(" h \n"));
    assertEquals(NOW.plusSeconds(3600), ControlFile.read(dir).snoozeUntil());
    assertEquals(List.of("alerts snoozed until Tue 3 Mar 00:00 (o ends it)"), type("t\n"));
    assertEquals(Instant.parse("2026-03-03T00:00:00Z"), ControlFile.read(dir).snoozeUntil());
    assertEquals(List.of("snooze ended: alerts are on"), type("o\n"));
    assertNull(ControlFile.read(dir).snoozeUntil());
  }

  @Test
  void pTogglesThePainPause() throws Exception {
    keys = keys();
    List<String> a = type("p\n");
    assertTrue(a.get(0).startsWith("pain pause on: no exercise prompts"), a.toString());
    assertTrue(ControlFile.read(dir).painPause());
    assertEquals(List.of("pain pause off: exercise prompts are on"), type("p\n"));
    assertFalse(ControlFile.read(dir).painPause());
    // a broken file: the pause was not in force, so p turns it on (and mends the file)
    Files.writeString(dir.resolve(ControlFile.NAME), "pain=maybe\n");
    assertTrue(type("p\n").get(0).startsWith("pain pause on"));
    assertTrue(ControlFile.read(dir).painPause());
  }

  @Test
  void anUnknownKeyIsNamedWithTheListAndBlankLinesAreIgnored() throws Exception {
    keys = keys();
    assertEquals(List.of("unknown key 'x'; " + ConsoleKeys.HELP, ConsoleKeys.HELP),
        type("\n  \nx\n?\n"));
    assertFalse(Files.exists(dir.resolve(ControlFile.NAME)));
  }

  @Test
  void aControlFileThatCannotBeWrittenIsSaidAndNothingChanges() throws Exception {
    Path notADir = dir.resolve("file");
    Files.writeString(notADir, "x");
    keys = new ConsoleKeys(notADir, Clock.fixed(NOW, ZoneOffset.UTC), said::add);
    List<String> a = type("s\n");
    assertEquals(1, a.size());
    assertTrue(a.get(0).startsWith("cannot write " + notADir.resolve(ControlFile.NAME) + ": ")
        && a.get(0).endsWith("; nothing changed"), a.get(0));
  }

  @Test
  void theKeysAreReadOnADaemonThreadOnlyWhatWasTyped() throws Exception {
    java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
    List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
    keys = new ConsoleKeys(dir, Clock.fixed(NOW, ZoneOffset.UTC), m -> {
      answers.add(m);
      answered.countDown();
    });
    Thread t = keys.start(new ByteArrayInputStream("s\n".getBytes(StandardCharsets.UTF_8)),
        () -> true);
    assertTrue(t.isDaemon(), "never keeps the JVM alive");
    assertTrue(answered.await(5, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(List.of("alerts snoozed until 09:30 (o ends it)"), answers);
  }

  @Test
  void inTheBackgroundTheTerminalIsNotReadAtAll() throws Exception {
    // reading a terminal from the background makes the kernel stop the process: the keys
    // wait for the foreground and never touch the input until then
    ByteArrayInputStream in = new ByteArrayInputStream("s\n".getBytes(StandardCharsets.UTF_8));
    java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(5);
    keys = keys();
    Thread t = keys.start(in, () -> {
      asked.countDown();
      return false;
    });
    assertTrue(asked.await(5, java.util.concurrent.TimeUnit.SECONDS));
    t.interrupt();
    assertEquals(2, in.available(), "nothing read");
    assertEquals(List.of(), said);
  }

  @Test
  void cAsksTheMonitorForANewCalibrationThroughTheControlFile() throws Exception {
    keys = keys();
    long[] nanos = {0}; // the monitor's monotonic clock
    ControlFile monitor = new ControlFile(dir, said::add, () -> nanos[0]);
    assertNull(monitor.takeRecalibrationRequest(), "the monitor starts");
    List<String> a = type("c\n");
    assertEquals(List.of(), a, "the monitor answers with the calibration's prompts");
    List<String> file = Files.readAllLines(dir.resolve(ControlFile.NAME));
    assertTrue(file.contains("recalibrate.at=" + NOW) && file.contains("recalibrate.via=key"),
        file.toString());
    nanos[0] += 300_000_000L;
    assertEquals("key c", monitor.takeRecalibrationRequest());
    nanos[0] += 300_000_000L;
    assertNull(monitor.takeRecalibrationRequest(), "taken once");
  }
}
