package dev.slumpwatch.sim;

import dev.slumpwatch.imu.DeviceClockUnwrapper;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sensor.SampleSink;
import dev.slumpwatch.sensor.SampleSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.geometry.euclidean.threed.Rotation;
import org.apache.commons.math3.geometry.euclidean.threed.RotationConvention;
import org.apache.commons.math3.geometry.euclidean.threed.RotationOrder;
import org.apache.commons.math3.geometry.euclidean.threed.Vector3D;

/**
 * A simulated wearer: raw MPU-6050 readings from a sensor clipped to the upper back (and
 * optionally a second one on the lower back) of a body that follows a {@link Scenario}.
 *
 * <p>Physically based: the sensor's orientation and position come from the trunk model
 * ({@link TrunkMotion}); the accelerometer reads specific force (gravity plus linear
 * acceleration, by numerical differentiation of the sensor's position, plus heel-strike
 * impacts) in the sensor frame, the gyroscope the body-frame angular rate (by
 * differentiating the orientation). Then come the part's errors ({@link ImuErrorModel}),
 * quantisation to int16 at the configured ranges with saturation, and a device clock: a
 * 32-bit microsecond counter that starts near its wrap, with interrupt jitter.
 *
 * <p>The clip sits at a random orientation drawn from the scenario's seed (or the one the
 * scenario gives), which is the point: the pipeline must not care how it is worn.
 */
public final class SimulatedWearer implements SampleSource {
  public static final int RATE_HZ = 100;
  private static final long PERIOD_MICROS = 1_000_000 / RATE_HZ;
  /** Half-step of the numerical derivatives, s. */
  static final double H = 1e-3;
  private static final double G = SensorScale.STANDARD_GRAVITY;
  private static final Vector3D LOWER_MOUNT_POINT = new Vector3D(-0.08, 0, 0.24);
  private static final Vector3D DESK_POSITION = new Vector3D(0.45, 0.2, 0.74);
  private static final double ON_OFF_SECONDS = 2.0;

  /** The script; replaced by a longer one as a {@link Script} writes it (generator thread). */
  private Scenario scenario;
  private TrunkMotion motion;
  private final Script script;
  private final Pacer pacer;
  private final GroundTruth truth;
  private final SensorScale scale = SensorScale.DEFAULT;
  private final Rotation[] mounts;
  private final ImuErrorModel[] errors;
  /** Each sensor lying flat on the desk (sensor frame to world). */
  private final Rotation[] desk;
  /** Slips of each sensor, in scenario order. */
  private final List<List<Slip>> slips = new ArrayList<>();
  private final Random clockRandom;
  private final long clockStartRaw;
  private final double[] poseCacheTimes = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
  private final TrunkMotion.Pose[] poseCache = new TrunkMotion.Pose[4];
  private int poseCacheNext;
  private volatile boolean closed;

  /**
   * @param pacer how fast to run against the wall clock
   * @param truth where to record what really happened, or null
   */
  public SimulatedWearer(Scenario scenario, Pacer pacer, GroundTruth truth) {
    this(scenario, pacer, truth, null);
  }

  /**
   * A wearer whose script is written while it runs ({@link PromptedWearer}): before each
   * sample the script may return a longer scenario. It may only add segments after those
   * already covering the samples made so far (plus a few milliseconds for the derivatives),
   * never change them, so that every sample stays the function of time it was.
   */
  interface Script {
    /** The scenario so far, covering at least {@code [0, seconds]} (or ending the run). */
    Scenario coverUntil(double seconds);
  }

  SimulatedWearer(Scenario scenario, Pacer pacer, GroundTruth truth, Script script) {
    this.script = script;
    this.scenario = scenario;
    this.motion = new TrunkMotion(scenario, scenario.seed());
    this.pacer = pacer;
    this.truth = truth;
    Random r = new Random(scenario.seed());
    int n = scenario.sensors();
    mounts = new Rotation[n];
    errors = new ImuErrorModel[n];
    Scenario.MountSpec spec = scenario.mount();
    for (int i = 0; i < n; i++) {
      Rotation random = randomRotation(r);
      if (spec.clip()) {
        double angle = Double.isNaN(spec.clipAngleDeg()) || i > 0
            ? 360 * Math.abs(random.getQ1()) : spec.clipAngleDeg();
        mounts[i] = clipMount(angle);
      } else if (i == 0 && !spec.random()) {
        mounts[i] = new Rotation(RotationOrder.XYZ, RotationConvention.VECTOR_OPERATOR,
            Math.toRadians(spec.rollDeg()), Math.toRadians(spec.pitchDeg()),
            Math.toRadians(spec.yawDeg()));
      } else {
        mounts[i] = random;
      }
      errors[i] = new ImuErrorModel(new Random(r.nextLong()), scenario.gyroBias());
    }
    // taken off, the clip lies flat on the desk, on its front or its back, turned any way:
    // the body's forward axis (the plate's normal) is vertical
    Rotation heading = new Rotation(Vector3D.PLUS_K, 2 * Math.PI * r.nextDouble(),
        RotationConvention.VECTOR_OPERATOR);
    Rotation flat = new Rotation(Vector3D.PLUS_J, r.nextBoolean() ? -Math.PI / 2 : Math.PI / 2,
        RotationConvention.VECTOR_OPERATOR);
    desk = new Rotation[n];
    for (int i = 0; i < n; i++) {
      desk[i] = heading.compose(flat, RotationConvention.VECTOR_OPERATOR)
          .compose(mounts[i], RotationConvention.VECTOR_OPERATOR);
      slips.add(new ArrayList<>());
    }
    for (Segment s : scenario.segments()) {
      if (s.kind() == Segment.Kind.SLIP) {
        int sensor = Integer.parseInt(s.params().getOrDefault("sensor", "0"));
        if (sensor < n) {
          slips.get(sensor).add(Slip.of(s));
        }
      }
    }
    for (Scenario.Drift d : scenario.drifts()) {
      slips.get(0).add(Slip.of(d));
    }
    for (List<Slip> list : slips) {
      list.sort(java.util.Comparator.comparingDouble(Slip::startSeconds));
    }
    clockRandom = new Random(r.nextLong());
    // start 20–25 minutes before the 32-bit microsecond counter wraps
    clockStartRaw = (1L << 32) - 1_200_000_000L - (long) (r.nextDouble() * 300_000_000L);
  }

  /**
   * The documented clip mounting: the board flat on the back, its z axis pointing backwards
   * (out of the back), x up the spine when {@code angleDeg} is 0, turned by {@code angleDeg}
   * about z. Maps sensor-frame vectors to body-frame vectors.
   */
  static Rotation clipMount(double angleDeg) {
    Rotation base = new Rotation(Vector3D.PLUS_I, Vector3D.PLUS_K, Vector3D.PLUS_K,
        Vector3D.MINUS_I);
    return base.compose(new Rotation(Vector3D.PLUS_K, Math.toRadians(angleDeg),
        RotationConvention.VECTOR_OPERATOR), RotationConvention.VECTOR_OPERATOR);
  }

  /**
   * A slip of the clip: a turn about a body axis, ramped in over {@code rampSeconds}
   * (smoothly, or at a steady rate for a slow drift).
   */
  record Slip(double startSeconds, double rampSeconds, Vector3D axis, double angleRad,
      boolean steady) {
    static Slip of(Segment s) {
      double ramp = Math.min(s.durationSeconds(),
          Double.parseDouble(s.params().getOrDefault("ramp", "0.25")));
      // about the left axis, a positive angle tips the clip's top forward: it reads as flexion
      return new Slip(s.startSeconds(), ramp, axis(s.params().getOrDefault("axis", "left")),
          Math.toRadians(Double.parseDouble(s.params().getOrDefault("angle", "20"))), false);
    }

    static Slip of(Scenario.Drift d) {
      return new Slip(d.startSeconds(), d.durationSeconds(), axis(d.axis()),
          Math.toRadians(d.angleDeg()), true);
    }

    private static Vector3D axis(String name) {
      return switch (name) {
        case "forward" -> Vector3D.PLUS_I;
        case "up" -> Vector3D.PLUS_K;
        default -> Vector3D.PLUS_J;
      };
    }

    /** Fraction of the turn made at scenario time t. */
    double done(double t) {
      double x = (t - startSeconds) / rampSeconds;
      return steady ? Math.max(0, Math.min(1, x)) : TrunkMotion.smooth(x);
    }
  }

  /** The sensor's mounting at time t: the initial one turned by the slips so far. */
  private Rotation mountAt(double t, int index) {
    Rotation m = mounts[index];
    for (Slip slip : slips.get(index)) {
      if (t <= slip.startSeconds()) {
        break;
      }
      double k = slip.done(t);
      m = new Rotation(slip.axis(), slip.angleRad() * k, RotationConvention.VECTOR_OPERATOR)
          .compose(m, RotationConvention.VECTOR_OPERATOR);
    }
    return m;
  }

  /** A uniformly distributed rotation (Shoemake's method). */
  static Rotation randomRotation(Random r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble() * 2 * Math.PI;
    double u3 = r.nextDouble() * 2 * Math.PI;
    double a = Math.sqrt(1 - u1);
    double b = Math.sqrt(u1);
    return new Rotation(a * Math.cos(u2), a * Math.sin(u2), b * Math.cos(u3), b * Math.sin(u3),
        true);
  }

  public Scenario scenario() {
    return scenario;
  }

  @Override
  public String describe() {
    return "simulated wearer, scenario '" + scenario.name() + "' (seed " + scenario.seed() + ")";
  }

  @Override
  public SensorScale scale() {
    return scale;
  }

  /** Number of samples per sensor that the whole scenario produces, gaps excluded. */
  public long expectedTicks() {
    return Math.round(scenario.durationSeconds() * RATE_HZ);
  }

  @Override
  public void run(SampleSink sink) throws InterruptedException {
    sink.accept(new SourceEvent.DeviceInfo("SIM-" + Long.toHexString(scenario.seed()),
        "sim-1", "MPU-6050 (simulated)", scale, RATE_HZ));
    DeviceClockUnwrapper clock = new DeviceClockUnwrapper();
    int batchTicks = pacer.batchTicks(RATE_HZ);
    List<ImuSample> batch = new ArrayList<>(batchTicks * scenario.sensors());
    long lastEmittedMicros = -1;
    boolean inGap = false;
    double[] acc = new double[3];
    double[] gyr = new double[3];
    pacer.start();
    for (long k = 0; !closed; k++) {
      double t = k / (double) RATE_HZ;
      if (script != null) {
        follow(script.coverUntil(t + 2 * H + 1.0 / RATE_HZ));
      }
      if (k >= expectedTicks()) {
        break;
      }
      long raw = (clockStartRaw + k * PERIOD_MICROS + clockRandom.nextInt(4)) & 0xFFFF_FFFFL;
      long deviceMicros = clock.unwrap(raw);
      Segment seg = scenario.segmentAt(t);
      if (inGap && seg.kind() != Segment.Kind.GAP) {
        // announced before the first sample after it, as a link source does on reconnecting
        flush(sink, batch);
        sink.accept(new SourceEvent.Gap(lastEmittedMicros, deviceMicros,
            "simulated link loss"));
        inGap = false;
      }
      for (int s = 0; s < errors.length; s++) {
        ideal(t, s, acc, gyr);
        errors[s].apply(acc, gyr, 1.0 / RATE_HZ);
        if (seg.kind() != Segment.Kind.GAP) {
          batch.add(quantise(deviceMicros, s, (int) (k & 0xFFFF), acc, gyr));
        }
      }
      if (truth != null) {
        recordTruth(t, deviceMicros, seg);
      }
      if (seg.kind() == Segment.Kind.GAP) {
        inGap = true;
      } else {
        lastEmittedMicros = deviceMicros;
      }
      if (batch.size() >= batchTicks * errors.length) {
        flush(sink, batch);
        pacer.awaitSensorTime(t + 1.0 / RATE_HZ);
      }
    }
    flush(sink, batch);
    sink.accept(new SourceEvent.End(closed ? "stopped" : "end of scenario"));
  }

  /** Goes on with a longer script (the same one extended: see {@link Script}). */
  private void follow(Scenario longer) {
    if (longer != scenario) {
      scenario = longer;
      motion = new TrunkMotion(longer, longer.seed());
    }
  }

  private static void flush(SampleSink sink, List<ImuSample> batch) throws InterruptedException {
    if (!batch.isEmpty()) {
      sink.accept(new SourceEvent.Samples(batch));
      batch.clear();
    }
  }

  private ImuSample quantise(long micros, int index, int seq, double[] accG, double[] gyrDps) {
    short ax = scale.accelCounts(accG[0]);
    short ay = scale.accelCounts(accG[1]);
    short az = scale.accelCounts(accG[2]);
    short gx = scale.gyroCounts(Math.toRadians(gyrDps[0]));
    short gy = scale.gyroCounts(Math.toRadians(gyrDps[1]));
    short gz = scale.gyroCounts(Math.toRadians(gyrDps[2]));
    return new ImuSample(micros, index, seq, ax, ay, az, gx, gy, gz,
        ImuSample.saturationFlags(ax, ay, az, gx, gy, gz));
  }

  /**
   * The trunk's pose at t, from a small cache: each sample needs the poses at t and t ± H
   * for every sensor and for the ground truth, seven or thirteen evaluations of three
   * distinct times.
   */
  private TrunkMotion.Pose pose(double t) {
    for (int i = 0; i < poseCacheTimes.length; i++) {
      if (poseCacheTimes[i] == t) {
        return poseCache[i];
      }
    }
    TrunkMotion.Pose p = motion.pose(t);
    poseCacheNext = (poseCacheNext + 1) % poseCacheTimes.length;
    poseCacheTimes[poseCacheNext] = t;
    poseCache[poseCacheNext] = p;
    return p;
  }

  /** Orientation of sensor {@code index} (sensor frame to world) at scenario time t. */
  Rotation sensorOrientation(double t, int index) {
    TrunkMotion.Pose p = pose(t);
    Rotation worn = (index == 0 ? p.upper() : p.lower())
        .compose(mountAt(t, index), RotationConvention.VECTOR_OPERATOR);
    double off = offWeight(t);
    return off == 0 ? worn : slerp(worn, desk[index], off);
  }

  Vector3D sensorPosition(double t, int index) {
    TrunkMotion.Pose p = pose(t);
    Vector3D worn = index == 0
        ? p.hip().add(p.lower().applyTo(TrunkMotion.LOWER_SEGMENT))
            .add(p.upper().applyTo(TrunkMotion.UPPER_SEGMENT))
        : p.hip().add(p.lower().applyTo(LOWER_MOUNT_POINT));
    double off = offWeight(t);
    return off == 0 ? worn : new Vector3D(1 - off, worn, off, DESK_POSITION);
  }

  /** 1 while the sensor lies on the desk, 0 while worn, smooth in between. */
  private double offWeight(double t) {
    int i = scenario.indexAt(t);
    Segment s = scenario.segments().get(i);
    double local = t - s.startSeconds();
    if (s.kind() == Segment.Kind.OFF) {
      return TrunkMotion.smooth(local / Math.min(ON_OFF_SECONDS, s.durationSeconds()));
    }
    if (i > 0 && scenario.segments().get(i - 1).kind() == Segment.Kind.OFF) {
      return 1 - TrunkMotion.smooth(local / Math.min(ON_OFF_SECONDS, s.durationSeconds()));
    }
    return 0;
  }

  private static Rotation slerp(Rotation from, Rotation to, double x) {
    Rotation delta = from.applyInverseTo(to);
    double angle = delta.getAngle();
    if (angle < 1e-12) {
      return from;
    }
    Rotation part = new Rotation(delta.getAxis(RotationConvention.VECTOR_OPERATOR), angle * x,
        RotationConvention.VECTOR_OPERATOR);
    return from.compose(part, RotationConvention.VECTOR_OPERATOR);
  }

  /** Ideal readings: accelerometer in g, gyroscope in °/s, sensor frame. */
  void ideal(double t, int index, double[] accG, double[] gyrDps) {
    Rotation r0 = sensorOrientation(t, index);
    Rotation rm = sensorOrientation(t - H, index);
    Rotation rp = sensorOrientation(t + H, index);
    Vector3D p0 = sensorPosition(t, index);
    Vector3D pm = sensorPosition(t - H, index);
    Vector3D pp = sensorPosition(t + H, index);
    Vector3D linear = pp.subtract(p0.scalarMultiply(2)).add(pm).scalarMultiply(1 / (H * H));
    double impact = index == 0 || offWeight(t) == 0 ? motion.stepImpact(t) : 0;
    Vector3D specific = linear.add(new Vector3D(0, 0, G + impact));
    Vector3D f = r0.applyInverseTo(specific);
    accG[0] = f.getX() / G;
    accG[1] = f.getY() / G;
    accG[2] = f.getZ() / G;
    // body-frame rate: R(t+h) = R(t-h) * exp(omega * 2h)
    Rotation d = rm.applyInverseTo(rp);
    double angle = d.getAngle();
    if (angle < 1e-15) {
      gyrDps[0] = gyrDps[1] = gyrDps[2] = 0;
    } else {
      Vector3D w = d.getAxis(RotationConvention.VECTOR_OPERATOR).scalarMultiply(angle / (2 * H));
      gyrDps[0] = Math.toDegrees(w.getX());
      gyrDps[1] = Math.toDegrees(w.getY());
      gyrDps[2] = Math.toDegrees(w.getZ());
    }
  }

  /** Sagittal inclination of a body segment from upright, degrees, forward positive. */
  static double sagittalDeg(Rotation segment) {
    Vector3D up = segment.applyInverseTo(Vector3D.PLUS_K);
    return Math.toDegrees(Math.atan2(-up.getX(), up.getZ()));
  }

  static double lateralDeg(Rotation segment) {
    Vector3D up = segment.applyInverseTo(Vector3D.PLUS_K);
    return Math.toDegrees(Math.atan2(up.getY(), up.getZ()));
  }

  private void recordTruth(double t, long deviceMicros, Segment seg) {
    TrunkMotion.Pose p = pose(t);
    // heading does not change inclination; strip it so upper/lower are relative to upright
    double upper = sagittalDeg(p.upper());
    double lower = sagittalDeg(p.lower());
    double[] bias = errors[0].gyroBiasDps();
    // while being taken off or put back on, the sensor is not on the body
    Activity activity = offWeight(t) > 0 ? Activity.NOT_WORN : activityOf(seg);
    truth.add(deviceMicros, activity, upper, lower, lateralDeg(p.upper()),
        p.scriptedLeanDeg() + p.scriptedFlexionDeg(), p.scriptedFlexionDeg(),
        Math.sqrt(bias[0] * bias[0] + bias[1] * bias[1] + bias[2] * bias[2]));
  }

  static Activity activityOf(Segment s) {
    return switch (s.kind()) {
      case CALIBRATE_NEUTRAL, CALIBRATE_BEND, BRUEGGER, SLIP -> Activity.SEATED_STILL;
      case SIT -> "yes".equals(s.params().get("fidget"))
          ? Activity.SEATED_FIDGETING : Activity.SEATED_STILL;
      case REACH, TWIST, EXTENSION -> Activity.SEATED_FIDGETING;
      case STAND -> Activity.STANDING_OR_MOVING;
      case WALK -> Activity.WALKING;
      case OFF -> Activity.NOT_WORN;
      case GAP -> Activity.UNKNOWN;
    };
  }

  @Override
  public void close() {
    closed = true;
  }
}
