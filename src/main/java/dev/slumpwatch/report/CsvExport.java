package dev.slumpwatch.report;

import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.IntConsumer;

/**
 * CSV export: two files, one row per stored second and one per slump episode. RFC 4180
 * (comma-separated, CRLF line ends, header row, quotes only where needed); unknown values
 * are empty fields, never zero; times are ISO-8601 local date-times with their offset,
 * plus the Unix milliseconds.
 */
public final class CsvExport {
  public static final String SECONDS_HEADER = "time,t_ms,session,second,flexion_mean_deg,"
      + "flexion_min_deg,flexion_max_deg,lateral_mean_deg,activity,slumped";
  public static final String EPISODES_HEADER = "start,end,start_ms,end_ms,session,"
      + "duration_s,peak_deg,mean_deg,dose_deg_min";

  private CsvExport() {
  }

  /** What was written. */
  public record Result(Path seconds, Path episodes, long secondRows, long episodeRows) {}

  /** The episodes file next to the seconds file: {@code X.csv} → {@code X-episodes.csv}. */
  public static Path episodesFile(Path secondsFile) {
    String name = secondsFile.getFileName().toString();
    String base = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    return secondsFile.resolveSibling(base + "-episodes.csv");
  }

  /**
   * Exports days {@code from}..{@code to} (inclusive, local days in {@code zone}). Both
   * files are written under temporary names and appear together, complete, at the end
   * ({@link AtomicFile}), private to the user (0600); neither replaces an existing file.
   *
   * @param progress told the number of days written so far
   * @throws java.nio.file.FileAlreadyExistsException when either file exists
   */
  public static Result write(Store store, LocalDate from, LocalDate to, ZoneId zone,
      Path secondsFile, IntConsumer progress) throws IOException, StoreException {
    DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
    Path episodesFile = episodesFile(secondsFile);
    long[] n = new long[2];
    try (AtomicFile secondsOut = AtomicFile.begin(secondsFile);
        AtomicFile episodesOut = AtomicFile.begin(episodesFile)) {
      writeSeconds(store, from, to, zone, iso, secondsFile, secondsOut.out(), progress, n);
      writeEpisodes(store, from, to, zone, iso, episodesOut.out(), n);
      episodesOut.commit(false);
      try {
        secondsOut.commit(false);
      } catch (IOException e) {
        Files.deleteIfExists(episodesFile); // not one without the other
        throw e;
      }
    }
    return new Result(secondsFile, episodesFile, n[0], n[1]);
  }

  private static void writeSeconds(Store store, LocalDate from, LocalDate to, ZoneId zone,
      DateTimeFormatter iso, Path secondsFile, OutputStream out, IntConsumer progress, long[] n)
      throws IOException, StoreException {
    BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    w.write(SECONDS_HEADER + "\r\n");
    int day = 0;
    StringBuilder line = new StringBuilder(128);
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      long a = d.atStartOfDay(zone).toInstant().toEpochMilli();
      long b = d.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
      try {
        store.forEachSecond(a, b, r -> {
          line.setLength(0);
          line.append(iso.format(Instant.ofEpochMilli(r.tMs()))).append(',')
              .append(r.tMs()).append(',').append(r.sessionId()).append(',')
              .append(r.second()).append(',');
          num(line, r.flexionMeanDeg()).append(',');
          num(line, r.flexionMinDeg()).append(',');
          num(line, r.flexionMaxDeg()).append(',');
          num(line, r.lateralMeanDeg()).append(',');
          line.append(field(r.activity().key())).append(',').append(r.slumped() ? 1 : 0)
              .append("\r\n");
          try {
            w.append(line);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          n[0]++;
        });
      } catch (UncheckedIOException e) {
        throw new IOException(secondsFile + ": " + e.getCause().getMessage(), e.getCause());
      }
      progress.accept(++day);
    }
    w.flush();
  }

  private static void writeEpisodes(Store store, LocalDate from, LocalDate to, ZoneId zone,
      DateTimeFormatter iso, OutputStream out, long[] n) throws IOException, StoreException {
    long a = from.atStartOfDay(zone).toInstant().toEpochMilli();
    long b = to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    w.write(EPISODES_HEADER + "\r\n");
    for (Store.EpisodeRow e : store.episodes(a, b)) {
      if (e.startMs() < a) {
        continue; // belongs to the day before the range
      }
      StringBuilder line = new StringBuilder(128);
      line.append(iso.format(Instant.ofEpochMilli(e.startMs()))).append(',')
          .append(iso.format(Instant.ofEpochMilli(e.endMs()))).append(',')
          .append(e.startMs()).append(',').append(e.endMs()).append(',')
          .append(e.sessionId()).append(',');
      num(line, e.durationSeconds()).append(',');
      num(line, e.peakDeg()).append(',');
      num(line, e.meanDeg()).append(',');
      num(line, e.doseDegMinutes()).append("\r\n");
      w.write(line.toString());
      n[1]++;
    }
    w.flush();
  }

  private static StringBuilder num(StringBuilder b, double v) {
    if (!Double.isNaN(v)) {
      b.append(Math.round(v * 1000) / 1000.0); // millidegrees; String.format is 10x slower
    }
    return b;
  }

  /** Quotes a field when it holds a comma, quote or line break (RFC 4180). */
  static String field(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0
        && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
