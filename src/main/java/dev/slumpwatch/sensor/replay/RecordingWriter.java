package dev.slumpwatch.sensor.replay;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes a recording: the raw bytes received from a sensor with their receive times, and
 * the connection events, in the format described in docs/recording.md (see
 * {@link Recording}). Called from the reader thread only.
 *
 * <p>Buffered; {@link #flush} is called by the recorder about once a second, so a crash
 * loses at most the last second, and a reader of a file cut short by a crash reads
 * everything up to the cut (see {@link RecordingReader}).
 */
public final class RecordingWriter implements AutoCloseable {
  private final Path file;
  private final OutputStream out;
  private final byte[] head = new byte[Recording.RECORD_HEADER];
  private long bytes;

  /** Creates the file (it must not exist yet) and writes the header. */
  public RecordingWriter(Path file, Map<String, String> header) throws IOException {
    this.file = file;
    this.out = new BufferedOutputStream(Files.newOutputStream(file,
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
    StringBuilder h = new StringBuilder(Recording.MAGIC);
    header.forEach((k, v) -> {
      if (k.contains("=") || k.contains("\n") || v.contains("\n")) {
        throw new IllegalArgumentException("header keys and values are single lines: " + k);
      }
      h.append(k).append('=').append(v).append('\n');
    });
    h.append('\n');
    out.write(h.toString().getBytes(StandardCharsets.UTF_8));
  }

  public void data(long hostMicros, byte[] b, int off, int len) throws IOException {
    record(Recording.KIND_DATA, hostMicros, b, off, len);
  }

  public void connected(long hostMicros, String description) throws IOException {
    byte[] d = description.getBytes(StandardCharsets.UTF_8);
    record(Recording.KIND_CONNECTED, hostMicros, d, 0, d.length);
  }

  public void disconnected(long hostMicros, String reason) throws IOException {
    byte[] d = reason.getBytes(StandardCharsets.UTF_8);
    record(Recording.KIND_DISCONNECTED, hostMicros, d, 0, d.length);
  }

  private void record(int kind, long hostMicros, byte[] b, int off, int len) throws IOException {
    head[0] = (byte) kind;
    for (int i = 0; i < 8; i++) {
      head[1 + i] = (byte) (hostMicros >>> (8 * i));
    }
    for (int i = 0; i < 4; i++) {
      head[9 + i] = (byte) (len >>> (8 * i));
    }
    out.write(head);
    out.write(b, off, len);
    bytes += Recording.RECORD_HEADER + len;
  }

  public void flush() throws IOException {
    out.flush();
  }

  public Path file() {
    return file;
  }

  /** Bytes of records written so far (the header excluded). */
  public long bytes() {
    return bytes;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
