package dev.slumpwatch.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.imu.ImuSample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared vectors in firmware/test-vectors/ (protocol-v1.txt and protocol-v2.txt), read
 * back from the committed files; each is decoded by a decoder of its version.
 */
class TestVectorsTest {

  @ParameterizedTest(name = "protocol v{0}")
  @ValueSource(ints = {1, 2})
  void committedFileIsUpToDate(int version) throws Exception {
    Path file = Path.of(TestVectors.file(version));
    String expected = TestVectors.render(version);
    if (Boolean.getBoolean("vectors.write")) {
      Files.writeString(file, expected, StandardCharsets.UTF_8);
    }
    assertEquals(expected, Files.readString(file, StandardCharsets.UTF_8),
        file + " differs from what TestVectors generates; regenerate it with "
            + "-Dvectors.write=true");
  }

  @ParameterizedTest(name = "protocol v{0}")
  @ValueSource(ints = {1, 2})
  void everyVectorDecodesToItsValuesAndEncodesBack(int version) throws Exception {
    Path file = Path.of(TestVectors.file(version));
    int checked = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(" ");
      String name = f[0];
      boolean valid = f[1].equals("valid");
      byte[] wire = HexFormat.of().parseHex(f[2]);
      String type = f[3];
      Map<String, String> kv = new HashMap<>();
      for (int i = 4; i < f.length; i++) {
        int eq = f[i].indexOf('=');
        kv.put(f[i].substring(0, eq), f[i].substring(eq + 1));
      }
      check(version, name, valid, wire, type, kv);
      checked++;
    }
    assertTrue(checked >= 25, "only " + checked + " vectors");
  }

  private static void check(int version, String name, boolean valid, byte[] wire, String type,
      Map<String, String> kv) {
    if (type.equals("crc")) {
      assertEquals(Integer.decode(kv.get("crc")), Crc16.compute(wire, 0, wire.length), name);
      assertEquals(0x29B1, Crc16.compute(wire, 0, wire.length), name);
      return;
    }
    if (type.equals("crc32")) {
      assertEquals(Long.decode(kv.get("crc")), Crc32.compute(wire, 0, wire.length) & 0xFFFF_FFFFL,
          name);
      assertEquals(0xCBF43926, Crc32.compute(wire, 0, wire.length), name);
      java.util.zip.CRC32 jdk = new java.util.zip.CRC32(); // the same CRC as the JDK's
      jdk.update(wire);
      assertEquals(jdk.getValue(), Crc32.compute(wire, 0, wire.length) & 0xFFFF_FFFFL, name);
      return;
    }
    List<Object> out = new ArrayList<>();
    FrameDecoder d = new FrameDecoder(new FrameListener() {
      @Override
      public void sample(ImuSample s) {
        out.add(s);
      }

      @Override
      public void deviceInfo(DeviceInfoFrame i) {
        out.add(i);
      }

      @Override
      public void status(StatusFrame s) {
        out.add(s);
      }

      @Override
      public void command(Command c) {
        out.add(c);
      }
    }, version);
    // byte by byte: the frames must survive any split
    for (byte b : wire) {
      d.feed(new byte[] {b}, 0, 1);
    }
    DecoderStats st = d.stats();
    if (!valid) {
      assertTrue(out.isEmpty(), name + " delivered " + out);
      String reason = kv.get("reason");
      assertEquals(reason.equals("crc") ? 1 : 0, st.crcErrors(), name + " crc errors");
      assertEquals(reason.equals("malformed") ? 1 : 0, st.malformed(), name + " malformed");
      assertEquals(reason.equals("other_version") ? 1 : 0, st.otherVersion(),
          name + " other version");
      assertEquals(1, st.resyncs(), name + " resyncs");
      assertEquals(0, st.frames(), name);
      return;
    }
    assertEquals(1, out.size(), name + ": " + st.format());
    assertArrayEquals(HexFormat.of().parseHex(kv.get("body")),
        Cobs.decode(wire, 0, wire.length - 1), name + " body");
    Object o = out.get(0);
    byte[] again;
    switch (type) {
      case "imu" -> {
        ImuSample s = (ImuSample) o;
        assertEquals(Protocol.imuBody(version), Cobs.decode(wire, 0, wire.length - 1).length);
        assertEquals(Long.parseLong(kv.get("seq")), s.sequence(), name);
        assertEquals(Long.parseLong(kv.get("time_us")), s.deviceTimeMicros(), name);
        assertEquals(Integer.parseInt(kv.get("sensor")), s.sensorIndex(), name);
        assertEquals(Short.parseShort(kv.get("ax")), s.accelX(), name);
        assertEquals(Short.parseShort(kv.get("ay")), s.accelY(), name);
        assertEquals(Short.parseShort(kv.get("az")), s.accelZ(), name);
        assertEquals(Short.parseShort(kv.get("gx")), s.gyroX(), name);
        assertEquals(Short.parseShort(kv.get("gy")), s.gyroY(), name);
        assertEquals(Short.parseShort(kv.get("gz")), s.gyroZ(), name);
        assertEquals(Integer.parseInt(kv.get("flags")), s.flags(), name);
        again = FrameEncoder.imuSample(version, s);
      }
      case "info" -> {
        DeviceInfoFrame i = (DeviceInfoFrame) o;
        assertEquals(Integer.parseInt(kv.get("version")), i.protocolVersion(), name);
        assertEquals(Integer.parseInt(kv.get("accel_g")), i.accelRangeG(), name);
        assertEquals(Integer.parseInt(kv.get("gyro_dps")), i.gyroRangeDegPerSec(), name);
        assertEquals(Integer.parseInt(kv.get("rate_hz")), i.rateHz(), name);
        assertEquals(Long.decode(kv.get("device_id")), i.deviceId(), name);
        assertEquals(kv.get("firmware"), i.firmwareVersion(), name);
        assertEquals(kv.get("model"), i.sensorModel(), name);
        again = FrameEncoder.deviceInfo(version, i);
      }
      case "status" -> {
        StatusFrame s = (StatusFrame) o;
        assertEquals(Integer.parseInt(kv.get("battery_mv")), s.batteryMillivolts(), name);
        assertEquals(Long.parseLong(kv.get("dropped")), s.droppedSamples(), name);
        again = FrameEncoder.status(version, s);
      }
      default -> {
        Command c = (Command) o;
        assertEquals(type, switch (c.type()) {
          case Protocol.TYPE_CMD_INFO -> "cmd_info";
          case Protocol.TYPE_CMD_SET_RATE -> "cmd_set_rate";
          case Protocol.TYPE_CMD_START -> "cmd_start";
          default -> "cmd_stop";
        }, name);
        if (kv.containsKey("rate_hz")) {
          assertEquals(Integer.parseInt(kv.get("rate_hz")), c.rateHz(), name);
        }
        again = FrameEncoder.command(version, c);
      }
    }
    assertArrayEquals(wire, again, name + " re-encoded");
    assertFalse(st.hasProblems(), name);
  }
}
