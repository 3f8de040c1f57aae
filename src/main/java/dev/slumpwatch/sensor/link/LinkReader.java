package dev.slumpwatch.sensor.link;

import dev.slumpwatch.protocol.DecoderStats;
import dev.slumpwatch.protocol.DeviceInfoFrame;
import dev.slumpwatch.protocol.FrameListener;
import dev.slumpwatch.protocol.LinkDecoder;
import dev.slumpwatch.protocol.Protocol;
import dev.slumpwatch.protocol.StatusFrame;
import dev.slumpwatch.protocol.TextFormat;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What the live serial source and the replay of a recording share: received byte chunks
 * and connection events (with the host's receive time) in, {@link SourceEvent}s out. Since
 * a replay feeds exactly what the live run was fed, it produces exactly the same events.
 *
 * <p>Host time is used for one thing only: how long the link was down, so that samples
 * from a device whose clock started over during the outage continue the timeline after a
 * gap of that length. Everything else is timed by the device.
 *
 * <p>Not thread-safe: one reader thread (or the replay loop) owns it.
 */
public final class LinkReader {
  /** Problems (CRC errors, malformed frames...) are summarised at most this often. */
  static final long REPORT_EVERY_MICROS = 10_000_000;

  private final String where;
  private final Consumer<String> messages;
  private final LinkDecoder decoder;
  private final List<SourceEvent> out = new ArrayList<>();
  private List<ImuSample> batch = new ArrayList<>();
  private boolean everConnected;
  private boolean connected;
  private long disconnectedAtMicros;
  private String disconnectReason;
  private DecoderStats reported = DecoderStats.ZERO;
  private long lastReportMicros;
  private StatusFrame lastStatus;
  private long deviceDropped;
  private long otherVersionWarned;

  /**
   * @param where names the port or file in every message
   * @param messages state changes and problems, one line each, already naming {@code where}
   */
  public LinkReader(String where, TextFormat textFormat, Consumer<String> messages) {
    this(where, textFormat, Protocol.VERSION, messages);
  }

  /** @param protocolVersion the binary protocol's version, 1 or 2 (text is detected) */
  public LinkReader(String where, TextFormat textFormat, int protocolVersion,
      Consumer<String> messages) {
    this.where = where;
    this.messages = messages;
    this.decoder = new LinkDecoder(new FrameListener() {
      @Override
      public void sample(ImuSample s) {
        batch.add(s);
      }

      @Override
      public void deviceInfo(DeviceInfoFrame info) {
        flushBatch();
        out.add(info.toEvent());
        if (info.protocolVersion() > 0) {
          messages.accept(where + ": device " + info.deviceIdHex() + ", firmware "
              + info.firmwareVersion() + ", " + info.sensorModel() + ", ±" + info.accelRangeG()
              + " g, ±" + info.gyroRangeDegPerSec() + " °/s, " + info.rateHz() + " Hz");
        }
      }

      @Override
      public void status(StatusFrame status) {
        if (status.droppedSamples() > deviceDropped) {
          messages.accept(where + ": the device reports " + status.droppedSamples()
              + " samples it could not send (" + (status.droppedSamples() - deviceDropped)
              + " new); that time is recorded as a gap");
          deviceDropped = status.droppedSamples();
        }
        lastStatus = status;
      }
    }, textFormat, protocolVersion, m -> messages.accept(where + ": " + m),
        f -> messages.accept(where + ": " + (f == LinkDecoder.Format.BINARY
        ? "binary slumpwatch protocol detected, read as version " + protocolVersion
        : "text lines detected (CSV or i2cdevlib MPU6050_raw)")));
  }

  /** The port was opened (for the first time, or again after a disconnection). */
  public void connected(long hostMicros) {
    if (everConnected && !connected) {
      long outage = Math.max(0, hostMicros - disconnectedAtMicros);
      decoder.reconnected(outage);
      flushBatch();
      long last = decoder.stats().samples() > 0 ? lastSampleMicros() : -1;
      out.add(new SourceEvent.Gap(last, -1, String.format(Locale.ROOT,
          "%s disconnected (%s), back after %.1f s", where, disconnectReason, outage / 1e6)));
      // the session says what it records of the gap when its next sample arrives
      messages.accept(String.format(Locale.ROOT, "%s: reconnected after %.1f s", where,
          outage / 1e6));
    }
    everConnected = true;
    connected = true;
  }

  public void disconnected(long hostMicros, String reason) {
    if (!connected) {
      return;
    }
    connected = false;
    disconnectedAtMicros = hostMicros;
    disconnectReason = reason;
    flushBatch();
    messages.accept(where + ": disconnected (" + reason + "); data from now on is missing "
        + "until it comes back");
  }

  /** Bytes as received. */
  public void data(byte[] bytes, int off, int len, long hostMicros) {
    decoder.feed(bytes, off, len);
    if (decoder.otherVersionFrames() > otherVersionWarned && otherVersionWarned == 0) {
      int v = decoder.protocolVersion();
      int other = v == 1 ? 2 : 1;
      messages.accept(where + ": frames of protocol version " + other + " arrive, but this "
          + "link is read as version " + v + "; they are dropped (use --protocol " + other
          + " if the device's firmware speaks version " + other + ")");
      otherVersionWarned = decoder.otherVersionFrames();
    }
    if (hostMicros - lastReportMicros >= REPORT_EVERY_MICROS) {
      reportProblems(hostMicros);
    }
  }

  /** Reports counters that grew since the last report, if any. */
  public void reportProblems(long hostMicros) {
    lastReportMicros = hostMicros;
    DecoderStats now = decoder.stats();
    String p = now.problemsSince(reported);
    if (!p.isEmpty()) {
      messages.accept(where + ": " + p);
    }
    reported = now;
  }

  private long lastSampleMicros() {
    return lastDelivered;
  }

  private long lastDelivered;

  private void flushBatch() {
    if (!batch.isEmpty()) {
      lastDelivered = batch.get(batch.size() - 1).deviceTimeMicros();
      out.add(new SourceEvent.Samples(batch));
      batch = new ArrayList<>();
    }
  }

  /** The events decoded since the last call, in order. The caller hands them on. */
  public List<SourceEvent> drain() {
    flushBatch();
    if (out.isEmpty()) {
      return List.of();
    }
    List<SourceEvent> e = List.copyOf(out);
    out.clear();
    return e;
  }

  public DecoderStats stats() {
    return decoder.stats();
  }

  public LinkDecoder.Format format() {
    return decoder.format();
  }

  /** The device's last status frame, or null. */
  public StatusFrame lastStatus() {
    return lastStatus;
  }
}
