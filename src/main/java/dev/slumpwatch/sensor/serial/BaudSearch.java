package dev.slumpwatch.sensor.serial;

import dev.slumpwatch.protocol.BaudProbe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the baud rate a board sends at, when it is not the one asked for: a sketch's
 * {@code Serial.begin(9600)} read at 115200 gives bytes that decode to nothing. The first
 * bytes at each rate are held and judged ({@link BaudProbe}); when they are garbled, the
 * next common rate is tried, the port staying open (reopening would reset an Arduino).
 * The rate that reads is said once, and the bytes read at it are handed on with their
 * receive times, so nothing read at the right rate is lost. When no rate reads, the one
 * asked for is kept and that is said too.
 *
 * <p>Only the port's reader thread uses it; {@link SerialSampleSource} changes the port's
 * rate when told to. A pseudo-terminal (tests, socat) ignores the rate and always reads.
 */
public final class BaudSearch {
  /** What boards and sketches use, tried in this order after the one asked for. */
  public static final List<Integer> COMMON = List.of(9600, 19200, 38400, 57600, 115200);

  public enum Step { HOLD, SWITCH, READABLE, NONE_READABLE }

  /** Bytes as they were read, with their receive time. */
  public record Chunk(long hostMicros, byte[] bytes) {}

  private final int asked;
  private final int protocolVersion;
  private final List<Integer> order;
  private int index;
  private BaudProbe probe;
  private final List<Chunk> held = new ArrayList<>();
  private final List<Integer> garbled = new ArrayList<>();
  private boolean done;
  private String message;

  /**
   * @param asked the rate to try first (the user's, or the one that read last time)
   * @param protocolVersion the binary protocol the link is read as
   */
  public BaudSearch(int asked, int protocolVersion) {
    this.asked = asked;
    this.protocolVersion = protocolVersion;
    Set<Integer> o = new LinkedHashSet<>();
    o.add(asked);
    o.addAll(COMMON);
    this.order = List.copyOf(o);
    this.probe = new BaudProbe(protocolVersion);
  }

  /** The rate the port should be at now. */
  public int baud() {
    return order.get(index);
  }

  /** True once a rate read (or none did): bytes go straight on from now. */
  public boolean done() {
    return done;
  }

  /**
   * Bytes read at {@link #baud()}.
   *
   * @return HOLD (keep reading), SWITCH (set the port to {@link #baud()}; the bytes held
   *     are dropped, they were garbled), READABLE or NONE_READABLE (hand {@link #held}
   *     on and read on at {@link #baud()}; {@link #message} says what happened, if worth it)
   */
  public Step data(byte[] b, int off, int len, long hostMicros) {
    if (done) {
      return Step.READABLE;
    }
    held.add(new Chunk(hostMicros, Arrays.copyOfRange(b, off, off + len)));
    BaudProbe.Verdict v = probe.feed(b, off, len, hostMicros);
    if (v == BaudProbe.Verdict.READABLE) {
      done = true;
      if (!garbled.isEmpty()) {
        message = "no readable data at " + rates(garbled) + " baud; it reads at " + baud()
            + " baud, which is used from now on (start with --baud " + baud()
            + " to skip this search)";
      }
      return Step.READABLE;
    }
    if (v == BaudProbe.Verdict.GARBLED) {
      garbled.add(baud());
      held.clear();
      if (index + 1 < order.size()) {
        index++;
        probe = new BaudProbe(protocolVersion);
        return Step.SWITCH;
      }
      done = true;
      index = 0;
      message = "the bytes are readable at none of " + rates(garbled) + " baud; reading at "
          + asked + " baud anyway (is it a sensor? check the sketch's Serial.begin(...) and "
          + "the wiring)";
      return Step.NONE_READABLE;
    }
    return Step.HOLD;
  }

  /** The bytes held at the rate that read, to hand on in order; cleared by the call. */
  public List<Chunk> held() {
    List<Chunk> out = List.copyOf(held);
    held.clear();
    return out;
  }

  /** What the search found, once, or null. */
  public String message() {
    String m = message;
    message = null;
    return m;
  }

  private static String rates(List<Integer> r) {
    return r.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
