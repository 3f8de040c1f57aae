package dev.slumpwatch.pipeline;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.slumpwatch.event.PipelineEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * Writes the session's events as JSON lines, one event a line, its kind in {@code "event"}
 * and its fields as the records name them: a readable record of what the pipeline decided,
 * and the regression test's reference (a change of behaviour shows up as a diff of two
 * logs). Live snapshots and exercise progress are left out: they are the display's, and every
 * second's posture is in the {@code Second} events.
 *
 * <p>Written to a temporary file beside the target and renamed when closed, so a log under
 * its final name is always complete. Runs on the processing thread: it writes through a
 * buffer, about 200 bytes a second of sensor time.
 */
public final class EventLog implements Consumer<PipelineEvent>, AutoCloseable {
  /** Tells Jackson to name each event's record in an {@code "event"} field. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.PROPERTY,
      property = "event")
  private abstract static class Named {
  }

  private static final ObjectWriter JSON = new ObjectMapper()
      .addMixIn(PipelineEvent.class, Named.class)
      .writerFor(PipelineEvent.class);

  private final Path file;
  private final Path partial;
  private final Writer out;
  private long written;

  private EventLog(Path file) throws IOException {
    this.file = file;
    Path dir = file.toAbsolutePath().getParent();
    this.partial = Files.createTempFile(dir, "." + file.getFileName(), ".partial");
    this.out = new BufferedWriter(Files.newBufferedWriter(partial, StandardCharsets.UTF_8));
  }

  /** A log that becomes {@code file} when closed (replacing what was there). */
  public static EventLog create(Path file) throws IOException {
    return new EventLog(file);
  }

  /** One event as the log writes it (without the line end). */
  public static String toJson(PipelineEvent event) {
    try {
      return JSON.writeValueAsString(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void accept(PipelineEvent event) {
    if (event instanceof PipelineEvent.Live || event instanceof PipelineEvent.ExerciseProgress) {
      return; // for displays; the outcome that follows carries the count
    }
    try {
      out.write(toJson(event));
      out.write('\n');
      written++;
    } catch (IOException e) {
      throw new UncheckedIOException(partial + ": cannot write the event log: "
          + e.getMessage(), e);
    }
  }

  /** Events written so far. */
  public long written() {
    return written;
  }

  public Path file() {
    return file;
  }

  /** Flushes and puts the log under its name. */
  @Override
  public void close() throws IOException {
    out.close();
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
