package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.alert.Cue;
import dev.slumpwatch.sensor.pi.PiButton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pi button's presses, from Pi4J's mock digital input through {@link PiButton} to the
 * control file, where the running monitor takes them as it takes {@code slumpwatch ack}
 * and {@code snooze}.
 */
class ButtonControlsTest {
  @TempDir
  Path dir;

  private final Clock clock = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"),
      ZoneOffset.UTC);
  private final List<Cue> buzzed = new ArrayList<>();
  private final List<String> said = new ArrayList<>();
  private Context pi4j;
  private MockDigitalInput pin;
  private long nanos;
  private PiButton button;

  @BeforeEach
  void openButton() {
    pi4j = Pi4J.newContextBuilder().add(new MockPlatform())
        .add(MockDigitalInputProvider.newInstance()).build();
    pin = (MockDigitalInput) pi4j.create(PiButton.config(pi4j, 17));
    pin.mockState(DigitalState.HIGH);
    ButtonControls controls = new ButtonControls(dir, clock, Duration.ofMinutes(30),
        () -> said.add("recalibrate requested"), buzzed::add, said::add);
    button = new PiButton(pin, PiButton.Settings.DEFAULTS, () -> nanos, controls, said::add);
  }

  @AfterEach
  void shutdown() {
    pi4j.shutdown();
  }

  private void hold(long ms) {
    pin.mockState(DigitalState.LOW);
    passMs(ms);
    pin.mockState(DigitalState.HIGH);
  }

  private void passMs(long ms) {
    for (long t = 0; t < ms; t += 20) {
      nanos += 20_000_000L;
      button.tick();
    }
  }

  @Test
  void aShortPressAcknowledgesThroughTheControlFileAsTheButton() throws Exception {
    ControlFile monitor = new ControlFile(dir, said::add, () -> nanos);
    assertNull(monitor.takeAcknowledgement(), "the monitor's baseline");
    hold(120);
    passMs(500);
    nanos += 1_000_000_000L;
    assertEquals(Acknowledgement.BUTTON, monitor.takeAcknowledgement());
    assertEquals(List.of(Cue.ACKNOWLEDGE_TAKEN), buzzed);
    assertEquals(List.of("button: acknowledging the latest alert"), said);
  }

  @Test
  void aDoublePressSnoozesForThirtyMinutes() throws Exception {
    hold(100);
    passMs(200);
    hold(100);
    assertEquals(Instant.parse("2026-03-02T09:30:00Z"), ControlFile.read(dir).snoozeUntil());
    assertEquals(List.of(Cue.SNOOZE_TAKEN), buzzed);
    assertEquals(List.of("button: alerts snoozed until 09:30 ('slumpwatch snooze off' ends "
        + "it)"), said);
    passMs(1000);
    assertEquals(1, buzzed.size(), "and no acknowledgement");
  }

  @Test
  void aLongPressAsksTheRunningSessionToRecalibrate() {
    hold(2500);
    passMs(1000);
    assertEquals(List.of(), buzzed, "the calibration's own cues follow, not the button's");
    assertEquals(List.of("recalibrate requested"), said, "the hook is called once");
  }

  @Test
  void anUnwritableDataDirIsSaidAndNothingIsBuzzed() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("blocker"), "a file, not a directory");
    ButtonControls controls = new ButtonControls(dir.resolve("blocker"), clock,
        Duration.ofMinutes(30), () -> { }, buzzed::add, said::add);
    controls.acknowledge();
    assertEquals(List.of(), buzzed);
    assertEquals(1, said.size());
    assertEquals(true, said.get(0).startsWith("button: cannot write " + dir.resolve("blocker")
        .resolve(ControlFile.NAME)), said.get(0));
    assertEquals(true, said.get(0).endsWith("; not acknowledged"), said.get(0));
  }
}
