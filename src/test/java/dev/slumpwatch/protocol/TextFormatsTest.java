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
  private final List<String> problems = new ArrayList<>();
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

  private LinkDecoder feed(TextFormat format, String text, int chunk) {
    LinkDecoder d = new LinkDecoder(listener, format, problems::add, detected::add);
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < b.length; i += chunk) {
      d.feed(b, i, Math.min(chunk, b.length - i));
    }
    return d;
  }

  @Test
  void i2cdevlibRawOutputIsReadAsRawCountsAtTheNominalRate() {
    LinkDecoder d = feed(TextFormat.DEFAULTS, "Initializing I2C devices...\r\n"
        + "Testing device connections...\r\nMPU6050 connection successful\r\n"
        + "a/g:\t-1024\t512\t16384\t-12\t7\t3\r\n"
        + "a/g:\t-1020\t515\t16380\t-11\t6\t2\r\n", 7);
    assertEquals(LinkDecoder.Format.TEXT, d.format());
    assertEquals(2, samples.size(), problems.toString());
    ImuSample s = samples.get(0);
    assertEquals(-1024, s.accelX());
    assertEquals(16384, s.accelZ());
    assertEquals(3, s.gyroZ());
    assertEquals(10_000, samples.get(1).deviceTimeMicros() - s.deviceTimeMicros());
    assertEquals(2, infos.get(0).accelRangeG()); // the MPU-6050's power-on range
    // the sketch's banner lines are not samples: counted as bad, named by line number
    assertEquals(3, d.stats().malformed());
    assertTrue(problems.get(0).startsWith("line 1 skipped"), problems.toString());
  }

  @Test
  void csvWithAHeaderInGAndDegreesPerSecondAndAMillisecondColumn() {
    feed(TextFormat.DEFAULTS, "t_ms,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps\n"
        + "1000,0.01,-0.02,0.98,1.5,-0.5,0\n1010,0.02,-0.02,0.99,1.0,-0.5,0\n", 5);
    assertEquals(2, samples.size(), problems.toString());
    DeviceInfoFrame info = infos.get(infos.size() - 1);
    assertEquals(16, info.accelRangeG());
    assertEquals(0.98, info.scale().accelG(samples.get(0).accelZ()), 1e-3);
    assertEquals(1000_000, samples.get(0).deviceTimeMicros());
    assertEquals(10_000, samples.get(1).deviceTimeMicros() - samples.get(0).deviceTimeMicros());
    assertTrue(problems.isEmpty(), problems.toString());
  }

  @Test
  void csvRawWithAMicrosecondColumnAcrossTheWrap() {
    TextFormat f = new TextFormat(TextFormat.Units.RAW, TextFormat.DEFAULTS.rawScale(),
        TextFormat.TimeUnit.MICROS, 100);
    feed(f, "4294960000,1,2,3,4,5,6\n2704,1,2,3,4,5,6\n12704,1,2,3,4,5,6\n", 64);
    assertEquals(3, samples.size(), problems.toString());
    assertEquals(10_000, samples.get(1).deviceTimeMicros() - samples.get(0).deviceTimeMicros());
  }

  @Test
  void badLinesAreCountedAndNamedNeverThrown() {
    LinkDecoder d = feed(TextFormat.DEFAULTS, "1,2,3,4,5,6\n1,2,x,4,5,6\n1,2,3\n"
        + "99999,2,3,4,5,6\n" + "9".repeat(300) + "\n1,2,3,4,5,6\n", 3);
    assertEquals(2, samples.size());
    assertEquals(4, d.stats().malformed());
    assertTrue(problems.get(0).contains("line 2") && problems.get(0).contains("'x'"),
        problems.toString());
    assertTrue(problems.get(1).contains("line 3") && problems.get(1).contains("got 3"),
        problems.toString());
    assertTrue(problems.get(2).contains("line 4") && problems.get(2).contains("int16"),
        problems.toString());
    assertTrue(problems.get(3).contains("line 5") && problems.get(3).contains("longer than"),
        problems.toString());
  }

  @Test
  void floodOfBadLinesIsReportedOnceThenCounted() {
    StringBuilder b = new StringBuilder("1,2,3,4,5,6\n1,2,3,4,5,6\n");
    for (int i = 0; i < 1000; i++) {
      b.append("garbage\n");
    }
    LinkDecoder d = feed(TextFormat.DEFAULTS, b.toString(), 4096);
    assertEquals(1000, d.stats().malformed());
    assertEquals(TextLineDecoder.REPORTED_LINES + 1, problems.size());
  }

  @Test
  void binaryIsDetectedByItsDelimiterEvenAfterNoise() {
    byte[] noise = "boot\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] frame = FrameEncoder.imuSample(1, 1000, 0, (short) 1, (short) 2, (short) 3,
        (short) 4, (short) 5, (short) 6, 0);
    LinkDecoder d = new LinkDecoder(listener, TextFormat.DEFAULTS, problems::add, detected::add);
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
