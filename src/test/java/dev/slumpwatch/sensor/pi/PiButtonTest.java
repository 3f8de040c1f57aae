package dev.slumpwatch.sensor.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The push button on Pi4J's own mock digital input, on fake time: the test sets the pin's
 * level (pressed pulls it low) and advances the clock, ticking as the button's scheduler
 * would every 20 ms; each gesture is decided exactly when it should be.
 */
class PiButtonTest {
  private static final int PIN = 17;

  private Context pi4j;
  private MockDigitalInput pin;
  private PiButton button;
  private long nowNanos = 7_000_000_000L;
  private final List<String> did = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  @BeforeEach
  void openMockGpio() {
    pi4j = new SimulatedI2cProvider().newContext();
    DigitalInput in = pi4j.create(PiButton.config(pi4j, PIN));
    pin = (MockDigitalInput) in;
    pin.mockState(DigitalState.HIGH); // idle: pulled up
    button = new PiButton(in, PiButton.Settings.DEFAULTS, () -> nowNanos, new ButtonActions() {
      @Override
      public void acknowledge() {
        did.add(at("acknowledge"));
      }

      @Override
      public void recalibrate() {
        did.add(at("recalibrate"));
      }

      @Override
      public void snooze() {
        did.add(at("snooze"));
      }
    }, problems::add);
  }

  @AfterEach
  void shutdown() {
    pi4j.shutdown();
  }

  private String at(String what) {
    return what + " at " + (nowNanos - 7_000_000_000L) / 1_000_000 + " ms";
  }

  /** Lets {@code ms} pass, ticking every 20 ms as {@link PiButton#start} does. */
  private void passMs(long ms) {
    for (long t = 0; t < ms; t += 10) {
      nowNanos += 10_000_000L;
      if ((nowNanos / 10_000_000L) % 2 == 0) {
        button.tick();
      }
    }
  }

  private void press() {
    pin.mockState(DigitalState.LOW);
  }

  private void release() {
    pin.mockState(DigitalState.HIGH);
  }

  @Test
  void theInputIsPulledUpAndAShortPressAcknowledgesOnceTheDoublePressWindowHasPassed() {
    assertEquals(PullResistance.PULL_UP, pin.pull());
    assertEquals(PIN, pin.address().intValue());
    press();
    passMs(150);
    release();
    passMs(390);
    assertEquals(List.of(), did, "could still become a double press");
    passMs(30);
    assertEquals(List.of("acknowledge at 560 ms"), did);
    passMs(3000);
    assertEquals(1, did.size(), "once");
  }

  @Test
  void aLongPressRecalibratesAfterTwoSecondsWhileStillHeldAndTheReleaseDoesNothing() {
    press();
    passMs(1980);
    assertEquals(List.of(), did);
    passMs(20);
    assertEquals(List.of("recalibrate at 2000 ms"), did, "felt without letting go");
    passMs(1500);
    release();
    passMs(1000);
    assertEquals(List.of("recalibrate at 2000 ms"), did);
  }

  @Test
  void aDoublePressSnoozesAtTheSecondRelease() {
    press();
    passMs(120);
    release();
    passMs(250);
    press();
    passMs(100);
    release();
    assertEquals(List.of("snooze at 470 ms"), did);
    passMs(2000);
    assertEquals(List.of("snooze at 470 ms"), did, "and not also a short press");
  }

  @Test
  void contactBounceIsOneShortPressNotADouble() {
    // a cheap switch: 4 ms of chatter on the way down and on the way up
    for (int i = 0; i < 3; i++) {
      press();
      passMs(0);
      nowNanos += 1_000_000L;
      release();
      nowNanos += 1_000_000L;
    }
    press();
    passMs(200);
    for (int i = 0; i < 3; i++) {
      release();
      nowNanos += 1_000_000L;
      press();
      nowNanos += 1_000_000L;
    }
    release();
    passMs(1000);
    assertEquals(1, did.size(), did.toString());
    assertEquals("acknowledge", did.get(0).split(" ")[0]);
  }

  @Test
  void twoShortPressesFurtherApartThanTheWindowAreTwoAcknowledgements() {
    press();
    passMs(100);
    release();
    passMs(600);
    press();
    passMs(100);
    release();
    passMs(600);
    assertEquals(List.of("acknowledge at 520 ms", "acknowledge at 1220 ms"), did,
        "each at the first tick past 400 ms after its release");
  }

  @Test
  void anActionThatFailsIsReportedAndTheButtonGoesOn() {
    button = new PiButton(pin, PiButton.Settings.DEFAULTS, () -> nowNanos, new ButtonActions() {
      @Override
      public void acknowledge() {
        throw new IllegalStateException("disk full");
      }

      @Override
      public void recalibrate() {
        did.add("recalibrate");
      }

      @Override
      public void snooze() {
      }
    }, problems::add);
    press();
    passMs(100);
    release();
    passMs(500);
    assertEquals(List.of("button (short press): disk full"), problems);
  }

  @Test
  void settingsAreCheckedWithTheKeyNames() {
    assertEquals("button.pin must be a GPIO pin 2..27 (BCM), or 0 for no button, not 1",
        assertThrows(IllegalArgumentException.class,
            () -> PiButton.Settings.DEFAULTS.with(PiButton.Settings.PIN, 1)).getMessage());
    assertEquals("button.doublePressSeconds (1.5) must be shorter than "
        + "button.longPressSeconds (1)", assertThrows(IllegalArgumentException.class,
            () -> PiButton.Settings.DEFAULTS.with(PiButton.Settings.LONG_PRESS_SECONDS, 1.0)
                .with(PiButton.Settings.DOUBLE_PRESS_SECONDS, 1.5)).getMessage());
  }
}
