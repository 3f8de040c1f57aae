package dev.slumpwatch.sensor.replay;

import dev.slumpwatch.protocol.TextFormat;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sensor.SampleSink;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.sensor.link.LinkReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Plays a recording back through the same {@link LinkReader} the live serial source uses,
 * so the pipeline sees exactly the events of the live run: replay is deterministic, and
 * its speed (pacing on the recorded receive times, or none) changes nothing but how long
 * it takes. Binary data is decoded as the protocol version the recording's header names
 * ({@link Recording#protocolVersion}).
 */
public final class ReplaySampleSource implements SampleSource {
  private final Path file;
  private final Pacer pacer;
  private final TextFormat textFormat;
  private final Consumer<String> messages;
  private volatile boolean closed;
  private volatile long payloadBytes;
  private LinkReader link;

  public ReplaySampleSource(Path file, Pacer pacer, TextFormat textFormat,
      Consumer<String> messages) {
    this.file = file;
    this.pacer = pacer;
    this.textFormat = textFormat;
    this.messages = messages;
  }

  @Override
  public String describe() {
    return "recording " + file;
  }

  @Override
  public SensorScale scale() {
    return textFormat.scale(); // a binary recording's device-info frame says otherwise
  }

  @Override
  public void run(SampleSink sink) throws InterruptedException {
    String end = "end of recording " + file;
    try (RecordingReader in = RecordingReader.open(file)) {
      link = new LinkReader("recording " + file, textFormat,
          Recording.protocolVersion(file, in.header()), messages);
      pacer.start();
      RecordingReader.Entry e;
      long lastHost = 0;
      while (!closed && (e = in.next()) != null) {
        lastHost = e.hostMicros();
        payloadBytes += e.length();
        switch (e.kind()) {
          case Recording.KIND_DATA -> link.data(e.data(), 0, e.length(), e.hostMicros());
          case Recording.KIND_CONNECTED -> link.connected(e.hostMicros());
          default -> link.disconnected(e.hostMicros(), e.text());
        }
        for (SourceEvent ev : link.drain()) {
          sink.accept(ev);
        }
        pacer.awaitSensorTime(e.hostMicros() / 1e6);
      }
      link.finish(lastHost);
      for (SourceEvent ev : link.drain()) {
        sink.accept(ev);
      }
      if (in.problem() != null) {
        messages.accept(in.problem());
        end = "recording damaged: " + in.problem();
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex.getMessage(), ex);
    }
    sink.accept(new SourceEvent.End(closed ? "stopped" : end));
  }

  /**
   * Bytes of recorded link data handed on so far: with the file's size, how far the
   * replay has got (the file also holds a header and per-chunk framing, so this stays a
   * little below the size). Any thread.
   */
  public long payloadBytes() {
    return payloadBytes;
  }

  /** The link's counters (after {@link #run}, or while it runs, from the reader thread). */
  public LinkReader link() {
    return link;
  }

  @Override
  public void close() {
    closed = true;
  }
}
