package dev.slumpwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertControls;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.app.AppView.PostureKind;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.GuidedCalibration.Step;
import dev.slumpwatch.posture.GuidedCalibration.Progress;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.report.DayFigures;
import dev.slumpwatch.report.DayTally;
import dev.slumpwatch.slump.SlumpEpisode;
import dev.slumpwatch.slump.SlumpTracker;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What the window shows for sequences of pipeline events, without Swing: the view model
 * alone, fed events as the window's queue would, and read as the window would.
 */
class LiveModelTest {
  static final long FIRST_US = 5_000_000; // the device's clock at the first sample
  static final long START_MS = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
  static final LocalDate DAY = LocalDate.of(2026, 3, 2);
  final AtomicLong nanos = new AtomicLong();
  final LiveModel model = new LiveModel(new LiveModel.Config(15, ZoneOffset.UTC,
      Duration.ofSeconds(3)), nanos::get);

  static long us(double sessionSeconds) {
    return FIRST_US + Math.round(sessionSeconds * 1e6);
  }

  static long ms(double sessionSeconds) {
    return START_MS + Math.round(sessionSeconds * 1000);
  }

  void start() {
    model.sessionStarting("simulated wearer", DAY, DayTally.empty(DAY));
    model.accept(new PipelineEvent.SessionStarted(FIRST_US, START_MS, null));
  }

  void live(double s, double flexionDeg, Activity a, SlumpTracker.State st, boolean cal) {
    live(s, flexionDeg, a, st, cal, Double.NaN);
  }

  void live(double s, double flexionDeg, Activity a, SlumpTracker.State st, boolean cal,
      double deskBreakDueSeconds) {
    model.accept(new PipelineEvent.Live(us(s), flexionDeg, a, st, cal, deskBreakDueSeconds));
  }

  void second(long s, double flexionDeg, Activity a, boolean slumped) {
    model.accept(new PipelineEvent.Second(new PostureSecond(s, us(s), flexionDeg, flexionDeg,
        flexionDeg, 0, a, slumped, 100)));
  }

  /** What the pipeline's guided calibration says at {@code s} (its CalibrationProgress). */
  void progress(double s, Step step, int stepNumber, int attempt, double secondsLeft,
      double angleDeg, String prompt, String problem) {
    model.accept(new PipelineEvent.CalibrationProgress(us(s), new Progress(step, stepNumber,
        2, attempt, 4, secondsLeft, angleDeg, prompt, problem)));
  }

  AppView view() {
    return model.snapshot();
  }

  @Test
  void beforeAnySensorItSaysSoInWords() {
    AppView v = view();
    assertEquals(PostureKind.NO_SENSOR, v.posture().kind());
    assertEquals("No sensor", v.posture().words());
    assertEquals("slumpwatch: No sensor", v.tooltip());
    assertFalse(v.wizard().visible());
    assertNull(v.alert());
    assertEquals("—", v.today().upright());
  }

  @Test
  void theWizardShowsThePipelinesCalibrationProgressStepByStepUntilCalibrated() {
    start();
    model.accept(new PipelineEvent.CalibrationStarted(us(0), 0, "no stored calibration"));
    AppView v = view();
    assertTrue(v.wizard().visible());
    assertEquals("Calibration starting", v.wizard().title());
    assertEquals("No stored calibration", v.wizard().why());
    assertEquals(PostureKind.CALIBRATING, v.posture().kind());
    assertEquals("Calibrating", v.posture().words());

    progress(0.5, Step.GET_READY, 1, 1, 2.2, Double.NaN, "get ready: sit tall", null);
    v = view();
    assertEquals(Step.GET_READY, v.wizard().step());
    assertEquals("Step 1 of 2: Get ready", v.wizard().title());
    assertEquals("3 s", v.wizard().countdown(), "2.2 s left, rounded up");
    assertEquals("Get ready: sit tall", v.posture().detail());

    progress(3, Step.SIT_TALL, 1, 1, 4, 0.8, "sit tall and hold still", null);
    v = view();
    assertEquals(Step.SIT_TALL, v.wizard().step());
    assertEquals("4 s", v.wizard().countdown());
    assertEquals(0.8, v.wizard().angleDeg(), 1e-9, "the gauge shows the live angle");
    assertEquals("Sit tall and hold still", v.wizard().prompt());

    // the bend was too shallow: the step is repeated, saying why, as the next try
    progress(12, Step.BEND, 2, 2, Double.NaN, 6.1, "bend forward slowly about 30°",
        "the bend was only 6° (at least 10° is needed)");
    v = view();
    assertEquals(Step.BEND, v.wizard().step());
    assertEquals("Step 2 of 2: Bend forward (try 2 of 4)", v.wizard().title());
    assertEquals("", v.wizard().countdown(), "a bend waits for the wearer: no countdown");
    assertEquals("Not taken: the bend was only 6° (at least 10° is needed)",
        v.wizard().problem());
    progress(15, Step.HOLD_BEND, 2, 2, 2.5, 27.4, "hold the bend still", null);
    v = view();
    assertEquals("Step 2 of 2: Hold the bend (try 2 of 4)", v.wizard().title());
    assertEquals("3 s", v.wizard().countdown());
    assertEquals(27.4, v.wizard().angleDeg(), 1e-9);
    assertNull(v.wizard().problem());

    model.accept(new PipelineEvent.Calibrated(us(17), null, null, PipelineEvent.Origin.LEARNT));
    live(17.1, 1.5, Activity.SEATED_STILL, SlumpTracker.State.UPRIGHT, true);
    v = view();
    assertEquals(Step.DONE, v.wizard().step());
    assertEquals("Calibrated", v.wizard().title());
    assertFalse(v.wizard().canRetry());
    assertEquals(PostureKind.UPRIGHT, v.posture().kind());
    // the outcome lingers a few seconds of sensor time, then the wizard goes
    live(17 + LiveModel.WIZARD_LINGER_SECONDS + 1, 1.5, Activity.SEATED_STILL,
        SlumpTracker.State.UPRIGHT, true);
    assertFalse(view().wizard().visible());
  }

  @Test
  void aCalibrationThatGaveUpShowsItsReasonAndARetryAndPostureStaysUnknown() {
    start();
    model.accept(new PipelineEvent.CalibrationStarted(us(0), 0, "no stored calibration"));
    progress(40, Step.BEND, 2, 4, Double.NaN, 3, "bend forward slowly about 30°",
        "the bend was only 3° (at least 10° is needed)");
    model.accept(new PipelineEvent.CalibrationFailed(us(60), "no bend of at least 10° in 4 "
        + "tries", false));
    live(90, Double.NaN, Activity.SEATED_STILL, SlumpTracker.State.UPRIGHT, false);
    AppView v = view();
    assertTrue(v.wizard().visible(), "a failure stays until the wearer retries");
    assertEquals(Step.FAILED, v.wizard().step());
    assertEquals("No bend of at least 10° in 4 tries", v.wizard().problem());
    assertEquals("Posture stays unknown until you calibrate", v.wizard().prompt());
    assertTrue(v.wizard().canRetry());
    assertEquals(PostureKind.UNKNOWN, v.posture().kind());
    assertEquals("Not calibrated: no bend of at least 10° in 4 tries. Calibrate to measure "
        + "posture", v.posture().detail());

    // the retry (the button asks the running monitor): its calibration starts afresh
    model.accept(new PipelineEvent.CalibrationStarted(us(95), 95, "asked for in the window"));
    progress(95.5, Step.GET_READY, 1, 1, 2, Double.NaN, "get ready: sit tall", null);
    v = view();
    assertEquals(Step.GET_READY, v.wizard().step());
    assertEquals("Step 1 of 2: Get ready", v.wizard().title());
    assertNull(v.wizard().problem());
    assertEquals("Asked for in the window", v.wizard().why());
  }

  @Test
  void aRecalibrationThatGaveUpKeepsTheCalibrationFromBeforeAndTheWizardGoesAfterAWhile() {
    start();
    model.accept(new PipelineEvent.Calibrated(FIRST_US, null, null, PipelineEvent.Origin.STORED));
    live(60, 2, Activity.SEATED_STILL, SlumpTracker.State.UPRIGHT, true);
    assertFalse(view().wizard().visible(), "a stored calibration needs no wizard");
    model.accept(new PipelineEvent.RecalibrationNeeded(us(61), "the clip moved 25°"));
    model.accept(new PipelineEvent.CalibrationStarted(us(61), 61, "the clip moved 25°"));
    progress(62, Step.SIT_TALL, 1, 1, 5, 0.2, "sit tall and hold still", null);
    assertEquals(PostureKind.CALIBRATING, view().posture().kind());
    model.accept(new PipelineEvent.CalibrationFailed(us(120), "you did not sit still", true));
    live(121, 3, Activity.SEATED_STILL, SlumpTracker.State.UPRIGHT, true);
    AppView v = view();
    assertEquals(Step.FAILED, v.wizard().step());
    assertEquals("Posture is measured with the calibration from before", v.wizard().prompt());
    assertEquals(PostureKind.UPRIGHT, v.posture().kind());
    live(120 + LiveModel.FAILED_LINGER_SECONDS + 1, 3, Activity.SEATED_STILL,
        SlumpTracker.State.UPRIGHT, true);
    assertFalse(view().wizard().visible());
  }

  @Test
  void postureInWordsForEachState() {
    start();
    model.accept(new PipelineEvent.Calibrated(FIRST_US, null, null, PipelineEvent.Origin.STORED));
    live(1, 3.4, Activity.SEATED_FIDGETING, SlumpTracker.State.UPRIGHT, true);
    AppView v = view();
    assertEquals(PostureKind.UPRIGHT, v.posture().kind());
    assertEquals(AppView.Tone.GOOD, v.posture().tone());
    assertEquals("Upright", v.posture().words());
    assertEquals("3° from neutral · sitting, moving a little", v.posture().detail());

    live(2, 19, Activity.SEATED_STILL, SlumpTracker.State.PENDING, true);
    assertEquals("19° from neutral · sitting still · leaning forward: a slump if held",
        view().posture().detail());

    live(3, 23.6, Activity.SEATED_STILL, SlumpTracker.State.SLUMPED, true);
    v = view();
    assertEquals(PostureKind.SLUMPED, v.posture().kind());
    assertEquals(AppView.Tone.BAD, v.posture().tone());
    assertEquals("Slumped 24°", v.posture().words());
    assertEquals("slumpwatch: Slumped 24°", v.tooltip());

    live(4, Double.NaN, Activity.NOT_WORN, SlumpTracker.State.UPRIGHT, true);
    assertEquals("Not worn", view().posture().words());

    live(5, Double.NaN, Activity.UNKNOWN, SlumpTracker.State.UPRIGHT, true);
    assertEquals(PostureKind.UNKNOWN, view().posture().kind());

    // no snapshot for longer than the stale limit: unknown, never the last good state
    live(6, 2, Activity.SEATED_STILL, SlumpTracker.State.UPRIGHT, true);
    assertEquals(PostureKind.UPRIGHT, view().posture().kind());
    nanos.addAndGet(4_000_000_000L);
    v = view();
    assertEquals(PostureKind.UNKNOWN, v.posture().kind());
    assertEquals("No data for 4 s", v.posture().detail());

    model.sourceStatus(new SourceStatus("serial /dev/ttyUSB0 at 115200 baud", false, "0 samples"));
    v = view();
    assertEquals(PostureKind.DISCONNECTED, v.posture().kind());
    assertEquals("Sensor disconnected", v.posture().words());
    assertEquals("disconnected: reconnecting", v.sensor().link());
    assertEquals(AppView.Tone.WARN, v.sensor().tone());

    model.accept(new PipelineEvent.Finished(us(7), "stopped"));
    assertEquals("Not monitoring", view().posture().words());
  }

  @Test
  void theChartHoldsSecondsGapsSlumpsAndPromptsAndIsRebuiltOnlyWhenTheyChange() {
    start();
    for (long s = 0; s < 700; s++) {
      second(s, s >= 300 && s < 400 ? 25 : 2, Activity.SEATED_STILL, s >= 310 && s < 400);
    }
    model.accept(new PipelineEvent.SlumpStarted(us(300), us(310)));
    model.accept(new PipelineEvent.SlumpEnded(new SlumpEpisode(us(300), us(400), 25, 25, 40)));
    model.accept(new PipelineEvent.Gap(us(699.5), us(720), "serial link lost"));
    for (long s = 720; s < 730; s++) {
      second(s, 3, Activity.SEATED_STILL, false);
    }
    model.accept(new PipelineEvent.AlertFired(new Alert(1, us(320), 320,
        AlertKind.SLUMP_NUDGE, "sit tall")));
    model.accept(new PipelineEvent.AlertFired(new Alert(2, us(725), 725,
        AlertKind.DESK_BREAK, "stand up", "snoozed")));
    AppView.Chart c = view().chart();
    assertEquals(ms(729), c.toMs());
    assertEquals(ms(729) - 600_000, c.fromMs(), "the last 10 minutes");
    long first = c.timesMs()[0];
    assertTrue(first >= c.fromMs() && first <= c.fromMs() + 1000, "from " + first);
    int gapAt = -1;
    for (int i = 0; i < c.points(); i++) {
      if (c.timesMs()[i] == ms(699.5) + 1) {
        gapAt = i;
      }
    }
    assertTrue(gapAt > 0 && Double.isNaN(c.flexionDeg()[gapAt]), "the line breaks at the gap");
    assertEquals(new AppView.Span(ms(699.5), ms(720)), c.gaps().get(0));
    assertEquals(new AppView.Span(ms(300), ms(400)), c.slumps().get(0));
    assertEquals(2, c.prompts().size());
    assertEquals(new AppView.Mark(ms(320), "nudge", true), c.prompts().get(0));
    assertEquals(new AppView.Mark(ms(725), "break", false), c.prompts().get(1));
    assertEquals(15, c.thresholdDeg());

    assertSame(c, view().chart(), "nothing new: the same chart value, no redraw");
    live(729.5, 3, Activity.SEATED_STILL, SlumpTracker.State.UPRIGHT, true);
    assertSame(c, view().chart(), "live snapshots do not redraw the chart");

    model.chartSpan(LiveModel.ChartSpan.ONE_HOUR);
    AppView.Chart hour = view().chart();
    assertNotSame(c, hour);
    assertEquals(711, hour.points(), "700 + 1 gap point + 10 seconds");
    assertEquals(ms(0), hour.timesMs()[0]);

    // an open episode is shaded up to now
    model.accept(new PipelineEvent.SlumpStarted(us(722), us(728)));
    AppView.Chart open = view().chart();
    assertEquals(new AppView.Span(ms(722), ms(729.5)), open.slumps().get(1));
  }

  @Test
  void todaySoFarAddsThisSessionToTheDaysEarlierOnesWithTheReportsDefinitions() {
    // earlier today: 600 s worn, 300 s of them slumped, 1 desk break prompted and not taken,
    // 4 extension repetitions
    model.sessionStarting("simulated wearer", DAY, new DayFigures(DAY, 600, 600, 600, 600,
        300, 300, 1, 300, 60, 1, 0, 0, 0, 1, 0, 1, 4, 0, 0, 0, 1));
    model.accept(new PipelineEvent.SessionStarted(FIRST_US, START_MS, null));
    for (long s = 0; s < 200; s++) {
      Activity a = s < 20 ? Activity.NOT_WORN : Activity.SEATED_STILL;
      second(s, 5, a, s >= 100 && s < 160);
    }
    model.accept(new PipelineEvent.SlumpEnded(new SlumpEpisode(us(100), us(160), 25, 20, 20)));
    model.accept(new PipelineEvent.SlumpStarted(us(190), us(195)));
    live(199, 20, Activity.SEATED_STILL, SlumpTracker.State.SLUMPED, true);
    Alert brk = new Alert(1, us(150), 150, AlertKind.DESK_BREAK, "stand up");
    model.accept(new PipelineEvent.AlertFired(brk));
    model.accept(new PipelineEvent.AlertDecided(brk, new AlertOutcome(1, us(180),
        AlertOutcome.TAKEN, "relief-hold")));
    Alert ext = new Alert(2, us(185), 185, AlertKind.EXTENSION, "5 extensions");
    model.accept(new PipelineEvent.AlertFired(ext));
    model.accept(new PipelineEvent.AlertDecided(ext, new AlertOutcome(2, us(195),
        AlertOutcome.DONE, "5 of 5 reps", 5, 14)));
    AppView.Today t = view().today();
    // worn: 600 + 180 (the first 20 s not worn); slump time: 300 s before + the 60 s
    // episode + 9 s of the open one (190 .. 199, the latest sample): 369 s
    assertEquals(780, t.figures().wornSeconds());
    assertEquals(369, t.figures().slumpSeconds(), 1e-9);
    assertEquals("53 %", t.upright(), "100 × (1 - 369 / 780) = 52.7");
    assertEquals("6.2 min", t.slumpMinutes());
    assertEquals("1 of 2", t.breaks());
    assertEquals("9", t.extensionReps());
  }

  @Test
  void anExercisePromptShowsItsInstructionsAndTheRepsAsTheyAreCounted() {
    start();
    Alert ext = new Alert(3, us(100), 100, AlertKind.EXTENSION,
        "Five controlled extensions while exhaling");
    model.accept(new PipelineEvent.AlertFired(ext));
    AppView.AlertCard a = view().alert();
    assertEquals("Extension exercises", a.title());
    assertEquals("Five controlled extensions while exhaling", a.message());
    assertTrue(a.exercise());
    assertEquals("09:01 · 0 reps counted so far", a.status());
    model.accept(new PipelineEvent.ExerciseProgress(us(106), ext, 1, 5));
    model.accept(new PipelineEvent.ExerciseProgress(us(112), ext, 3, 5));
    a = view().alert();
    assertEquals(3, a.reps());
    assertEquals(5, a.targetReps());
    assertEquals("09:01 · 3 of 5 reps counted so far", a.status());
    model.accept(new PipelineEvent.AlertDecided(ext, new AlertOutcome(3, us(130),
        AlertOutcome.DONE, "5 of 5 reps, range 14.0°", 5, 14)));
    model.accept(new PipelineEvent.Acknowledged(ext, new Acknowledgement(3, us(131),
        Acknowledgement.WINDOW)));
    a = view().alert();
    assertEquals(5, a.reps());
    assertEquals("09:01 · done (5 of 5 reps, range 14.0°) · acknowledged", a.status());

    // a held-back prompt does not replace the one shown
    model.accept(new PipelineEvent.AlertFired(new Alert(4, us(200), 200,
        AlertKind.SLUMP_NUDGE, "sit tall", "snoozed until 09:30")));
    a = view().alert();
    assertEquals("Extension exercises", a.title());
    assertTrue(a.status().endsWith("later: Slumping at 09:03 held back: snoozed until 09:30"),
        a.status());
  }

  @Test
  void theNextDeskBreakIsTheAlertEnginesOwnCountdown() {
    assertEquals("—", view().today().nextBreak(), "not monitoring");
    start();
    live(1, 2, Activity.WALKING, SlumpTracker.State.UPRIGHT, true, Double.NaN);
    assertEquals("once you sit", view().today().nextBreak());
    live(120, 2, Activity.SEATED_STILL, SlumpTracker.State.UPRIGHT, true, 1741);
    assertEquals("in 30 min", view().today().nextBreak(), "1741 s, rounded up to minutes");
    live(121, 2, Activity.SEATED_STILL, SlumpTracker.State.UPRIGHT, true, 1260);
    assertEquals("in 21 min", view().today().nextBreak());
    live(1900, 2, Activity.SEATED_STILL, SlumpTracker.State.UPRIGHT, true, 0);
    assertEquals("now", view().today().nextBreak(), "a break prompt is open");
    model.accept(new PipelineEvent.Finished(us(1901), "stopped"));
    assertEquals("—", view().today().nextBreak());
  }

  @Test
  void controlsAndAFallingBehindQueueAreSaid() {
    start();
    Instant now = Instant.ofEpochMilli(START_MS);
    assertEquals("Alerts on", view().controls().text());
    model.controls(new AlertControls.State(true, now.plusSeconds(1800), true), now);
    AppView.Controls c = view().controls();
    assertEquals("Alerts snoozed until 09:30, pain pause on: no exercise prompts, do not "
        + "disturb", c.text());
    assertTrue(c.snoozed() && c.painPause() && c.doNotDisturb());
    model.controls(new AlertControls.State(false, now.minusSeconds(1), false), now);
    assertEquals("Alerts on", view().controls().text(), "a snooze that ended is not shown");

    model.accept(new PipelineEvent.Overflowed(12));
    assertEquals("The window fell behind: 12 events were not shown (monitoring and the "
        + "history are not affected)", view().notice());
  }
}
