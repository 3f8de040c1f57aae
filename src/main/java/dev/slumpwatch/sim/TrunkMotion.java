package dev.slumpwatch.sim;

import org.apache.commons.math3.geometry.euclidean.threed.Rotation;
import org.apache.commons.math3.geometry.euclidean.threed.RotationConvention;
import org.apache.commons.math3.geometry.euclidean.threed.Vector3D;

/**
 * The wearer's trunk as a closed-form function of scenario time.
 *
 * <p>Body frame: x forward, y left, z up along the spine. World frame: z up. The pelvis
 * (hip pivot) moves in the world; the lower trunk leans forward from the hips by
 * {@code lean} (a hip hinge); the upper back bends on the lower trunk by {@code flexion}
 * (thoracic rounding, forward positive), {@code lateral} (side bend, to the right
 * positive) and {@code twist} (axial rotation). Heading is {@code yaw}.
 *
 * <p>Every quantity is a smooth function of time (quintic "smootherstep" ramps, whose
 * first and second derivatives vanish at both ends, plus sinusoidal overlays), so the
 * simulator can differentiate positions and orientations numerically and obtain
 * physically consistent accelerations and angular rates.
 */
final class TrunkMotion {

  /** Height of the hip pivot above the floor, m. */
  static final double SEATED_HEIGHT = 0.50;
  static final double STANDING_HEIGHT = 0.95;
  /** Sit-to-stand and stand-to-sit take this long, s. */
  static final double TRANSITION_SECONDS = 1.6;
  /** Forward trunk lean at the middle of a sit-to-stand transition, degrees. */
  static final double TRANSITION_LEAN_DEG = 25;
  /** Lower trunk from hip pivot to the thoracolumbar junction, m (body frame). */
  static final Vector3D LOWER_SEGMENT = new Vector3D(0, 0, 0.28);
  /** Thoracolumbar junction to the T3 skin surface, m (upper-back frame; behind the spine). */
  static final Vector3D UPPER_SEGMENT = new Vector3D(-0.07, 0, 0.20);

  private static final double BREATH_HZ = 0.25;
  private static final double BREATH_DEG = 0.5;
  private static final double WALK_LEG_SECONDS = 12;  // nominal; see WalkPlan
  private static final double WALK_TURN_SECONDS = 2.5;
  private static final double WALK_RAMP_SECONDS = 1.2;
  private static final double STEP_IMPACT_G = 0.35;
  private static final double STEP_IMPACT_DECAY_S = 0.025;
  private static final double STEP_IMPACT_HZ = 18;

  private final Scenario scenario;
  /** Posture at the end of each segment (its targets), index-aligned with the segments. */
  private final Targets[] endTargets;
  /** Walking: where each walk segment starts (x along the corridor) and its heading. */
  private final double[] startYaw;
  private final double[] typingPhase = new double[6];

  /** The pose at one instant. Rotations map body vectors to world vectors. */
  record Pose(Rotation upper, Rotation lower, Vector3D hip, boolean worn,
      double scriptedFlexionDeg, double scriptedLeanDeg) {}

  /** Posture targets that a segment ramps towards. */
  record Targets(double leanDeg, double flexionDeg, double lateralDeg, double height) {}

  TrunkMotion(Scenario scenario, long seed) {
    this.scenario = scenario;
    int n = scenario.segments().size();
    endTargets = new Targets[n];
    startYaw = new double[n];
    Targets previous = new Targets(0, 0, 0, SEATED_HEIGHT);
    double yaw = 0;
    for (int i = 0; i < n; i++) {
      Segment s = scenario.segments().get(i);
      startYaw[i] = yaw;
      endTargets[i] = targetsOf(s, previous);
      previous = endTargets[i];
      if (s.kind() == Segment.Kind.WALK) {
        yaw += Math.PI * turnsCompleted(s, s.durationSeconds());
      }
    }
    java.util.Random r = new java.util.Random(seed ^ 0x7A11L);
    for (int i = 0; i < typingPhase.length; i++) {
      typingPhase[i] = r.nextDouble() * 2 * Math.PI;
    }
  }

  private static double param(Segment s, String key, double fallback) {
    String v = s.params().get(key);
    return v == null ? fallback : Double.parseDouble(v);
  }

  private static boolean flag(Segment s, String key) {
    return "yes".equals(s.params().get(key));
  }

  static Targets targetsOf(Segment s, Targets previous) {
    return switch (s.kind()) {
      case CALIBRATE_NEUTRAL -> new Targets(0, 0, 0, SEATED_HEIGHT);
      case CALIBRATE_BEND -> new Targets(param(s, "lean", 10), param(s, "flexion", 20), 0,
          SEATED_HEIGHT);
      case SIT -> new Targets(param(s, "lean", 0), param(s, "flexion", 0),
          param(s, "lateral", 0), SEATED_HEIGHT);
      case REACH -> new Targets(param(s, "lean", 35), previous.flexionDeg(), 0, SEATED_HEIGHT);
      case STAND -> new Targets(2, param(s, "flexion", 0), 0, STANDING_HEIGHT);
      case WALK -> new Targets(6, 0, 0, STANDING_HEIGHT);
      case EXTENSION -> new Targets(0, 0, 0, SEATED_HEIGHT);
      case BRUEGGER -> new Targets(-3, -param(s, "extension", 8), 0, SEATED_HEIGHT);
      case TWIST -> new Targets(0, 0, 0, SEATED_HEIGHT);
      case OFF, GAP, SLIP -> previous;
    };
  }

  /**
   * How long the segment's move to its targets takes, s. With {@code rate} (°/s) it is a
   * creep: the largest angle to cover at that steady rate (plus the blends at its ends).
   */
  private double rampSeconds(Segment s, int index) {
    String rate = creepRate(s);
    if (rate != null) {
      Targets from = index == 0 ? new Targets(0, 0, 0, SEATED_HEIGHT) : endTargets[index - 1];
      Targets to = endTargets[index];
      double angle = Math.max(Math.abs(to.flexionDeg() - from.flexionDeg()),
          Math.max(Math.abs(to.leanDeg() - from.leanDeg()),
              Math.abs(to.lateralDeg() - from.lateralDeg())));
      double v = Double.parseDouble(rate);
      // a blend of b seconds at each end covers half of what full speed would
      double steady = v > 0 ? angle / v : 0;
      double ramp = steady + Math.min(1.0, steady / 3);
      return Math.min(ramp, s.durationSeconds());
    }
    return rampSeconds(s);
  }

  /** A {@code sit}'s creep rate, °/s, or null (a twist's {@code rate} is its peak speed). */
  private static String creepRate(Segment s) {
    return s.kind() == Segment.Kind.SIT ? s.params().get("rate") : null;
  }

  /**
   * The speed-up and slow-down at each end of a creep of {@code rampSeconds}, s: a second,
   * less for short ones (a quarter of the ramp).
   */
  private static double creepBlendSeconds(double rampSeconds) {
    return Math.min(1.0, rampSeconds / 4);
  }

  /**
   * Fraction of a creep done {@code u} seconds into a ramp of {@code ramp} seconds: steady
   * speed, eased in and out over {@code blend} seconds at each end (smootherstep speed, so
   * the acceleration stays continuous).
   */
  static double creep(double u, double ramp, double blend) {
    if (u <= 0) {
      return 0;
    }
    if (u >= ramp) {
      return 1;
    }
    double cruiseEnd = ramp - blend;
    double d = blend * smoothIntegral(Math.min(u, blend) / blend);
    if (u > blend) {
      d += Math.min(u, cruiseEnd) - blend;
    }
    if (u > cruiseEnd) {
      double v = (u - cruiseEnd) / blend;
      d += blend * (v - smoothIntegral(v));
    }
    return d / (ramp - blend);
  }

  private static double rampSeconds(Segment s) {
    double fallback = switch (s.kind()) {
      case CALIBRATE_BEND -> 4;
      case REACH -> 1.0;
      case BRUEGGER -> 3;
      case STAND, WALK -> TRANSITION_SECONDS;
      default -> 2;
    };
    // a ramp always completes inside its segment, so every segment starts at rest
    return Math.min(param(s, "ramp", fallback), s.durationSeconds());
  }

  /** Quintic smootherstep: 0 below 0, 1 above 1, zero first and second derivative at both ends. */
  static double smooth(double x) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    return x * x * x * (x * (6 * x - 15) + 10);
  }

  /** Integral of {@link #smooth} from 0 to x (x in [0,1]). */
  private static double smoothIntegral(double x) {
    x = Math.max(0, Math.min(1, x));
    double x2 = x * x;
    double x4 = x2 * x2;
    return x4 * (x2 - 3 * x + 2.5);
  }

  private static Rotation axisAngle(Vector3D axis, double angleRad) {
    return new Rotation(axis, angleRad, RotationConvention.VECTOR_OPERATOR);
  }

  Pose pose(double t) {
    int i = scenario.indexAt(t);
    Segment s = scenario.segments().get(i);
    Targets from = i == 0 ? new Targets(0, 0, 0, SEATED_HEIGHT) : endTargets[i - 1];
    Targets to = endTargets[i];
    double local = t - s.startSeconds();
    double ramp = rampSeconds(s, i);
    double k = creepRate(s) != null
        ? creep(local, ramp, creepBlendSeconds(ramp))
        : smooth(local / ramp);

    double lean = from.leanDeg() + (to.leanDeg() - from.leanDeg()) * k;
    double flexion = from.flexionDeg() + (to.flexionDeg() - from.flexionDeg()) * k;
    // the posture as scripted, before micro-motion: what ground-truth episodes are cut from
    final double scriptedFlexion = flexion;
    final double scriptedLean = lean;
    double lateral = from.lateralDeg() + (to.lateralDeg() - from.lateralDeg()) * k;
    double height = from.height();
    double twist = 0;
    double yaw = startYaw[i];
    double x = 0;

    if (to.height() != from.height()) {
      double h = smooth(local / TRANSITION_SECONDS);
      height = from.height() + (to.height() - from.height()) * h;
      // 64x³(1−x)³: peaks at 1 mid-way, with zero rate and acceleration at both ends (a
      // sine here started the lean at full rate, an acceleration spike of tens of g)
      double x3 = Math.min(1, local / TRANSITION_SECONDS);
      double bump = x3 * (1 - x3);
      lean += TRANSITION_LEAN_DEG * 64 * bump * bump * bump;
    }

    // edges of overlays fade in and out over a second so they add no steps
    double envelope = smooth(local) * smooth(s.durationSeconds() - local);
    boolean worn = s.kind() != Segment.Kind.OFF;
    if (worn) {
      flexion += BREATH_DEG * Math.sin(2 * Math.PI * BREATH_HZ * t);
      height += 0.002 * Math.sin(2 * Math.PI * BREATH_HZ * t);
    }
    switch (s.kind()) {
      case SIT -> {
        if (flag(s, "typing")) {
          flexion += envelope * 0.15 * Math.sin(2 * Math.PI * 1.3 * t + typingPhase[0]);
          twist += envelope * 0.25 * Math.sin(2 * Math.PI * 2.1 * t + typingPhase[1]);
          lateral += envelope * 0.15 * Math.sin(2 * Math.PI * 3.4 * t + typingPhase[2]);
        }
        if (flag(s, "fidget")) {
          flexion += envelope * 2.0 * Math.sin(2 * Math.PI * 0.45 * t + typingPhase[3]);
          twist += envelope * 4.0 * Math.sin(2 * Math.PI * 0.7 * t + typingPhase[4]);
          lateral += envelope * 2.0 * Math.sin(2 * Math.PI * 0.55 * t + typingPhase[5]);
        }
      }
      case WALK -> {
        double cadenceHz = param(s, "cadence", 105) / 60.0;
        double walking = walkingWeight(s, local);
        height += walking * 0.025 * Math.cos(2 * Math.PI * cadenceHz * local);
        lateral += walking * 1.5 * Math.sin(Math.PI * cadenceHz * local);
        twist += walking * 4.0 * Math.sin(Math.PI * cadenceHz * local);
        yaw += Math.PI * turnsCompleted(s, local);
        x = walkedDistance(s, local);
      }
      case EXTENSION -> {
        double period = param(s, "period", 6);
        double range = param(s, "range", 15);
        int count = (int) param(s, "count", 5);
        double lead = Math.min(2, s.durationSeconds() / 4);
        double u = local - lead;
        if (u > 0 && u < count * period) {
          double phase = (u % period) / period;
          flexion -= range * (1 - Math.cos(2 * Math.PI * phase)) / 2;
        }
      }
      case TWIST -> {
        double angle = param(s, "angle", 45);
        double rate = param(s, "rate", 250);
        int count = (int) param(s, "count", 2);
        double pulse = Math.PI * angle / rate;
        double spacing = Math.max(3, pulse + 1.5);
        double u = local - 1;
        if (u > 0 && u < count * spacing) {
          int n = (int) (u / spacing);
          double v = u - n * spacing;
          if (v < pulse) {
            double sign = (n % 2 == 0) ? 1 : -1;
            twist += sign * angle * (1 - Math.cos(2 * Math.PI * v / pulse)) / 2;
          }
        }
      }
      default -> { }
    }

    Rotation lower = axisAngle(Vector3D.PLUS_K, yaw)
        .compose(axisAngle(Vector3D.PLUS_J, Math.toRadians(lean)), RotationConvention.VECTOR_OPERATOR);
    Rotation upper = lower
        .compose(axisAngle(Vector3D.PLUS_I, Math.toRadians(lateral)), RotationConvention.VECTOR_OPERATOR)
        .compose(axisAngle(Vector3D.PLUS_J, Math.toRadians(flexion)), RotationConvention.VECTOR_OPERATOR)
        .compose(axisAngle(Vector3D.PLUS_K, Math.toRadians(twist)), RotationConvention.VECTOR_OPERATOR);
    Vector3D heading = new Vector3D(Math.cos(startYaw[i]), Math.sin(startYaw[i]), 0);
    Vector3D hip = new Vector3D(x, heading).add(new Vector3D(0, 0, height));
    return new Pose(upper, lower, hip, worn, scriptedFlexion, scriptedLean);
  }

  /**
   * A walk is split into whole straight legs joined by 180° turns made on the spot, so the
   * walker starts and stops at rest and turns only while standing (no centripetal term).
   */
  record WalkPlan(double legSeconds, int legs) {
    static WalkPlan of(Segment s) {
      double d = s.durationSeconds();
      int legs = (int) Math.max(1, Math.round((d + WALK_TURN_SECONDS)
          / (WALK_LEG_SECONDS + WALK_TURN_SECONDS)));
      double leg = (d - (legs - 1) * WALK_TURN_SECONDS) / legs;
      return new WalkPlan(leg, legs);
    }

    double cycle() {
      return legSeconds + WALK_TURN_SECONDS;
    }

    int legAt(double local) {
      return Math.min(legs - 1, (int) (local / cycle()));
    }

    /** Seconds into the current leg (capped at the leg's length during a turn). */
    double intoLeg(double local) {
      return Math.min(local - legAt(local) * cycle(), legSeconds);
    }

    double ramp() {
      return Math.min(WALK_RAMP_SECONDS, legSeconds / 3);
    }
  }

  /** Fraction of full walking speed: ramps up and down around each straight leg. */
  private static double walkingWeight(Segment s, double local) {
    WalkPlan plan = WalkPlan.of(s);
    double u = local - plan.legAt(local) * plan.cycle();
    if (u >= plan.legSeconds()) {
      return 0;
    }
    return smooth(u / plan.ramp()) * smooth((plan.legSeconds() - u) / plan.ramp());
  }

  /** How many half-turns (fractional during a turn) have been made since the walk began. */
  private static double turnsCompleted(Segment s, double local) {
    WalkPlan plan = WalkPlan.of(s);
    int leg = plan.legAt(local);
    double u = local - leg * plan.cycle();
    double turns = leg;
    if (leg < plan.legs() - 1 && u > plan.legSeconds()) {
      turns += smooth((u - plan.legSeconds()) / WALK_TURN_SECONDS);
    }
    return turns;
  }

  /**
   * Signed distance along the starting heading. Legs alternate direction (each turn is
   * 180°), so after an even number of legs the walker is back where the walk began.
   */
  private static double walkedDistance(Segment s, double local) {
    double speed = param(s, "speed", 1.2);
    WalkPlan plan = WalkPlan.of(s);
    int leg = plan.legAt(local);
    double legLength = speed * legDistance(plan, plan.legSeconds());
    double offset = (leg % 2 == 1) ? legLength : 0;
    double direction = (leg % 2 == 1) ? -1 : 1;
    return offset + direction * speed * legDistance(plan, plan.intoLeg(local));
  }

  /** Distance covered u seconds into a leg at unit top speed, with smootherstep speed ramps. */
  private static double legDistance(WalkPlan plan, double u) {
    double r = plan.ramp();
    double cruiseEnd = plan.legSeconds() - r;
    double d = r * smoothIntegral(Math.min(u, r) / r);
    if (u > r) {
      d += Math.min(u, cruiseEnd) - r;
    }
    if (u > cruiseEnd) {
      // speed falls as 1 - smooth(v), so the distance is r * (v - ∫smooth)
      double v = (u - cruiseEnd) / r;
      d += r * (v - smoothIntegral(v));
    }
    return d;
  }

  /**
   * Extra vertical acceleration of heel strikes, m/s², added on top of the smooth
   * kinematics (their displacement is negligible; their acceleration is not).
   */
  double stepImpact(double t) {
    Segment s = scenario.segmentAt(t);
    if (s.kind() != Segment.Kind.WALK) {
      return 0;
    }
    double local = t - s.startSeconds();
    double cadenceHz = param(s, "cadence", 105) / 60.0;
    // heel strike at the low point of the bounce: cadence phase k + 1/2
    double phase = cadenceHz * local - 0.5;
    double since = (phase - Math.floor(phase)) / cadenceHz;
    double strikeAt = local - since;
    double weight = walkingWeight(s, Math.max(0, strikeAt));
    return weight * STEP_IMPACT_G * 9.80665 * Math.exp(-since / STEP_IMPACT_DECAY_S)
        * Math.sin(2 * Math.PI * STEP_IMPACT_HZ * since);
  }
}
