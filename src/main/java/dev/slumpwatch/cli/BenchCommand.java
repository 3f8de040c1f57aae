package dev.slumpwatch.cli;

import dev.slumpwatch.bench.Bench;
import dev.slumpwatch.bench.PipelineBench;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slumpwatch bench}: prints the figures the budgets in DESIGN.md are checked with.
 * Each subcommand is bounded in time.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measures speed: ns per sample, MB/s. Each run is bounded in time.",
    subcommands = {BenchCommand.PipelineBenchCommand.class,
        BenchCommand.DecoderBenchCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code bench pipeline}: the processing chain, decode excluded, per sample. */
  @Command(name = "pipeline", mixinStandardHelpOptions = true,
      description = "Cost of the processing chain per sample, on simulated-wearer samples.")
  static final class PipelineBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--minutes", defaultValue = "30",
        description = "minutes of sensor data per round (default: ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--max-seconds", defaultValue = "60",
        description = "time budget for the whole run (default: ${DEFAULT-VALUE})")
    double maxSeconds;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      List<dev.slumpwatch.sensor.ImuSample> samples = PipelineBench.samples(minutes * 60);
      Bench.Result r = PipelineBench.run(samples, maxSeconds);
      out.println(r.format());
      out.printf(Locale.ROOT, "an 8 h day at 100 Hz (2,880,000 samples) would take %.2f s%n",
          r.medianNsPerOp() * 2_880_000 / 1e9);
      out.flush();
      return 0;
    }
  }

  /** {@code bench decoder}: the binary frame decoder's throughput. */
  @Command(name = "decoder", mixinStandardHelpOptions = true,
      description = "Throughput of the binary frame decoder in MB/s (budget: >= 100 MB/s).")
  static final class DecoderBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--megabytes", defaultValue = "64",
        description = "size of the prepared stream (default: ${DEFAULT-VALUE})")
    int megabytes;

    @Option(names = "--max-seconds", defaultValue = "30",
        description = "time budget for the whole run (default: ${DEFAULT-VALUE})")
    double maxSeconds;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (megabytes < 1 || megabytes > 1024) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--megabytes must be 1..1024, not " + megabytes);
      }
      byte[] stream = dev.slumpwatch.bench.DecoderBench.stream(megabytes);
      Bench.Result r = dev.slumpwatch.bench.DecoderBench.run(stream, maxSeconds);
      out.println(r.format());
      out.printf(Locale.ROOT, "decoder throughput: %.0f MB/s (median; best %.0f MB/s) on %,d "
          + "bytes of 100 Hz sample frames%n",
          dev.slumpwatch.bench.DecoderBench.megabytesPerSecond(r), 1e3 / r.minNsPerOp(),
          stream.length);
      out.flush();
      return 0;
    }
  }
}
