package dev.slumpwatch.sensor.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.bench.ReplayBench;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.pipeline.SessionRunner;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.pipeline.SessionSetup;
import dev.slumpwatch.protocol.TextFormat;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
  @TempDir
  Path dir;

  private SessionRunner.Result replay(Path recording, Path db, Pacer pacer) throws Exception {
    ReplaySampleSource source = new ReplaySampleSource(recording, pacer, TextFormat.DEFAULTS,
        m -> { });
    SessionSetup setup = SessionSetup.of(PostureSetup.learn())
        .withClock(Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC));
    return SessionRunner.run(new SessionRunner.Spec(source, db, setup, "replay", List.of(),
        m -> { }, 1024), null);
  }

  /** Every row of every table, as text, in a fixed order. */
  private static List<String> dump(Path db) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      for (String table : List.of("sessions", "posture_seconds", "slump_episodes", "alerts",
          "breaks", "gaps")) {
        try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2, 3")) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            StringBuilder b = new StringBuilder(table);
            for (int i = 1; i <= md.getColumnCount(); i++) {
              b.append('|').append(rs.getString(i));
            }
            rows.add(b.toString());
          }
        }
      }
    }
    return rows;
  }

  @Test
  void sameRecordingGivesIdenticalStoredResultsAtAnySpeed() throws Exception {
    Path rec = dir.resolve("day.swrec");
    ReplayBench.writeRecording(rec, 0.75); // 45 min of the desk scenario, across a clock wrap
    SessionRunner.Result a = replay(rec, dir.resolve("a.db"), Pacer.unpaced());
    SessionRunner.Result b = replay(rec, dir.resolve("b.db"), Pacer.atSpeed(1e6));
    List<String> rowsA = dump(dir.resolve("a.db"));
    List<String> rowsB = dump(dir.resolve("b.db"));
    assertEquals(270_000, a.pipeline().samples());
    assertTrue(rowsA.size() > 1800, "rows: " + rowsA.size());
    assertTrue(rowsA.stream().anyMatch(r -> r.startsWith("alerts|")), "no alerts to compare");
    assertEquals(rowsA, rowsB);
    assertEquals(a.summary().format(), b.summary().format());
  }

  @Test
  void notARecordingIsRefusedNamingTheFile() throws Exception {
    Path f = dir.resolve("notes.txt");
    Files.writeString(f, "hello\n");
    IOException e = assertThrows(IOException.class, () -> RecordingReader.open(f));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("not a "
        + "slumpwatch recording"), e.getMessage());
  }

  @Test
  void aRecordingCutShortIsReplayedUpToTheCutAndSaysWhere() throws Exception {
    Path rec = dir.resolve("cut.swrec");
    ReplayBench.writeRecording(rec, 0.01); // 36 s
    byte[] all = Files.readAllBytes(rec);
    Path cut = dir.resolve("cut2.swrec");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length - 1000));
    List<String> messages = new ArrayList<>();
    List<SourceEvent> events = new ArrayList<>();
    ReplaySampleSource source = new ReplaySampleSource(cut, Pacer.unpaced(), TextFormat.DEFAULTS,
        messages::add);
    source.run(events::add);
    long samples = events.stream().filter(e -> e instanceof SourceEvent.Samples)
        .mapToLong(e -> ((SourceEvent.Samples) e).samples().size()).sum();
    assertEquals(3500, samples); // the last 1 s chunk is the one cut
    SourceEvent.End end = (SourceEvent.End) events.get(events.size() - 1);
    assertTrue(end.reason().contains("cut short") && end.reason().contains(cut.toString()),
        end.reason());
    assertTrue(messages.stream().anyMatch(m -> m.contains("cut short at byte")), messages
        .toString());
  }

  @Test
  void writerAndReaderAgreeOnEveryRecordKind() throws Exception {
    Path f = dir.resolve("kinds.swrec");
    try (RecordingWriter w = new RecordingWriter(f, Map.of("port", "/dev/ttyUSB0"))) {
      w.connected(5, "/dev/ttyUSB0");
      w.data(10, new byte[] {1, 2, 0, 3}, 0, 4);
      w.disconnected(20, "device removed");
    }
    try (RecordingReader r = RecordingReader.open(f)) {
      assertEquals("/dev/ttyUSB0", r.header().get("port"));
      RecordingReader.Entry e = r.next();
      assertEquals(Recording.KIND_CONNECTED, e.kind());
      assertEquals("/dev/ttyUSB0", e.text());
      e = r.next();
      assertEquals(Recording.KIND_DATA, e.kind());
      assertEquals(10, e.hostMicros());
      assertEquals(4, e.length());
      e = r.next();
      assertEquals("device removed", e.text());
      assertNull(r.next());
      assertNull(r.problem());
    }
    assertThrows(java.nio.file.FileAlreadyExistsException.class,
        () -> new RecordingWriter(f, Map.of()));
    assertFalse(Files.size(f) == 0);
    try (Store s = Store.open(dir.resolve("x.db"))) {
      assertEquals("ok", s.integrityCheck());
    }
  }

  /** A recording of 50 sample frames of protocol {@code frames}, with the given header. */
  private Path recordingOf(String name, int frames, Map<String, String> header)
      throws IOException {
    Path f = dir.resolve(name);
    try (RecordingWriter w = new RecordingWriter(f, header)) {
      w.connected(0, "test");
      java.util.SplittableRandom r = new java.util.SplittableRandom(9);
      for (int k = 0; k < 50; k++) {
        byte[] b = dev.slumpwatch.protocol.FrameEncoder.imuSample(frames,
            dev.slumpwatch.protocol.FaultyStream.sample(k, 0, r));
        w.data(k * 10_000L, b, 0, b.length);
      }
    }
    return f;
  }

  private record Replayed(long samples, dev.slumpwatch.protocol.DecoderStats stats,
      List<String> messages) {
  }

  private static Replayed replayEvents(Path f) throws Exception {
    List<String> messages = new ArrayList<>();
    ReplaySampleSource source = new ReplaySampleSource(f, Pacer.unpaced(), TextFormat.DEFAULTS,
        messages::add);
    long[] n = new long[1];
    source.run(e -> {
      if (e instanceof SourceEvent.Samples s) {
        n[0] += s.samples().size();
      }
    });
    return new Replayed(n[0], source.link().stats(), messages);
  }

  @Test
  void theHeaderNamesTheProtocolAndFilesWithoutItHoldVersion1() throws Exception {
    Replayed old = replayEvents(recordingOf("old.swrec", 1, Map.of("started",
        "2026-03-02T08:00:00Z")));
    assertEquals(50, old.samples(), old.stats().format());
    Replayed v1 = replayEvents(recordingOf("v1.swrec", 1, Map.of("protocol", "1")));
    assertEquals(50, v1.samples(), v1.stats().format());
    Replayed v2 = replayEvents(recordingOf("v2.swrec", 2, Map.of("protocol", "2")));
    assertEquals(50, v2.samples(), v2.stats().format());
    assertTrue(v2.messages().stream().anyMatch(m -> m.contains("read as version 2")),
        v2.messages().toString());
  }

  @Test
  void framesOfAnotherVersionThanTheHeaderSaysAreDroppedWithAHint() throws Exception {
    Path f = recordingOf("wrong.swrec", 1, Map.of("protocol", "2"));
    Replayed r = replayEvents(f);
    assertEquals(0, r.samples());
    assertEquals(50, r.stats().otherVersion(), r.stats().format());
    assertTrue(r.messages().stream().anyMatch(m -> m.contains("recording " + f)
        && m.contains("frames of protocol version 1 arrive, but this link is read as version 2;"
        + " they are dropped (use --protocol 1")), r.messages().toString());
  }

  @Test
  void anUnknownProtocolInTheHeaderIsRefusedNamingTheFile() throws Exception {
    Path f = recordingOf("v7.swrec", 2, Map.of("protocol", "7"));
    IOException e = assertThrows(IOException.class, () -> {
      try (RecordingReader r = RecordingReader.open(f)) {
        Recording.protocolVersion(f, r.header());
      }
    });
    assertEquals(f + ": header protocol=7 is not a protocol version this slumpwatch reads "
        + "(1 or 2); nothing was replayed", e.getMessage());
  }
}
