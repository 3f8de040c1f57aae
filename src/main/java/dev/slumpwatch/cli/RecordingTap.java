package dev.slumpwatch.cli;

import dev.slumpwatch.sensor.replay.Recording;
import dev.slumpwatch.sensor.replay.RecordingWriter;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes everything a serial port delivers (bytes with receive times, connections and
 * disconnections) to a recording that {@code slumpwatch replay} plays back through the
 * same pipeline: {@code record}, and {@code run --record} and
 * {@code calibrate posture --record} while they monitor or calibrate. Called on the reader
 * thread; flushed at least once a second of receive time, so a crash loses at most that.
 * A write that fails stops the reading with an {@link UncheckedIOException}.
 */
final class RecordingTap implements SerialSampleSource.Tap, AutoCloseable {
  private final RecordingWriter writer;
  private long lastFlush;

  private RecordingTap(RecordingWriter writer) {
    this.writer = writer;
  }

  /**
   * @throws IOException when the file exists already (recordings are never overwritten) or
   *     cannot be created
   */
  static RecordingTap create(Path file, SerialSampleSource.Settings port) throws IOException {
    if (Files.exists(file)) {
      throw new IOException(file + " exists already; recordings are never overwritten");
    }
    Map<String, String> header = new LinkedHashMap<>();
    header.put("port", port.port());
    header.put("baud", Integer.toString(port.baud()));
    header.put("started", Instant.now().toString());
    header.put("recorder", "slumpwatch " + VersionProvider.version());
    header.put(Recording.HEADER_PROTOCOL, Integer.toString(port.protocolVersion()));
    return new RecordingTap(new RecordingWriter(file, header));
  }

  RecordingWriter writer() {
    return writer;
  }

  @Override
  public void connected(long t, String description) {
    io(() -> writer.connected(t, description));
  }

  @Override
  public void data(long t, byte[] b, int off, int len) {
    io(() -> {
      writer.data(t, b, off, len);
      if (t - lastFlush >= 1_000_000) {
        writer.flush();
        lastFlush = t;
      }
    });
  }

  @Override
  public void disconnected(long t, String reason) {
    io(() -> {
      writer.disconnected(t, reason);
      writer.flush();
    });
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  private interface Io {
    void run() throws IOException;
  }

  private static void io(Io io) {
    try {
      io.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
