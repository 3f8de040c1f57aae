package dev.slumpwatch.cli;

import dev.slumpwatch.orientation.InclinationFilter;
import dev.slumpwatch.orientation.InclinationSmoother;
import dev.slumpwatch.orientation.MadgwickFilter;
import dev.slumpwatch.orientation.broad.BroadEvaluation;
import dev.slumpwatch.orientation.broad.BroadEvaluation.Comparison;
import dev.slumpwatch.orientation.broad.BroadEvaluation.TrialResult;
import dev.slumpwatch.orientation.broad.BroadEvaluation;
import dev.slumpwatch.orientation.broad.BroadTrial;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code slumpwatch evaluate}: accuracy against recordings with ground truth. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Measures accuracy against recordings with ground truth.",
    subcommands = {EvaluateCommand.Broad.class})
public final class EvaluateCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code evaluate broad DIR}: BROAD inclination RMSE, ours causal and smoothed, and the
   * Madgwick baseline.
   */
  @Command(name = "broad", mixinStandardHelpOptions = true,
      description = {"Runs the inclination filter over every BROAD trial (*.hdf5) in DIR, from "
          + "the first sample, one parameter set, gyro bias left in, and prints BROAD's "
          + "inclination RMSE over the movement phases per trial and the mean over trials: "
          + "the causal filter (what the live display shows) and the fixed-lag smoother on it "
          + "(what the posture path uses) side by side. The plain Madgwick filter with a "
          + "fixed beta is run alongside as the baseline.",
          "The last two lines are: smoothed mean inclination RMSE: X.XX deg over N trials "
              + "(lag L s), then mean inclination RMSE: X.XX deg over N trials (the causal "
              + "filter)."})
  static final class Broad implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "directory of BROAD trial files (*.hdf5)")
    Path dir;

    @Option(names = "--rate", paramLabel = "HZ",
        description = "block-average the IMU data to about this rate first (95 or 48; "
            + "default: the native rate, about 285.7 Hz)")
    Double rateHz;

    @Option(names = "--beta", paramLabel = "RAD_PER_S",
        description = "beta of the Madgwick baseline (default: " + MadgwickFilter.BASELINE_BETA
            + ", the best fixed beta on these ten trials at 95 Hz)")
    double beta = MadgwickFilter.BASELINE_BETA;

    @Option(names = "--lag", paramLabel = "SECONDS",
        description = "the smoother's lag, 0 to 1 s (default: its default, "
            + "${DEFAULT-VALUE} s)")
    double lagSeconds = InclinationSmoother.Settings.DEFAULTS.lagSeconds();

    @Override
    public Integer call() throws Exception {
      if (rateHz != null && !(rateHz > 0 && rateHz < 1e6)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--rate must be a positive number of Hz, not " + rateHz);
      }
      if (!(beta >= 0)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--beta must be ≥ 0, not " + beta);
      }
      InclinationSmoother.Settings smoother;
      try {
        smoother = InclinationSmoother.Settings.DEFAULTS.with(
            InclinationSmoother.Settings.LAG_SECONDS, lagSeconds);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--lag: " + e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      List<BroadTrial> trials = new ArrayList<>();
      for (Path f : BroadEvaluation.trialFiles(dir)) {
        BroadTrial t = BroadTrial.read(f);
        int factor = rateHz == null ? 1 : BroadEvaluation.factorFor(t.rateHz(), rateHz);
        trials.add(t.downsampled(factor));
      }
      InclinationFilter.Settings settings = InclinationFilter.Settings.GENERAL;
      List<Comparison> ours = new ArrayList<>();
      List<TrialResult> baseline = new ArrayList<>();
      for (BroadTrial t : trials) {
        ours.add(BroadEvaluation.runSmoothed(t, settings, smoother));
        baseline.add(BroadEvaluation.run(t, () -> BroadEvaluation.madgwick(beta)));
      }
      out.printf(Locale.ROOT, "BROAD inclination RMSE over movement phases, %d trials in %s%n",
          trials.size(), dir);
      out.printf(Locale.ROOT, "causal: slumpwatch inclination filter, general settings (1.5 s "
          + "rests); smoothed: the fixed-lag smoother on it, lag %.2f s, tau %.1f s, past "
          + "weight %.2f; baseline: Madgwick 6-D, beta = %.3f rad/s%n%n", smoother.lagSeconds(),
          smoother.accelTimeConstantSeconds(), smoother.pastWeight(), beta);
      out.printf(Locale.ROOT, "%-46s %8s %8s %10s %10s %10s%n", "trial", "rate Hz", "scored",
          "causal deg", "smoothed", "Madgwick");
      for (int i = 0; i < ours.size(); i++) {
        TrialResult r = ours.get(i).causal();
        out.printf(Locale.ROOT, "%-46s %8.1f %8d %10.2f %10.2f %10.2f%n", r.trial(),
            r.rateHz(), r.scored(), r.inclinationRmseDeg(),
            ours.get(i).smoothed().inclinationRmseDeg(), baseline.get(i).inclinationRmseDeg());
      }
      out.println();
      double causalMean = BroadEvaluation.mean(ours, false);
      double smoothedMean = BroadEvaluation.mean(ours, true);
      out.printf(Locale.ROOT, "Madgwick (beta %.3f) mean inclination RMSE: %.2f deg over %d "
          + "trials%n", beta, BroadEvaluation.mean(baseline), baseline.size());
      out.printf(Locale.ROOT, "smoothed mean inclination RMSE: %.2f deg over %d trials "
          + "(lag %.2f s; %.1f %% below the causal filter)%n", smoothedMean, ours.size(),
          smoother.lagSeconds(), 100 * (1 - smoothedMean / causalMean));
      out.printf(Locale.ROOT, "mean inclination RMSE: %.2f deg over %d trials%n",
          causalMean, ours.size());
      out.flush();
      return 0;
    }
  }
}
