package dev.slumpwatch.report;

import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * CSV export: three files, one row per stored second, one per slump episode, and one per
 * day with the day's {@link DayFigures} (the same figures as the report pages). RFC 4180
 * (comma-separated, CRLF line ends, header row, quotes only where needed); unknown values
 * are empty fields, never zero; times are ISO-8601 local date-times with their offset,
 * plus the Unix milliseconds.
 */
public final class CsvExport {
  public static final String SECONDS_HEADER = "time,t_ms,session,second,flexion_mean_deg,"
      + "flexion_min_deg,flexion_max_deg,lateral_mean_deg,activity,slumped";
  public static final String EPISODES_HEADER = "start,end,start_ms,end_ms,session,"
      + "duration_s,peak_deg,mean_deg,dose_deg_min";
  public static final String DAYS_HEADER = "date,recorded_s,worn_s,known_s,seated_s,slump_s,"
      + "slump_flagged_s,upright_pct,episodes,longest_episode_s,dose_deg_min,"
      + "breaks_prompted,breaks_taken,walk_breaks,nudges,extension_prompts,extensions_done,"
      + "extensions_partial,extension_reps,held_back,gap_s,sessions,score,goal_met";

  private CsvExport() {
  }

  /** What was written. */
  public record Result(Path seconds, Path episodes, Path days, long secondRows,
      long episodeRows, long dayRows) {}

  /** The episodes file next to the seconds file: {@code X.csv} → {@code X-episodes.csv}. */
  public static Path episodesFile(Path secondsFile) {
    return sibling(secondsFile, "-episodes.csv");
  }

  /** The days file next to the seconds file: {@code X.csv} → {@code X-days.csv}. */
  public static Path daysFile(Path secondsFile) {
    return sibling(secondsFile, "-days.csv");
  }

  /**
   * The episodes and days files that an earlier export to {@code secondsFile} left without
   * their seconds file: it was stopped (killed, power lost) between renaming its finished
   * files into place, and the seconds file goes last. Only files that begin with this
   * export's own header count; anything else under those names is someone's file.
   */
  public static List<Path> leftovers(Path secondsFile) throws IOException {
    List<Path> out = new ArrayList<>();
    if (Files.exists(secondsFile)) {
      return out;
    }
    Path[] files = {episodesFile(secondsFile), daysFile(secondsFile)};
    String[] headers = {EPISODES_HEADER, DAYS_HEADER};
    for (int i = 0; i < files.length; i++) {
      if (Files.isRegularFile(files[i])) {
        try (BufferedReader r = Files.newBufferedReader(files[i], StandardCharsets.UTF_8)) {
          if (headers[i].equals(r.readLine())) {
            out.add(files[i]);
          }
        } catch (CharacterCodingException e) {
          // not text of ours
        }
      }
    }
    return out;
  }

  private static Path sibling(Path secondsFile, String suffix) {
    String name = secondsFile.getFileName().toString();
    String base = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    return secondsFile.resolveSibling(base + suffix);
  }

  /**
   * Exports days {@code from}..{@code to} (inclusive, local days in {@code zone}). All three
   * files are written under temporary names and appear together, complete, at the end
   * ({@link AtomicFile}), private to the user (0600); none replaces an existing file.
   *
   * @param progress told the number of days written so far
   * @param goalScore the daily goal, for the days file's {@code goal_met}
   * @throws java.nio.file.FileAlreadyExistsException when any of the files exists
   */
  public static Result write(Store store, LocalDate from, LocalDate to, ZoneId zone,
      Path secondsFile, IntConsumer progress, int goalScore)
      throws IOException, StoreException {
    DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
    Path episodesFile = episodesFile(secondsFile);
    Path daysFile = daysFile(secondsFile);
    long[] n = new long[3];
    try (AtomicFile secondsOut = AtomicFile.begin(secondsFile);
        AtomicFile episodesOut = AtomicFile.begin(episodesFile);
        AtomicFile daysOut = AtomicFile.begin(daysFile)) {
      writeSeconds(store, from, to, zone, iso, secondsFile, secondsOut.out(), progress, n);
      writeEpisodes(store, from, to, zone, iso, episodesOut.out(), n);
      writeDays(store, from, to, zone, daysOut.out(), goalScore, n);
      episodesOut.commit(false);
      try {
        daysOut.commit(false);
        secondsOut.commit(false);
      } catch (IOException e) {
        // not one without the others
        Files.deleteIfExists(episodesFile);
        if (Files.exists(daysFile) && !Files.exists(secondsFile)) {
          Files.deleteIfExists(daysFile);
        }
        throw e;
      }
    }
    return new Result(secondsFile, episodesFile, daysFile, n[0], n[1], n[2]);
  }

  private static void writeDays(Store store, LocalDate from, LocalDate to, ZoneId zone,
      OutputStream out, int goalScore, long[] n) throws IOException, StoreException {
    BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    w.write(DAYS_HEADER + "\r\n");
    for (DayFigures f : DayFigures.days(store, from, to, zone)) {
      StringBuilder line = new StringBuilder(160);
      line.append(f.date()).append(',').append(f.recordedSeconds()).append(',')
          .append(f.wornSeconds()).append(',').append(f.knownSeconds()).append(',')
          .append(f.seatedSeconds()).append(',');
      num(line, f.slumpSeconds()).append(',').append(f.flaggedSlumpSeconds()).append(',');
      num(line, f.uprightPercent()).append(',').append(f.episodes()).append(',');
      num(line, f.longestEpisodeSeconds()).append(',');
      num(line, f.slumpDoseDegMinutes()).append(',').append(f.breaksPrompted()).append(',')
          .append(f.breaksTaken()).append(',').append(f.walkBreaks()).append(',')
          .append(f.nudges()).append(',').append(f.extensionsPrompted()).append(',')
          .append(f.extensionsDone()).append(',').append(f.extensionsPartial()).append(',')
          .append(f.extensionReps()).append(',').append(f.heldBack()).append(',');
      num(line, f.gapSeconds()).append(',').append(f.sessions()).append(',');
      if (f.score().isPresent()) {
        line.append(f.score().getAsInt()).append(',').append(f.goalMet(goalScore) ? 1 : 0);
      } else {
        line.append(',');
      }
      w.write(line.append("\r\n").toString());
      n[2]++;
    }
    w.flush();

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
