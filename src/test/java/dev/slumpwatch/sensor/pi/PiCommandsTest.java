package dev.slumpwatch.sensor.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.Cue;
import dev.slumpwatch.alert.PulsePattern;
import dev.slumpwatch.cli.Main;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import dev.slumpwatch.testing.Cli.Outcome;
import dev.slumpwatch.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands with {@code --source pi-i2c}, run as a user would, on Pi4J's mock platform
 * ({@link Main} is given it instead of the auto-detected one): a simulated MPU-6050 behind
 * the mock I2C, the vibration motor on the mock digital output.
 */
class PiCommandsTest {
  @TempDir
  Path dir;

  private static List<ImuSample> wearer(String scenario) throws Exception {
    List<ImuSample> ticks = new ArrayList<>();
    new SimulatedWearer(Scenario.builtIn(scenario), Pacer.unpaced(), null).run(e -> {
      if (e instanceof SourceEvent.Samples s) {
        s.samples().stream().filter(x -> x.sensorIndex() == 0).forEach(ticks::add);
      }
    });
    return ticks;
  }

  @Test
  void calibratePostureOnThePiIsLedByTheMotorStepByStepAndStoresTheProfile() throws Exception {
    List<ImuSample> ticks = wearer("calibrate-posture");
    SimulatedI2cProvider i2c = new SimulatedI2cProvider();
    i2c.attach(0x68, new SimulatedMpu6050(0x68, k -> k < ticks.size()
        ? ticks.get((int) k) : null));
    i2c.worldStepPerPoll(200_000); // 4 × real time: 20 samples a poll
    Files.writeString(dir.resolve("settings.properties"),
        "notify.channels = vibration\nnotify.vibrationPin = 18\n");

    Outcome o = Cli.run(new Main(i2c::newContext), "--data-dir", dir.toString(), "calibrate",
        "posture", "--source", "pi-i2c", "--bus", "1", "--address", "0x68");

    assertEquals(0, o.code(), o.out() + o.err());
    assertTrue(o.out().contains("MPU-6050 at 0x68 on I2C bus 1: reading at 100 Hz"), o.out());
    assertTrue(o.out().contains("saved profile 'default'"), o.out());
    assertTrue(Files.exists(dir.resolve("profiles/default.properties")));

    // the motor's pulses, in order: each step's pattern
    List<Long> onMillis = new ArrayList<>();
    long since = -1;
    for (long[] c : i2c.outputChanges) {
      if (c[1] == 1) {
        since = c[0];
      } else if (since >= 0) {
        onMillis.add((c[0] - since) / 1_000_000);
        since = -1;
      }
    }
    List<Integer> expected = new ArrayList<>();
    for (Cue c : List.of(Cue.SIT_TALL, Cue.BEND_FORWARD, Cue.HOLD, Cue.DONE)) {
      PulsePattern.of(c).pulses().forEach(p -> expected.add(p.onMillis()));
    }
    assertEquals(expected.size(), onMillis.size(), "pulses " + onMillis + ", expected "
        + expected + "\n" + o.out());
    for (int i = 0; i < expected.size(); i++) {
      // real sleeps on a busy machine: late, never early
      long e = expected.get(i);
      assertTrue(onMillis.get(i) >= e - 5 && onMillis.get(i) <= e + Math.max(80, e / 3),
          "pulse " + i + ": " + onMillis + ", expected " + expected);
    }
  }

  @Test
  void piSourceOptionsAreCheckedAsUsageErrors() {
    Outcome o = Cli.run("run", "--source", "usb");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("--source must be 'pi-i2c', not 'usb'"), o.err());
    o = Cli.run("run", "--source", "pi-i2c", "--port", "/dev/ttyUSB0");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("name the sensor with --port PATH, or use --source pi-i2c"),
        o.err());
    o = Cli.run("run", "--source", "pi-i2c", "--address", "0x80");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("address must be a 7-bit I2C address 0x08..0x77, not 0x80"),
        o.err());
    o = Cli.run("calibrate", "posture", "--source", "pi-i2c", "--address", "sixty-eight");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("--address must be an I2C address such as 0x68, not "
        + "'sixty-eight'"), o.err());
    o = Cli.run("calibrate", "sensor", "--source", "pi-i2c", "--bus", "-1");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("I2C bus must be 0..255, not -1"), o.err());
    o = Cli.run("calibrate", "sensor", "--source", "serial");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("--source must be 'pi-i2c' or 'sim', not 'serial'"), o.err());
  }
}
