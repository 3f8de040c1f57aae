package dev.slumpwatch.testing;

import dev.slumpwatch.sensor.replay.RecordingWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a recording by hand, as the recorder would have written it from a port: data in
 * chunks with the host's receive times, and the connection events. For fault-injection
 * tests that need a link behaviour a pseudo-terminal cannot produce on demand (a device
 * restarting after an hour, a cable pulled between two sketches).
 */
public final class CraftedRecording implements AutoCloseable {
  private final RecordingWriter writer;

  public CraftedRecording(Path file, int protocolVersion) throws IOException {
    Map<String, String> header = new LinkedHashMap<>();
    header.put("port", "/dev/crafted");
    header.put("baud", "115200");
    header.put("started", "2026-03-02T08:00:00Z");
    header.put("recorder", "test");
    header.put("protocol", Integer.toString(protocolVersion));
    this.writer = new RecordingWriter(file, header);
  }

  public CraftedRecording connected(double hostSeconds) throws IOException {
    writer.connected(micros(hostSeconds), "/dev/crafted");
    return this;
  }

  public CraftedRecording disconnected(double hostSeconds, String reason) throws IOException {
    writer.disconnected(micros(hostSeconds), reason);
    return this;
  }

  public CraftedRecording data(double hostSeconds, byte[] bytes) throws IOException {
    writer.data(micros(hostSeconds), bytes, 0, bytes.length);
    return this;
  }

  public CraftedRecording text(double hostSeconds, String text) throws IOException {
    return data(hostSeconds, text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static long micros(double seconds) {
    return Math.round(seconds * 1e6);
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
