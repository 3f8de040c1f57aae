package dev.slumpwatch.sensor.link;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.protocol.DecoderStats;
import dev.slumpwatch.protocol.DeviceInfoFrame;
import dev.slumpwatch.protocol.FrameListener;
import dev.slumpwatch.protocol.LinkDecoder;
import dev.slumpwatch.protocol.Protocol;
import dev.slumpwatch.protocol.StatusFrame;
import dev.slumpwatch.protocol.TextFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What the live serial source and the replay of a recording share: received byte chunks
 * and connection events (with the host's receive time) in, {@link SourceEvent}s out. Since
 * a replay feeds exactly what the live run was fed, it produces exactly the same events.
 *
 * <p>Host receive times go to the decoders with the bytes: they tell how long the link was
 * down and when a device's clock started over, and they time the lines of a sketch that
 * prints no time of its own. A recording keeps them, so a replay gives the same times.
 *
 * <p>Problems are said at most once per {@link #REPORT_EVERY_MICROS}: the first as soon as
 * it happens, with an example (a skipped text line, its number and why), later ones as a
 * count with the latest example; a stream of bad lines is never one message each.
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
  private DecoderStats reportedText = DecoderStats.ZERO;
  private long lastReportMicros = -REPORT_EVERY_MICROS;
  private boolean everReported;
  private long reportedRestarts;
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
        : "text lines detected (a DIY sketch); learning their shape from the first lines")));
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
    decoder.flush();
    flushBatch();
    messages.accept(where + ": disconnected (" + reason + "); data from now on is missing "
        + "until it comes back");
  }

  /** Bytes as received. */
  public void data(byte[] bytes, int off, int len, long hostMicros) {
    decoder.feed(bytes, off, len, hostMicros);
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

  /**
   * A read found nothing new until {@code hostMicros} (live only; a replay need not call
   * it): text records held to see whether more of a burst comes are handed on sooner. The
   * times they get do not depend on this call, so a replay gives the same.
   */
  public void idle(long hostMicros) {
    decoder.idle(hostMicros);
  }

  /**
   * The data ended (a replay's end, the source closing): what the decoder still holds is
   * delivered and the last problems are reported.
   */
  public void finish(long hostMicros) {
    decoder.flush();
    flushBatch();
    reportProblems(hostMicros);
  }

  /** Reports counters that grew since the last report, if any. */
  public void reportProblems(long hostMicros) {
    DecoderStats now = decoder.stats();
    DecoderStats textNow = decoder.text().stats();
    List<String> parts = new ArrayList<>();
    long skipped = textNow.malformed() - reportedText.malformed();
    long skippedBytes = textNow.discardedBytes() - reportedText.discardedBytes();
    DecoderStats before = reported;
    if (skipped > 0) {
      // text lines: a count and the latest example, instead of "malformed frames"
      parts.add((skipped == 1 ? "1 line skipped: " : String.format(Locale.ROOT,
          "%,d lines skipped, e.g. ", skipped)) + decoder.text().lastBad());
      before = new DecoderStats(reported.bytes(), reported.frames(), reported.samples(),
          reported.crcErrors(), reported.malformed() + skipped, reported.unknownTypes(),
          reported.resyncs() + skipped, reported.discardedBytes() + skippedBytes,
          reported.sequenceGaps(), reported.duplicates(), reported.outOfOrder(),
          reported.restarts(), reported.otherVersion());
    }
    reportedText = textNow;
    String p = now.problemsSince(before);
    if (!p.isEmpty()) {
      parts.add(p);
    }
    long unexpected = decoder.unannouncedRestarts();
    if (unexpected > reportedRestarts) {
      parts.add("the device's clock started over " + (unexpected - reportedRestarts == 1
          ? "once" : (unexpected - reportedRestarts) + " times") + " without a reconnection "
          + "(a reset or a brown-out?); the time without data is recorded as a gap");
      reportedRestarts = unexpected;
    }
    reported = now;
    if (parts.isEmpty()) {
      return;
    }
    lastReportMicros = hostMicros;
    String msg = String.join("; ", parts);
    if (!everReported && skipped > 0) {
      msg += "; skipped lines are counted and summarised at most every "
          + REPORT_EVERY_MICROS / 1_000_000 + " s";
    }
    everReported = true;
    messages.accept(where + ": " + msg);
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
