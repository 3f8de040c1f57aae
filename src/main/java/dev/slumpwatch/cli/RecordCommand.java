package dev.slumpwatch.cli;

import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.sensor.replay.Recording;
import dev.slumpwatch.sensor.replay.RecordingWriter;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code slumpwatch record}: the raw byte stream of a serial port, with receive times. */
@Command(name = "record", mixinStandardHelpOptions = true,
    description = {"Records the raw bytes a sensor sends, with their receive times and any "
        + "disconnections, to a file that 'slumpwatch replay' plays back through the "
        + "pipeline (format: docs/recording.md). Stop with Ctrl-C."})
public final class RecordCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", required = true, paramLabel = "PATH",
      description = "the sensor's serial port")
  String port;

  @Option(names = "--baud", defaultValue = "115200", paramLabel = "N",
      description = "baud rate (default: ${DEFAULT-VALUE})")
  int baud;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "the recording to write; must not exist yet")
  Path outFile;

  @Option(names = "--seconds", paramLabel = "N",
      description = "stop after N seconds (default: until Ctrl-C)")
  Double seconds;

  @CommandLine.Mixin
  TextOptions text;

  @CommandLine.Mixin
  ProtocolOption protocol;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (Files.exists(outFile)) {
      throw new CommandLine.ParameterException(spec.commandLine(), outFile
          + " exists already; recordings are never overwritten");
    }
    if (seconds != null && !(seconds > 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--seconds must be positive, not " + seconds);
    }
    SerialSampleSource.Settings settings;
    try {
      settings = SerialSampleSource.Settings.of(port, baud, text.format(),
          protocol.version());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Map<String, String> header = new LinkedHashMap<>();
    header.put("port", port);
    header.put("baud", Integer.toString(baud));
    header.put("started", Instant.now().toString());
    header.put("recorder", "slumpwatch " + VersionProvider.version());
    header.put(Recording.HEADER_PROTOCOL, Integer.toString(settings.protocolVersion()));
    AtomicLong samples = new AtomicLong();
    try (RecordingWriter writer = new RecordingWriter(outFile, header)) {
      long[] lastFlush = new long[1];
      SerialSampleSource.Tap tap = new SerialSampleSource.Tap() {
        @Override
        public void connected(long t, String description) {
          io(() -> writer.connected(t, description));
        }

        @Override
        public void data(long t, byte[] b, int off, int len) {
          io(() -> {
            writer.data(t, b, off, len);
            if (t - lastFlush[0] >= 1_000_000) { // at most a second lost in a crash
              writer.flush();
              lastFlush[0] = t;
            }
          });
        }

        @Override
        public void disconnected(long t, String reason) {
          io(() -> {
            writer.disconnected(t, reason);
            writer.flush();
          });
        }
      };
      SerialSampleSource source = new SerialSampleSource(settings, System::nanoTime, m -> {
        out.println("\r\033[K" + m);
        out.flush();
      }, tap);
      CountDownLatch done = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        source.close();
        try {
          done.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "slumpwatch-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      if (seconds != null) {
        Thread timer = new Thread(() -> {
          try {
            if (!done.await((long) (seconds * 1000), TimeUnit.MILLISECONDS)) {
              source.close();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "slumpwatch-record-timer");
        timer.setDaemon(true);
        timer.start();
      }
      out.printf("recording %s to %s%n", port, outFile);
      out.flush();
      try {
        source.run(event -> {
          if (event instanceof SourceEvent.Samples s) {
            samples.addAndGet(s.samples().size());
          }
        });
      } catch (UncheckedIOException e) {
        throw new IOException("cannot write " + outFile + " (" + e.getCause().getMessage()
            + "); the recording stopped, the file holds everything up to that point", e);
      } finally {
        done.countDown();
      }
      writer.flush();
      out.printf("%nrecorded %,d bytes (%,d samples decoded) to %s%n", writer.bytes(),
          samples.get(), outFile);
      out.flush();
    }
    return 0;
  }

  private interface Io {
    void run() throws IOException;
  }

  private static void io(Io io) {
    try {
      io.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
