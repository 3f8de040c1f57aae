package dev.slumpwatch.pipeline;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.sim.SimulatedWearer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

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
    PipelineListener printer = new PipelineListener() {
      @Override
      public void sessionStarted(long firstDeviceMicros) {
        line("started");
      }

      @Override
      public void second(PostureSecond s) {
        line("second " + s.second());
      }

      @Override
      public void alert(Alert a) {
        line("alert " + a.sessionSeconds() + " " + a.kind().key());
      }

      private void line(String s) {
        out.println(s);
        out.flush();
      }
    };
    SimulatedWearer source = new SimulatedWearer(scenario, new Pacer(speed, System::nanoTime),
        null);
    SessionRunner.Result r = SessionRunner.run(new SessionRunner.Spec(source, db,
        Clock.fixed(Instant.ofEpochMilli(startMs), ZoneOffset.UTC), "crash test: "
        + source.describe(), null, SimulatedWearer.calibrationPlan(scenario), printer,
        msg -> {
          out.println("store-error: " + msg);
          out.flush();
        }, 64), null);
    out.println("done " + r.summary().alerts().size() + " alerts");
    out.flush();
  }
}
