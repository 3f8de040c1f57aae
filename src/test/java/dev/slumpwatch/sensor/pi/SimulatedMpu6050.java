package dev.slumpwatch.sensor.pi;

import com.pi4j.exception.Pi4JException;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SensorScale;
import java.io.IOException;
import java.util.Locale;

/**
 * An MPU-6050 at register level, as the register map describes it, for the tests: what
 * {@link SimulatedI2cProvider} puts behind Pi4J's mock I2C.
 *
 * <p>Modelled: the register pointer with auto-increment (except at FIFO_R_W), power-on
 * values (asleep, WHO_AM_I 0x68), DEVICE_RESET, SLEEP, the sample rate from SMPLRT_DIV and
 * DLPF_CFG (8 kHz gyro output with the filter off, 1 kHz with it on), the full-scale
 * ranges, FIFO_EN's choice of what goes into the FIFO and in which order, USER_CTRL's
 * FIFO_EN and FIFO_RESET, the 1024-byte FIFO that on overflow drops its oldest byte and
 * sets FIFO_OFLOW_INT (when enabled in INT_ENABLE), INT_STATUS cleared by reading it, and
 * FIFO_R_W returning the last byte again when the FIFO is empty. Not modelled: the DMP,
 * the auxiliary I2C master, self-test, low-power cycling, FSYNC.
 *
 * <p>What it measures comes from {@code feed}: wearer tick k (counts at
 * {@link SensorScale#DEFAULT}, converted to the ranges set) at world time
 * {@code (k + 1) × 10 ms} (times the chip's clock error, if it has one). The world's time is the test's ({@link #advanceTo}); the chip
 * samples only while awake and configured for 100 Hz — a source that sets another rate
 * fails loudly, since the wearer is simulated at 100 Hz.
 *
 * <p>Faults: {@link #unplug} (every transfer fails as the kernel's "Remote I/O error"
 * would), {@link #plugIn} (power-on state again), {@link #hang} (answers, but samples
 * nothing until reset). Thread-safe: the reader thread and the test both call it.
 */
final class SimulatedMpu6050 {
  /** Wearer tick k at the default ranges, or null when the wearer has nothing more. */
  @FunctionalInterface
  interface Feed {
    ImuSample tick(long k);
  }

  static final long PERIOD_MICROS = 10_000;
  private static final int TEMP_RAW_25C = (int) Math.round((25 - 36.53) * 340);

  private final int address;
  private final Feed feed;
  /** The chip's period relative to the nominal 10 ms (its own clock is off by this). */
  private final double clockScale;
  private final int[] regs = new int[128];
  private final byte[] fifo = new byte[Mpu6050.FIFO_BYTES];
  private int fifoHead;
  private int fifoSize;
  private int lastFifoByte;
  private int pointer;
  private int latchedCount;
  private boolean present = true;
  private boolean hung;
  /** World time the wearer started, µs; -1 before. */
  private long originMicros = -1;
  private long nowMicros;
  private long nextTick;
  private long samplesTaken;
  private long overflowedBytes;

  SimulatedMpu6050(int address, Feed feed) {
    this(address, feed, 1.0);
  }

  /** @param clockScale 1.01 for a chip whose clock runs 1 % slow (its period 1 % long) */
  SimulatedMpu6050(int address, Feed feed, double clockScale) {
    this.address = address;
    this.feed = feed;
    this.clockScale = clockScale;
    powerOn();
  }

  private void powerOn() {
    java.util.Arrays.fill(regs, 0);
    regs[Mpu6050.PWR_MGMT_1] = Mpu6050.SLEEP;
    regs[Mpu6050.WHO_AM_I] = Mpu6050.WHO_AM_I_MPU6050;
    fifoHead = 0;
    fifoSize = 0;
    hung = false;
  }

  // ---- the world -------------------------------------------------------------------

  /** The wearer starts moving now: tick 0 is one period later. */
  synchronized void startWearer() {
    if (originMicros < 0) {
      originMicros = nowMicros;
    }
  }

  /** Lets world time run to {@code micros}, sampling at each tick the chip is awake for. */
  synchronized void advanceTo(long micros) {
    nowMicros = micros;
    if (originMicros < 0) {
      return;
    }
    while (originMicros + Math.round((nextTick + 1) * PERIOD_MICROS * clockScale) <= micros) {
      long k = nextTick++;
      if (present && !hung && (regs[Mpu6050.PWR_MGMT_1] & Mpu6050.SLEEP) == 0) {
        sample(k);
      }
    }
  }

  /** True once the wearer has nothing more and the FIFO is empty. */
  synchronized boolean drained() {
    return originMicros >= 0 && feed.tick(nextTick) == null && fifoSize == 0;
  }

  synchronized void unplug() {
    present = false;
  }

  /** Plugged back in: powered up again, asleep, every register at its power-on value. */
  synchronized void plugIn() {
    powerOn();
    present = true;
  }

  /** Stops sampling (FIFO count stays put) until a DEVICE_RESET. */
  synchronized void hang() {
    hung = true;
  }

  synchronized long samplesTaken() {
    return samplesTaken;
  }

  synchronized long overflowedBytes() {
    return overflowedBytes;
  }

  synchronized int register(int r) {
    return regs[r];
  }

  private void sample(long k) {
    int rate = sampleRateHz();
    if (rate != 1_000_000 / PERIOD_MICROS) {
      throw new IllegalStateException(String.format(Locale.ROOT, "simulated MPU-6050 at 0x%02x "
          + "samples at %d Hz (SMPLRT_DIV %d, DLPF_CFG %d); the simulated wearer is sampled "
          + "at 100 Hz", address, rate, regs[Mpu6050.SMPLRT_DIV], regs[Mpu6050.CONFIG] & 7));
    }
    ImuSample s = feed.tick(k);
    if (s == null) {
      return;
    }
    samplesTaken++;
    SensorScale from = SensorScale.DEFAULT;
    SensorScale to = new SensorScale(2 << ((regs[Mpu6050.ACCEL_CONFIG] >> 3) & 3),
        250 << ((regs[Mpu6050.GYRO_CONFIG] >> 3) & 3));
    int[] words = {
        to.accelCounts(from.accelG(s.accelX())), to.accelCounts(from.accelG(s.accelY())),
        to.accelCounts(from.accelG(s.accelZ())), TEMP_RAW_25C,
        to.gyroCounts(from.gyroRadPerSec(s.gyroX())), to.gyroCounts(from.gyroRadPerSec(s.gyroY())),
        to.gyroCounts(from.gyroRadPerSec(s.gyroZ()))};
    for (int i = 0; i < words.length; i++) {
      regs[Mpu6050.ACCEL_XOUT_H + 2 * i] = (words[i] >> 8) & 0xFF;
      regs[Mpu6050.ACCEL_XOUT_H + 2 * i + 1] = words[i] & 0xFF;
    }
    if ((regs[Mpu6050.USER_CTRL] & Mpu6050.USER_FIFO_EN) == 0) {
      return;
    }
    int en = regs[Mpu6050.FIFO_EN];
    // register order: ACCEL (bit 3), TEMP (bit 7), XG (6), YG (5), ZG (4)
    int[] bits = {0x08, 0x80, 0x40, 0x20, 0x10};
    int[] firstReg = {0x3B, 0x41, 0x43, 0x45, 0x47};
    int[] lengths = {6, 2, 2, 2, 2};
    for (int i = 0; i < bits.length; i++) {
      if ((en & bits[i]) != 0) {
        for (int j = 0; j < lengths[i]; j++) {
          push(regs[firstReg[i] + j]);
        }
      }
    }
  }

  private int sampleRateHz() {
    int dlpf = regs[Mpu6050.CONFIG] & 7;
    int gyroOutputHz = dlpf == 0 || dlpf == 7 ? 8000 : 1000;
    return gyroOutputHz / (1 + regs[Mpu6050.SMPLRT_DIV]);
  }

  private void push(int b) {
    if (fifoSize == fifo.length) {
      fifoHead = (fifoHead + 1) % fifo.length; // the oldest byte is lost
      fifoSize--;
      overflowedBytes++;
      if ((regs[Mpu6050.INT_ENABLE] & Mpu6050.FIFO_OFLOW) != 0) {
        regs[Mpu6050.INT_STATUS] |= Mpu6050.FIFO_OFLOW;
      }
    }
    fifo[(fifoHead + fifoSize) % fifo.length] = (byte) b;
    fifoSize++;
  }

  // ---- the I2C side ---------------------------------------------------------------------

  private void answer() {
    if (!present) {
      throw new Pi4JException("Failed to execute action for device " + address + " on bus 1",
          new IOException("Remote I/O error"));
    }
  }

  /** A write transfer: the register pointer, then data bytes into successive registers. */
  synchronized void write(int register, byte[] data, int offset, int length) {
    answer();
    pointer = register & 0x7F;
    for (int i = 0; i < length; i++) {
      writeByte(data[offset + i] & 0xFF);
    }
  }

  /** A read transfer from the current pointer. */
  synchronized int read(byte[] into, int offset, int length) {
    answer();
    for (int i = 0; i < length; i++) {
      into[offset + i] = (byte) readByte();
    }
    return length;
  }

  /** A write of only the register pointer (what starts a register read). */
  synchronized void point(int register) {
    answer();
    pointer = register & 0x7F;
  }

  private void writeByte(int v) {
    int r = pointer;
    switch (r) {
      case Mpu6050.PWR_MGMT_1 -> {
        if ((v & Mpu6050.DEVICE_RESET) != 0) {
          powerOn();
        } else {
          regs[r] = v;
        }
      }
      case Mpu6050.USER_CTRL -> {
        if ((v & Mpu6050.USER_FIFO_RESET) != 0) {
          fifoHead = 0;
          fifoSize = 0;
        }
        regs[r] = v & ~0x07; // the reset bits clear themselves
      }
      case Mpu6050.FIFO_R_W -> push(v);
      case Mpu6050.WHO_AM_I, Mpu6050.INT_STATUS, Mpu6050.FIFO_COUNT_H,
          Mpu6050.FIFO_COUNT_H + 1 -> {
        // read-only
      }
      default -> regs[r] = v;
    }
    if (r != Mpu6050.FIFO_R_W) {
      pointer = (pointer + 1) & 0x7F;
    }
  }

  private int readByte() {
    int r = pointer;
    int v;
    if (r == Mpu6050.FIFO_R_W) {
      if (fifoSize > 0) {
        lastFifoByte = fifo[fifoHead] & 0xFF;
        fifoHead = (fifoHead + 1) % fifo.length;
        fifoSize--;
      }
      return lastFifoByte;
    } else if (r == Mpu6050.FIFO_COUNT_H) {
      latchedCount = fifoSize;
      v = latchedCount >> 8;
    } else if (r == Mpu6050.FIFO_COUNT_H + 1) {
      v = latchedCount & 0xFF;
    } else if (r == Mpu6050.INT_STATUS) {
      v = regs[r];
      regs[r] = 0;
    } else {
      v = regs[r];
    }
    pointer = (pointer + 1) & 0x7F;
    return v;
  }
}
