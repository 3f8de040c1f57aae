package dev.slumpwatch.cli;

import dev.slumpwatch.clinic.ClinicException;
import dev.slumpwatch.clinic.ClinicServer;
import dev.slumpwatch.clinic.CohortReport;
import dev.slumpwatch.clinic.FhirExport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code slumpwatch clinic}: the clinic server's side (see docs/clinic.md). */
@Command(name = "clinic", mixinStandardHelpOptions = true,
    description = "For a clinic or workplace programme: set up the server schema, write the "
        + "cohort report, export FHIR observations.",
    subcommands = {ClinicCommand.Migrate.class, ClinicCommand.Report.class,
        ClinicCommand.Fhir.class})
public final class ClinicCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A date range of {@code --from}/{@code --to} options, checked. */
  static LocalDate[] range(CommandLine cl, String from, String to) {
    ZoneId zone = ZoneId.systemDefault();
    LocalDate f = HistoryOptions.date(cl, "--from", from, zone);
    LocalDate t = HistoryOptions.date(cl, "--to", to, zone);
    if (t.isBefore(f)) {
      throw new CommandLine.ParameterException(cl, "--to " + t + " is before --from " + f);
    }
    return new LocalDate[] {f, t};
  }

  static ClinicException failed(String what, ClinicServer.Login login, SQLException e) {
    return new ClinicException("cannot " + what + " as " + login + ": "
        + ClinicServer.oneLine(e), e);
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = "Create or update the clinic schema (Flyway), as the schema owner.")
  static final class Migrate implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ServerOptions server;

    @Override
    public Integer call() throws Exception {
      String version = ClinicServer.migrate(server.login(spec.commandLine()));
      spec.commandLine().getOut().println("clinic schema at version " + version);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Write the cohort page (cohort.html) and its CSV (cohort.csv) for the "
          + "wearers who consented to you.")
  static final class Report implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ServerOptions server;

    @Option(names = "--from", required = true, paramLabel = "DATE")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE")
    String to;

    @Option(names = "--out", defaultValue = ".", paramLabel = "DIR",
        description = "where to write (default: the current directory)")
    Path out;

    @Override
    public Integer call() throws Exception {
      CommandLine cl = spec.commandLine();
      LocalDate[] r = range(cl, from, to);
      ClinicServer.Login login = server.login(cl);
      CohortReport report;
      try {
        report = ClinicServer.withConnection(login, "report",
            c -> CohortReport.load(c, r[0], r[1]));
      } catch (SQLException e) {
        throw failed("read the cohort", login, e);
      }
      PrintWriter o = cl.getOut();
      for (Path p : report.write(out)) {
        o.println("wrote " + p);
      }
      o.printf(Locale.ROOT, "%d wearers, %s to %s; cohort query %.1f ms%n",
          report.wearers().size(), r[0], r[1], report.queryMillis());
      o.flush();
      return 0;
    }
  }

  @Command(name = "fhir", mixinStandardHelpOptions = true,
      description = "Export per-day slump time and worn time as a FHIR R4 Observation "
          + "bundle (JSON).")
  static final class Fhir implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ServerOptions server;

    @Option(names = "--from", required = true, paramLabel = "DATE")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE")
    String to;

    @Option(names = "--wearer", paramLabel = "ID", description = "only this wearer")
    String wearer;

    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path out;

    @Override
    public Integer call() throws Exception {
      CommandLine cl = spec.commandLine();
      LocalDate[] r = range(cl, from, to);
      ClinicServer.Login login = server.login(cl);
      String json;
      try {
        json = ClinicServer.withConnection(login, "fhir",
            c -> FhirExport.bundle(c, r[0], r[1], wearer, Instant.now()));
      } catch (SQLException e) {
        throw failed("read the day summaries", login, e);
      }
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, json, StandardCharsets.UTF_8);
      cl.getOut().println("wrote " + out);
      cl.getOut().flush();
      return 0;
    }
  }
}
