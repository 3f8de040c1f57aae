package dev.slumpwatch.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of a decoder's counters (binary frames or text lines). Immutable, so it can
 * be handed to the status line on another thread.
 *
 * @param bytes          bytes fed in
 * @param frames         valid frames (or parsed lines) of any type, duplicates included
 * @param samples        samples emitted (duplicates and out-of-order ones excluded)
 * @param crcErrors      frames of the right length whose CRC did not match; dropped
 * @param malformed      chunks between delimiters that are not a frame of a known type and
 *                       length (broken COBS, truncated, too long, invalid field); for text,
 *                       lines that do not parse; dropped
 * @param unknownTypes   frames with a valid CRC but a type this version does not know; skipped
 * @param resyncs        times the decoder dropped data and restarted at the next delimiter
 *                       (or line end): crcErrors + malformed + otherVersion
 * @param discardedBytes bytes in the dropped chunks, delimiters excluded
 * @param sequenceGaps   frames missing according to the sequence numbers
 * @param duplicates     frames repeated (same sequence and time); dropped
 * @param outOfOrder     frames older than one already delivered; dropped
 * @param restarts       times the device's clock started over (device reset, reconnection)
 * @param otherVersion   frames valid in the other protocol version than the one the link is
 *                       read as (a device of another firmware, or a wrong --protocol); dropped
 */
public record DecoderStats(long bytes, long frames, long samples, long crcErrors,
    long malformed, long unknownTypes, long resyncs, long discardedBytes, long sequenceGaps,
    long duplicates, long outOfOrder, long restarts, long otherVersion) {

  public static final DecoderStats ZERO =
      new DecoderStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** True when anything was dropped, missing or skipped. */
  public boolean hasProblems() {
    return crcErrors + malformed + unknownTypes + sequenceGaps + duplicates + outOfOrder
        + otherVersion > 0;
  }

  /** The counters that grew since {@code before}, as a phrase, or "" when none did. */
  public String problemsSince(DecoderStats before) {
    List<String> parts = new ArrayList<>();
    add(parts, crcErrors - before.crcErrors, "failed the CRC check");
    add(parts, malformed - before.malformed, "malformed");
    add(parts, otherVersion - before.otherVersion, "of the other protocol version");
    add(parts, unknownTypes - before.unknownTypes, "of an unknown type (skipped)");
    add(parts, duplicates - before.duplicates, "duplicated");
    add(parts, outOfOrder - before.outOfOrder, "out of order");
    long missing = sequenceGaps - before.sequenceGaps;
    String s = String.join(", ", parts);
    if (!parts.isEmpty()) {
      s = s + " (dropped, " + (discardedBytes - before.discardedBytes) + " bytes discarded)";
    }
    if (missing > 0) {
      s = (s.isEmpty() ? "" : s + "; ") + missing + " frames missing by sequence number";
    }
    return s;
  }

  private static void add(List<String> parts, long n, String what) {
    if (n > 0) {
      parts.add(n + " " + what);
    }
  }

  public String format() {
    return String.format(java.util.Locale.ROOT, "%,d bytes, %,d frames, %,d samples; "
        + "%d CRC errors, %d malformed, %d unknown type, %d resyncs (%,d bytes discarded), "
        + "%d missing by sequence, %d duplicates, %d out of order, %d clock restarts%s",
        bytes, frames, samples, crcErrors, malformed, unknownTypes, resyncs, discardedBytes,
        sequenceGaps, duplicates, outOfOrder, restarts, otherVersion == 0 ? ""
            : String.format(java.util.Locale.ROOT, ", %d of the other protocol version",
                otherVersion));
  }
}
