package dev.slumpwatch.sensor.pi;

import com.pi4j.io.i2c.I2C;
import dev.slumpwatch.imu.SensorScale;
import java.util.Locale;

/**
 * One MPU-6050 on the Pi's I2C bus, register by register, through a Pi4J {@link I2C} handle
 * (the {@code linuxfs-i2c} provider on a Pi). Register numbers and bits are those of the
 * "MPU-6000 and MPU-6050 Register Map and Descriptions" (InvenSense RM-MPU-6000A, rev. 4.2).
 *
 * <p>The chip is set up to sample at 100 Hz from its own clock (the PLL on the X gyro, ±1 %
 * over temperature by the product specification) and to put every sample into its 1024-byte
 * FIFO: accelerometer then gyroscope, 12 bytes, big-endian. The reader then drains the FIFO
 * every few tens of milliseconds; nothing is lost while the JVM or the scheduler pauses for
 * up to {@link #FIFO_SAMPLES} samples (0.85 s), and a sample's time is its position in the
 * FIFO stream, not the moment the Pi read it.
 *
 * <p>Every method may throw the provider's unchecked exception (a {@code Pi4JException}
 * wrapping "Remote I/O error" when the chip does not answer): the caller treats any of them
 * as a lost sensor. Reader thread only.
 */
final class Mpu6050 {
  // registers
  static final int SMPLRT_DIV = 0x19;
  static final int CONFIG = 0x1A;
  static final int GYRO_CONFIG = 0x1B;
  static final int ACCEL_CONFIG = 0x1C;
  static final int FIFO_EN = 0x23;
  static final int INT_ENABLE = 0x38;
  static final int INT_STATUS = 0x3A;
  static final int ACCEL_XOUT_H = 0x3B;
  static final int USER_CTRL = 0x6A;
  static final int PWR_MGMT_1 = 0x6B;
  static final int FIFO_COUNT_H = 0x72;
  static final int FIFO_R_W = 0x74;
  static final int WHO_AM_I = 0x75;

  // bits
  /** PWR_MGMT_1: resets every register to its power-on value (and the chip then sleeps). */
  static final int DEVICE_RESET = 0x80;
  /** PWR_MGMT_1: the power-on state; the chip does not sample while it is set. */
  static final int SLEEP = 0x40;
  /** PWR_MGMT_1 CLKSEL = 1: PLL with the X-axis gyroscope as reference. */
  static final int CLKSEL_PLL_GYRO_X = 0x01;
  /** FIFO_EN: XG, YG, ZG and ACCEL (bits 6..3); temperature and the slaves stay out. */
  static final int FIFO_ACCEL_AND_GYRO = 0x78;
  /** USER_CTRL: let the chip write samples to the FIFO. */
  static final int USER_FIFO_EN = 0x40;
  /** USER_CTRL: empty the FIFO (self-clearing). */
  static final int USER_FIFO_RESET = 0x04;
  /** INT_ENABLE and INT_STATUS: the FIFO overflowed and its oldest bytes were overwritten. */
  static final int FIFO_OFLOW = 0x10;
  /** CONFIG DLPF_CFG = 3: accelerometer 44 Hz, gyroscope 42 Hz bandwidth, under 50 Hz Nyquist. */
  static final int DLPF_44HZ = 3;

  /** The value WHO_AM_I reads on a genuine MPU-6050 (AD0 does not change it). */
  static final int WHO_AM_I_MPU6050 = 0x68;
  static final int SAMPLE_BYTES = 12;
  static final int FIFO_BYTES = 1024;
  /** Whole samples the FIFO holds. */
  static final int FIFO_SAMPLES = FIFO_BYTES / SAMPLE_BYTES;
  static final int RATE_HZ = 100;
  static final long PERIOD_MICROS = 1_000_000L / RATE_HZ;
  /** With the DLPF on, the gyro output rate is 1 kHz: 1000 / (1 + 9) = 100 Hz. */
  static final int SAMPLE_RATE_DIVIDER = 1000 / RATE_HZ - 1;
  /** The ranges set: those of the firmware and the simulator, so calibrations carry over. */
  static final SensorScale SCALE = SensorScale.DEFAULT;

  private final I2C i2c;
  private final int bus;
  private final int address;
  private final byte[] two = new byte[2];

  Mpu6050(I2C i2c, int bus, int address) {
    this.i2c = i2c;
    this.bus = bus;
    this.address = address;
  }

  int address() {
    return address;
  }

  /** "MPU-6050 at 0x68 on I2C bus 1". */
  String describe() {
    return String.format(Locale.ROOT, "MPU-6050 at 0x%02x on I2C bus %d", address, bus);
  }

  /** WHO_AM_I, 0..255. */
  int whoAmI() {
    return i2c.readRegister(WHO_AM_I) & 0xFF;
  }

  /**
   * Why {@code whoAmI} is not a chip this driver can read, or null when it is: an MPU-6050
   * (0x68), or the MPU-6500 family and the clones sold on GY-521 boards, whose registers
   * used here are the same.
   */
  static String refusal(int whoAmI) {
    return switch (whoAmI) {
      case WHO_AM_I_MPU6050, 0x70, 0x71, 0x72, 0x73, 0x98 -> null;
      default -> String.format(Locale.ROOT, "WHO_AM_I reads 0x%02x, not an MPU-6050 (0x68): "
          + "another device at this address?", whoAmI);
    };
  }

  /**
   * Wakes the chip and sets it up from scratch, so a sensor that lost power (and woke up
   * asleep, with every register at its default) or hung comes back the same way: reset,
   * clock, sample rate, low-pass filter, ranges, overflow flag, and an empty FIFO taking
   * accelerometer and gyroscope samples. Reads the settings back, so a chip that ignores a
   * write is caught here rather than as wrong data later.
   *
   * @param pause waits the 100 ms the register map asks for after a reset
   * @throws IllegalStateException naming the register that did not take its value
   */
  void configure(PiI2cSampleSource.Sleeper pause) throws InterruptedException {
    i2c.writeRegister(PWR_MGMT_1, (byte) DEVICE_RESET);
    pause.sleep(100);
    i2c.writeRegister(PWR_MGMT_1, (byte) CLKSEL_PLL_GYRO_X);
    i2c.writeRegister(SMPLRT_DIV, (byte) SAMPLE_RATE_DIVIDER);
    i2c.writeRegister(CONFIG, (byte) DLPF_44HZ);
    i2c.writeRegister(GYRO_CONFIG, (byte) (rangeSelect(SCALE.gyroRangeDegPerSec() / 250) << 3));
    i2c.writeRegister(ACCEL_CONFIG, (byte) (rangeSelect(SCALE.accelRangeG() / 2) << 3));
    i2c.writeRegister(INT_ENABLE, (byte) FIFO_OFLOW);
    i2c.writeRegister(FIFO_EN, (byte) FIFO_ACCEL_AND_GYRO);
    check(PWR_MGMT_1, CLKSEL_PLL_GYRO_X, "PWR_MGMT_1");
    check(SMPLRT_DIV, SAMPLE_RATE_DIVIDER, "SMPLRT_DIV");
    check(CONFIG, DLPF_44HZ, "CONFIG");
    check(FIFO_EN, FIFO_ACCEL_AND_GYRO, "FIFO_EN");
    resetFifo();
    interruptStatus(); // clears an overflow flag left from before
  }

  /** 1, 2, 4, 8 to the register map's 0..3. */
  private static int rangeSelect(int multiple) {
    return Integer.numberOfTrailingZeros(multiple);
  }

  private void check(int register, int expected, String name) {
    int got = i2c.readRegister(register) & 0xFF;
    if (got != expected) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "%s: %s reads 0x%02x after writing 0x%02x", describe(), name, got, expected));
    }
  }

  /** Empties the FIFO and lets it fill again from the next sample. */
  void resetFifo() {
    i2c.writeRegister(USER_CTRL, (byte) (USER_FIFO_EN | USER_FIFO_RESET));
  }

  /** INT_STATUS; reading it clears it. */
  int interruptStatus() {
    return i2c.readRegister(INT_STATUS) & 0xFF;
  }

  /** Bytes waiting in the FIFO (FIFO_COUNT_H, FIFO_COUNT_L in one read). */
  int fifoCount() {
    int n = i2c.readRegister(FIFO_COUNT_H, two, 0, 2);
    if (n != 2) {
      throw new IllegalStateException(describe() + ": FIFO_COUNT read returned " + n
          + " bytes instead of 2");
    }
    return ((two[0] & 0xFF) << 8) | (two[1] & 0xFF);
  }

  /** Reads {@code length} bytes from FIFO_R_W (the chip does not advance the register). */
  void readFifo(byte[] into, int length) {
    int n = i2c.readRegister(FIFO_R_W, into, 0, length);
    if (n != length) {
      throw new IllegalStateException(describe() + ": FIFO read returned " + n
          + " bytes instead of " + length);
    }
  }

  /** The big-endian int16 at {@code offset}. */
  static short int16(byte[] b, int offset) {
    return (short) (((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF));
  }
}
