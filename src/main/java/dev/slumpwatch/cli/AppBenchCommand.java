package dev.slumpwatch.cli;

import dev.slumpwatch.app.App;
import dev.slumpwatch.app.AppController;
import dev.slumpwatch.protocol.TextFormat;
import dev.slumpwatch.sensor.pi.PiI2cSampleSource;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import dev.slumpwatch.app.EdtWatch;
import dev.slumpwatch.settings.EffectiveSettings;
import dev.slumpwatch.sim.Scenario;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code slumpwatch bench app}: the desktop app's cost while it monitors a 100 Hz stream (the
 * simulated wearer at the wearer's pace) with the window open: the process's CPU time and
 * share of one core over a measuring window after a warm-up, its resident memory, the
 * threads that used the CPU, and the event-dispatch thread's longest event. Budget
 * (DESIGN.md): at most 3 % of one core and 250 MB RSS, the event-dispatch thread never
 * blocked for more than 50 ms. Needs a display (xvfb-run will do).
 */
@Command(name = "app", mixinStandardHelpOptions = true,
    description = {"CPU share, CPU time and RSS of the desktop app monitoring the simulated "
        + "wearer at 100 Hz with its window open (budget: 3 % of one core, 250 MB RSS, no "
        + "event-dispatch event over 50 ms). Needs a display: 'xvfb-run -a slumpwatch bench "
        + "app' on a machine without one."})
final class AppBenchCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  BenchCommand bench;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--warmup", defaultValue = "20",
      description = "seconds before measuring (start-up, JIT) (default: ${DEFAULT-VALUE})")
  double warmupSeconds;

  @Option(names = "--seconds", defaultValue = "60",
      description = "seconds measured (default: ${DEFAULT-VALUE})")
  double seconds;

  /** A benchmark leaves the desktop's login entries alone. */
  private static final App.StartAtLogin NO_LOGIN = new App.StartAtLogin() {
    @Override
    public Status status() {
      return new Status(false, "Off: not switched from a benchmark");
    }

    @Override
    public Status set(boolean on) {
      return status();
    }
  };

  @Override
  public Integer call() throws Exception {
    if (!(warmupSeconds >= 0) || !(seconds > 0) || warmupSeconds + seconds > 3600) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--warmup (≥ 0) and --seconds (> 0) must add up to at most 3600 s");
    }
    if (GraphicsEnvironment.isHeadless()) {
      throw new IllegalStateException("bench app needs a display, and there is none here; "
          + "run it as 'xvfb-run -a slumpwatch bench app'");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("slumpwatch-bench-app");
    Main main = new Main();
    Scenario scenario = Scenario.builtIn("desk-2h");
    EdtWatch watch = EdtWatch.install();
    App app = App.start(AppCommand.options(main, dir, EffectiveSettings.defaults(), "default",
        scenario, 1, port -> SerialSampleSource.Settings.of(port, 115200, TextFormat.DEFAULTS),
        PiI2cSampleSource.Settings.of(1, 0x68), new AppController.Simulated(scenario, 1),
        "light", NO_LOGIN, m -> { }));
    try {
      out.printf(Locale.ROOT, "bench app: the window open, the simulated wearer at 100 Hz "
          + "(its own pace); warming up %.0f s, then measuring %.0f s%n", warmupSeconds,
          seconds);
      out.flush();
      Thread.sleep(Math.round(warmupSeconds * 1000));
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      Map<Long, Long> cpuBefore = threadCpu(threads);
      long gc0 = gcMillis();
      long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
      long cpu0 = processCpuNanos();
      long wall0 = System.nanoTime();
      watch.reset();
      Thread.sleep(Math.round(seconds * 1000));
      long wall = System.nanoTime() - wall0;
      long cpu = processCpuNanos() - cpu0;
      Map<Long, Long> cpuAfter = threadCpu(threads);
      long gc = gcMillis() - gc0;
      long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0;
      long[] rss = rssKb();
      double share = 100.0 * cpu / wall;
      out.printf(Locale.ROOT, "process CPU: %.2f s in %.1f s = %.2f %% of one core "
          + "(budget 3 %%)%n", cpu / 1e9, wall / 1e9, share);
      out.printf(Locale.ROOT, "RSS: %.0f MB now, %.0f MB peak (budget 250 MB); heap used "
          + "%.0f MB of max %.0f MB%n", rss[0] / 1024.0, rss[1] / 1024.0,
          usedHeapBytes() / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
      out.printf(Locale.ROOT, "event-dispatch thread: %d events, longest %.1f ms (%.1f ms of "
          + "its CPU), %d over %d ms%n", watch.events(), watch.maxMillis(), watch.maxCpuMillis(),
          watch.overLimit(), EdtWatch.LIMIT_MILLIS);
      long simulator = 0;
      for (Map.Entry<Long, Long> e : cpuAfter.entrySet()) {
        ThreadInfo info = threads.getThreadInfo(e.getKey());
        if (info != null && info.getThreadName().equals("slumpwatch-reader")) {
          simulator += e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L);
        }
      }
      out.printf(Locale.ROOT, "of which the simulated wearer making its samples (the reader "
          + "thread; a serial port's reader only reads): %.2f s; the rest, %.2f %% of one "
          + "core%n", simulator / 1e9, 100.0 * (cpu - simulator) / wall);
      out.println("busiest threads (CPU seconds in the window):");
      cpuAfter.entrySet().stream()
          .map(e -> Map.entry(e.getKey(), e.getValue() - cpuBefore.getOrDefault(e.getKey(),
              0L)))
          .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(10)
          .forEach(e -> {
            ThreadInfo info = threads.getThreadInfo(e.getKey());
            out.printf(Locale.ROOT, "  %-32s %.3f s%n", info == null ? "(ended)"
                : info.getThreadName(), e.getValue() / 1e9);
          });
      out.printf(Locale.ROOT, "outside those threads: garbage collection %.2f s (pauses), JIT "
          + "compiling %.2f s%n", gc / 1e3, jit / 1e3);
      out.printf(Locale.ROOT, "samples processed: posture %s; the machine's load average "
          + "%.1f on %d cores (figures taken on a busy machine are noisy)%n",
          app.model().snapshot().posture().words(), ManagementFactory.getOperatingSystemMXBean()
          .getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
      out.flush();
      return share <= 3 && rss[0] <= 250 * 1024 ? 0 : 1;
    } finally {
      app.quit();
      app.awaitQuit(Duration.ofSeconds(30));
      deleteQuietly(dir);
    }
  }

  private static Map<Long, Long> threadCpu(ThreadMXBean threads) {
    Map<Long, Long> m = new LinkedHashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t >= 0) {
        m.put(id, t);
      }
    }
    return m;
  }

  private static long gcMillis() {
    long t = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      t += Math.max(0, gc.getCollectionTime());
    }
    return t;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long usedHeapBytes() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** VmRSS and VmHWM from /proc/self/status, kB; -1 where not available. */
  static long[] rssKb() {
    long[] r = {-1, -1};
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          r[0] = Long.parseLong(line.replaceAll("\\D", ""));
        } else if (line.startsWith("VmHWM:")) {
          r[1] = Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: left at -1
    }
    return r;
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: the system cleans it
    }
  }
}
