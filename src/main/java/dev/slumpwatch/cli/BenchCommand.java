package dev.slumpwatch.cli;

import dev.slumpwatch.bench.Bench;
import dev.slumpwatch.bench.DecoderBench;
import dev.slumpwatch.bench.FilterBench;
import dev.slumpwatch.bench.PipelineBench;
import dev.slumpwatch.bench.PostureBench;
import dev.slumpwatch.bench.ReplayBench;
import dev.slumpwatch.sim.Scenario;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code slumpwatch bench}: prints the figures the budgets in DESIGN.md are checked with.
 * Each subcommand is bounded in time.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measures speed: ns per sample, MB/s. Each run is bounded in time.",
    subcommands = {BenchCommand.PipelineBenchCommand.class, BenchCommand.FilterBenchCommand.class,
        BenchCommand.PostureBenchCommand.class,
        BenchCommand.DecoderBenchCommand.class, BenchCommand.RecordingCommand.class,
        HistoryBenchCommand.class, ClinicBenchCommand.class, AppBenchCommand.class,
        FeedCommand.class})
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
      List<dev.slumpwatch.imu.ImuSample> samples = PipelineBench.samples(minutes * 60);
      Bench.Result r = PipelineBench.run(samples, maxSeconds);
      out.println(r.format());
      out.printf(Locale.ROOT, "an 8 h day at 100 Hz (2,880,000 samples) would take %.2f s%n",
          r.medianNsPerOp() * 2_880_000 / 1e9);
      out.flush();
      return 0;
    }
  }

  /** {@code bench posture}: the posture stages, filter excluded, budget 50 ns per sample. */
  @Command(name = "posture", mixinStandardHelpOptions = true,
      description = "Cost of the posture stages per sample (calibration, flexion and lateral "
          + "bend, slip detector, activity, slump and sitting trackers), the orientation "
          + "filter excluded (budget: 50 ns).")
  static final class PostureBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--minutes", defaultValue = "30",
        description = "minutes of sensor data per round (default: ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--max-seconds", defaultValue = "30",
        description = "time budget for the whole run (default: ${DEFAULT-VALUE})")
    double maxSeconds;

    @Override
    public Integer call() throws Exception {
      if (!(minutes >= 1) || minutes > 120) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--minutes must be in [1, 120], not " + minutes);
      }
      PrintWriter out = spec.commandLine().getOut();
      PostureBench.Inputs in = PostureBench.inputs(PipelineBench.samples(minutes * 60));
      Bench.Result r = PostureBench.run(in, maxSeconds);
      out.println(r.format());
      out.printf(Locale.ROOT, "posture stages: %.1f ns per sample (budget 50 ns)%n",
          r.medianNsPerOp());
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

    @CommandLine.Mixin
    ProtocolOption protocolOption;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (megabytes < 1 || megabytes > 1024) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--megabytes must be 1..1024, not " + megabytes);
      }
      int protocol;
      try {
        protocol = protocolOption.version();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      byte[] stream = DecoderBench.stream(protocol, megabytes);
      Bench.Result r = DecoderBench.run(protocol, stream, maxSeconds);
      out.println(r.format());
      out.printf(Locale.ROOT, "decoder throughput: %.0f MB/s (median; best %.0f MB/s) on %,d "
          + "bytes of 100 Hz sample frames, protocol v%d%n",
          DecoderBench.megabytesPerSecond(r), 1e3 / r.minNsPerOp(),
          stream.length, protocol);
      out.flush();
      return 0;
    }
  }

  /** {@code bench recording}: writes a long synthetic recording for timing replay. */
  @Command(name = "recording", mixinStandardHelpOptions = true,
      description = {"Writes a synthetic recording (the simulated wearer, encoded as the "
          + "firmware would send it) for timing 'slumpwatch replay --max FILE'.",
          "Example: slumpwatch bench recording --hours 8 --out /tmp/8h.swrec"})
  static final class RecordingCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--hours", defaultValue = "8",
        description = "length of sensor time (default: ${DEFAULT-VALUE}): the desk scenario "
            + "with other seeds, back to back")
    double hours;

    @Option(names = "--scenario", paramLabel = "NAME|FILE",
        description = "instead: one run of this scenario (a built-in name or a file), with its "
            + "own seed and clip mounting")
    String scenario;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "the recording to write; must not exist yet")
    java.nio.file.Path out;

    @Override
    public Integer call() throws Exception {
      if (!(hours > 0) || hours > 48) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--hours must be in (0, 48], not " + hours);
      }
      PrintWriter w = spec.commandLine().getOut();
      long t0 = System.nanoTime();
      long n;
      if (scenario != null) {
        Scenario sc = DemoCommand.loadScenario(scenario);
        hours = sc.durationSeconds() / 3600;
        n = ReplayBench.writeRecording(out, sc);
      } else {
        n = ReplayBench.writeRecording(out, hours);
      }
      w.printf(Locale.ROOT, "wrote %,d samples (%.2f h at 100 Hz, %,d bytes) to %s in %.1f s%n",
          n, hours, java.nio.file.Files.size(out), out, (System.nanoTime() - t0) / 1e9);
      w.flush();
      return 0;
    }
  }

  /** {@code bench filter}: one inclination filter update, budget 100 ns. */
  @Command(name = "filter", mixinStandardHelpOptions = true,
      description = "Cost of one inclination filter update (budget: 100 ns).")
  static final class FilterBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--updates", defaultValue = "2000000",
        description = "updates per round (default: ${DEFAULT-VALUE})")
    int updates;

    @Option(names = "--max-seconds", defaultValue = "30",
        description = "time budget for the whole run (default: ${DEFAULT-VALUE})")
    double maxSeconds;

    @Override
    public Integer call() {
      if (updates < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--updates must be at least 1, not " + updates);
      }
      PrintWriter out = spec.commandLine().getOut();
      Bench.Result r = FilterBench.run(FilterBench.readings(updates, 1), maxSeconds);
      out.println(r.format());
      out.flush();
      return 0;
    }
  }
}
