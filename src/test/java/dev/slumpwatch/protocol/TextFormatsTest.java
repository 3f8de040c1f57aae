package dev.slumpwatch.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.imu.ImuSample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextFormatsTest {
  private final List<ImuSample> samples = new ArrayList<>();
  private final List<DeviceInfoFrame> infos = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<LinkDecoder.Format> detected = new ArrayList<>();

  private final FrameListener listener = new FrameListener() {
    @Override
    public void sample(ImuSample s) {
      samples.add(s);
    }

    @Override
    public void deviceInfo(DeviceInfoFrame info) {
      infos.add(info);
    }
  };

  /** Feeds the text in chunks of {@code chunk} bytes without receive times, then flushes. */
  private LinkDecoder feed(TextFormat format, String text, int chunk) {
    LinkDecoder d = new LinkDecoder(listener, format, notes::add, detected::add);
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < b.length; i += chunk) {
      d.feed(b, i, Math.min(chunk, b.length - i));
    }
    d.flush();
    return d;
  }

  /** Feeds one line per chunk, received at {@code rateHz}, then flushes. */
  private LinkDecoder feedAt(TextFormat format, List<String> lines, double rateHz) {
    LinkDecoder d = new LinkDecoder(listener, format, notes::add, detected::add);
    for (int k = 0; k < lines.size(); k++) {
      byte[] b = (lines.get(k) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
      d.feed(b, 0, b.length, Math.round(5_000_000 + k * 1e6 / rateHz));
    }
    d.flush();
    return d;
  }

  @Test
  void i2cdevlibRawOutputIsReadAsRawCountsAfterItsBanner() {
    LinkDecoder d = feed(TextFormat.DEFAULTS, "Initializing I2C devices...\r\n"
        + "Testing device connections...\r\nMPU6050 connection successful\r\n"
        + "a/g:\t-1024\t512\t16384\t-12\t7\t3\r\n"
        + "a/g:\t-1020\t515\t16380\t-11\t6\t2\r\n", 7);
    assertEquals(LinkDecoder.Format.TEXT, d.format());
    assertEquals(2, samples.size(), notes.toString());
    ImuSample s = samples.get(0);
    assertEquals(-1024, s.accelX());
    assertEquals(16384, s.accelZ());
    assertEquals(3, s.gyroZ());
    // no receive times: placed at the nominal 100 Hz
    assertEquals(10_000, samples.get(1).deviceTimeMicros() - s.deviceTimeMicros());
    assertEquals(2, infos.get(0).accelRangeG()); // told by the size of gravity
    // the sketch's banner lines are not samples, and not problems either
    assertEquals(0, d.stats().malformed());
    assertTrue(notes.get(0).startsWith("labelled lines: ax ay az gx gy gz, raw counts ±2 g"),
        notes.toString());
  }

  @Test
  void csvWithAHeaderInGAndDegreesPerSecondAndAMillisecondColumn() {
    feed(TextFormat.DEFAULTS, "t_ms,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps\n"
        + "1000,0.01,-0.02,0.98,1.5,-0.5,0\n1010,0.02,-0.02,0.99,1.0,-0.5,0\n", 5);
    assertEquals(2, samples.size(), notes.toString());
    DeviceInfoFrame info = infos.get(infos.size() - 1);
    assertEquals(16, info.accelRangeG());
    assertEquals(0.98, info.scale().accelG(samples.get(0).accelZ()), 1e-3);
    assertEquals(1.5, Math.toDegrees(info.scale().gyroRadPerSec(samples.get(0).gyroX())), 0.1);
    assertEquals(1000_000, samples.get(0).deviceTimeMicros());
    assertEquals(10_000, samples.get(1).deviceTimeMicros() - samples.get(0).deviceTimeMicros());
    assertTrue(notes.get(0).contains("time in ms") && notes.get(0).contains("as labelled"),
        notes.toString());
  }

  @Test
  void csvRawWithAMicrosecondColumnAcrossTheWrap() {
    TextFormat f = new TextFormat(TextFormat.Units.RAW, 2, 250, TextFormat.TimeUnit.MICROS, 0);
    feed(f, "4294960000,1,2,16000,4,5,6\n2704,1,2,16001,4,5,6\n12704,1,2,16002,4,5,6\n", 64);
    assertEquals(3, samples.size(), notes.toString());
    assertEquals(10_000, samples.get(1).deviceTimeMicros() - samples.get(0).deviceTimeMicros());
  }

  @Test
  void badLinesAreCountedNeverThrownAndTheLatestIsKeptAsAnExample() {
    List<String> lines = new ArrayList<>();
    for (int k = 0; k < 300; k++) {
      lines.add((k % 7) + ",2," + (16380 + k % 5) + ",4,5,6");
    }
    lines.set(250, "1,2,x,4,5,6");
    lines.set(260, "1,2,3");
    lines.set(270, "99999,2,16384,4,5,6");
    lines.set(280, "9".repeat(300));
    LinkDecoder d = feedAt(TextFormat.DEFAULTS, lines, 100);
    assertEquals(296, samples.size(), notes.toString());
    assertEquals(4, d.stats().malformed());
    assertTrue(d.text().lastBad().startsWith("line 281 (longer than 256 bytes)"),
        d.text().lastBad());
  }

  @Test
  void accelerometerOnlyLinesAreReadWithTheGyroscopeAtZero() {
    List<String> lines = new ArrayList<>();
    for (int k = 0; k < 100; k++) {
      lines.add("X: 0." + (40 + k % 3) + " Y: 0.01 Z: 0.91");
    }
    feedAt(TextFormat.DEFAULTS, lines, 20);
    assertEquals(100, samples.size(), notes.toString());
    assertEquals(0, samples.get(5).gyroY());
    assertTrue(notes.get(0).contains("g / no gyroscope"), notes.toString());
  }

  @Test
  void notANumberAndLabelsTwiceAndLostLinesOfARecordAreSkippedAndCounted() {
    List<String> lines = new ArrayList<>();
    for (int k = 0; k < 200; k++) {
      lines.add("AcX = " + (-1400 + k % 9) + " | AcY = -10 | AcZ = 16321 | GyX = -54 | GyY = 29"
          + " | GyZ = -20");
    }
    lines.set(150, "AcX = nan | AcY = -10 | AcZ = 16321 | GyX = -54 | GyY = 29 | GyZ = -20");
    lines.set(160, "AcX = -1427 | AcY = -10 | AcX = -1427 | AcY = -10 | AcZ = 16321 | GyX = "
        + "-54 | GyY = 29 | GyZ = -20");
    lines.set(170, "AcX = -1427 | AcY = -10 | AcZ = 16321 | GyX = -54");
    LinkDecoder d = feedAt(TextFormat.DEFAULTS, lines, 50);
    assertEquals(197, samples.size(), notes.toString());
    assertEquals(3, d.stats().malformed());
    assertTrue(d.text().lastBad().startsWith("line 171 (it lacks gy gz"), d.text().lastBad());
  }

  @Test
  void aRecordSpreadOverLinesThatLostALineIsCountedOnce() {
    List<String> lines = new ArrayList<>();
    for (int k = 0; k < 100; k++) {
      lines.add("Acceleration X: 0." + (40 + k % 5) + ", Y: 0.01, Z: 8.90 m/s^2");
      if (k != 60) {
        lines.add("Rotation X: 0.01, Y: -0.02, Z: 0.00 rad/s");
      }
      lines.add("Temperature: 25.30 degC");
      lines.add("");
    }
    LinkDecoder d = feedAt(TextFormat.DEFAULTS, lines, 200);
    assertEquals(99, samples.size(), notes.toString());
    assertEquals(1, d.stats().malformed(), d.text().lastBad());
    assertTrue(d.text().lastBad().contains("lacks gx gy gz"), d.text().lastBad());
  }

  @Test
  void anotherSketchMidStreamIsLearntAgainAndSaid() {
    List<String> lines = new ArrayList<>();
    for (int k = 0; k < 300; k++) {
      lines.add((k % 7) + ",2," + (16380 + k % 5) + ",4,5,6");
    }
    for (int k = 0; k < 300; k++) {
      lines.add("AcX = " + (-1400 + k % 9) + " | AcY = -10 | AcZ = 16321 | Tmp = 25.30 | GyX = "
          + "-54 | GyY = 29 | GyZ = -20");
    }
    LinkDecoder d = feedAt(TextFormat.DEFAULTS, lines, 100);
    assertEquals(600, samples.size(), notes.toString());
    assertEquals(0, d.stats().malformed(), d.text().lastBad());
    assertTrue(notes.get(1).contains("learning the lines' shape again"), notes.toString());
    assertTrue(notes.get(2).startsWith("labelled lines: AcX AcY AcZ GyX GyY GyZ"),
        notes.toString());
  }

  @Test
  void binaryIsDetectedByItsDelimiterEvenAfterNoise() {
    byte[] noise = "boot\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] frame = FrameEncoder.imuSample(1, 1000, 0, (short) 1, (short) 2, (short) 3,
        (short) 4, (short) 5, (short) 6, 0);
    LinkDecoder d = new LinkDecoder(listener, TextFormat.DEFAULTS, notes::add, detected::add);
    d.feed(noise, 0, noise.length);
    d.feed(new byte[] {0}, 0, 1);
    d.feed(frame, 0, frame.length);
    assertEquals(List.of(LinkDecoder.Format.BINARY), detected);
    assertEquals(1, samples.size());
    assertEquals(1, d.stats().malformed()); // the noise before the first delimiter
  }

  @Test
  void reconnectionStartsDetectionAgain() {
    LinkDecoder d = feed(TextFormat.DEFAULTS, "1,2,3,4,5,6\n1,2,3,4,5,6\n", 100);
    d.reconnected(2_000_000);
    byte[] frame = FrameEncoder.imuSample(1, 1000, 0, (short) 1, (short) 2, (short) 3,
        (short) 4, (short) 5, (short) 6, 0);
    d.feed(frame, 0, frame.length);
    assertEquals(List.of(LinkDecoder.Format.TEXT, LinkDecoder.Format.BINARY), detected);
  }
}
