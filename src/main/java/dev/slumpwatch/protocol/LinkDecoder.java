package dev.slumpwatch.protocol;

import java.util.function.Consumer;

/**
 * Decodes whatever a sensor sends: binary protocol frames (version 2 unless told 1) or the
 * text lines of a DIY
 * sketch, told apart on connect from the first bytes. A 0x00 byte means binary (text
 * never contains one, and a binary frame is at most 66 bytes long); two complete lines of
 * printable text without one mean text. Until then up to {@link #DETECT_BYTES} bytes are
 * held; if they decide nothing, the stream is taken as binary (whose decoder then counts
 * them as garbage). Detection starts over at every reconnection, as another board may
 * have been plugged in.
 */
public final class LinkDecoder {
  public static final int DETECT_BYTES = 512;

  public enum Format { UNDECIDED, BINARY, TEXT }

  private final FrameListener listener;
  private final FrameDecoder binary;
  private final TextLineDecoder text;
  private final TextFormat textFormat;
  private final Consumer<Format> onDetected;
  private final byte[] held = new byte[DETECT_BYTES];
  private int heldLen;
  private int printableLines;
  private boolean lineClean = true;
  private Format format = Format.UNDECIDED;

  /**
   * @param problems messages about bad text lines (line number and content)
   * @param onDetected called once per connection when the format is decided
   */
  public LinkDecoder(FrameListener listener, TextFormat textFormat, Consumer<String> problems,
      Consumer<Format> onDetected) {
    this(listener, textFormat, Protocol.VERSION, problems, onDetected);
  }

  /** @param protocolVersion the binary protocol's version, 1 or 2 */
  public LinkDecoder(FrameListener listener, TextFormat textFormat, int protocolVersion,
      Consumer<String> problems, Consumer<Format> onDetected) {
    this.listener = listener;
    this.textFormat = textFormat;
    this.binary = new FrameDecoder(listener, protocolVersion);
    this.text = new TextLineDecoder(textFormat, listener, problems);
    this.onDetected = onDetected;
  }

  public void feed(byte[] data, int off, int len) {
    if (format == Format.BINARY) {
      binary.feed(data, off, len);
      return;
    }
    if (format == Format.TEXT) {
      text.feed(data, off, len);
      return;
    }
    int i = off;
    int end = off + len;
    while (i < end && format == Format.UNDECIDED) {
      byte b = data[i++];
      held[heldLen++] = b;
      if (b == 0) {
        decide(Format.BINARY);
      } else if (b == '\n') {
        if (lineClean && heldLen > 1) {
          printableLines++;
        }
        lineClean = true;
        if (printableLines >= 2) {
          decide(Format.TEXT);
        }
      } else if (b != '\r' && b != '\t' && (b < 0x20 || b > 0x7E)) {
        lineClean = false;
      }
      if (format == Format.UNDECIDED && heldLen == held.length) {
        decide(Format.BINARY);
      }
    }
    if (i < end) {
      feed(data, i, end - i);
    }
  }

  private void decide(Format f) {
    format = f;
    if (f == Format.TEXT) {
      listener.deviceInfo(TextLineDecoder.info(textFormat.units(), textFormat.rawScale()));
      text.feed(held, 0, heldLen);
    } else {
      binary.feed(held, 0, heldLen);
    }
    heldLen = 0;
    onDetected.accept(f);
  }

  /** The link was down for {@code outageMicros}: start detection and framing afresh. */
  public void reconnected(long outageMicros) {
    binary.reconnected(outageMicros);
    text.reconnected(outageMicros);
    format = Format.UNDECIDED;
    heldLen = 0;
    printableLines = 0;
    lineClean = true;
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

  /** Counters of both decoders added up (only one is used per connection). */
  public DecoderStats stats() {
    DecoderStats a = binary.stats();
    DecoderStats b = text.stats();
    return new DecoderStats(a.bytes() + b.bytes(), a.frames() + b.frames(),
        a.samples() + b.samples(), a.crcErrors() + b.crcErrors(), a.malformed() + b.malformed(),
        a.unknownTypes() + b.unknownTypes(), a.resyncs() + b.resyncs(),
        a.discardedBytes() + b.discardedBytes(), a.sequenceGaps() + b.sequenceGaps(),
        a.duplicates() + b.duplicates(), a.outOfOrder() + b.outOfOrder(),
        a.restarts() + b.restarts(), a.otherVersion() + b.otherVersion());
  }
}
