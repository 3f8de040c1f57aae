package dev.slumpwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.posture.ProfileFitCheck;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibrating again during a session: the entry points front ends call (the pipeline's
 * {@link Pipeline#requestCalibration} from any thread, the control file for another
 * process or a Raspberry Pi button), what happens when the wearer does not follow, and the
 * stored profile that does not fit the sensor as worn.
 */
class RecalibrationTest {
  @TempDir
  Path dir;

  private static final String CALIBRATE = "10s calibrate-neutral\n8s calibrate-bend flexion=20 "
      + "lean=10\n";

  /** Runs a scenario through a pipeline; {@code each} sees every upper sample's time. */
  private static List<PipelineEvent> run(Scenario s, SessionSetup setup, LongConsumer each,
      Pipeline[] out) throws Exception {
    List<PipelineEvent> events = new ArrayList<>();
    Pipeline p = new Pipeline(setup, e -> {
      if (!(e instanceof PipelineEvent.Live) && !(e instanceof PipelineEvent.Second)
          && !(e instanceof PipelineEvent.CalibrationProgress)) {
        events.add(e);
      }
    });
    if (out != null) {
      out[0] = p;
    }
    new SimulatedWearer(s, Pacer.unpaced(), null).run(e -> {
      if (e instanceof SourceEvent.Samples b) {
        for (ImuSample x : b.samples()) {
          p.process(x);
          if (x.sensorIndex() == 0 && each != null) {
            each.accept(x.deviceTimeMicros());
          }
        }
      } else {
        p.accept(e);
      }
    });
    return events;
  }

  private static <T> List<T> of(List<PipelineEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static PostureCalibration learnt(String mount) throws Exception {
    Scenario s = Scenario.parse("mount " + mount + "\n" + CALIBRATE + "20s sit\n", "learn");
    List<PipelineEvent> e = run(s, SessionSetup.of(PostureSetup.learn()), null, null);
    return of(e, PipelineEvent.Calibrated.class).get(0).upper();
  }

  /**
   * The desktop app's button: asked from another thread, the guided calibration starts with
   * the next sample, with the reason given; a wearer who then neither sits tall for long nor
   * bends is told why after each try, and the session measures with the calibration it had
   * before, so it is never left without one.
   */
  @Test
  void askedForFromAnotherThreadItStartsAndIfItGivesUpThePreviousCalibrationStays()
      throws Exception {
    PostureCalibration before = learnt("rpy 10 20 30");
    // sits typing: still enough for the neutral, but never bends
    Scenario s = Scenario.parse("mount rpy 10 20 30\n10m sit flexion=2 typing=yes\n", "typing");
    Pipeline[] p = new Pipeline[1];
    long[] askedAt = {-1};
    List<PipelineEvent> events = run(s, SessionSetup.of(PostureSetup.storedOrLearn(
        new PostureProfile(before, null, "test"))), t -> {
          if (askedAt[0] < 0 && t - p[0].firstDeviceMicros() >= 60_000_000L) {
            askedAt[0] = t;
            Thread asker = new Thread(() -> p[0].requestCalibration("asked for in the app"));
            asker.start();
            try {
              asker.join();
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
          }
        }, p);
    PipelineEvent.CalibrationStarted started = of(events, PipelineEvent.CalibrationStarted.class)
        .get(0);
    assertEquals("asked for in the app", started.why());
    assertTrue(started.deviceMicros() > askedAt[0] && started.deviceMicros()
        <= askedAt[0] + 20_000, "starts with the next sample");
    PipelineEvent.CalibrationFailed failed = of(events, PipelineEvent.CalibrationFailed.class)
        .get(0);
    assertTrue(failed.reason().startsWith("no forward bend was held within 30 s"),
        failed.reason());
    assertTrue(failed.previousKept());
    // 3 s to get ready, 5 s of sitting tall, then 4 tries of 30 s for the bend
    double took = (failed.deviceMicros() - started.deviceMicros()) / 1e6;
    assertEquals(128, took, 1.5);
    assertEquals(before, p[0].calibration(), "measuring with the calibration from before");
    assertFalse(Double.isNaN(p[0].flexionDeg()));
  }

  /**
   * Another process (the {@code recalibrate} command, a Raspberry Pi button's long press)
   * asks through the control file; the pipeline looks once per second of sensor time and
   * the calibration that follows replaces the one before.
   */
  @Test
  void aRequestInTheControlFileStartsItAndTheNewCalibrationIsLearnt() throws Exception {
    PostureCalibration before = learnt("rpy 0 0 0");
    // the clip was re-attached turned (another mount): the wearer presses the button and
    // follows the prompts (scripted from 1:00)
    Scenario s = Scenario.parse("mount rpy 0 0 90\n60s sit flexion=2\n" + CALIBRATE
        + "1m sit flexion=2\n", "button");
    // the control file's monotonic clock follows the sensor here (a replay at full speed
    // would otherwise pass a minute of sensor time between two looks at the file)
    long[] nanos = {0};
    ControlFile controls = new ControlFile(dir, m -> { }, () -> nanos[0]);
    Pipeline[] p = new Pipeline[1];
    boolean[] asked = {false};
    List<PipelineEvent> events = run(s, SessionSetup.of(PostureSetup.storedOrLearn(
        new PostureProfile(before, null, "test"))).withControls(controls), t -> {
          nanos[0] = (t - p[0].firstDeviceMicros()) * 1000;
          if (!asked[0] && t - p[0].firstDeviceMicros() >= 59_000_000L) {
            asked[0] = true;
            try {
              ControlFile.requestRecalibration(dir, Instant.now(),
                  ControlFile.RECALIBRATE_BY_BUTTON);
            } catch (java.io.IOException e) {
              throw new AssertionError(e);
            }
          }
        }, p);
    PipelineEvent.CalibrationStarted started = of(events, PipelineEvent.CalibrationStarted.class)
        .get(0);
    assertEquals("asked for by the button", started.why());
    List<PipelineEvent.Calibrated> cal = of(events, PipelineEvent.Calibrated.class);
    assertEquals(2, cal.size(), events.toString());
    assertEquals(PipelineEvent.Origin.LEARNT, cal.get(1).origin());
    assertFalse(before.equals(cal.get(1).upper()));
    assertEquals(cal.get(1).upper(), p[0].calibration());
  }

  /**
   * A stored profile learnt with the clip on another way turns sitting still into an
   * impossible posture: flagged in the session's first minute, and flexion is unknown from
   * then on (never stored as 100-odd degrees of slump) until the wearer calibrates again.
   * A profile that fits is not flagged.
   */
  @Test
  void aStoredProfileThatDoesNotFitIsFlaggedAndMeasuresNothing() throws Exception {
    PostureCalibration other = learnt("rpy 0 0 0");
    Scenario worn = Scenario.parse("mount rpy 0 130 0\n3m sit flexion=2\n", "worn");
    Pipeline[] p = new Pipeline[1];
    List<PipelineEvent> events = run(worn, SessionSetup.of(PostureSetup.storedOrLearn(
        new PostureProfile(other, null, "test"))), null, p);
    List<PipelineEvent.RecalibrationNeeded> flagged =
        of(events, PipelineEvent.RecalibrationNeeded.class);
    assertEquals(1, flagged.size(), events.toString());
    assertEquals("this profile does not fit the sensor as worn now: recalibrate (c)",
        flagged.get(0).reason());
    assertEquals(ProfileFitCheck.MESSAGE, flagged.get(0).reason());
    double at = (flagged.get(0).deviceMicros() - p[0].firstDeviceMicros()) / 1e6;
    assertTrue(at < 60, "flagged after " + at + " s");
    assertTrue(Double.isNaN(p[0].flexionDeg()), "unknown, not slumped");
    assertEquals(List.of(), of(events, PipelineEvent.CalibrationStarted.class),
        "it waits for the wearer to ask (c)");
    assertEquals(List.of(), of(events, PipelineEvent.SlumpStarted.class));

    PostureCalibration fits = learnt("rpy 0 130 0");
    List<PipelineEvent> good = run(worn, SessionSetup.of(PostureSetup.storedOrLearn(
        new PostureProfile(fits, null, "test"))), null, p);
    assertEquals(List.of(), of(good, PipelineEvent.RecalibrationNeeded.class));
    assertNotNull(p[0].calibration());
  }

  /** A session that measures with a fixed profile only says it cannot calibrate. */
  @Test
  void aSessionThatNeverCalibratesSaysSo() throws Exception {
    PostureCalibration c = learnt("rpy 0 0 0");
    Scenario s = Scenario.parse("mount rpy 0 0 0\n20s sit flexion=2\n", "fixed");
    Pipeline[] p = new Pipeline[1];
    boolean[] asked = {false};
    List<PipelineEvent> events = run(s, SessionSetup.of(PostureSetup.storedOnly(
        new PostureProfile(c, null, "test"))), t -> {
          if (!asked[0]) {
            asked[0] = true;
            p[0].requestCalibration("asked for in a test");
          }
        }, p);
    PipelineEvent.CalibrationFailed f = of(events, PipelineEvent.CalibrationFailed.class).get(0);
    assertTrue(f.reason().startsWith("this session cannot calibrate"), f.reason());
    assertTrue(f.previousKept());
    assertEquals(c, p[0].calibration());
  }
}
