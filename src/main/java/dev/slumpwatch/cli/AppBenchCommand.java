package dev.slumpwatch.cli;

import dev.slumpwatch.app.App;
import dev.slumpwatch.app.AppController;
import dev.slumpwatch.app.EdtWatch;
import dev.slumpwatch.bench.ReplayBench;
import dev.slumpwatch.protocol.TextFormat;
import dev.slumpwatch.sensor.pi.PiI2cSampleSource;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
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
 * simulated wearer at the wearer's pace, by default its frames over a serial pseudo-terminal
 * from a process of its own, as a sensor's arrive) with the window open: the process's CPU time and
 * share of one core over a measuring window after a warm-up, its resident memory, the
 * threads that used the CPU, and the event-dispatch thread's longest event. Budget
 * (DESIGN.md): at most 3 % of one core and 250 MB RSS, the event-dispatch thread never
 * blocked for more than 50 ms. Needs a display (xvfb-run will do).
 */
@Command(name = "app", mixinStandardHelpOptions = true,
    description = {"CPU share, CPU time and RSS of the desktop app monitoring the simulated "
        + "wearer at 100 Hz with its window open (budget: 3 %% of one core, 250 MB RSS, no "
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

  @Option(names = "--stream", defaultValue = "serial", paramLabel = "serial|sim",
      description = "serial (default): the simulated wearer's frames come over a serial "
          + "pseudo-terminal (socat) from another process, as a sensor's do, so the figures "
          + "are the app's alone; sim: the simulated wearer inside the app")
  String stream;

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
    boolean serial = switch (stream) {
      case "serial" -> true;
      case "sim" -> false;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--stream must be serial or sim, not '" + stream + "'");
    };
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("slumpwatch-bench-app");
    Main main = new Main();
    Scenario scenario = Scenario.builtIn("desk-2h");
    SensorEnd sensor = serial ? SensorEnd.start(dir, warmupSeconds + seconds + 60, out) : null;
    AppController.Choice initial = serial
        ? new AppController.Serial(SerialSampleSource.Settings.of(sensor.device().toString(),
            115200, TextFormat.DEFAULTS))
        : new AppController.Simulated(scenario, 1);
    EdtWatch watch = EdtWatch.install();
    App app = App.start(AppCommand.options(main, dir, EffectiveSettings.defaults(), "default",
        scenario, 1, port -> SerialSampleSource.Settings.of(port, 115200, TextFormat.DEFAULTS),
        PiI2cSampleSource.Settings.of(1, 0x68), initial, "light", NO_LOGIN, m -> { }));
    try {
      if (serial) {
        sensor.feed();
      }
      out.printf(Locale.ROOT, "bench app: the window open, %s at 100 Hz (the wearer's own "
          + "pace); warming up %.0f s, then measuring %.0f s%n", serial ? "the simulated "
          + "wearer's frames over a serial pseudo-terminal from another process"
          : "the simulated wearer inside the app", warmupSeconds, seconds);
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
          + "its CPU), %d over %d ms%s%n", watch.events(), watch.maxMillis(),
          watch.maxCpuMillis(), watch.overLimit(), EdtWatch.LIMIT_MILLIS,
          watch.hostTook() == 0 ? "" : String.format(Locale.ROOT, " and %d more while this "
              + "virtual machine's host took the processor (%s)", watch.hostTook(),
              String.join("; ", watch.hostTookEvents())));
      long simulator = 0;
      for (Map.Entry<Long, Long> e : cpuAfter.entrySet()) {
        ThreadInfo info = threads.getThreadInfo(e.getKey());
        if (info != null && info.getThreadName().equals("slumpwatch-reader")) {
          simulator += e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L);
        }
      }
      if (serial) {
        out.printf(Locale.ROOT, "of which the serial port's reader thread (reading, decoding): "
            + "%.2f s; the sensor end (its own process, not counted): %s%n", simulator / 1e9,
            sensor.cpu());
      } else {
        out.printf(Locale.ROOT, "of which the simulated wearer making its samples (the reader "
            + "thread; a serial port's reader only reads): %.2f s; the rest, %.2f %% of one "
            + "core%n", simulator / 1e9, 100.0 * (cpu - simulator) / wall);
      }
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
      if (sensor != null) {
        sensor.stop();
      }
      deleteQuietly(dir);
    }
  }

  /**
   * The sensor's end of the serial link: a pseudo-terminal pair made by socat, and a process
   * of its own ({@code bench feed}) writing a recording of the simulated wearer into it at
   * 100 Hz.
   */
  private static final class SensorEnd {
    private final Path device;
    private final Path sensorSide;
    private final Path recording;
    private final Process socat;
    private Process feeder;

    private SensorEnd(Path device, Path sensorSide, Path recording, Process socat) {
      this.device = device;
      this.sensorSide = sensorSide;
      this.recording = recording;
      this.socat = socat;
    }

    static SensorEnd start(Path dir, double seconds, PrintWriter out) throws Exception {
      Path recording = dir.resolve("stream.swrec");
      out.printf(Locale.ROOT, "bench app: writing %.0f s of the simulated wearer to %s%n",
          seconds, recording);
      out.flush();
      ReplayBench.writeRecording(recording, seconds / 3600);
      Path device = dir.resolve("device");
      Path sensorSide = dir.resolve("sensor");
      Process socat;
      try {
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + device,
            "pty,raw,echo=0,link=" + sensorSide).redirectErrorStream(true)
            .redirectOutput(dir.resolve("socat.log").toFile()).start();
      } catch (IOException e) {
        throw new IllegalStateException("bench app --stream serial needs socat for the "
            + "pseudo-terminal pair (Debian/Ubuntu: apt-get install socat), or use --stream "
            + "sim: " + e.getMessage());
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!(Files.exists(device) && Files.exists(sensorSide))) {
        if (!socat.isAlive() || System.nanoTime() > deadline) {
          socat.destroy();
          throw new IllegalStateException("socat did not make the pseudo-terminal pair within "
              + "10 s: " + Files.readString(dir.resolve("socat.log")));
        }
        Thread.sleep(20);
      }
      return new SensorEnd(device, sensorSide, recording, socat);
    }

    Path device() {
      return device;
    }

    /** Starts writing, in a process of its own. */
    void feed() throws IOException {
      String java = ProcessHandle.current().info().command().orElse("java");
      feeder = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          Main.class.getName(), "bench", "feed", "--recording", recording.toString(),
          "--port", sensorSide.toString()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    String cpu() {
      return feeder == null ? "not started" : feeder.info().totalCpuDuration()
          .map(d -> String.format(Locale.ROOT, "%.2f s of CPU so far", d.toMillis() / 1e3))
          .orElse("its CPU time is not known");
    }

    void stop() {
      if (feeder != null) {
        feeder.destroy();
      }
      socat.destroy();
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
