package dev.slumpwatch.sensor.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.pipeline.Monitor;
import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.protocol.DecoderStats;
import dev.slumpwatch.protocol.DeviceInfoFrame;
import dev.slumpwatch.protocol.FaultyStream;
import dev.slumpwatch.protocol.FrameEncoder;
import dev.slumpwatch.protocol.TextFormat;
import dev.slumpwatch.sensor.SampleSink;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.SocatPair;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real serial path: socat pseudo-terminal pairs and the real jSerialComm. The test
 * writes what a sensor would send into one end; {@link SerialSampleSource} reads the other.
 */
class SerialLinkTest {
  @TempDir
  Path dir;

  /** Collects what the source hands over, and releases a latch at a sample count. */
  private static final class Collector implements SampleSink {
    final List<ImuSample> samples = new CopyOnWriteArrayList<>();
    final List<SourceEvent> others = new CopyOnWriteArrayList<>();
    volatile CountDownLatch latch;
    volatile int target;

    @Override
    public void accept(SourceEvent e) {
      if (e instanceof SourceEvent.Samples s) {
        samples.addAll(s.samples());
        if (latch != null && samples.size() >= target) {
          latch.countDown();
        }
      } else {
        others.add(e);
      }
    }

    CountDownLatch await(int n) {
      target = n;
      latch = new CountDownLatch(1);
      if (samples.size() >= n) {
        latch.countDown();
      }
      return latch;
    }
  }

  private static final class Messages {
    final List<String> all = new CopyOnWriteArrayList<>();
    volatile CountDownLatch latch = new CountDownLatch(1);
    volatile String waitingFor = "\u0000";

    void accept(String m) {
      all.add(m);
      if (m.contains(waitingFor)) {
        latch.countDown();
      }
    }

    CountDownLatch when(String text) {
      latch = new CountDownLatch(1);
      waitingFor = text;
      for (String m : all) {
        if (m.contains(text)) {
          latch.countDown();
        }
      }
      return latch;
    }
  }

  private static Thread reader(SerialSampleSource source, SampleSink sink,
      AtomicReference<Throwable> failure) {
    Thread t = new Thread(() -> {
      try {
        source.run(sink);
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "test-reader");
    t.start();
    return t;
  }

  private static ImuSample raw(ImuSample s) {
    return new ImuSample(s.deviceTimeMicros() & 0xFFFF_FFFFL, s.sensorIndex(), s.sequence(),
        s.accelX(), s.accelY(), s.accelZ(), s.gyroX(), s.gyroY(), s.gyroZ(), s.flags());
  }

  /** A serial source reading one end of the pair on its own thread, its port open. */
  private record Listening(SerialSampleSource source, Messages messages, Collector sink,
      AtomicReference<Throwable> failure, Thread thread) {}

  private Listening listen(SocatPair socat) throws InterruptedException {
    return listen(socat, dev.slumpwatch.protocol.Protocol.VERSION);
  }

  private Listening listen(SocatPair socat, int protocol) throws InterruptedException {
    Messages messages = new Messages();
    SerialSampleSource source = new SerialSampleSource(SerialSampleSource.Settings.of(
        socat.device().toString(), 115_200, TextFormat.DEFAULTS, protocol), System::nanoTime,
        messages::accept, null);
    Collector sink = new Collector();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch open = messages.when("open at");
    Thread t = reader(source, sink, failure);
    assertTrue(open.await(10, TimeUnit.SECONDS), "port not opened: " + messages.all);
    return new Listening(source, messages, sink, failure, t);
  }

  @Test
  void sixtySecondsAt100HzArriveWithoutLoss() throws Exception {
    try (SocatPair socat = new SocatPair(dir).start()) {
      Listening l = listen(socat);
      Messages messages = l.messages();
      SerialSampleSource source = l.source();
      Collector sink = l.sink();
      AtomicReference<Throwable> failure = l.failure();
      Thread t = l.thread();
      // 60 s of sample time (6000 frames, across the 32-bit clock's wrap), written as fast
      // as the pseudo-terminal takes it
      FaultyStream s = FaultyStream.build(11, 6000, 0xFFFF_FFFFL - 20_000_000L,
          FaultyStream.Rates.NONE);
      CountDownLatch all = sink.await(6000);
      long t0 = System.nanoTime();
      try (OutputStream out = new FileOutputStream(socat.sensor().toFile())) {
        out.write(s.bytes);
      }
      assertTrue(all.await(30, TimeUnit.SECONDS), "received " + sink.samples.size());
      double seconds = (System.nanoTime() - t0) / 1e9;
      source.close();
      t.join(5000);
      assertEquals(s.intact, sink.samples.stream().map(SerialLinkTest::raw).toList());
      DecoderStats st = source.link().stats();
      assertEquals(0, st.resyncs() + st.sequenceGaps() + st.duplicates(), st.format());
      assertEquals(0, source.droppedSamples());
      assertEquals(null, failure.get());
      System.err.printf(Locale.ROOT, "serial: 6000 frames (60 s at 100 Hz) over a pty in %.2f s, "
          + "none lost%n", seconds);
    }
  }

  /**
   * A board on firmware 1.x: with --protocol 1 the host greets it in v1 and reads its v1
   * frames without loss; read as v2 (the default), none of them is decoded and one message
   * names the option to use.
   */
  @Test
  void aVersion1BoardIsReadWithProtocol1AndNamedOtherwise() throws Exception {
    FaultyStream s = FaultyStream.build(12, 500, 5_000_000L, FaultyStream.Rates.NONE);
    java.io.ByteArrayOutputStream v1 = new java.io.ByteArrayOutputStream();
    for (ImuSample x : s.intact) {
      v1.writeBytes(FrameEncoder.imuSample(1, x));
    }
    try (SocatPair socat = new SocatPair(dir).start()) {
      // what the host sends on opening the port, as the board receives it
      List<dev.slumpwatch.protocol.Command> commands = new CopyOnWriteArrayList<>();
      CountDownLatch greeted = new CountDownLatch(2);
      dev.slumpwatch.protocol.FrameDecoder board = new dev.slumpwatch.protocol.FrameDecoder(
          new dev.slumpwatch.protocol.FrameListener() {
            @Override
            public void sample(ImuSample x) {
            }

            @Override
            public void command(dev.slumpwatch.protocol.Command c) {
              commands.add(c);
              greeted.countDown();
            }
          }, 1);
      Listening l = listen(socat, 1);
      CountDownLatch all = l.sink().await(500);
      Thread boardReader = new Thread(() -> {
        try (java.io.InputStream in = new java.io.FileInputStream(socat.sensor().toFile())) {
          byte[] buf = new byte[64];
          for (int n; greeted.getCount() > 0 && (n = in.read(buf)) > 0; ) {
            board.feed(buf, 0, n);
          }
        } catch (IOException e) {
          // the pair went away: the assertion below says what was missing
        }
      }, "test-board");
      boardReader.setDaemon(true);
      boardReader.start();
      assertTrue(greeted.await(10, TimeUnit.SECONDS), "host commands seen by the board: "
          + commands + "; " + board.stats().format());
      assertEquals(List.of(dev.slumpwatch.protocol.Command.INFO,
          dev.slumpwatch.protocol.Command.START), commands, board.stats().format());
      try (OutputStream out = new FileOutputStream(socat.sensor().toFile())) {
        out.write(v1.toByteArray());
      }
      assertTrue(all.await(30, TimeUnit.SECONDS), "received " + l.sink().samples.size());
      l.source().close();
      l.thread().join(5000);
      assertEquals(s.intact, l.sink().samples.stream().map(SerialLinkTest::raw).toList());
      assertEquals(0, l.source().link().stats().resyncs(), l.source().link().stats().format());
      assertTrue(l.messages().all.stream().anyMatch(m -> m.contains("read as version 1")),
          l.messages().all.toString());
    }
    try (SocatPair socat = new SocatPair(dir).start()) {
      Listening l = listen(socat); // version 2
      CountDownLatch hint = l.messages().when("use --protocol 1");
      try (OutputStream out = new FileOutputStream(socat.sensor().toFile())) {
        out.write(v1.toByteArray());
      }
      assertTrue(hint.await(30, TimeUnit.SECONDS), l.messages().all.toString());
      l.source().close();
      l.thread().join(5000);
      assertEquals(List.of(), l.sink().samples);
      assertEquals(null, l.failure().get());
    }
  }

  @Test
  void injectedFaultsAreCountedExactlyThroughThePort() throws Exception {
    try (SocatPair socat = new SocatPair(dir).start()) {
      Listening l = listen(socat);
      Messages messages = l.messages();
      SerialSampleSource source = l.source();
      Collector sink = l.sink();
      AtomicReference<Throwable> failure = l.failure();
      Thread t = l.thread();
      FaultyStream s = FaultyStream.build(12, 5000, 1000, new FaultyStream.Rates(0.03, 0.03,
          0.03, 0.03, 0.03));
      CountDownLatch all = sink.await(s.intact.size());
      try (OutputStream out = new FileOutputStream(socat.sensor().toFile())) {
        out.write(s.bytes);
      }
      assertTrue(all.await(30, TimeUnit.SECONDS), "received " + sink.samples.size());
      source.close();
      t.join(5000);
      assertEquals(s.intact, sink.samples.stream().map(SerialLinkTest::raw).toList());
      DecoderStats st = source.link().stats();
      assertEquals(s.flips, st.crcErrors(), st.format());
      assertEquals(s.garbage + s.truncations, st.malformed(), st.format());
      assertEquals(s.discardedBytes, st.discardedBytes(), st.format());
      assertEquals(s.duplicates, st.duplicates(), st.format());
      assertEquals(s.missing, st.sequenceGaps(), st.format());
      assertTrue(messages.all.stream().anyMatch(m -> m.contains(socat.device().toString())
          && m.contains("failed the CRC check")), "problems reported naming the port: "
          + messages.all);
      assertEquals(null, failure.get());
    }
  }

  @Test
  void cablePulledAndPluggedBackResumesAndStoresTheGap() throws Exception {
    Path db = dir.resolve("slumpwatch.db");
    try (SocatPair socat = new SocatPair(dir).start()) {
      Messages messages = new Messages();
      SerialSampleSource source = new SerialSampleSource(SerialSampleSource.Settings.of(
          socat.device().toString(), 115_200, TextFormat.DEFAULTS), System::nanoTime,
          messages::accept, null);
      AtomicLong received = new AtomicLong();
      AtomicLong firstAfterMs = new AtomicLong(-1);
      AtomicReference<CountDownLatch> seen = new AtomicReference<>(new CountDownLatch(1));
      AtomicLong seenTarget = new AtomicLong(300);
      Consumer<PipelineEvent> counter = e -> {
        if (e instanceof PipelineEvent.Second s
            && received.addAndGet(s.second().samples()) >= seenTarget.get()) {
          seen.get().countDown();
        }
      };
      PostureCalibration cal = PostureCalibration.fromNeutralAndBend(new double[] {0, 0, 1},
          new double[] {0.5, 0, 0.866});
      Clock clock = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC);
      AtomicReference<Monitor> monitor = new AtomicReference<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicReference<SessionRunner.Result> result = new AtomicReference<>();
      CountDownLatch open = messages.when("open at");
      Thread runner = new Thread(() -> {
        try {
          SessionSetup setup = SessionSetup.of(PostureSetup.storedOnly(
              new PostureProfile(cal, null, "test"))).withClock(clock);
          result.set(SessionRunner.run(new SessionRunner.Spec(source, db, setup,
              "serial " + socat.device(), List.of(counter), messages::accept, 1024),
              monitor::set));
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      runner.start();
      assertTrue(open.await(10, TimeUnit.SECONDS), "port not opened: " + messages.all);

      SplittableRandom r = new SplittableRandom(5);
      DeviceInfoFrame info = new DeviceInfoFrame(2, 0xC0FFEE, "1.0.0", "MPU-6050", 4, 500, 100);
      // 5 s of a wearer sitting still, then the cable is pulled
      try (OutputStream out = new FileOutputStream(socat.sensor().toFile())) {
        out.write(FrameEncoder.deviceInfo(info));
        for (int k = 0; k < 500; k++) {
          out.write(FrameEncoder.imuSample(still(k, 7_000_000, r)));
        }
      }
      // all but the last two seconds: the smoother's 1 s lag and the second being aggregated
      seenTarget.set(300);
      assertTrue(seen.get().await(20, TimeUnit.SECONDS), "received " + received.get());
      CountDownLatch gone = messages.when("disconnected");
      socat.stop();
      assertTrue(gone.await(10, TimeUnit.SECONDS), "disconnect not noticed: " + messages.all);
      assertTrue(messages.when("cannot open").await(10, TimeUnit.SECONDS),
          "no attempt to reopen: " + messages.all);
      // the cable stays out for a second: an outage is measured on the host's clock (the
      // board's restarts from 0), and one shorter than the pipeline's gap threshold (a
      // quarter of a second) is, rightly, no gap; without this the test raced the reopening
      Thread.sleep(1000);

      // plugged back: the board restarts (its clock from 0) and sends again
      CountDownLatch reopened = messages.when("open at");
      socat.start();
      long back = System.nanoTime();
      assertTrue(reopened.await(5, TimeUnit.SECONDS), "not reopened: " + messages.all);
      long before = received.get();
      seen.set(new CountDownLatch(1));
      seenTarget.set(before + 1);
      try (OutputStream out = new FileOutputStream(socat.sensor().toFile())) {
        out.write(FrameEncoder.deviceInfo(info));
        for (int k = 0; k < 300; k++) {
          out.write(FrameEncoder.imuSample(still(k, 0, r)));
          if (k == 0) {
            out.flush();
          }
        }
      }
      // a second's worth is flushed by the pipeline once the next second begins
      assertTrue(seen.get().await(10, TimeUnit.SECONDS), "no data after reconnecting");
      double resumeSeconds = (System.nanoTime() - back) / 1e9;
      System.err.printf(Locale.ROOT, "serial: monitoring resumed %.2f s after the port "
          + "reappeared%n", resumeSeconds);
      assertTrue(resumeSeconds < 3, "resumed after " + resumeSeconds + " s");
      monitor.get().stop();
      runner.join(10_000);
      assertEquals(null, failure.get());

      try (Store store = Store.open(db)) {
        List<Store.GapRow> gaps = store.gaps(0, Long.MAX_VALUE);
        assertEquals(1, gaps.size(), gaps.toString());
        assertTrue(gaps.get(0).reason().contains("disconnected"), gaps.toString());
        assertTrue(gaps.get(0).toMs() > gaps.get(0).fromMs(), gaps.toString());
        assertEquals("ok", store.integrityCheck());
      }
      assertTrue(result.get().summary().format().contains("gaps           1"),
          result.get().summary().format());
      // the link says it is back; what is recorded is for the session to say, when its next
      // sample shows the gap (a reconnection with no sample after it records none)
      assertTrue(messages.all.stream().anyMatch(m -> m.matches(".*: reconnected after "
          + "\\d+\\.\\d s")), messages.all.toString());
      assertTrue(messages.all.stream().noneMatch(m -> m.contains("recorded as unknown")
          && m.contains("reconnected")), messages.all.toString());
    }
  }

  /**
   * A sketch's untimed lines are placed on their receive times; a recording keeps those,
   * so its replay gives exactly the samples, times included, that the live run gave.
   */
  @Test
  void aSketchsLinesReplayToExactlyTheLiveSamples() throws Exception {
    Path file = dir.resolve("sketch.swrec");
    try (SocatPair socat = new SocatPair(dir).start();
        dev.slumpwatch.sensor.replay.RecordingWriter rec =
            new dev.slumpwatch.sensor.replay.RecordingWriter(file, java.util.Map.of("port",
                socat.device().toString(), "started", "2026-03-02T08:00:00Z", "protocol", "2"))) {
      Messages messages = new Messages();
      SerialSampleSource source = new SerialSampleSource(SerialSampleSource.Settings.of(
          socat.device().toString(), 115_200, TextFormat.DEFAULTS), System::nanoTime,
          messages::accept, new SerialSampleSource.Tap() {
            @Override
            public void connected(long hostMicros, String description) {
              uncheck(() -> rec.connected(hostMicros, description));
            }

            @Override
            public void data(long hostMicros, byte[] b, int off, int len) {
              uncheck(() -> rec.data(hostMicros, b, off, len));
            }

            @Override
            public void disconnected(long hostMicros, String reason) {
              uncheck(() -> rec.disconnected(hostMicros, reason));
            }
          });
      Collector live = new Collector();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch open = messages.when("open at");
      Thread t = reader(source, live, failure);
      assertTrue(open.await(10, TimeUnit.SECONDS), "port not opened: " + messages.all);
      dev.slumpwatch.testing.SittingSensor wearer = new dev.slumpwatch.testing.SittingSensor(25,
          9);
      CountDownLatch all = live.await(200);
      try (OutputStream out = new FileOutputStream(socat.sensor().toFile())) {
        long t0 = System.nanoTime();
        for (int k = 0; k < 200; k++) {
          long due = t0 + k * 20_000_000L;
          for (long w; (w = due - System.nanoTime()) > 0; ) {
            java.util.concurrent.locks.LockSupport.parkNanos(w);
          }
          out.write(dev.slumpwatch.testing.SketchOutput.PLAYGROUND_SHORT.print(k / 50.0,
              wearer.at(k / 50.0), false).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          out.flush();
        }
      }
      assertTrue(all.await(20, TimeUnit.SECONDS), "received " + live.samples.size());
      source.close();
      t.join(5000);
      assertEquals(null, failure.get());
      rec.flush();

      Collector replayed = new Collector();
      new dev.slumpwatch.sensor.replay.ReplaySampleSource(file,
          dev.slumpwatch.sensor.Pacer.unpaced(), TextFormat.DEFAULTS, m -> { }).run(replayed);
      assertEquals(200, live.samples.size());
      assertEquals(live.samples, replayed.samples);
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void uncheck(IoAction a) {
    try {
      a.run();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A port that opens but sends no samples is reported after a few seconds, naming the
   * port and asking about the sensor and the baud rate, and again after twice as long each
   * time; bytes that are not samples (a wrong baud rate) are counted in the message.
   */
  @Test
  void aSilentPortIsReportedAndAgainWithBackoff() throws Exception {
    try (SocatPair socat = new SocatPair(dir).start()) {
      Messages messages = new Messages();
      String silent = "no data from " + socat.device() + " for ";
      CountDownLatch fourHints = new CountDownLatch(4);
      SerialSampleSource source = new SerialSampleSource(SerialSampleSource.Settings.of(
          socat.device().toString(), 115_200, TextFormat.DEFAULTS)
          .withHints(java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(500)),
          System::nanoTime, m -> {
            messages.accept(m);
            if (m.startsWith(silent)) {
              fourHints.countDown();
            }
          }, null);
      Collector sink = new Collector();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch open = messages.when("open at");
      Thread t = reader(source, sink, failure);
      assertTrue(open.await(10, TimeUnit.SECONDS), messages.all.toString());
      long opened = System.nanoTime();
      assertTrue(fourHints.await(15, TimeUnit.SECONDS), messages.all.toString());
      double fourth = (System.nanoTime() - opened) / 1e9;
      List<String> hints = messages.all.stream().filter(m -> m.startsWith(silent)).toList();
      for (String h : hints) {
        // nothing at all arrived: the hint also suggests another baud rate
        assertTrue(h.matches(java.util.regex.Pattern.quote(silent) + "\\d+ s: is the sensor "
            + "on, is the baud rate right \\(115200\\)\\? Nothing at all has arrived: .*try "
            + "--baud 9600\\."), h);
      }
      // after 0.5, 1, 2 and 4 s of silence: twice as long each time (every 0.5 s, the
      // fourth would come after 2 s; a busy machine only makes them later)
      assertTrue(fourth >= 3, "the fourth hint came after " + fourth + " s: " + hints);
      source.close();
      t.join(5000);
      assertEquals(null, failure.get());

      // noise that is no frame (a wrong baud rate): the hint says how much came
      Messages again = new Messages();
      SerialSampleSource noisy = new SerialSampleSource(SerialSampleSource.Settings.of(
          socat.device().toString(), 115_200, TextFormat.DEFAULTS)
          .withHints(java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(500)),
          System::nanoTime, again::accept, null);
      CountDownLatch reopened = again.when("open at");
      Thread t2 = reader(noisy, new Collector(), failure);
      assertTrue(reopened.await(10, TimeUnit.SECONDS), again.all.toString());
      CountDownLatch noise = again.when("8 bytes arrived, none of them a sample");
      try (OutputStream out = new FileOutputStream(socat.sensor().toFile())) {
        out.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      }
      assertTrue(noise.await(10, TimeUnit.SECONDS), again.all.toString());
      noisy.close();
      t2.join(5000);
      assertEquals(null, failure.get());
    }
  }

  /**
   * A port that cannot be opened says why; the hint about the 'dialout' group is only for
   * a user it can help (never for root, whom permissions do not stop).
   */
  @Test
  void aPortThatWillNotOpenSaysWhyAndTheGroupHintIsNotForRoot() throws Exception {
    Path notATty = Files.createFile(dir.resolve("ttyFAKE"));
    Files.setPosixFilePermissions(notATty, java.nio.file.attribute.PosixFilePermissions
        .fromString("---------"));
    Messages messages = new Messages();
    SerialSampleSource source = new SerialSampleSource(SerialSampleSource.Settings.of(
        notATty.toString(), 115_200, TextFormat.DEFAULTS), System::nanoTime,
        messages::accept, null);
    CountDownLatch failed = messages.when("cannot open");
    Thread t = reader(source, new Collector(), new AtomicReference<>());
    assertTrue(failed.await(10, TimeUnit.SECONDS), messages.all.toString());
    source.close();
    t.join(5000);
    String m = messages.all.get(0);
    boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"),
        "unix:uid"));
    assertTrue(m.startsWith("serial port " + notATty + ": cannot open (open failed"), m);
    assertEquals(!root, m.contains("'dialout' group"), (root ? "root: " : "a user: ") + m);
  }

  /**
   * A port path that never appears: after 10 s the message names the ports this machine
   * has (or says there are none), once.
   */
  @Test
  void aWrongPortPathListsThePortsThereAre() throws Exception {
    Messages messages = new Messages();
    Path nowhere = dir.resolve("ttyUSB9");
    SerialSampleSource source = new SerialSampleSource(SerialSampleSource.Settings.of(
        nowhere.toString(), 115_200, TextFormat.DEFAULTS)
        .withHints(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(5)),
        System::nanoTime, messages::accept, null);
    CountDownLatch listed = messages.when("still cannot open after 1 s");
    Thread t = reader(source, new Collector(), new AtomicReference<>());
    assertTrue(listed.await(10, TimeUnit.SECONDS), messages.all.toString());
    source.close();
    t.join(5000);
    assertEquals(List.of("serial port " + nowhere + ": cannot open (no such device); retrying "
        + "until it appears"), messages.all.subList(0, 1));
    String hint = messages.all.get(1);
    assertTrue(hint.startsWith("serial port " + nowhere + ": still cannot open after 1 s (no "
        + "such device); "), hint);
    assertTrue(hint.contains("the serial ports here: /dev/") || hint.contains("this machine "
        + "has no serial ports"), hint);
    assertEquals(2, messages.all.size(), "said once: " + messages.all);
  }

  /** A wearer sitting still, clip upright: gravity on z, noise of a few counts. */
  private static ImuSample still(int k, long startMicros, SplittableRandom r) {
    return new ImuSample((startMicros + k * 10_000L) & 0xFFFF_FFFFL, 0, k & 0xFFFF,
        (short) r.nextInt(-20, 20), (short) r.nextInt(-20, 20), (short) (8192 + r.nextInt(-20,
        20)), (short) r.nextInt(-5, 5), (short) r.nextInt(-5, 5), (short) r.nextInt(-5, 5), 0);
  }
}
