package dev.slumpwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vibration pin on Pi4J's own mock GPIO: every state change of the output is recorded
 * with the fake clock's time, and the sleeper advances that clock, so the pattern is
 * checked to the millisecond without waiting.
 */
class VibrationNotifierTest {
  private static final int PIN = 18;

  private Context pi4j;
  private DigitalOutput pin;
  private long nowMillis;
  private final List<String> changes = new ArrayList<>();
  private VibrationNotifier notifier;

  /** Runs each pattern at once, on the caller's thread. */
  private static final class SameThread extends AbstractExecutorService {
    private boolean shutdown;

    @Override
    public void execute(Runnable r) {
      r.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  @BeforeEach
  void openMockGpio() {
    pi4j = Pi4J.newContextBuilder().add(new MockPlatform())
        .add(MockDigitalOutputProvider.newInstance()).build();
    pin = pi4j.create(VibrationNotifier.config(pi4j, PIN));
    pin.addListener(e -> changes.add(nowMillis + " " + e.state()));
    notifier = new VibrationNotifier(pin, ms -> nowMillis += ms, new SameThread(), null);
  }

  @AfterEach
  void shutdown() {
    pi4j.shutdown();
  }

  private static Alert alert(AlertKind kind, String suppressedBy) {
    return new Alert(1, 0, 0, kind, "text", suppressedBy);
  }

  @Test
  void aDeskBreakIsThreeShortPulses() {
    assertEquals(DigitalState.LOW, pin.state(), "low at start");
    notifier.notify(alert(AlertKind.DESK_BREAK, null));
    assertEquals(List.of("0 HIGH", "200 LOW", "400 HIGH", "600 LOW", "800 HIGH", "1000 LOW"),
        changes);
    assertEquals(1200, nowMillis, "the trailing pause keeps the next pattern apart");
    assertEquals(PIN, pin.address().intValue());
  }

  @Test
  void eachKindHasItsDocumentedPattern() {
    notifier.notify(alert(AlertKind.SLUMP_NUDGE, null));
    assertEquals(List.of("0 HIGH", "400 LOW"), changes);
    changes.clear();
    nowMillis = 0;
    notifier.notify(alert(AlertKind.EXTENSION, null));
    assertEquals(List.of("0 HIGH", "600 LOW", "900 HIGH", "1500 LOW"), changes);
    changes.clear();
    nowMillis = 0;
    notifier.notify(alert(AlertKind.SELF_CRACK_WARNING, null));
    assertEquals(List.of("0 HIGH", "100 LOW", "200 HIGH", "300 LOW", "400 HIGH", "500 LOW",
        "600 HIGH", "700 LOW", "800 HIGH", "900 LOW"), changes);
  }

  @Test
  void aHeldBackAlertDoesNotBuzzAndClosingLeavesThePinLow() {
    notifier.notify(alert(AlertKind.SLUMP_NUDGE, "quiet hours 22:00–07:00"));
    assertEquals(List.of(), changes);
    notifier.close();
    assertEquals(DigitalState.LOW, pin.state());
  }

  private List<String> cue(Cue c) {
    changes.clear();
    nowMillis = 0;
    notifier.cue(c);
    return List.copyOf(changes);
  }

  @Test
  void eachCalibrationStepAndOutcomeHasItsDocumentedPattern() {
    assertEquals(List.of("0 HIGH", "1000 LOW"), cue(Cue.SIT_TALL), "one very long buzz");
    assertEquals(List.of("0 HIGH", "100 LOW", "200 HIGH", "300 LOW", "400 HIGH", "1100 LOW"),
        cue(Cue.BEND_FORWARD), "two taps and a long");
    assertEquals(List.of("0 HIGH", "100 LOW", "500 HIGH", "600 LOW"), cue(Cue.HOLD),
        "two slow taps");
    assertEquals(List.of("0 HIGH", "200 LOW", "300 HIGH", "900 LOW"), cue(Cue.DONE),
        "short-long");
    assertEquals(List.of("0 HIGH", "500 LOW", "650 HIGH", "1150 LOW", "1300 HIGH", "1800 LOW"),
        cue(Cue.FAILED), "three long");
    assertEquals(List.of("0 HIGH", "60 LOW"), cue(Cue.ACKNOWLEDGE_TAKEN));
    assertEquals(List.of("0 HIGH", "60 LOW", "150 HIGH", "210 LOW"), cue(Cue.SNOOZE_TAKEN));
    assertEquals(DigitalState.LOW, pin.state(), "left low");
  }

  @Test
  void theGuidedCalibrationsStepsMapToTheirCues() {
    assertEquals(null, Cue.of(dev.slumpwatch.posture.GuidedCalibration.Step.GET_READY));
    assertEquals(Cue.SIT_TALL, Cue.of(dev.slumpwatch.posture.GuidedCalibration.Step.SIT_TALL));
    assertEquals(Cue.BEND_FORWARD, Cue.of(dev.slumpwatch.posture.GuidedCalibration.Step.BEND));
    assertEquals(Cue.HOLD, Cue.of(dev.slumpwatch.posture.GuidedCalibration.Step.HOLD_BEND));
    assertEquals(Cue.DONE, Cue.of(dev.slumpwatch.posture.GuidedCalibration.Step.DONE));
    assertEquals(Cue.FAILED, Cue.of(dev.slumpwatch.posture.GuidedCalibration.Step.FAILED));
  }

  @Test
  void noTwoPatternsFeelTheSame() {
    java.util.Set<PulsePattern> seen = new java.util.HashSet<>();
    for (AlertKind k : AlertKind.values()) {
      assertEquals(true, seen.add(PulsePattern.of(k)), k.name());
    }
    for (Cue c : Cue.values()) {
      assertEquals(true, seen.add(PulsePattern.of(c)), c.name());
    }
  }
}
