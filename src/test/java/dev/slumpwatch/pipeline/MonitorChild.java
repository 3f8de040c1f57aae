package dev.slumpwatch.pipeline;

import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.pipeline.SessionSetup.PostureSetup;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

/**
 * A monitoring process for the crash and permission tests: the simulated wearer through
 * {@link SessionRunner} into a real database, in a JVM of its own. Prints, flushed line by
 * line: {@code started}, {@code second N} once second N has been handed to the store
 * writer (the writer is an earlier listener than this one), {@code alert SECONDS KIND},
 * {@code store-error: MESSAGE}, and {@code done} at the end.
 *
 * <p>Arguments: database, session start (Unix ms), speed (sensor s per wall s, or
 * {@code max}), scenario file or built-in scenario name.
 */
public final class MonitorChild {
  private MonitorChild() {
  }

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    long startMs = Long.parseLong(args[1]);
    double speed = "max".equals(args[2]) ? Double.POSITIVE_INFINITY : Double.parseDouble(args[2]);
    Scenario scenario = args[3].endsWith(".scenario") ? Scenario.parse(Path.of(args[3]))
        : Scenario.builtIn(args[3]);
    PrintStream out = new PrintStream(System.out, false, "UTF-8");
    Consumer<String> line = s -> {
      out.println(s);
      out.flush();
    };
    Consumer<PipelineEvent> printer = e -> {
      if (e instanceof PipelineEvent.SessionStarted) {
        line.accept("started");
      } else if (e instanceof PipelineEvent.Second s) {
        line.accept("second " + s.second().second());
      } else if (e instanceof PipelineEvent.AlertFired a) {
        line.accept("alert " + a.alert().sessionSeconds() + " " + a.alert().kind().key());
      }
    };
    SimulatedWearer source = new SimulatedWearer(scenario, new Pacer(speed, System::nanoTime),
        null);
    SessionSetup setup = SessionSetup.of(PostureSetup.learn())
        .withClock(Clock.fixed(Instant.ofEpochMilli(startMs), ZoneOffset.UTC));
    SessionRunner.Result r = SessionRunner.run(new SessionRunner.Spec(source, db, setup,
        "crash test: " + source.describe(), List.of(printer), msg -> {
          out.println("store-error: " + msg);
          out.flush();
        }, 64), null);
    out.println("done " + r.summary().alerts().size() + " alerts");
    out.flush();
  }
}
