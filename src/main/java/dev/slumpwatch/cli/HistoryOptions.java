package dev.slumpwatch.cli;

import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Which history {@code report} and {@code export} read: the wearer's, the demo's, or a file. */
final class HistoryOptions {
  @Option(names = "--db", paramLabel = "FILE",
      description = "read this database instead of DATA_DIR/slumpwatch.db")
  Path db;

  @Option(names = "--demo", description = "read the demo's database (DATA_DIR/demo/)")
  boolean demo;

  Path database(Path dataDir) {
    if (db != null) {
      return db;
    }
    return demo ? dataDir.resolve("demo").resolve(DemoRun.DATABASE)
        : dataDir.resolve(RunCommand.DATABASE);
  }

  /**
   * Where reports go by default: the demo's own folder for the demo's history, so a demo
   * report never overwrites the wearer's page of the same day.
   */
  Path reportsDir(Path dataDir) {
    return demo ? dataDir.resolve("demo").resolve("reports") : dataDir.resolve("reports");
  }

  /** Opens an existing history; never creates one. */
  Store open(Path dataDir) throws IOException, StoreException {
    Path f = database(dataDir);
    if (!Files.isRegularFile(f)) {
      throw new IOException("no history at " + f + " (nothing recorded yet? 'slumpwatch run' "
          + "records, '--demo' reads the demo's, '--db FILE' another file)");
    }
    return openExisting(f);
  }

  /**
   * An existing history, to read: opened (and upgraded) as usual when it may be written,
   * else read as it is ({@link Store#openReadOnly}): a read-only copy or mount is read,
   * not refused.
   */
  static Store openExisting(Path f) throws StoreException {
    Path dir = f.toAbsolutePath().getParent();
    boolean writable = Files.isWritable(f) && (dir == null || Files.isWritable(dir));
    return writable ? Store.open(f) : Store.openReadOnly(f);
  }

  /** An ISO date (2026-03-02), or {@code today} / {@code yesterday}. */
  static LocalDate date(CommandLine cl, String option, String value, ZoneId zone) {
    if ("today".equals(value)) {
      return LocalDate.now(zone);
    }
    if ("yesterday".equals(value)) {
      return LocalDate.now(zone).minusDays(1);
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new CommandLine.ParameterException(cl, option + " takes a date like 2026-03-02 "
          + "(or today, yesterday), not '" + value + "'");
    }
  }
}
