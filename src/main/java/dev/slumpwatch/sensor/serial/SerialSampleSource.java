package dev.slumpwatch.sensor.serial;

import com.fazecast.jSerialComm.SerialPort;
import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.protocol.Command;
import dev.slumpwatch.protocol.FrameEncoder;
import dev.slumpwatch.protocol.Protocol;
import dev.slumpwatch.protocol.TextFormat;
import dev.slumpwatch.sensor.SampleSink;
import dev.slumpwatch.sensor.SampleSource;
import dev.slumpwatch.sensor.link.LinkReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 *
 * <p>It never waits silently: a port that cannot be opened for
 * {@link Settings#noPortHintAfter} is reported with the ports this machine has; an open port
 * that delivers no samples for {@link Settings#silenceHintAfter} is reported ("is the sensor
 * on, is the baud rate right?"), again after twice as long each time. A read that fails
 * because the program is being stopped (Ctrl-C closes the port under the reader) is not a
 * disconnection.
 */
public final class SerialSampleSource implements SampleSource {

  /**
   * @param readTimeoutMs how long a read waits for the first byte; also how often the
   *     loop notices a vanished port or {@link #close}
   * @param noPortHintAfter a port that cannot be opened this long is reported with the
   *     ports there are
   * @param silenceHintAfter an open port that delivers no samples this long is reported,
   *     and again after twice as long each time
   */
  public record Settings(String port, int baud, TextFormat textFormat, Backoff backoff,
      int readTimeoutMs, int protocolVersion, Duration noPortHintAfter,
      Duration silenceHintAfter) {
    public static final Duration NO_PORT_HINT_AFTER = Duration.ofSeconds(10);
    public static final Duration SILENCE_HINT_AFTER = Duration.ofSeconds(5);

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
      return new Settings(port, baud, textFormat, Backoff.DEFAULT, 100, protocolVersion,
          NO_PORT_HINT_AFTER, SILENCE_HINT_AFTER);
    }

    /** The same with other times for the hints. */
    public Settings withHints(Duration noPort, Duration silence) {
      return new Settings(port, baud, textFormat, backoff, readTimeoutMs, protocolVersion,
          noPort, silence);
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
    long failingSinceNanos = 0;
    boolean portsListed = false;
    while (!isClosed()) {
      SerialPort port = open();
      if (port == null) {
        String why = lastOpenError;
        if (attempt == 0) {
          failingSinceNanos = nanoClock.getAsLong();
        }
        if (!why.equals(lastFailure)) {
          messages.accept(where + ": cannot open (" + why + "); retrying until it appears");
          lastFailure = why;
        }
        if (!portsListed && nanoClock.getAsLong() - failingSinceNanos
            >= settings.noPortHintAfter().toNanos()) {
          portsListed = true;
          messages.accept(where + ": still cannot open after "
              + settings.noPortHintAfter().toSeconds() + " s (" + why + "); " + portsHere());
        }
        closed.await(settings.backoff().delay(attempt++).toMillis(), TimeUnit.MILLISECONDS);
        continue;
      }
      attempt = 0;
      lastFailure = null;
      portsListed = false;
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
      if (reason == null && shuttingDown()) {
        break; // the program is being stopped: do not open the port again
      }
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

  /** The serial ports this machine has, for a message. */
  static String portsHere() {
    StringBuilder b = new StringBuilder();
    try {
      for (SerialPort p : SerialPort.getCommPorts()) {
        b.append(b.length() == 0 ? "" : ", ").append(p.getSystemPortPath());
        String d = p.getPortDescription();
        if (d != null && !d.isBlank() && !d.equals(p.getSystemPortName())
            && !p.getSystemPortPath().endsWith(d)) {
          b.append(" (").append(d.strip()).append(')');
        }
      }
    } catch (RuntimeException | LinkageError e) {
      return "the ports could not be listed (" + e + ")";
    }
    return b.length() == 0 ? "this machine has no serial ports: is the sensor plugged in "
        + "(a Bluetooth module must be paired and bound, e.g. rfcomm bind)?"
        : "the serial ports here: " + b + " ('slumpwatch ports' describes them)";
  }

  /**
   * A read that brought fewer bytes than this is a live sensor trickling in (100 Hz of our
   * frames is about 30 bytes every 10 ms): the next read waits {@link #COALESCE_MILLIS}
   * first. Each read wakes this thread, the decoder and the processing thread; at 100 Hz,
   * reading every frame as it came cost the desktop app about 1.2 % of a core (bench app),
   * a quarter of its budget. A posture monitor decides in seconds, so 40 ms more latency
   * costs nothing; bulk data (a burst after a stall, a fast writer) reads on without pause.
   */
  static final int TRICKLE_BYTES = 512;
  /** How long a trickling link is left to gather bytes between reads, ms. */
  static final long COALESCE_MILLIS = 40;

  /** True while the JVM runs its shutdown hooks (Ctrl-C, SIGTERM, System.exit). */
  static boolean shuttingDown() {
    Thread probe = new Thread(() -> { });
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  /** Whether this process runs as root (whom file permissions do not stop). */
  private static boolean root() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid);
    } catch (Exception e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

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
        lastOpenError = openFailure(port.getLastErrorCode());
        return null;
      }
      return port;
    } catch (RuntimeException e) {
      lastOpenError = e.getMessage() == null ? e.toString() : e.getMessage();
      return null;
    }
  }

  /** Why the port did not open, with the hint that fits (never the group hint to root). */
  private String openFailure(int errno) {
    Path p = Path.of(settings.port());
    boolean denied = errno == 13 || !Files.isReadable(p) || !Files.isWritable(p);
    if (denied && !root()) {
      return "open failed, permission denied: the user may need to be in the 'dialout' "
          + "group (sudo usermod -aG dialout $USER, then log in again)";
    }
    if (errno == 16) {
      return "open failed, the port is busy: is another program using it?";
    }
    if (errno == 25) {
      return "open failed, not a serial port (error 25): check the path ('slumpwatch ports')";
    }
    return "open failed, error " + errno + (denied ? " (permission denied)" : "");
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
    long lastSamples = link.stats().samples();
    long quietBytes = 0; // bytes read since the last sample: noise, a wrong baud rate
    boolean anyByte = false;
    long quietSinceNanos = nanoClock.getAsLong();
    long hintAfterNanos = settings.silenceHintAfter().toNanos();
    while (!isClosed()) {
      int n = port.readBytes(buf, buf.length);
      if (n < 0) {
        if (isClosed() || shuttingDown()) {
          return stopped(sink); // stopped (Ctrl-C): the port was closed under the read
        }
        return Files.exists(path) ? "read error " + port.getLastErrorCode() : "device removed";
      }
      long samplesNow = link.stats().samples();
      long nowNanos = nanoClock.getAsLong();
      if (samplesNow != lastSamples) {
        lastSamples = samplesNow;
        quietSinceNanos = nowNanos;
        quietBytes = 0;
        hintAfterNanos = settings.silenceHintAfter().toNanos();
      } else if (nowNanos - quietSinceNanos >= hintAfterNanos) {
        messages.accept(String.format(java.util.Locale.ROOT, "no data from %s for %d s: is "
            + "the sensor on, is the baud rate right (%d)?%s", settings.port(),
            Math.round((nowNanos - quietSinceNanos) / 1e9), search.baud(), quietBytes > 0
            ? " (" + quietBytes + " bytes arrived, none of them a sample)" : anyByte ? ""
            : " Nothing at all has arrived: is a sketch running and printing at "
            + search.baud() + " baud? Some boards need their reset button pressed; an "
            + "adapter may drop everything sent at another rate: try --baud 9600."));
        hintAfterNanos *= 2; // then after 10 s, 20 s, ...: said again, less often
      }
      if (n == 0) {
        // a timeout: is the device still there? (a vanished pty or USB device may
        // just stop delivering rather than fail the read)
        if (!Files.exists(path)) {
          return "device removed";
        }
        link.idle(hostMicros());
        handOff(sink);
        continue;
      }
      quietBytes += n;
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
      if (n < TRICKLE_BYTES) {
        try {
          Thread.sleep(COALESCE_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return stopped(sink); // a stop: what the link still holds is handed on
        }
      }
    }
    return stopped(sink);
  }

  /**
   * The source is being stopped: what the link still holds (a text sketch's records kept
   * while their shape was learnt, or to see whether more of a burst comes) is handed on, not
   * thrown away. The reader may already be interrupted; the hand-off waits for room anyway,
   * since the processing thread takes everything up to the end.
   *
   * @return null: a stop is not a disconnection
   */
  private String stopped(SampleSink sink) throws InterruptedException {
    boolean interrupted = Thread.interrupted();
    try {
      link.finish(hostMicros());
      handOff(sink);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
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
