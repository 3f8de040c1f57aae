package dev.slumpwatch.cli;

import dev.slumpwatch.bench.ClinicBench;
import dev.slumpwatch.clinic.ClinicException;
import dev.slumpwatch.clinic.TemporaryCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code slumpwatch bench clinic}: sync throughput and the cohort query (see ClinicBench). */
@Command(name = "clinic", mixinStandardHelpOptions = true,
    description = "Many wearers syncing to a temporary PostgreSQL (rows/s), and the "
        + "clinician's cohort query over them (budget: 1 s for 1,000 wearers x 30 days). "
        + "Needs PostgreSQL's server programs and openssl.")
final class ClinicBenchCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--wearers", defaultValue = "1000",
      description = "synthetic wearers (default: ${DEFAULT-VALUE})")
  int wearers;

  @Option(names = "--cohort-days", defaultValue = "30",
      description = "days of day summaries per wearer for the cohort query "
          + "(default: ${DEFAULT-VALUE})")
  int cohortDays;

  @Option(names = "--threads", defaultValue = "2",
      description = "devices syncing at once (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--max-seconds", defaultValue = "900",
      description = "bound on the sync phase; wearers not started by then are skipped "
          + "(default: ${DEFAULT-VALUE})")
  double maxSeconds;

  @Option(names = "--pg-bin", paramLabel = "DIR",
      description = "PostgreSQL's bin directory (default: $SLUMPWATCH_PG_BIN, else the "
          + "newest /usr/lib/postgresql/N/bin, else the PATH)")
  Path pgBin;

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    if (wearers < 1 || cohortDays < 1 || threads < 1) {
      throw new CommandLine.ParameterException(cl,
          "--wearers, --cohort-days and --threads must be at least 1");
    }
    Path bin = pgBin != null ? pgBin : TemporaryCluster.findBin().orElseThrow(() ->
        new ClinicException("PostgreSQL's server programs (initdb, pg_ctl) were not found: "
            + "apt-get install postgresql, or pass --pg-bin"));
    PrintWriter out = cl.getOut();
    ClinicBench.Result r = ClinicBench.run(bin, wearers, cohortDays, threads, maxSeconds,
        m -> {
          out.println(m);
          out.flush();
        });
    out.println(r.format());
    out.flush();
    return 0;
  }
}
