package dev.slumpwatch.cli;

import dev.slumpwatch.protocol.Protocol;
import dev.slumpwatch.sensor.replay.Recording;
import dev.slumpwatch.sensor.replay.RecordingReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slumpwatch bench feed} (not listed): plays a recording's bytes into a port at the
 * pace they were recorded, one frame's worth at a time, as a sensor sends them. It is the
 * sensor end of {@code bench app}, in a process of its own, so that the app's figures are the
 * app's and not the simulated wearer's.
 */
@Command(name = "feed", hidden = true, mixinStandardHelpOptions = true,
    description = "Plays a recording's bytes into a port at their recorded pace (the sensor "
        + "end of 'bench app').")
final class FeedCommand implements Callable<Integer> {
  @Option(names = "--recording", required = true, paramLabel = "FILE")
  Path recording;

  @Option(names = "--port", required = true, paramLabel = "PATH",
      description = "where to write: the sensor end of a pseudo-terminal pair")
  Path port;

  @Override
  public Integer call() throws Exception {
    try (RecordingReader r = RecordingReader.open(recording);
        OutputStream out = Files.newOutputStream(port, StandardOpenOption.WRITE)) {
      long t0 = System.nanoTime();
      long previousMicros = 0;
      for (RecordingReader.Entry e; (e = r.next()) != null; ) {
        if (e.kind() != Recording.KIND_DATA) {
          continue;
        }
        // a chunk recorded at T arrived over the time since the one before: spread it out
        int pieces = Math.max(1, e.length() / Protocol.IMU_WIRE);
        long span = Math.max(0, e.hostMicros() - previousMicros);
        for (int i = 0; i < pieces; i++) {
          int from = i * e.length() / pieces;
          int to = (i + 1) * e.length() / pieces;
          long dueNanos = t0 + (previousMicros + span * (i + 1) / pieces) * 1000;
          long wait = dueNanos - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          out.write(e.data(), from, to - from);
          out.flush();
        }
        previousMicros = e.hostMicros();
      }
    }
    return 0;
  }
}
