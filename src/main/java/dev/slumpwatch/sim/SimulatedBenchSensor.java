package dev.slumpwatch.sim;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.sensor.SampleSink;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A simulated sensor on a table, turned by hand onto each of its six faces in turn: each
 * face held still for {@code holdSeconds}, then a one-second turn to the next. The sensor
 * has the error model of the simulated wearer's (offset, scale error, gyro bias, noise),
 * drawn from the seed, so {@code calibrate sensor --source sim} has something to find.
 * Unpaced: it produces sensor time as fast as the sink takes it.
 */
public final class SimulatedBenchSensor implements SampleSource {
  static final int RATE_HZ = 100;
  private static final double[][] UP = {{0, 0, 1}, {0, 0, -1}, {1, 0, 0}, {-1, 0, 0},
      {0, 1, 0}, {0, -1, 0}};

  private final long seed;
  private final double holdSeconds;
  private final ImuErrorModel errors;
  private volatile boolean closed;

  public SimulatedBenchSensor(long seed, double holdSeconds) {
    this.seed = seed;
    this.holdSeconds = holdSeconds;
    this.errors = new ImuErrorModel(new Random(seed));
  }

  public String deviceId() {
    return "SIM-BENCH-" + Long.toHexString(seed);
  }

  @Override
  public String describe() {
    return "simulated sensor on a bench (seed " + seed + ")";
  }

  @Override
  public SensorScale scale() {
    return SensorScale.DEFAULT;
  }

  @Override
  public void run(SampleSink sink) throws InterruptedException {
    SensorScale scale = scale();
    sink.accept(new SourceEvent.DeviceInfo(deviceId(), "sim", "MPU-6050 (simulated)", scale,
        RATE_HZ));
    Random noise = new Random(seed ^ 0x5eed);
    double dt = 1.0 / RATE_HZ;
    long t = 0;
    List<ImuSample> batch = new ArrayList<>();
    double turnSeconds = 1.0;
    for (int face = 0; face < UP.length && !closed; face++) {
      double[] from = UP[face];
      double[] to = UP[(face + 1) % UP.length];
      int holdN = (int) Math.round(holdSeconds * RATE_HZ);
      int turnN = face == UP.length - 1 ? 0 : (int) Math.round(turnSeconds * RATE_HZ);
      for (int i = 0; i < holdN + turnN && !closed; i++) {
        double[] up;
        double[] gyroDps = new double[3];
        if (i < holdN) {
          up = from.clone();
        } else {
          // a hand turning the sensor: the vertical swings from one face to the next,
          // with some wobble in the rate
          double u = (i - holdN + 1) / (double) turnN;
          double s = 0.5 - 0.5 * Math.cos(Math.PI * u);
          up = new double[3];
          double n = 0;
          for (int k = 0; k < 3; k++) {
            up[k] = (1 - s) * from[k] + s * to[k];
            n += up[k] * up[k];
          }
          n = Math.sqrt(n);
          for (int k = 0; k < 3; k++) {
            up[k] /= n;
            gyroDps[k] = 90 * (noise.nextDouble() - 0.5);
          }
        }
        double[] accelG = up;
        errors.apply(accelG, gyroDps, dt);
        short ax = scale.accelCounts(accelG[0]);
        short ay = scale.accelCounts(accelG[1]);
        short az = scale.accelCounts(accelG[2]);
        short gx = scale.gyroCounts(Math.toRadians(gyroDps[0]));
        short gy = scale.gyroCounts(Math.toRadians(gyroDps[1]));
        short gz = scale.gyroCounts(Math.toRadians(gyroDps[2]));
        batch.add(new ImuSample(t, 0, (int) ((t / 10_000) & 0xffff), ax, ay, az, gx, gy, gz,
            ImuSample.saturationFlags(ax, ay, az, gx, gy, gz)));
        t += 1_000_000L / RATE_HZ;
        if (batch.size() == 50) {
          sink.accept(new SourceEvent.Samples(batch));
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      sink.accept(new SourceEvent.Samples(batch));
    }
    sink.accept(new SourceEvent.End(closed ? "stopped" : "all six faces shown"));
  }

  /** The sensor's true errors, for tests: {offset g ×3, scale ×3, gyro bias °/s ×3}. */
  public double[] trueErrors() {
    return errors.describe();
  }

  @Override
  public void close() {
    closed = true;
  }
}
