package dev.slumpwatch.posture;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.geometry.euclidean.threed.Rotation;
import org.apache.commons.math3.geometry.euclidean.threed.RotationConvention;
import org.apache.commons.math3.geometry.euclidean.threed.Vector3D;
import org.junit.jupiter.api.Test;

class PostureCalibrationTest {
  /** Up (world z) seen in the sensor frame of a clip mounted by {@code mount} on a trunk bent so. */
  private static double[] up(Rotation mount, double flexionDeg, double lateralDeg) {
    Rotation trunk = new Rotation(Vector3D.PLUS_J, Math.toRadians(flexionDeg),
        RotationConvention.VECTOR_OPERATOR).compose(new Rotation(Vector3D.PLUS_I,
        Math.toRadians(lateralDeg), RotationConvention.VECTOR_OPERATOR),
        RotationConvention.VECTOR_OPERATOR);
    Rotation sensor = trunk.compose(mount, RotationConvention.VECTOR_OPERATOR);
    Vector3D u = sensor.applyInverseTo(Vector3D.PLUS_K);
    return new double[] {u.getX(), u.getY(), u.getZ()};
  }

  private static Rotation randomMount(Random r) {
    return new Rotation(new Vector3D(r.nextGaussian(), r.nextGaussian(), r.nextGaussian()),
        r.nextDouble() * 2 * Math.PI, RotationConvention.VECTOR_OPERATOR);
  }

  @Test
  void flexionAndLateralBendAreRightForAnyMounting() throws Exception {
    Random r = new Random(11);
    for (int k = 0; k < 200; k++) {
      Rotation mount = randomMount(r);
      PostureCalibration c = PostureCalibration.fromNeutralAndBend(up(mount, 0, 0),
          up(mount, 30, 0));
      for (double f = -20; f <= 60; f += 10) {
        double[] u = up(mount, f, 0);
        assertEquals(f, c.flexionDeg(u[0], u[1], u[2]), 1e-6, "mount " + k);
        assertEquals(0, c.lateralDeg(u[0], u[1], u[2]), 1e-6);
      }
      double[] side = up(mount, 0, 15);
      assertEquals(15, c.lateralDeg(side[0], side[1], side[2]), 1e-6, "right is positive");
      assertEquals(0, c.flexionDeg(side[0], side[1], side[2]), 1e-6);
    }
  }

  @Test
  void aBendTooSmallIsRejectedWithTheReason() {
    Rotation mount = randomMount(new Random(2));
    CalibrationException e = assertThrows(CalibrationException.class,
        () -> PostureCalibration.fromNeutralAndBend(up(mount, 0, 0), up(mount, 6, 0)));
    assertTrue(e.getMessage().startsWith("the forward bend was 6.0°, at least 10°"),
        e.getMessage());
  }

  /** The documented clip mounting turned {@code angleDeg} in the board's plane. */
  private static Rotation clip(double angleDeg) {
    return new Rotation(Vector3D.PLUS_I, Vector3D.PLUS_K, Vector3D.PLUS_K, Vector3D.MINUS_I)
        .compose(new Rotation(Vector3D.PLUS_K, Math.toRadians(angleDeg),
            RotationConvention.VECTOR_OPERATOR), RotationConvention.VECTOR_OPERATOR);
  }

  @Test
  void theQuickCalibrationTakesForwardFromTheClipWhicheverWayItIsTurned() throws Exception {
    for (double turn = 0; turn < 360; turn += 37) {
      Rotation m = clip(turn);
      PostureCalibration c = PostureCalibration.quick(up(m, 0, 0));
      double[] u = up(m, 25, 0);
      assertEquals(25, c.flexionDeg(u[0], u[1], u[2]), 1e-6, "turned " + turn);
      double[] s = up(m, 0, -10);
      assertEquals(-10, c.lateralDeg(s[0], s[1], s[2]), 1e-6);
    }
  }

  @Test
  void withTheClipMountingSidewaysBackwardsAndNotUprightAreRejected() {
    Rotation m = clip(70);
    CalibrationException sideways = assertThrows(CalibrationException.class,
        () -> PostureCalibration.fromNeutralAndBend(up(m, 0, 0), up(m, 5, 25),
            PostureCalibration.Mounting.CLIP, 10));
    assertTrue(sideways.getMessage().startsWith("the bend was mostly sideways or twisted (78°"),
        sideways.getMessage());
    CalibrationException back = assertThrows(CalibrationException.class,
        () -> PostureCalibration.fromNeutralAndBend(up(m, 0, 0), up(m, -20, 0),
            PostureCalibration.Mounting.CLIP, 10));
    assertTrue(back.getMessage().startsWith("the bend went backwards"), back.getMessage());
    CalibrationException slouched = assertThrows(CalibrationException.class,
        () -> PostureCalibration.quick(up(m, 60, 0)));
    assertTrue(slouched.getMessage().startsWith("not upright: the clip is tilted 60°"),
        slouched.getMessage());
    // the same bends are accepted when nothing is assumed about the mounting
    assertDoesNotThrow(() -> PostureCalibration.fromNeutralAndBend(up(m, 0, 0), up(m, 5, 25),
        PostureCalibration.Mounting.ANY, 10));
  }

  @Test
  void axesThatAreNotFiniteOrthogonalUnitVectorsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new PostureCalibration(Double.NaN, 0, 1, 1, 0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new PostureCalibration(0, 0, 1, Double.POSITIVE_INFINITY, 0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new PostureCalibration(0, 0, 2, 1, 0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new PostureCalibration(0, 0, 1, 0.6, 0, 0.8));
    new PostureCalibration(0, 0, 1, 1, 0, 0); // valid
  }
}
