package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.ConsoleNotifier;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.pipeline.SessionSummary;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.slump.SlumpEpisode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * What the terminal shows is in a wearer's words: no internal names, the time of day on
 * prompts, plurals that agree, durations that are not "0.00 h", each port described once.
 */
class WordsForTheWearerTest {

  @Test
  void theStatusLineSaysWhatTheWearerIsDoingInWords() {
    PostureSecond still = new PostureSecond(5, 5_000_000, 12.4, 11, 13, 0, Activity.SEATED_STILL,
        false, 100);
    assertEquals("sitting still, upper back 12° forward of neutral",
        SessionConsole.posture(still, null));
    PostureSecond slumped = new PostureSecond(5, 5_000_000, 21, 20, 22, 0,
        Activity.SEATED_FIDGETING, true, 100);
    assertEquals("sitting, moving a little, upper back 21° forward of neutral: slumped",
        SessionConsole.posture(slumped, null));
    PostureSecond back = new PostureSecond(5, 5_000_000, -6, -7, -5, 0, Activity.SEATED_STILL,
        false, 100);
    assertEquals("sitting still, upper back 6° back of neutral",
        SessionConsole.posture(back, null));
    assertEquals("posture unknown", SessionConsole.posture(new PostureSecond(5, 5_000_000,
        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Activity.UNKNOWN, false, 100), null));
    assertEquals("sensor not worn", SessionConsole.posture(new PostureSecond(5, 5_000_000,
        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Activity.NOT_WORN, false, 100), null));
    assertEquals("waiting for data", SessionConsole.posture(null, null));
    for (Activity a : Activity.values()) {
      String w = SessionConsole.words(a);
      assertFalse(w.contains("_") || w.equals(a.name()), w);
    }
  }

  @Test
  void promptsShowTheTimeOfDayThenTheSessionTime() {
    StringWriter text = new StringWriter();
    ConsoleNotifier n = new ConsoleNotifier(new PrintWriter(text), ZoneOffset.UTC);
    Alert a = new Alert(1, 458_000_000L, 458, AlertKind.SLUMP_NUDGE, "sit tall", null);
    n.notify(a);
    n.sessionStarted(Instant.parse("2026-03-02T09:00:00Z").toEpochMilli());
    n.notify(a);
    String[] lines = text.toString().split("\n");
    assertEquals("[00:07:38] Slumping — sit tall", lines[0], "before the start is known");
    assertEquals("[09:07:38, 00:07:38 in] Slumping — sit tall", lines[1]);
  }

  @Test
  void theSummaryCountsInWordsThatAgree() {
    SessionSummary s = new SessionSummary();
    s.accept(new PipelineEvent.SlumpEnded(new SlumpEpisode(0, 95_000_000L, 25, 20, 5)));
    String f = s.format();
    assertTrue(f.contains("in 1 episode (longest 1 min 35 s)"), f);
    assertFalse(f.contains("0 h 00 min"), "a short session is not 0: " + f);
    s.accept(new PipelineEvent.SlumpEnded(new SlumpEpisode(0, 5_000_000L, 25, 20, 1)));
    assertTrue(s.format().contains("in 2 episodes"), s.format());
  }

  @Test
  void eachPortIsDescribedOnce() {
    assertEquals("/dev/ttyS0               Physical Port S0",
        PortsCommand.line("/dev/ttyS0", "Physical Port S0", "Physical Port S0"));
    assertEquals("/dev/ttyUSB0             CP2102 USB to UART Bridge Controller (Silicon Labs)",
        PortsCommand.line("/dev/ttyUSB0", "CP2102 USB to UART Bridge Controller",
            "Silicon Labs"));
    assertEquals("/dev/rfcomm0", PortsCommand.line("/dev/rfcomm0", "rfcomm0", ""));
  }

  @Test
  void theForegroundIsToldFromProcStat() {
    // pid (comm) state ppid pgrp session tty_nr tpgid ...
    assertTrue(Terminal.foreground("4242 (java) S 100 4242 100 34816 4242 4194304 0"));
    assertFalse(Terminal.foreground("4242 (java) S 100 4242 100 34816 100 4194304 0"),
        "another group has the terminal: in the background");
    assertFalse(Terminal.foreground("4242 (my (odd) cmd) S 1 4242 1 34816 7 0"),
        "a command name with spaces and brackets");
    assertTrue(Terminal.foreground("4242 (java) S 1 4242 4242 0 -1 0"), "no terminal at all");
  }
}
