package dev.slumpwatch.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.testing.SittingSensor;
import dev.slumpwatch.testing.SketchOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sketch output shape, in every unit form it has, through the link decoder exactly as
 * the serial source feeds it (bytes with receive times): the reader must say what it
 * concluded, deliver every reading, and every axis in the right unit. The same shapes go
 * over a pseudo-terminal into {@code run} in {@code cli.SketchOutputsOverPtyTest}.
 */
class SketchShapesTest {

  static Stream<Arguments> shapes() {
    List<Arguments> out = new ArrayList<>();
    for (SketchOutput s : SketchOutput.values()) {
      if (s.raw) {
        out.add(Arguments.of(s, false));
      }
      if (s.si) {
        out.add(Arguments.of(s, true));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} si={1}")
  @MethodSource("shapes")
  void everyReadingArrivesWithItsAxesAndUnits(SketchOutput shape, boolean si) {
    List<ImuSample> samples = new ArrayList<>();
    List<DeviceInfoFrame> infos = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    LinkDecoder d = new LinkDecoder(new FrameListener() {
      @Override
      public void sample(ImuSample s) {
        samples.add(s);
      }

      @Override
      public void deviceInfo(DeviceInfoFrame info) {
        infos.add(info);
      }
    }, TextFormat.DEFAULTS, notes::add, f -> { });
    SittingSensor wearer = new SittingSensor(25, shape.ordinal());
    List<double[]> sent = new ArrayList<>();
    double rate = 50;
    int n = 200;
    long host0 = 3_000_000;
    byte[] banner = shape.banner(si).getBytes(StandardCharsets.ISO_8859_1);
    if (banner.length > 0) {
      d.feed(banner, 0, banner.length, host0 - 500_000);
    }
    for (int k = 0; k < n; k++) {
      double t = k / rate;
      double[] v = wearer.at(t);
      sent.add(v);
      byte[] b = shape.print(t, v, si).getBytes(StandardCharsets.ISO_8859_1);
      d.feed(b, 0, b.length, host0 + Math.round(t * 1e6));
    }
    d.flush();
    String what = shape + (si ? " (SI)" : " (raw)") + ": " + notes;
    assertEquals(n, samples.size(), what);
    assertEquals(0, d.stats().malformed(), what + " " + d.text().lastBad());
    assertTrue(notes.get(0).contains(shape.concluded), what);
    assertTrue(notes.get(0).contains(shape.unitsConcluded(si)), what);
    assertTrue(notes.get(0).contains("50.0 Hz"), what);
    SensorScale scale = infos.get(infos.size() - 1).scale();
    boolean radians = si && shape.unitsConcluded(si).contains("rad/s");
    double gyroTol = !si ? 0.02 : radians ? 0.35 : 0.07;
    for (int k = 0; k < n; k++) {
      ImuSample s = samples.get(k);
      double[] v = sent.get(k);
      double[] got = {scale.accelG(s.accelX()), scale.accelG(s.accelY()),
          scale.accelG(s.accelZ()), Math.toDegrees(scale.gyroRadPerSec(s.gyroX())),
          Math.toDegrees(scale.gyroRadPerSec(s.gyroY())),
          Math.toDegrees(scale.gyroRadPerSec(s.gyroZ()))};
      for (int i = 0; i < 6; i++) {
        assertEquals(v[i], got[i], i < 3 ? 0.006 : gyroTol, String.format(Locale.ROOT,
            "%s sample %d axis %d", what, k, i));
      }
      if (k > 0) {
        assertEquals(20_000, s.deviceTimeMicros() - samples.get(k - 1).deviceTimeMicros(),
            1_000, what);
      }
    }
  }
}
