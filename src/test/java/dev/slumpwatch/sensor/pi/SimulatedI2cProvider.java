package dev.slumpwatch.sensor.pi;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.exception.Pi4JException;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProviderImpl;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProviderImpl;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pi4J's own mock I2C provider with simulated chips behind it: the thinnest seam that
 * leaves the Pi4J side real. The context, the provider registry, the I2C config builder,
 * {@code context.create}, the I/O registry and {@link MockI2C}'s lifecycle are Pi4J's; only
 * what a register read or write does on the wire is replaced, by
 * {@link SimulatedMpu6050}'s register model instead of the stock mock's one byte queue per
 * register (which cannot model an auto-incrementing pointer, a FIFO or a chip that stops
 * answering).
 *
 * <p>It keeps the mock provider's id ({@code mock-i2c}) under a name of its own, so that
 * Pi4J's runtime picks it over the stock one, by its rule of one provider per I/O type. An
 * address with no chip behaves as on a real bus: every transfer fails with "Remote I/O
 * error".
 */
final class SimulatedI2cProvider extends MockI2CProviderImpl {
  private final Map<Integer, SimulatedMpu6050> chips = new ConcurrentHashMap<>();
  /** Every level the mock outputs were set to: "PIN HIGH" with System.nanoTime(). */
  final List<long[]> outputChanges = new CopyOnWriteArrayList<>();
  private long worldMicros;
  private long stepPerPoll;

  SimulatedI2cProvider() {
    this.name = "Mock I2C Provider with simulated MPU-6050s";
  }

  /**
   * A Pi4J context on the mock platform: this I2C provider and the mock GPIO, its outputs'
   * changes recorded in {@link #outputChanges}.
   */
  Context newContext() {
    return Pi4J.newContextBuilder().autoDetectMockPlugins().autoDetectPlatforms()
        .add(this, MockDigitalInputProvider.newInstance(), new RecordingOutputs())
        .build();
  }

  /**
   * For a source on real time (a command): the world moves on {@code micros} each time the
   * source reads the FIFO count at 0x68, whatever the wall clock does, so the chips' data do
   * not depend on how busy the machine is. The wearer starts at once.
   */
  SimulatedI2cProvider worldStepPerPoll(long micros) {
    stepPerPoll = micros;
    startWearer();
    return this;
  }

  /** Pi4J's mock output, its changes of level recorded with the host's monotonic time. */
  private final class RecordingOutputs extends MockDigitalOutputProviderImpl {
    RecordingOutputs() {
      this.name = "Mock Digital Output Provider, recorded";
    }

    @Override
    public DigitalOutput create(DigitalOutputConfig config) {
      DigitalOutput out = super.create(config);
      out.addListener(e -> outputChanges.add(new long[] {System.nanoTime(),
          e.state() == DigitalState.HIGH ? 1 : 0}));
      return out;
    }
  }

  SimulatedI2cProvider attach(int address, SimulatedMpu6050 chip) {
    chips.put(address, chip);
    return this;
  }

  /** Advances every chip's world to {@code micros}. */
  void advanceTo(long micros) {
    chips.values().forEach(c -> c.advanceTo(micros));
  }

  void startWearer() {
    chips.values().forEach(SimulatedMpu6050::startWearer);
  }

  @Override
  public I2C create(I2CConfig config) {
    I2C i2c = new ChipI2C(this, config);
    context.registry().add(i2c);
    return i2c;
  }

  /** One device handle: Pi4J's {@link MockI2C} with its transfers routed to the chip. */
  private final class ChipI2C extends MockI2C {
    ChipI2C(I2CProvider provider, I2CConfig config) {
      super(provider, config);
    }

    private SimulatedMpu6050 chip() {
      return chip(-1);
    }

    private SimulatedMpu6050 chip(int register) {
      if (stepPerPoll > 0 && register == Mpu6050.FIFO_COUNT_H
          && device() == PiI2cSampleSource.ADDRESS_AD0_LOW) {
        synchronized (SimulatedI2cProvider.this) {
          worldMicros += stepPerPoll;
          advanceTo(worldMicros);
        }
      }
      SimulatedMpu6050 c = chips.get(device());
      if (c == null) {
        throw new Pi4JException("Failed to execute action for device " + device() + " on bus "
            + bus(), new IOException("Remote I/O error"));
      }
      return c;
    }

    // as the linuxfs provider does it: a register read is a write of the register
    // number, then a read; a register write is one write of the number and the data

    @Override
    public int writeRegister(int register, byte b) {
      chip().write(register, new byte[] {b}, 0, 1);
      return 1;
    }

    @Override
    public int writeRegister(int register, byte[] data, int offset, int length) {
      chip().write(register, data, offset, length);
      return length;
    }

    @Override
    public int readRegister(int register) {
      SimulatedMpu6050 c = chip();
      c.point(register);
      byte[] one = new byte[1];
      c.read(one, 0, 1);
      return one[0] & 0xFF;
    }

    @Override
    public int readRegister(int register, byte[] buffer, int offset, int length) {
      SimulatedMpu6050 c = chip(register);
      c.point(register);
      return c.read(buffer, offset, length);
    }

    @Override
    public int write(byte b) {
      chip().point(b);
      return 1;
    }

    @Override
    public int write(byte[] data, int offset, int length) {
      if (length > 0) {
        chip().write(data[offset], data, offset + 1, length - 1);
      }
      return length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      chip().read(one, 0, 1);
      return one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      return chip().read(buffer, offset, length);
    }
  }
}
