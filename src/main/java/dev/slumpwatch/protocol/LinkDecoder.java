package dev.slumpwatch.protocol;

import java.util.function.Consumer;

/**
 * Decodes whatever a sensor sends: binary protocol frames (version 2 unless told 1) or the
 * text lines of a DIY sketch, told apart on connect from the first bytes. A frame that
 * passes its checks (of either protocol version) means binary; two complete lines of
 * printable text mean text. A 0x00 alone decides nothing: it ends every frame, but a serial
 * driver also hands on a framing error (noise when a cable is plugged in, bytes read at
 * the wrong baud rate) as 0x00. Until then up to {@link #DETECT_BYTES} bytes are held; if
 * they decide nothing, the stream is taken as binary (whose decoder then counts them as
 * garbage). Detection starts over at every reconnection, as another board may have been
 * plugged in.
 *
 * <p>Both decoders place their samples on one {@link SampleTimeline}, so a board that
 * speaks text after one that spoke binary (or the other way round) continues the same
 * history after the outage, and the host's receive times, given with the bytes, let the
 * timeline tell an outage's true length and a device clock that started over.
 */
public final class LinkDecoder {
  public static final int DETECT_BYTES = 512;

  public enum Format { UNDECIDED, BINARY, TEXT }

  private final FrameListener listener;
  private final SampleTimeline timeline = new SampleTimeline();
  private final FrameDecoder binary;
  private final TextLineDecoder text;
  private final Consumer<Format> onDetected;
  private final byte[] held = new byte[DETECT_BYTES];
  private int heldLen;
  private int printableLines;
  private boolean lineClean = true;
  /** Decodes the held bytes on the side, to see whether they hold a valid frame. */
  private FrameDecoder probe;
  private int probed;
  private Format format = Format.UNDECIDED;

  /**
   * @param notes what the text reader concluded about a sketch's lines, and its warnings
   * @param onDetected called once per connection when the format is decided
   */
  public LinkDecoder(FrameListener listener, TextFormat textFormat, Consumer<String> notes,
      Consumer<Format> onDetected) {
    this(listener, textFormat, Protocol.VERSION, notes, onDetected);
  }

  /** @param protocolVersion the binary protocol's version, 1 or 2 */
  public LinkDecoder(FrameListener listener, TextFormat textFormat, int protocolVersion,
      Consumer<String> notes, Consumer<Format> onDetected) {
    this.listener = listener;
    this.binary = new FrameDecoder(listener, protocolVersion, timeline);
    this.probe = new FrameDecoder(s -> { }, protocolVersion);
    this.text = new TextLineDecoder(textFormat, listener, notes, timeline);
    this.onDetected = onDetected;
  }

  /** Bytes whose receive time is not known. */
  public void feed(byte[] data, int off, int len) {
    feed(data, off, len, -1);
  }

  /** Bytes the host received at {@code hostMicros} (its monotonic clock), or -1. */
  public void feed(byte[] data, int off, int len, long hostMicros) {
    this.hostMicros = hostMicros;
    if (format == Format.BINARY) {
      binary.feed(data, off, len, hostMicros);
      return;
    }
    if (format == Format.TEXT) {
      text.feed(data, off, len, hostMicros);
      return;
    }
    int i = off;
    int end = off + len;
    while (i < end && format == Format.UNDECIDED) {
      byte b = data[i++];
      held[heldLen++] = b;
      if (b == 0) {
        // a frame ends here: binary once one passes its checks (a lone 0x00 is also what a
        // serial driver makes of a framing error, say while the baud rate is being found)
        probe.feed(held, probed, heldLen - probed);
        probed = heldLen;
        if (probe.stats().frames() > 0 || probe.otherVersionFrames() > 0) {
          decide(Format.BINARY);
        }
        lineClean = false;
      } else if (b == '\n') {
        if (lineClean && heldLen > 1) {
          printableLines++;
        }
        lineClean = true;
        if (printableLines >= 2) {
          decide(Format.TEXT);
        }
      } else if (b != '\r' && b != '\t' && (b < 0x20 || b > 0x7E) && !symbol(b)) {
        lineClean = false;
      }
      if (format == Format.UNDECIDED && heldLen == held.length) {
        decide(Format.BINARY);
      }
    }
    if (i < end) {
      feed(data, i, end - i, hostMicros);
    }
  }

  /** ° ² µ, in Latin-1 or as UTF-8 (lead byte 0xC2): sketches print them in units. */
  private static boolean symbol(byte b) {
    int c = b & 0xFF;
    return c == 0xC2 || c == 0xB0 || c == 0xB2 || c == 0xB5;
  }

  private long hostMicros = -1;

  private void decide(Format f) {
    format = f;
    if (f == Format.TEXT) {
      text.feed(held, 0, heldLen, hostMicros);
    } else {
      binary.feed(held, 0, heldLen, hostMicros);
    }
    heldLen = 0;
    probed = 0;
    onDetected.accept(f);
  }

  /**
   * The data stopped (a disconnection, the end of a recording): what the text reader still
   * holds while learning a sketch's lines is delivered.
   */
  public void flush() {
    if (format == Format.TEXT) {
      text.flush();
    }
  }

  /** Nothing arrived until {@code hostMicros}: text records of a burst that ended go out. */
  public void idle(long hostMicros) {
    if (format == Format.TEXT) {
      text.idle(hostMicros);
    }
  }

  /** The link was down for {@code outageMicros}: start detection and framing afresh. */
  public void reconnected(long outageMicros) {
    binary.reconnected(outageMicros);
    text.reconnected(outageMicros);
    format = Format.UNDECIDED;
    heldLen = 0;
    printableLines = 0;
    lineClean = true;
    probe = new FrameDecoder(s -> { }, binary.version());
    probed = 0;
  }

  public Format format() {
    return format;
  }

  /** The binary protocol version this link is read as. */
  public int protocolVersion() {
    return binary.version();
  }

  /** Frames valid only in the other protocol version, dropped so far. */
  public long otherVersionFrames() {
    return binary.otherVersionFrames();
  }

  /**
   * Times the device's clock started over or jumped with nothing to explain it (no
   * reconnection, no device-info frame): a reset, a brown-out, a corrupted time.
   */
  public long unannouncedRestarts() {
    return timeline.unannounced;
  }

  /** The text reader (its conclusion, its latest rejected line). */
  public TextLineDecoder text() {
    return text;
  }

  /**
   * Counters of both decoders added up (either may have been used on some connection); the
   * timeline's counters (duplicates, out of order, restarts, missing) once, as it is shared.
   */
  public DecoderStats stats() {
    DecoderStats a = binary.stats();
    DecoderStats b = text.stats();
    return new DecoderStats(a.bytes() + b.bytes(), a.frames() + b.frames(),
        a.samples() + b.samples(), a.crcErrors() + b.crcErrors(), a.malformed() + b.malformed(),
        a.unknownTypes() + b.unknownTypes(), a.resyncs() + b.resyncs(),
        a.discardedBytes() + b.discardedBytes(), timeline.sequenceGaps, timeline.duplicates,
        timeline.outOfOrder, timeline.restarts, a.otherVersion() + b.otherVersion());
  }
}
