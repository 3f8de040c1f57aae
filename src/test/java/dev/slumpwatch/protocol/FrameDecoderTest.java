package dev.slumpwatch.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.imu.ImuSample;
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
    d.feed(FrameEncoder.deviceInfo(new DeviceInfoFrame(2, 7, "1.0.0", "MPU-6050", 4, 500,
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
  void framesLostJustBeforeAHelloStillCountAsMissing() {
    // the firmware answers the host's INFO just after the sensor was unplugged for a second:
    // its clock did not start over, so the sequence numbers it skipped are missing frames
    // (seen once in CI: SimulatedBoardTest's unplugged sensor showed no gap when the answer
    // to the host's INFO came during the outage)
    List<ImuSample> out = new ArrayList<>();
    FrameDecoder d = new FrameDecoder(out::add);
    SplittableRandom r = new SplittableRandom(6);
    for (int k = 0; k < 100; k++) {
      d.feed(FrameEncoder.imuSample(FaultyStream.sample(k, 0, r)));
    }
    d.feed(FrameEncoder.deviceInfo(new DeviceInfoFrame(2, 7, "1.0.0", "MPU-6050", 4, 500,
        100)));
    for (int k = 201; k < 300; k++) {
      d.feed(FrameEncoder.imuSample(FaultyStream.sample(k, 0, r)));
    }
    assertEquals(199, out.size());
    assertEquals(0, d.stats().restarts());
    assertEquals(101, d.stats().sequenceGaps(), d.stats().format());
  }

  /**
   * Decodes frames 0–99 and 201–299 of one sensor (1.02 s of device time between the two
   * stretches) from one chunk the host read at once, each frame numbered by {@code sequence}.
   */
  private static FrameDecoder outageInOneChunk(long seed, java.util.function.IntUnaryOperator
      sequence, List<ImuSample> out) {
    FrameDecoder d = new FrameDecoder(out::add);
    SplittableRandom r = new SplittableRandom(seed);
    java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
    for (int k = 0; k < 300; k = k == 99 ? 201 : k + 1) {
      ImuSample s = FaultyStream.sample(k, 0, r);
      chunk.writeBytes(FrameEncoder.imuSample(new ImuSample(s.deviceTimeMicros(), 0,
          sequence.applyAsInt(k), s.accelX(), s.accelY(), s.accelZ(), s.gyroX(), s.gyroY(),
          s.gyroZ(), s.flags())));
    }
    byte[] all = chunk.toByteArray();
    d.feed(all, 0, all.length, 5_000_000L);
    return d;
  }

  @Test
  void anOutageReadInOneGoIsNotTakenForAJumpedClock() {
    // the sensor missed 101 samples (1.01 s) and the host read the frames from both sides of
    // the outage in one chunk (a backlog, or simavr running 7 times faster than real time):
    // the host saw no time pass, but the sequence numbers skipped exactly as far as the
    // device's clock moved, so the clock did not jump. (Seen once: SimulatedBoardTest's
    // unplugged sensor showed no gap and the timeline lost the outage.)
    List<ImuSample> out = new ArrayList<>();
    FrameDecoder d = outageInOneChunk(7, k -> k, out);
    assertEquals(199, out.size());
    assertEquals(0, d.stats().restarts(), d.stats().format());
    assertEquals(101, d.stats().sequenceGaps(), d.stats().format());
    assertEquals(1_020_000, out.get(100).deviceTimeMicros() - out.get(99).deviceTimeMicros(),
        "the outage keeps its length on the timeline");
  }

  @Test
  void aClockThatJumpsWhileItsSequenceGoesOnIsStillAJump() {
    // the same jump in the device's time with the sequence numbers one apart: nothing was
    // missed, so the clock jumped, and the timeline goes on by the time the host saw pass
    List<ImuSample> out = new ArrayList<>();
    FrameDecoder d = outageInOneChunk(8, k -> k < 100 ? k : k - 101, out);
    assertEquals(199, out.size());
    assertEquals(1, d.stats().restarts(), d.stats().format());
    assertEquals(0, d.stats().sequenceGaps(), d.stats().format());
    assertEquals(10_000, out.get(100).deviceTimeMicros() - out.get(99).deviceTimeMicros(),
        "the host saw no time pass: the timeline goes on by one step");
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

  @Test
  void aRepeatedStretchWithDeviceInfoIsNotTakenForARestart() {
    List<ImuSample> out = new ArrayList<>();
    FrameDecoder d = new FrameDecoder(out::add);
    SplittableRandom r = new SplittableRandom(5);
    java.io.ByteArrayOutputStream stretch = new java.io.ByteArrayOutputStream();
    stretch.writeBytes(FrameEncoder.deviceInfo(new DeviceInfoFrame(2, 7, "2.0.0", "MPU-6050", 4,
        500, 100)));
    for (int k = 0; k < 5; k++) {
      stretch.writeBytes(FrameEncoder.imuSample(FaultyStream.sample(k, 1_000_000, r)));
    }
    d.feed(stretch.toByteArray());
    d.feed(stretch.toByteArray()); // a link that repeats what it already sent
    for (int k = 5; k < 10; k++) {
      d.feed(FrameEncoder.imuSample(FaultyStream.sample(k, 1_000_000, r)));
    }
    assertEquals(10, out.size());
    assertEquals(5, d.stats().duplicates());
    assertEquals(0, d.stats().restarts());
    for (int i = 0; i < out.size(); i++) {
      assertEquals(1_000_000 + i * 10_000L, out.get(i).deviceTimeMicros());
    }
  }

  @Test
  void framesOfTheOtherVersionAreCountedAndNeverDelivered() {
    SplittableRandom r = new SplittableRandom(6);
    for (int version = 1; version <= 2; version++) {
      int other = 3 - version;
      List<ImuSample> out = new ArrayList<>();
      List<DeviceInfoFrame> infos = new ArrayList<>();
      FrameDecoder d = new FrameDecoder(new FrameListener() {
        @Override
        public void sample(ImuSample s) {
          out.add(s);
        }

        @Override
        public void deviceInfo(DeviceInfoFrame info) {
          infos.add(info);
        }
      }, version);
      d.feed(FrameEncoder.deviceInfo(new DeviceInfoFrame(other, 7, "x", "MPU-6050", 4, 500,
          100)));
      for (int k = 0; k < 20; k++) {
        d.feed(FrameEncoder.imuSample(other, FaultyStream.sample(k, 0, r)));
      }
      d.feed(FrameEncoder.status(other, new StatusFrame(3700, 0)));
      DecoderStats st = d.stats();
      assertEquals(List.of(), out, "v" + version);
      assertEquals(List.of(), infos, "v" + version);
      assertEquals(22, st.otherVersion(), st.format());
      assertEquals(0, st.malformed() + st.crcErrors() + st.frames(), st.format());
      assertEquals(22, st.resyncs(), st.format());
      assertTrue(st.format().contains("22 of the other protocol version"), st.format());
      assertTrue(st.problemsSince(DecoderStats.ZERO).contains("22 of the other protocol "
          + "version"), st.problemsSince(DecoderStats.ZERO));
    }
  }

  @Test
  void anUnknownVersionIsRefusedByName() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new FrameDecoder(s -> { }, 3));
    assertEquals("protocol version must be 1 or 2, not 3", e.getMessage());
  }
}
