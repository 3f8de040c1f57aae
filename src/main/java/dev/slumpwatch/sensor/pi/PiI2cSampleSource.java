package dev.slumpwatch.sensor.pi;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.sensor.SampleSink;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.sensor.serial.Backoff;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The MPU-6050 on a Raspberry Pi's own I2C bus, through Pi4J ({@link Mpu6050}); optionally
 * a second one (the lower back, sensor index 1) at the other address.
 *
 * <p><b>Time is the chip's.</b> The chip samples at 100 Hz from its own clock into its FIFO;
 * the n-th sample read is stamped n × 10 ms. The Pi's scheduler and the JVM's pauses add no
 * jitter and lose nothing as long as a read comes within 0.85 s (the FIFO's size). The Pi's
 * monotonic clock is used for one thing only: how many samples a gap (a lost or hung
 * sensor, an overflowed FIFO) swallowed, rounded to whole periods, so that the chip's time
 * goes on at the right place after it. The chip's clock is good to ±1 % (product
 * specification), so a long session's times may drift by that much from the wall clock.
 *
 * <p><b>Overflow.</b> When the reader falls more than 0.85 s behind, the chip overwrites its
 * oldest bytes and sets FIFO_OFLOW; what is left is no longer aligned on samples. The FIFO
 * is then emptied, the overflow counted ({@link #overflows()}) and the lost span handed on
 * as a {@link SourceEvent.Gap}.
 *
 * <p><b>Lost sensors.</b> An I2C error (unplugged, loose wire: the provider throws "Remote
 * I/O error"), a WHO_AM_I that is not an MPU-6050, or no sample for
 * {@link Settings#staleMillis} (a chip that browned out wakes asleep) closes the episode with
 * a message and a gap; the chip is then set up again with {@link Backoff} until it answers,
 * and reading resumes by itself, as the serial source does. A lower-back sensor that fails
 * is dropped with a message and looked for again every {@link Settings#lowerRetryMillis}
 * (its samples are simply missing meanwhile, which the pipeline treats as unknown flexion).
 *
 * <p><b>Two chips, one timeline.</b> The lower-back chip's clock is another ±1 % clock. Its
 * samples are stamped from its own count, steered gently so that its newest sample in each
 * poll lands on the upper chip's newest (both FIFOs are read back to back); a step never
 * changes by more than a quarter period, so times only go forward.
 *
 * <p>The reader thread ({@link #run}) alone touches the bus. Events are handed over with
 * {@link SampleSink#accept}, which may wait: the chip's FIFO is the buffer, and if the
 * pipeline falls that far behind the overflow is detected and recorded.
 */
public final class PiI2cSampleSource implements SampleSource {

  /** The I2C addresses an MPU-6050 can have (AD0 low, AD0 high). */
  public static final int ADDRESS_AD0_LOW = 0x68;
  public static final int ADDRESS_AD0_HIGH = 0x69;
  /** {@link Settings#lowerAddress}: probe the other address at each connection. */
  public static final int LOWER_AUTO = -1;
  /** {@link Settings#lowerAddress}: one sensor only. */
  public static final int LOWER_NONE = 0;

  /** Waits between polls and retries; returns early when the source is closed. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /**
   * @param bus the I2C bus number: {@code /dev/i2c-BUS} (1 on every Pi since the model B+)
   * @param address the upper-back sensor, 0x68 or 0x69 (or another if an address
   *     translator sits in between)
   * @param lowerAddress the lower-back sensor, {@link #LOWER_AUTO} or {@link #LOWER_NONE}
   * @param pollMillis how often the FIFO is read; at 100 Hz each read takes pollMillis / 10
   *     samples; must stay well under the FIFO's 850 ms
   * @param staleMillis no new sample for this long means a hung chip, set up again
   * @param lowerRetryMillis how often a missing lower-back sensor is looked for
   */
  public record Settings(int bus, int address, int lowerAddress, Backoff backoff,
      int pollMillis, int staleMillis, int lowerRetryMillis) {
    public Settings {
      if (bus < 0 || bus > 255) {
        throw new IllegalArgumentException("I2C bus must be 0..255, not " + bus);
      }
      checkAddress("address", address);
      if (lowerAddress != LOWER_AUTO && lowerAddress != LOWER_NONE) {
        checkAddress("lower-back address", lowerAddress);
        if (lowerAddress == address) {
          throw new IllegalArgumentException(String.format(Locale.ROOT,
              "the lower-back sensor cannot share the address 0x%02x", address));
        }
      }
      if (pollMillis < 5 || pollMillis > 500) {
        throw new IllegalArgumentException("pollMillis must be 5..500 (the FIFO holds 850 ms),"
            + " not " + pollMillis);
      }
      if (staleMillis < 2 * pollMillis || staleMillis > 60_000) {
        throw new IllegalArgumentException("staleMillis must be 2 × pollMillis..60000, not "
            + staleMillis);
      }
      if (lowerRetryMillis < pollMillis) {
        throw new IllegalArgumentException("lowerRetryMillis must be at least pollMillis, not "
            + lowerRetryMillis);
      }
    }

    private static void checkAddress(String what, int a) {
      if (a < 0x08 || a > 0x77) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "%s must be a 7-bit I2C address 0x08..0x77, not 0x%02x", what, a));
      }
    }

    /** Bus 1, the given upper address, the other one probed for a lower-back sensor. */
    public static Settings of(int bus, int address) {
      return new Settings(bus, address, LOWER_AUTO, Backoff.DEFAULT, 50, 1000, 5000);
    }

    /** The address the lower-back sensor is looked for at, or -1 for none. */
    int lowerProbeAddress() {
      if (lowerAddress == LOWER_NONE) {
        return -1;
      }
      if (lowerAddress != LOWER_AUTO) {
        return lowerAddress;
      }
      return address == ADDRESS_AD0_LOW ? ADDRESS_AD0_HIGH
          : address == ADDRESS_AD0_HIGH ? ADDRESS_AD0_LOW : -1;
    }
  }

  private final Settings settings;
  private final Context pi4j;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private final Consumer<String> messages;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicLong overflows = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong samplesRead = new AtomicLong();
  private volatile boolean isConnected;
  private volatile boolean lowerConnected;

  private Mpu6050 upper;
  private Mpu6050 lower;
  private final byte[] fifo = new byte[Mpu6050.FIFO_BYTES];
  private final byte[] lowerFifo = new byte[Mpu6050.FIFO_BYTES];
  /** Index of the upper chip's next sample on the session's timeline. */
  private long nextIndex;
  /** Host time (ns) of the last read that emptied the FIFO, or of the FIFO's reset. */
  private long lastDrainNanos;
  /** Host time (ns) the last new sample arrived. */
  private long lastDataNanos;
  private long lastMicros = -1;
  /** Why the data stopped, said with the next sample; null when it did not. */
  private String pendingGap;
  /** The lower chip's own count since it was set up, and its steered offset, µs. */
  private long lowerIndex;
  private double lowerOffsetMicros;
  private long lastLowerMicros = Long.MIN_VALUE;
  private long lowerLookedForNanos;
  private boolean deviceInfoSent;

  /**
   * @param pi4j where the I2C handles come from ({@code Pi4J.newAutoContext()} on a Pi); the
   *     caller owns it and shuts it down
   * @param nanoClock the host's monotonic clock: gap lengths, staleness, retries
   * @param sleeper waits between polls; null for the real one, which {@link #close} wakes
   * @param messages state changes and problems, one line each, naming bus and address
   */
  public PiI2cSampleSource(Settings settings, Context pi4j, LongSupplier nanoClock,
      Sleeper sleeper, Consumer<String> messages) {
    this.settings = settings;
    this.pi4j = pi4j;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper != null ? sleeper
        : ms -> closed.await(ms, TimeUnit.MILLISECONDS);
    this.messages = messages;
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "MPU-6050 at 0x%02x on I2C bus %d", settings.address(),
        settings.bus());
  }

  @Override
  public SensorScale scale() {
    return Mpu6050.SCALE;
  }

  /** The device id sensor calibrations are stored under: bus and address, stable per wiring. */
  public String deviceId(int address) {
    return String.format(Locale.ROOT, "pi-i2c-%d-0x%02x", settings.bus(), address);
  }

  @Override
  public void run(SampleSink sink) throws InterruptedException {
    try {
      int attempt = 0;
      String lastFailure = null;
      while (!isClosed()) {
        String failure = connect();
        if (failure != null) {
          if (!failure.equals(lastFailure)) {
            messages.accept(describe() + ": " + failure + "; retrying until it answers");
            lastFailure = failure;
          }
          sleeper.sleep(settings.backoff().delay(attempt++).toMillis());
          continue;
        }
        attempt = 0;
        lastFailure = null;
        isConnected = true;
        messages.accept(describe() + ": reading at " + Mpu6050.RATE_HZ + " Hz from the FIFO"
            + (lower != null ? String.format(Locale.ROOT, "; lower-back sensor at 0x%02x",
            lower.address()) : ""));
        if (!deviceInfoSent) {
          sink.accept(new SourceEvent.DeviceInfo(deviceId(settings.address()), "-",
              "MPU-6050 (I2C)", Mpu6050.SCALE, Mpu6050.RATE_HZ));
          deviceInfoSent = true;
        }
        String reason = readUntilLost(sink);
        isConnected = false;
        lowerConnected = false;
        if (reason != null) {
          messages.accept(describe() + ": " + reason + "; the time until it answers again is "
              + "recorded as unknown");
          pendingGap = reason;
          reconnects.incrementAndGet();
        }
      }
    } finally {
      isConnected = false;
    }
    sink.accept(new SourceEvent.End("stopped"));
  }

  /** Sets the chip(s) up; null when reading can start, else why not. */
  private String connect() throws InterruptedException {
    if (upper == null) {
      try {
        upper = new Mpu6050(open(settings.address()), settings.bus(), settings.address());
      } catch (RuntimeException e) {
        return "cannot open /dev/i2c-" + settings.bus() + " (" + why(e) + "): is I2C enabled "
            + "(raspi-config) and the user in the 'i2c' group?";
      }
    }
    try {
      String refused = Mpu6050.refusal(upper.whoAmI());
      if (refused != null) {
        return refused;
      }
      upper.configure(sleeper);
    } catch (RuntimeException e) {
      return "does not answer (" + why(e) + ")";
    }
    lower = null;
    Mpu6050 found = findLower();
    try {
      // both FIFOs start together, so their counts stay in step
      upper.resetFifo();
      if (found != null) {
        found.resetFifo();
      }
    } catch (RuntimeException e) {
      return "does not answer (" + why(e) + ")";
    }
    long now = nanoClock.getAsLong();
    if (lastMicros >= 0) {
      // the FIFO restarts now: its first sample comes one period after
      nextIndex = Math.max(nextIndex, lastMicros / Mpu6050.PERIOD_MICROS + 1
          + periodsBetween(lastDrainNanos, now));
    }
    lastDrainNanos = now;
    lastDataNanos = now;
    if (found != null) {
      useLower(found, nextIndex);
    }
    return null;
  }

  /** An I2C handle for {@code address}, from the context's I2C provider. */
  private I2C open(int address) {
    String id = String.format(Locale.ROOT, "slumpwatch-i2c-%d-0x%02x", settings.bus(), address);
    if (pi4j.registry().exists(id)) {
      return pi4j.registry().get(id, I2C.class);
    }
    return pi4j.create(I2C.newConfigBuilder(pi4j).id(id).name(describe()).bus(settings.bus())
        .device(address).build());
  }

  /**
   * Probes for the lower-back chip and sets it up (its FIFO filling); null when there is
   * none, quietly unless its address was given.
   */
  private Mpu6050 findLower() throws InterruptedException {
    lowerLookedForNanos = nanoClock.getAsLong();
    int a = settings.lowerProbeAddress();
    if (a < 0) {
      return null;
    }
    Mpu6050 chip = null;
    try {
      chip = new Mpu6050(open(a), settings.bus(), a);
      if (Mpu6050.refusal(chip.whoAmI()) != null) {
        return null;
      }
      chip.configure(sleeper);
      return chip;
    } catch (RuntimeException e) {
      if (settings.lowerAddress() != LOWER_AUTO) {
        messages.accept((chip != null ? chip.describe() : "lower-back sensor")
            + ": does not answer (" + why(e) + "); looked for again every "
            + settings.lowerRetryMillis() / 1000.0 + " s");
      }
      return null;
    }
  }

  /** Reads {@code chip} from here on, its first sample stamped as upper sample {@code index}. */
  private void useLower(Mpu6050 chip, long index) {
    lower = chip;
    lowerConnected = true;
    lowerIndex = index;
    lowerOffsetMicros = 0;
    messages.accept(chip.describe() + ": lower-back sensor found (sensor 1)");
  }

  /** @return why reading stopped, or null when closed */
  private String readUntilLost(SampleSink sink) throws InterruptedException {
    while (!isClosed()) {
      String lost;
      try {
        lost = poll(sink);
      } catch (RuntimeException e) {
        lost = "I2C error (" + why(e) + ")";
      }
      if (lost != null) {
        return lost;
      }
      sleeper.sleep(settings.pollMillis());
    }
    return null;
  }

  /** One read of the FIFO(s); null while all is well, else why the sensor is lost. */
  private String poll(SampleSink sink) throws InterruptedException {
    boolean overflow = (upper.interruptStatus() & Mpu6050.FIFO_OFLOW) != 0;
    int count = upper.fifoCount();
    long now = nanoClock.getAsLong();
    int lowerCount = 0;
    if (lower != null) {
      try {
        overflow |= (lower.interruptStatus() & Mpu6050.FIFO_OFLOW) != 0;
        lowerCount = lower.fifoCount();
      } catch (RuntimeException e) {
        dropLower(e);
      }
    }
    if (overflow || count >= Mpu6050.FIFO_BYTES || lowerCount >= Mpu6050.FIFO_BYTES) {
      return overflowed(now);
    }
    int n = count / Mpu6050.SAMPLE_BYTES;
    int m = lowerCount / Mpu6050.SAMPLE_BYTES;
    if (n > 0) {
      upper.readFifo(fifo, n * Mpu6050.SAMPLE_BYTES);
    }
    if (m > 0) {
      try {
        lower.readFifo(lowerFifo, m * Mpu6050.SAMPLE_BYTES);
      } catch (RuntimeException e) {
        dropLower(e);
        m = 0;
      }
    }
    if (n == 0) {
      if (now - lastDataNanos > settings.staleMillis() * 1_000_000L) {
        return String.format(Locale.ROOT, "no sample for %.1f s (hung, or asleep after a "
            + "power dip)", (now - lastDataNanos) / 1e9);
      }
    } else {
      lastDataNanos = now;
      lastDrainNanos = now;
    }
    if (n > 0 || m > 0) {
      emit(sink, n, m);
    }
    if (lower == null && settings.lowerProbeAddress() >= 0
        && now - lowerLookedForNanos > settings.lowerRetryMillis() * 1_000_000L) {
      Mpu6050 found = findLower();
      if (found != null) {
        try {
          found.resetFifo();
          // its first sample comes a period after this, as the upper's next but those
          // already waiting in the upper FIFO
          useLower(found, nextIndex + periodsBetween(lastDrainNanos, nanoClock.getAsLong()));
        } catch (RuntimeException e) {
          lowerLookedForNanos = nanoClock.getAsLong();
        }
      }
    }
    return null;
  }

  private String overflowed(long now) {
    long count = overflows.incrementAndGet();
    upper.resetFifo();
    if (lower != null) {
      try {
        lower.resetFifo();
      } catch (RuntimeException e) {
        dropLower(e);
      }
    }
    long lostFrom = lastMicros;
    if (lastMicros >= 0) {
      nextIndex = Math.max(nextIndex, lastMicros / Mpu6050.PERIOD_MICROS + 1
          + periodsBetween(lastDrainNanos, now));
    }
    lowerIndex = nextIndex;
    lowerOffsetMicros = 0;
    lastDrainNanos = now;
    lastDataNanos = now;
    String what = String.format(Locale.ROOT, "FIFO overflow (#%d): the reader was more than "
        + "%.2f s behind", count, Mpu6050.FIFO_SAMPLES / (double) Mpu6050.RATE_HZ);
    messages.accept(describe() + ": " + what + "; about " + (lostFrom < 0 ? "?"
        : String.format(Locale.ROOT, "%.1f s", (nextIndex * Mpu6050.PERIOD_MICROS - lostFrom)
        / 1e6)) + " recorded as unknown");
    pendingGap = what;
    return null;
  }

  private void dropLower(RuntimeException e) {
    messages.accept(lower.describe() + " (lower back): lost (" + why(e) + "); going on with "
        + "the upper sensor, looking for it again every " + settings.lowerRetryMillis() / 1000.0
        + " s");
    lower = null;
    lowerConnected = false;
    lowerLookedForNanos = nanoClock.getAsLong();
  }

  /** Stamps and hands over n upper and m lower samples, interleaved tick by tick. */
  private void emit(SampleSink sink, int n, int m) throws InterruptedException {
    long firstMicros = nextIndex * Mpu6050.PERIOD_MICROS;
    if (pendingGap != null) {
      sink.accept(new SourceEvent.Gap(lastMicros, firstMicros, pendingGap));
      pendingGap = null;
    }
    long upperNewest = (nextIndex + n - 1) * Mpu6050.PERIOD_MICROS;
    if (n > 0 && m > 0) {
      // steer the lower chip's offset a little towards putting its newest sample on the
      // upper's newest; at most a quarter period per poll, so its steps stay positive
      double lowerNewest = (lowerIndex + m - 1) * Mpu6050.PERIOD_MICROS + lowerOffsetMicros;
      double error = upperNewest - lowerNewest;
      double limit = Mpu6050.PERIOD_MICROS / 4.0;
      lowerOffsetMicros += Math.max(-limit, Math.min(limit, error / 4));
    }
    List<ImuSample> batch = new ArrayList<>(n + m);
    for (int i = 0; i < Math.max(n, m); i++) {
      if (i < n) {
        long t = (nextIndex + i) * Mpu6050.PERIOD_MICROS;
        batch.add(sample(fifo, i, t, 0, nextIndex + i));
      }
      if (i < m) {
        long t = Math.round((lowerIndex + i) * Mpu6050.PERIOD_MICROS + lowerOffsetMicros);
        if (t > lastLowerMicros) {
          batch.add(sample(lowerFifo, i, t, 1, lowerIndex + i));
          lastLowerMicros = t;
        }
      }
    }
    nextIndex += n;
    lowerIndex += m;
    if (n > 0) {
      lastMicros = upperNewest;
    }
    samplesRead.addAndGet(n);
    sink.accept(new SourceEvent.Samples(batch));
  }

  private static ImuSample sample(byte[] b, int i, long micros, int sensor, long index) {
    int o = i * Mpu6050.SAMPLE_BYTES;
    short ax = Mpu6050.int16(b, o);
    short ay = Mpu6050.int16(b, o + 2);
    short az = Mpu6050.int16(b, o + 4);
    short gx = Mpu6050.int16(b, o + 6);
    short gy = Mpu6050.int16(b, o + 8);
    short gz = Mpu6050.int16(b, o + 10);
    return new ImuSample(micros, sensor, (int) (index & 0xFFFF), ax, ay, az, gx, gy, gz,
        ImuSample.saturationFlags(ax, ay, az, gx, gy, gz));
  }

  private long periodsBetween(long fromNanos, long toNanos) {
    return Math.max(0, Math.round((toNanos - fromNanos) / 1000.0 / Mpu6050.PERIOD_MICROS));
  }

  private static String why(RuntimeException e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() != null ? t.getMessage() : t.toString();
    return t == e ? m : e.getMessage() + ": " + m;
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }

  /** FIFO overflows so far (each is a gap). */
  public long overflows() {
    return overflows.get();
  }

  /** Times the upper sensor was lost and set up again. */
  public long reconnects() {
    return reconnects.get();
  }

  /** Upper-back samples read. */
  public long samplesRead() {
    return samplesRead.get();
  }

  public boolean connected() {
    return isConnected;
  }

  public boolean lowerConnected() {
    return lowerConnected;
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
