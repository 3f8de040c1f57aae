package dev.slumpwatch.cli;

import dev.slumpwatch.config.Setting;
import dev.slumpwatch.protocol.DecoderStats;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code slumpwatch record}: the raw byte stream of a serial port, with receive times. */
@Command(name = "record", mixinStandardHelpOptions = true,
    description = {"Records the raw bytes a sensor sends, with their receive times and any "
        + "disconnections, to a file that 'slumpwatch replay' plays back through the "
        + "pipeline (format: docs/recording.md). Shows what is coming in while it records "
        + "(frames, samples, the link's state) and sums it up at the end. Stop with Ctrl-C."})
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
    boolean terminal = Terminal.stdout();
    RecordingTap tap;
    try {
      tap = RecordingTap.create(outFile, settings);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    CountDownLatch done = new CountDownLatch(1);
    try (tap) {
      SerialSampleSource source = new SerialSampleSource(settings, System::nanoTime, m -> {
        out.println((terminal ? "\r\033[K" : "") + m);
        out.flush();
      }, tap);
      Thread hook = new Thread(() -> {
        source.close();
        try {
          done.await(5, TimeUnit.SECONDS); // until the summary is out
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
      out.printf("recording %s to %s%s%n", port, outFile, seconds == null ? "; stop with Ctrl-C"
          : String.format(Locale.ROOT, " for %s s", Setting.plain(seconds)));
      out.flush();
      // what is coming in: on a terminal a line rewritten every second, else a line after a
      // second and then every 10 s
      ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slumpwatch-status");
        t.setDaemon(true);
        return t;
      });
      long period = terminal ? 1 : 10;
      status.scheduleAtFixedRate(() -> {
        String line = progress(source, tap.writer().bytes());
        out.print(terminal ? "\r\033[K" + line : line + "\n");
        out.flush();
      }, 1, period, TimeUnit.SECONDS);
      try {
        source.run(event -> { }); // the recording is the bytes; the link counts the rest
      } catch (UncheckedIOException e) {
        throw new IOException("cannot write " + outFile + " (" + e.getCause().getMessage()
            + "); the recording stopped, the file holds everything up to that point", e);
      } finally {
        status.shutdownNow();
        tap.writer().flush();
        out.print(terminal ? "\r\033[K" : "");
        DecoderStats st = source.link() == null ? DecoderStats.ZERO : source.link().stats();
        out.printf(Locale.ROOT, "recorded %,d bytes to %s: %,d frames, %,d samples%s, %d "
            + "disconnection%s%n", tap.writer().bytes(), outFile, st.frames(), st.samples(),
            st.hasProblems() ? " (" + st.format() + ")" : "", source.reconnects(),
            source.reconnects() == 1 ? "" : "s");
        out.flush();
        done.countDown();
      }
    }
    return 0;
  }

  /** {@code recording: connected | 1,234 frames, 1,200 samples | 40,960 bytes}. */
  static String progress(SerialSampleSource source, long bytes) {
    DecoderStats st = source.link() == null ? DecoderStats.ZERO : source.link().stats();
    return String.format(Locale.ROOT, "recording: %s | %,d frames, %,d samples%s | %,d bytes "
        + "written", source.connected() ? "connected" : "not connected", st.frames(),
        st.samples(), st.hasProblems() ? String.format(Locale.ROOT,
        " (%d CRC errors, %d malformed, %d missing)", st.crcErrors(), st.malformed(),
        st.sequenceGaps()) : "", bytes);
  }
}
