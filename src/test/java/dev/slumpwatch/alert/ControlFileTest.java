package dev.slumpwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.slump.SittingTracker;
import dev.slumpwatch.slump.SlumpTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controls file as a running engine sees it: changed between two prompts. */
class ControlFileTest {
  @TempDir
  Path dir;

  private final List<Alert> alerts = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final List<Acknowledgement> acks = new ArrayList<>();
  /** The monitor's monotonic clock, nanoseconds: when it may look for an acknowledgement. */
  private long nanos;

  @Test
  void aPainPauseSetWhileRunningStopsTheNextExercisePrompt() throws Exception {
    ControlFile controls = new ControlFile(dir, errors::add);
    AlertEngine engine = new AlertEngine(AlertEngine.Settings.DEFAULTS, controls,
        ZoneOffset.UTC);
    engine.start(0, Instant.parse("2026-03-02T09:00:00Z").toEpochMilli());
    SlumpTracker slump = new SlumpTracker(SlumpTracker.Settings.DEFAULTS);
    SittingTracker sitting = new SittingTracker(SittingTracker.Settings.DEFAULTS);
    long t = 0;
    for (int phase = 0; phase < 2; phase++) {
      // 30 min seated, then a relief hold: one desk break per phase
      for (int i = 0; i < 18_300; i++, t += 100_000) {
        double flex = i < 18_010 ? 2 : -8;
        slump.update(t, flex, Activity.SEATED_STILL);
        SittingTracker.Break b = sitting.update(t, Activity.SEATED_STILL, flex);
        engine.update(Moment.of(t, flex, Activity.SEATED_STILL, 0.01, slump, sitting, b));
        Decisions.take(engine, alerts, null, null);
      }
      ControlFile.set(dir, "pain", "on");
    }
    assertEquals(2, alerts.size());
    assertTrue(alerts.get(0).delivered());
    assertTrue(alerts.get(0).message().contains("numbness"), "red flags with the first");
    assertEquals(LocalDate.of(2026, 3, 2), controls.redFlagsShownOn());
    assertEquals("pain pause", alerts.get(1).suppressedBy());
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void whatTheControlsWriteIsTheWearersOwn() throws Exception {
    // mode 0600, like the database and the reports, whatever the umask: the day's count of
    // self-cracking is health data, and a data directory given with --data-dir may be open
    org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem()
        .supportedFileAttributeViews().contains("posix"), "no POSIX file modes here");
    ControlFile controls = new ControlFile(dir, errors::add);
    LocalDate day = LocalDate.of(2026, 3, 2);
    controls.redFlagsShown(day);
    controls.selfManipulations(day, 3);
    ControlFile.set(dir, "pain", "on");
    Files.writeString(dir.resolve(ControlFile.TWISTS_NAME + ".tmp"), "left by a crash");
    Files.setPosixFilePermissions(dir.resolve(ControlFile.TWISTS_NAME + ".tmp"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    controls.selfManipulations(day, 4);
    for (String name : List.of(ControlFile.RED_FLAGS_NAME, ControlFile.TWISTS_NAME,
        ControlFile.NAME)) {
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(dir.resolve(name))), name);
    }
    assertEquals(4, controls.selfManipulationsOn(day));
    assertEquals(day, controls.redFlagsShownOn());
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void aBrokenFileIsReportedOnceAndPausesNothing() throws Exception {
    Files.writeString(dir.resolve(ControlFile.NAME), "pain=perhaps\n");
    ControlFile controls = new ControlFile(dir, errors::add);
    assertEquals(AlertControls.State.NONE, controls.state());
    assertEquals(AlertControls.State.NONE, controls.state());
    assertEquals(List.of(dir.resolve(ControlFile.NAME) + ": pain = 'perhaps' must be on or "
        + "off; alerts go on as if it were not there"), errors);
    ControlFile.set(dir, "dnd", "on"); // replaces the broken file with a sound one
    assertTrue(controls.state().doNotDisturb());
  }

  // ------------------------------------------------- the day's twist count across sessions

  /** One monitor session: an engine on a fake clock, fed at 10 Hz by the test. */
  private final class Session {
    final AlertEngine engine;
    final SlumpTracker slump = new SlumpTracker(SlumpTracker.Settings.DEFAULTS);
    final SittingTracker sitting = new SittingTracker(SittingTracker.Settings.DEFAULTS);
    long t = 5_000_000_000L; // each session's device clock starts anywhere

    Session(String startUtc) {
      engine = new AlertEngine(AlertEngine.Settings.DEFAULTS, new ControlFile(dir,
          errors::add, () -> nanos), ZoneOffset.UTC);
      engine.start(t, Instant.parse(startUtc).toEpochMilli());
    }

    void feed(double seconds, Activity a, double gyroDps) {
      feed(seconds, a, 2, gyroDps);
    }

    void feed(double seconds, Activity a, double flexionDeg, double gyroDps) {
      double g = Math.toRadians(gyroDps);
      for (int i = 0; i < Math.round(seconds * 10); i++, t += 100_000) {
        slump.update(t, flexionDeg, a);
        SittingTracker.Break b = sitting.update(t, a, flexionDeg);
        engine.update(Moment.of(t, flexionDeg, a, g * g, slump, sitting, b));
        Decisions.take(engine, alerts, null, acks);
      }
    }

    double seconds() {
      return (t - 5_000_000_000L) / 1e6;
    }

    /** A forceful twist to one side and back, 2 s apart (one manipulation); a minute's rest. */
    void cracks(int n) {
      for (int i = 0; i < n; i++) {
        feed(0.3, Activity.SEATED_FIDGETING, 220);
        feed(2, Activity.SEATED_FIDGETING, 5);
        feed(0.3, Activity.SEATED_FIDGETING, 220);
        feed(60, Activity.SEATED_STILL, 5);
      }
    }
  }

  private List<Alert> warnings() {
    return alerts.stream().filter(a -> a.kind() == AlertKind.SELF_CRACK_WARNING).toList();
  }

  @Test
  void theDaysTwistCountHoldsAcrossARestartedMonitor() throws Exception {
    Session morning = new Session("2026-03-02T09:00:00Z");
    morning.cracks(6);
    assertEquals(6, morning.engine.selfManipulationsToday());
    assertEquals("2026-03-02 6", Files.readString(dir.resolve(ControlFile.TWISTS_NAME)).strip());

    Session afternoon = new Session("2026-03-02T14:00:00Z"); // the monitor was restarted
    afternoon.cracks(4);
    assertEquals(10, afternoon.engine.selfManipulationsToday(), "6 this morning + 4");
    assertTrue(warnings().isEmpty(), "10 is not past 10");
    afternoon.cracks(1);
    assertEquals(1, warnings().size(), "the 11th of the day, though only the 5th of the session");
    // warned as it passed 10: a third session the same day does not warn again
    Session evening = new Session("2026-03-02T19:00:00Z");
    evening.cracks(2);
    assertEquals(13, evening.engine.selfManipulationsToday());
    assertEquals(1, warnings().size(), "once a day");
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void theCountStartsAfreshAtMidnightAndOnTheNextDaysSession() throws Exception {
    Session late = new Session("2026-03-02T23:50:00Z");
    late.cracks(8); // 23:50 to about 23:58:30
    assertEquals(8, late.engine.selfManipulationsToday());
    late.feed(120, Activity.SEATED_STILL, 5); // past midnight
    late.cracks(3);
    assertEquals(3, late.engine.selfManipulationsToday(), "a new day: 8 + 3 is not 11");
    assertEquals("2026-03-03 3", Files.readString(dir.resolve(ControlFile.TWISTS_NAME)).strip());
    assertTrue(warnings().isEmpty());

    Session nextDay = new Session("2026-03-03T08:00:00Z");
    nextDay.cracks(8);
    assertEquals(11, nextDay.engine.selfManipulationsToday(), "3 after midnight + 8");
    assertEquals(1, warnings().size());
    Session dayAfter = new Session("2026-03-04T08:00:00Z");
    dayAfter.cracks(1);
    assertEquals(1, dayAfter.engine.selfManipulationsToday(), "yesterday's 11 are not today's");
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void aBrokenTwistCountIsReportedAndCountingStartsFromZero() throws Exception {
    Files.writeString(dir.resolve(ControlFile.TWISTS_NAME), "yesterday lots\n");
    Session s = new Session("2026-03-02T09:00:00Z");
    s.cracks(1);
    assertEquals(1, s.engine.selfManipulationsToday());
    assertEquals(List.of(dir.resolve(ControlFile.TWISTS_NAME) + ": expected 'DATE COUNT' such "
        + "as '2026-03-02 7', found 'yesterday lots'; today's count of forceful twists starts "
        + "again from 0"), errors);
    assertEquals("2026-03-02 1", Files.readString(dir.resolve(ControlFile.TWISTS_NAME)).strip(),
        "replaced by a sound one");
  }

  // ------------------------------------------------------------------ acknowledgements

  @Test
  void anAcknowledgementIsTakenForTheLatestShownAlertOnceWhenTheMonitorLooks()
      throws Exception {
    // left over from an earlier monitor: not this one's to take
    ControlFile.requestAcknowledgement(dir, Instant.parse("2026-03-02T08:00:00Z"),
        Acknowledgement.COMMAND);
    Session s = new Session("2026-03-02T09:00:00Z");
    s.feed(5, Activity.SEATED_STILL, 2, 5);
    nanos += 1_000_000_000L;
    s.feed(5, Activity.SEATED_STILL, 2, 5);
    assertTrue(acks.isEmpty() && errors.isEmpty(), acks + " " + errors);

    ControlFile.requestAcknowledgement(dir, Instant.parse("2026-03-02T09:00:10Z"),
        Acknowledgement.KEY);
    nanos += 1_000_000_000L;
    s.feed(2, Activity.SEATED_STILL, 2, 5);
    assertEquals(List.of("nothing to acknowledge: no alert has been shown in this session"),
        errors);
    errors.clear();

    s.feed(60, Activity.SEATED_STILL, 25, 5); // slumped: a nudge
    Alert nudge = alerts.get(0);
    assertEquals(AlertKind.SLUMP_NUDGE, nudge.kind());
    ControlFile.requestAcknowledgement(dir, Instant.parse("2026-03-02T09:01:20Z"),
        Acknowledgement.COMMAND);
    double askedAt = s.seconds();
    s.feed(3, Activity.SEATED_STILL, 25, 5);
    assertTrue(acks.isEmpty(), "not looked for within 250 ms of the monotonic clock");
    nanos += 300_000_000L;
    s.feed(3, Activity.SEATED_STILL, 25, 5);
    assertEquals(1, acks.size());
    Acknowledgement ack = acks.get(0);
    assertEquals(nudge.id(), ack.alertId());
    assertEquals(Acknowledgement.COMMAND, ack.via());
    double tookAt = (ack.deviceTimeMicros() - 5_000_000_000L) / 1e6;
    assertTrue(tookAt >= askedAt + 3 && tookAt <= askedAt + 4.01,
        "taken within a second of sensor time once looked for: " + tookAt);

    nanos += 1_000_000_000L;
    s.feed(2, Activity.SEATED_STILL, 25, 5);
    assertEquals(1, acks.size(), "the same request is taken once");
    ControlFile.requestAcknowledgement(dir, Instant.parse("2026-03-02T09:01:30Z"),
        Acknowledgement.KEY);
    nanos += 1_000_000_000L;
    s.feed(2, Activity.SEATED_STILL, 25, 5);
    assertEquals(1, acks.size());
    assertEquals(List.of("nothing to acknowledge: the latest alert (Slumping at 09:00) is "
        + "already acknowledged"), errors);
  }
}
