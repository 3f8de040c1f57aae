package dev.slumpwatch.sensor.replay;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a recording (format: {@link Recording}). A file that is not a recording is refused
 * at {@link #open} with a message naming it; a file cut short (the recorder was killed)
 * is read up to the last whole record, and {@link #problem()} says where it was cut.
 */
public final class RecordingReader implements AutoCloseable {
  /** One record. {@code data} is reused by the next call of {@link #next}. */
  public record Entry(int kind, long hostMicros, byte[] data, int length) {
    public String text() {
      return new String(data, 0, length, StandardCharsets.UTF_8);
    }
  }

  private final Path file;
  private final InputStream in;
  private final Map<String, String> header;
  private final byte[] head = new byte[Recording.RECORD_HEADER];
  private byte[] buf = new byte[1 << 16];
  private long offset;
  private String problem;

  private RecordingReader(Path file, InputStream in, Map<String, String> header, long offset) {
    this.file = file;
    this.in = in;
    this.header = header;
    this.offset = offset;
  }

  /** @throws IOException naming the file, when it cannot be read or is not a recording */
  public static RecordingReader open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      byte[] magic = in.readNBytes(Recording.MAGIC.length());
      if (!new String(magic, StandardCharsets.ISO_8859_1).equals(Recording.MAGIC)) {
        throw new IOException(file + " is not a slumpwatch recording (it does not start with '"
            + Recording.MAGIC.strip() + "')");
      }
      long offset = magic.length;
      Map<String, String> header = new LinkedHashMap<>();
      StringBuilder line = new StringBuilder();
      while (true) {
        int c = in.read();
        offset++;
        if (c < 0) {
          throw new IOException(file + ": the header is not terminated (file cut short?)");
        }
        if (c != '\n') {
          if (line.length() > 4096) {
            throw new IOException(file + ": header line longer than 4096 bytes");
          }
          line.append((char) c);
          continue;
        }
        if (line.length() == 0) {
          break;
        }
        int eq = line.indexOf("=");
        if (eq <= 0) {
          throw new IOException(file + ": header line '" + line + "' is not key=value");
        }
        header.put(line.substring(0, eq), new String(line.substring(eq + 1)
            .getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        line.setLength(0);
      }
      return new RecordingReader(file, in, header, offset);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  public Map<String, String> header() {
    return header;
  }

  /** The next record, or null at the end of the file (or where a damaged file stops). */
  public Entry next() throws IOException {
    if (problem != null) {
      return null;
    }
    int n = in.readNBytes(head, 0, head.length);
    if (n == 0) {
      return null;
    }
    if (n < head.length) {
      return stop("the last record is cut short at byte " + offset + " (" + n
          + " header bytes); everything before it was replayed");
    }
    int kind = head[0] & 0xFF;
    long t = 0;
    for (int i = 7; i >= 0; i--) {
      t = (t << 8) | (head[1 + i] & 0xFF);
    }
    long len = 0;
    for (int i = 3; i >= 0; i--) {
      len = (len << 8) | (head[9 + i] & 0xFF);
    }
    if (kind < Recording.KIND_DATA || kind > Recording.KIND_DISCONNECTED
        || len > Recording.MAX_RECORD || t < 0) {
      return stop("damaged record at byte " + offset + " (kind " + kind + ", length " + len
          + "); the rest of the file is skipped");
    }
    if (buf.length < len) {
      buf = new byte[(int) len];
    }
    int got = in.readNBytes(buf, 0, (int) len);
    if (got < len) {
      return stop("the last record is cut short at byte " + offset + " (" + got + " of " + len
          + " bytes); everything before it was replayed");
    }
    offset += Recording.RECORD_HEADER + len;
    return new Entry(kind, t, buf, (int) len);
  }

  private Entry stop(String why) {
    problem = file + ": " + why;
    return null;
  }

  /** Why reading stopped before the end of the file, or null. */
  public String problem() {
    return problem;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
