package dev.slumpwatch.sensor.serial;

import com.fazecast.jSerialComm.SerialPort;
import dev.slumpwatch.protocol.Command;
import dev.slumpwatch.protocol.FrameEncoder;
import dev.slumpwatch.protocol.Protocol;
import dev.slumpwatch.protocol.TextFormat;
import dev.slumpwatch.sensor.SampleSink;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.sensor.link.LinkReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A sensor on a serial port (USB cable, or a Bluetooth SPP module), through jSerialComm.
 *
 * <p>{@link #run} is the reader loop and the only code that touches the port. Reads are
 * semi-blocking (return as soon as any byte is there, or after {@link Settings#readTimeoutMs}),
 * so a sample reaches the pipeline within a read's latency. Decoded events are
 * <em>offered</em> to the sink: when the pipeline falls behind, samples are dropped here
 * rather than letting the driver's buffer overflow unseen, and every drop is counted,
 * reported, and shows as a gap.
 *
 * <p>Disconnects (a read error, the device path gone) close the port and start reopening
 * it with {@link Backoff}; when it is back, reading resumes by itself and a
 * {@link SourceEvent.Gap} tells the pipeline why the data stopped. The whole session
 * survives any number of these.
 */
public final class SerialSampleSource implements SampleSource {

  /**
   * @param readTimeoutMs how long a read waits for the first byte; also how often the
   *     loop notices a vanished port or {@link #close}
   */
  public record Settings(String port, int baud, TextFormat textFormat, Backoff backoff,
      int readTimeoutMs, int protocolVersion) {
    public Settings {
      Protocol.checkVersion(protocolVersion);
      if (baud < 300 || baud > 4_000_000) {
        throw new IllegalArgumentException("baud must be 300..4000000, not " + baud);
      }
      if (readTimeoutMs < 1 || readTimeoutMs > 10_000) {
        throw new IllegalArgumentException("readTimeoutMs must be 1..10000, not "
            + readTimeoutMs);
      }
    }

    public static Settings of(String port, int baud, TextFormat textFormat) {
      return of(port, baud, textFormat, Protocol.VERSION);
    }

    /** @param protocolVersion the binary protocol the device speaks, 1 or 2 */
    public static Settings of(String port, int baud, TextFormat textFormat,
        int protocolVersion) {
      return new Settings(port, baud, textFormat, Backoff.DEFAULT, 100, protocolVersion);
    }
  }

  /** Sees every byte and connection event as read (the recorder). Reader thread only. */
  public interface Tap {
    void connected(long hostMicros, String description);

    void data(long hostMicros, byte[] b, int off, int len);

    void disconnected(long hostMicros, String reason);
  }

  private final Settings settings;
  private final LongSupplier nanoClock;
  private final Consumer<String> messages;
  private final Tap tap;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicLong droppedSamples = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile boolean isConnected;
  private volatile LinkReader link;
  private long startNanos;
  private long pendingDrops;
  private long droppedFromMicros = -1;
  /** The rate that read last (the one asked for until a search found another). */
  private int workingBaud;
  /** Nothing at all for this long after opening is said once. */
  static final long SILENCE_MICROS = 10_000_000;

  /**
   * @param nanoClock the host's monotonic clock (receive times, outage lengths)
   * @param messages state changes and problems, one line each, naming the port
   * @param tap sees the raw bytes, or null
   */
  public SerialSampleSource(Settings settings, LongSupplier nanoClock, Consumer<String> messages,
      Tap tap) {
    this.settings = settings;
    this.nanoClock = nanoClock;
    this.messages = messages;
    this.tap = tap;
  }

  @Override
  public String describe() {
    return "serial port " + settings.port();
  }

  @Override
  public SensorScale scale() {
    return SensorScale.DEFAULT;
  }

  private long hostMicros() {
    return (nanoClock.getAsLong() - startNanos) / 1000;
  }

  @Override
  public void run(SampleSink sink) throws InterruptedException {
    startNanos = nanoClock.getAsLong();
    workingBaud = settings.baud();
    String where = "serial port " + settings.port();
    link = new LinkReader(where, settings.textFormat(), settings.protocolVersion(), messages);
    byte[] buf = new byte[1 << 16];
    int attempt = 0;
    String lastFailure = null;
    while (!isClosed()) {
      SerialPort port = open();
      if (port == null) {
        String why = lastOpenError;
        if (!why.equals(lastFailure)) {
          messages.accept(where + ": cannot open (" + why + "); retrying until it appears");
          lastFailure = why;
        }
        closed.await(settings.backoff().delay(attempt++).toMillis(), TimeUnit.MILLISECONDS);
        continue;
      }
      attempt = 0;
      lastFailure = null;
      long now = hostMicros();
      if (tap != null) {
        tap.connected(now, settings.port());
      }
      link.connected(now);
      isConnected = true;
      messages.accept(where + ": open at " + workingBaud + " baud");
      hello(port);
      String reason = readUntilDisconnected(port, buf, sink);
      isConnected = false;
      port.closePort();
      if (reason != null) {
        now = hostMicros();
        if (tap != null) {
          tap.disconnected(now, reason);
        }
        link.disconnected(now, reason);
        reconnects.incrementAndGet();
        handOff(sink);
      }
    }
    link.finish(hostMicros());
    handOff(sink); // samples a sketch's text reader still held, offered without waiting
    sink.accept(new SourceEvent.End("stopped"));
  }

  private String lastOpenError = "";

  private SerialPort open() {
    if (!Files.exists(Path.of(settings.port()))) {
      lastOpenError = "no such device";
      return null;
    }
    try {
      SerialPort port = SerialPort.getCommPort(settings.port());
      port.setComPortParameters(workingBaud, 8, SerialPort.ONE_STOP_BIT,
          SerialPort.NO_PARITY);
      port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
      port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, settings.readTimeoutMs(),
          0);
      if (!port.openPort()) {
        lastOpenError = "open failed, error " + port.getLastErrorCode()
            + " (permissions? the user may need to be in the 'dialout' group)";
        return null;
      }
      return port;
    } catch (RuntimeException e) {
      lastOpenError = e.getMessage() == null ? e.toString() : e.getMessage();
      return null;
    }
  }

  /** Asks a slumpwatch device for its info and to start; a text sketch ignores this. */
  private void hello(SerialPort port) {
    byte[] info = FrameEncoder.command(settings.protocolVersion(), Command.INFO);
    byte[] start = FrameEncoder.command(settings.protocolVersion(), Command.START);
    port.writeBytes(info, info.length);
    port.writeBytes(start, start.length);
  }

  /**
   * Reads until the port goes away. The first bytes are judged at each rate until one reads
   * ({@link BaudSearch}); only bytes read at that rate reach the link and the recording.
   *
   * @return why the port went away, or null when closed
   */
  private String readUntilDisconnected(SerialPort port, byte[] buf, SampleSink sink)
      throws InterruptedException {
    Path path = Path.of(settings.port());
    String where = describe();
    BaudSearch search = new BaudSearch(workingBaud, settings.protocolVersion());
    long openedAt = hostMicros();
    boolean anyByte = false;
    boolean silenceSaid = false;
    while (!isClosed()) {
      int n = port.readBytes(buf, buf.length);
      if (n < 0) {
        return Files.exists(path) ? "read error " + port.getLastErrorCode() : "device removed";
      }
      if (n == 0) {
        // a timeout: is the device still there? (a vanished pty or USB device may
        // just stop delivering rather than fail the read)
        if (!Files.exists(path)) {
          return "device removed";
        }
        long now = hostMicros();
        if (!anyByte && !silenceSaid && now - openedAt >= SILENCE_MICROS) {
          silenceSaid = true;
          messages.accept(where + ": open at " + search.baud() + " baud, but nothing has "
              + "arrived for " + SILENCE_MICROS / 1_000_000 + " s (is a sketch running and "
              + "printing at " + search.baud() + " baud? some boards need their reset button "
              + "pressed; an adapter may drop everything sent at another rate: try --baud "
              + "9600)");
        }
        link.idle(now);
        handOff(sink);
        continue;
      }
      anyByte = true;
      long now = hostMicros();
      if (!search.done()) {
        BaudSearch.Step step = search.data(buf, 0, n, now);
        if (step == BaudSearch.Step.HOLD) {
          continue;
        }
        if (step == BaudSearch.Step.SWITCH) {
          port.setBaudRate(search.baud());
          port.flushIOBuffers();
          continue;
        }
        if (step == BaudSearch.Step.NONE_READABLE) {
          port.setBaudRate(search.baud());
        }
        workingBaud = search.baud();
        String m = search.message();
        if (m != null) {
          messages.accept(where + ": " + m);
        }
        for (BaudSearch.Chunk c : search.held()) {
          if (tap != null) {
            tap.data(c.hostMicros(), c.bytes(), 0, c.bytes().length);
          }
          link.data(c.bytes(), 0, c.bytes().length, c.hostMicros());
        }
        handOff(sink);
        continue;
      }
      if (tap != null) {
        tap.data(now, buf, 0, n);
      }
      link.data(buf, 0, n, now);
      handOff(sink);
    }
    return null;
  }

  private void handOff(SampleSink sink) throws InterruptedException {
    List<SourceEvent> events = link.drain();
    for (SourceEvent e : events) {
      if (e instanceof SourceEvent.Samples s) {
        if (pendingDrops > 0) {
          // say why the samples are missing before the next ones arrive
          if (!sink.offer(new SourceEvent.Gap(droppedFromMicros, -1, pendingDrops
              + " samples dropped: the processing fell behind the serial port"))) {
            drop(s);
            continue;
          }
          messages.accept(describe() + ": " + pendingDrops + " samples dropped because the "
              + "processing fell behind; that time is recorded as unknown");
          pendingDrops = 0;
        }
        if (!sink.offer(s)) {
          drop(s);
        }
      } else {
        sink.accept(e); // rare (device info, gaps): worth waiting for
      }
    }
  }

  private void drop(SourceEvent.Samples s) {
    if (pendingDrops == 0) {
      droppedFromMicros = s.samples().get(0).deviceTimeMicros();
    }
    pendingDrops += s.samples().size();
    droppedSamples.addAndGet(s.samples().size());
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }

  /** Samples dropped at the hand-off because the pipeline fell behind. */
  public long droppedSamples() {
    return droppedSamples.get();
  }

  public long reconnects() {
    return reconnects.get();
  }

  public boolean connected() {
    return isConnected;
  }

  /** The link's counters; null before {@link #run} started. */
  public LinkReader link() {
    return link;
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
