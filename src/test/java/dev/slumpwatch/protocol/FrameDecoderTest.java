package dev.slumpwatch.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.sensor.ImuSample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

  private static List<ImuSample> decode(FrameDecoder[] holder, byte[] bytes, long seed) {
    List<ImuSample> out = new ArrayList<>();
    FrameDecoder d = new FrameDecoder(out::add);
    holder[0] = d;
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < bytes.length; ) {
      int n = Math.min(bytes.length - i, r.nextInt(1, 200));
      d.feed(bytes, i, n);
      i += n;
    }
    return out;
  }

  /** Raw 32-bit time: what the device sent, for comparing with the encoded samples. */
  private static ImuSample raw(ImuSample s) {
    return new ImuSample(s.deviceTimeMicros() & 0xFFFF_FFFFL, s.sensorIndex(), s.sequence(),
        s.accelX(), s.accelY(), s.accelZ(), s.gyroX(), s.gyroY(), s.gyroZ(), s.flags());
  }

  @Test
  void cleanStreamAcrossTheClockWrapIsDecodedWhole() {
    // starts 30 s before the 32-bit µs counter wraps; 2 minutes of 100 Hz
    FaultyStream s = FaultyStream.build(1, 12_000, 0xFFFF_FFFFL - 30_000_000L,
        FaultyStream.Rates.NONE);
    FrameDecoder[] d = new FrameDecoder[1];
    List<ImuSample> out = decode(d, s.bytes, 2);
    assertEquals(s.intact, out.stream().map(FrameDecoderTest::raw).toList());
    for (int i = 1; i < out.size(); i++) {
      assertEquals(10_000, out.get(i).deviceTimeMicros() - out.get(i - 1).deviceTimeMicros(),
          "the timeline is continuous across the wrap");
    }
    DecoderStats st = d[0].stats();
    assertEquals(12_000, st.frames());
    assertEquals(0, st.resyncs());
    assertEquals(s.bytes.length, st.bytes());
  }

  @Test
  void injectedFaultsAreCountedExactlyAndIntactFramesSurvive() {
    FaultyStream s = FaultyStream.build(7, 50_000, 123, new FaultyStream.Rates(0.02, 0.02,
        0.02, 0.02, 0.02));
    FrameDecoder[] d = new FrameDecoder[1];
    List<ImuSample> out = decode(d, s.bytes, 8);
    assertEquals(s.intact, out.stream().map(FrameDecoderTest::raw).toList());
    DecoderStats st = d[0].stats();
    assertTrue(s.flips > 500 && s.garbage > 500 && s.truncations > 500 && s.duplicates > 500);
    assertEquals(s.flips, st.crcErrors(), st.format());
    assertEquals(s.garbage + s.truncations, st.malformed(), st.format());
    assertEquals(s.flips + s.garbage + s.truncations, st.resyncs(), st.format());
    assertEquals(s.discardedBytes, st.discardedBytes(), st.format());
    assertEquals(s.duplicates, st.duplicates(), st.format());
    assertEquals(s.missing, st.sequenceGaps(), st.format());
    assertEquals(s.intact.size() + s.duplicates, st.frames(), st.format());
    assertEquals(s.intact.size(), st.samples());
  }

  @Test
  void oversizedChunksAreDroppedWithoutGrowingMemory() {
    byte[] noise = new byte[100_000];
    java.util.Arrays.fill(noise, (byte) 0x55);
    List<ImuSample> out = new ArrayList<>();
    FrameDecoder d = new FrameDecoder(out::add);
    d.feed(noise);
    d.feed(new byte[] {0});
    byte[] f = FrameEncoder.imuSample(FaultyStream.sample(0, 0, new SplittableRandom(1)));
    d.feed(f);
    assertEquals(1, out.size());
    assertEquals(1, d.stats().malformed());
    assertEquals(100_000, d.stats().discardedBytes());
  }

  @Test
  void deviceResetAfterDeviceInfoContinuesTheTimeline() {
    List<ImuSample> out = new ArrayList<>();
    FrameDecoder d = new FrameDecoder(out::add);
    SplittableRandom r = new SplittableRandom(3);
    for (int k = 0; k < 100; k++) {
      d.feed(FrameEncoder.imuSample(FaultyStream.sample(k, 50_000_000, r)));
    }
    d.feed(FrameEncoder.deviceInfo(new DeviceInfoFrame(1, 7, "1.0.0", "MPU-6050", 4, 500,
        100)));
    for (int k = 0; k < 100; k++) {
      d.feed(FrameEncoder.imuSample(FaultyStream.sample(k, 0, r)));
    }
    assertEquals(200, out.size());
    assertEquals(1, d.stats().restarts());
    for (int i = 1; i < out.size(); i++) {
      assertTrue(out.get(i).deviceTimeMicros() > out.get(i - 1).deviceTimeMicros());
    }
  }

  @Test
  void olderFramesWithoutARestartAreDroppedAsOutOfOrder() {
    List<ImuSample> out = new ArrayList<>();
    FrameDecoder d = new FrameDecoder(out::add);
    SplittableRandom r = new SplittableRandom(4);
    byte[] f5 = FrameEncoder.imuSample(FaultyStream.sample(5, 0, r));
    for (int k = 6; k < 10; k++) {
      d.feed(FrameEncoder.imuSample(FaultyStream.sample(k, 0, r)));
    }
    d.feed(f5);
    assertEquals(4, out.size());
    assertEquals(1, d.stats().outOfOrder());
  }
}
