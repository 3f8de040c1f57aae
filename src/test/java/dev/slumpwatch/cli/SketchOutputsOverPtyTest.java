package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.posture.PostureCalibration;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.testing.SittingSensor;
import dev.slumpwatch.testing.SketchOutput;
import dev.slumpwatch.testing.SocatPair;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 22's acceptance: every sketch output shape ({@link SketchOutput}, 13 shapes, 18
 * with their raw and SI forms) at 3, 10, 50 and 100 readings a second, written into one
 * end of a socat pseudo-terminal pair at that pace and read from the other by the real
 * {@code slumpwatch run} through jSerialComm. The sensor is pitched 25° forward; a stored
 * calibration makes that 25° of flexion. For each: the one line of what the reader
 * concluded (shape, units, measured rate), every reading counted by the link and stored,
 * the stored flexion 25° ± 1°, a warning below 25 Hz and no skipped line.
 *
 * <p>Shapes run {@link #PARALLEL} at a time, each with its own pseudo-terminal and data
 * directory, to keep the test short (slow rates are run for a few seconds only).
 */
class SketchOutputsOverPtyTest {
  @TempDir
  Path dir;

  private static final double PITCH_DEG = 25;
  /**
   * Runs at once: enough to keep the test short, few enough that the writers here keep
   * their pace on a 2-core machine (a writer that falls behind is not a sketch's rate).
   */
  private static final int PARALLEL = 6;

  /** Output a running command writes, readable while it runs. */
  private static final class LiveOutput extends Writer {
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void write(char[] c, int off, int len) {
      text.append(c, off, len);
      notifyAll();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    synchronized boolean await(String s, long millis) throws InterruptedException {
      long end = System.nanoTime() + millis * 1_000_000;
      while (text.indexOf(s) < 0) {
        long left = (end - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        wait(left);
      }
      return true;
    }

    @Override
    public synchronized String toString() {
      return text.toString();
    }
  }

  /** What one sketch over one pty into one {@code run} gave. */
  private record Outcome(String name, int sent, int exit, String out, long stored,
      List<Double> flexion, long gaps) {}

  private Outcome runOne(SketchOutput shape, boolean si, double rateHz, double seconds)
      throws Exception {
    String name = shape + (si ? "-si" : "-raw") + "-" + (int) rateHz + "hz";
    Path work = Files.createDirectories(dir.resolve(name));
    Path data = work.resolve("data");
    PostureCalibration cal = PostureCalibration.fromNeutralAndBend(
        SittingSensor.CALIBRATION_NEUTRAL_UP, SittingSensor.CALIBRATION_BENT_UP);
    CalibrationFile.save(data, "default", new PostureProfile(cal, null, "test"));
    try (SocatPair socat = new SocatPair(work).start()) {
      LiveOutput out = new LiveOutput();
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(out, true));
      int[] exit = {-1};
      double runSeconds = seconds + 4;
      Thread run = new Thread(() -> exit[0] = cl.execute("--data-dir", data.toString(), "run",
          "--port", socat.device().toString(), "--seconds", Double.toString(runSeconds)),
          "run-" + name);
      run.start();
      assertTrue(out.await("open at", 10_000), name + ": port not opened: " + out);
      SittingSensor wearer = new SittingSensor(PITCH_DEG, shape.ordinal() * 10 + (si ? 1 : 0));
      int n = (int) Math.round(seconds * rateHz);
      try (OutputStream o = new FileOutputStream(socat.sensor().toFile())) {
        o.write(shape.banner(si).getBytes(StandardCharsets.ISO_8859_1));
        o.flush();
        long t0 = System.nanoTime() + 200_000_000L; // the banner comes first, as after a reset
        StringBuilder due = new StringBuilder();
        for (int k = 0; k < n; ) {
          long at = t0 + Math.round(k / rateHz * 1e9);
          for (long wait; (wait = at - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(wait);
          }
          // everything due by now goes in one write: if this thread was held up, the
          // readings arrive together, as a UART's would after the host was busy
          long now = System.nanoTime();
          due.setLength(0);
          while (k < n && t0 + Math.round(k / rateHz * 1e9) <= now) {
            double t = k / rateHz;
            due.append(shape.print(t, wearer.at(t), si));
            k++;
          }
          o.write(due.toString().getBytes(StandardCharsets.ISO_8859_1));
          o.flush();
        }
      }
      run.join(Math.round((runSeconds + 30) * 1000));
      long stored = 0;
      long gaps = -1;
      List<Double> flexion = new ArrayList<>();
      Path db = data.resolve(RunCommand.DATABASE);
      if (Files.exists(db)) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery(
                "SELECT samples, flexion_mean FROM posture_seconds ORDER BY second")) {
          while (rs.next()) {
            stored += rs.getLong(1);
            double f = rs.getDouble(2);
            if (!rs.wasNull()) {
              flexion.add(f);
            }
          }
          try (ResultSet g = st.executeQuery("SELECT count(*) FROM gaps")) {
            gaps = g.getLong(1);
          }
        }
      }
      return new Outcome(name, n, exit[0], out.toString(), stored, flexion, gaps);
    }
  }

  private static final Pattern LINK_SAMPLES = Pattern.compile("link: [\\d,]+ bytes, [\\d,]+ "
      + "frames, ([\\d,]+) samples");
  private static final Pattern RATE = Pattern.compile("([\\d.]+) Hz \\((measured|from the time column)\\)");

  /** Everything wrong with one outcome, or "" when it holds. */
  private static String problems(Outcome o, SketchOutput shape, boolean si, double rateHz) {
    List<String> p = new ArrayList<>();
    if (o.exit() != 0) {
      p.add("exit " + o.exit());
    }
    String concluded = null;
    for (String line : o.out().split("\r?\n|\r")) {
      if (line.contains(shape.concluded)) {
        concluded = line;
      }
    }
    if (concluded == null) {
      p.add("no line concluding '" + shape.concluded + "'");
    } else {
      String units = shape.unitsConcluded(si);
      if (!concluded.contains(units)) {
        p.add("units not '" + units + "' in: " + concluded);
      }
      Matcher m = RATE.matcher(concluded);
      double measured = m.find() ? Double.parseDouble(m.group(1)) : -1;
      if (Math.abs(measured - rateHz) > rateHz * 0.1) {
        p.add("rate " + measured + " Hz measured for " + rateHz + ": " + concluded);
      }
    }
    Matcher m = LINK_SAMPLES.matcher(o.out());
    long linkSamples = m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
    if (linkSamples != o.sent()) {
      p.add("link counted " + linkSamples + " of " + o.sent() + " readings");
    }
    if (o.stored() != o.sent()) {
      p.add("stored " + o.stored() + " of " + o.sent() + " readings");
    }
    if (o.gaps() != 0) {
      p.add(o.gaps() + " gaps stored in a stream without any");
    }
    if (o.flexion().isEmpty()) {
      p.add("no second with a known flexion");
    }
    for (double f : o.flexion()) {
      if (Math.abs(f - PITCH_DEG) > 1) {
        p.add(String.format(Locale.ROOT, "flexion %.2f° stored for a %.0f° pitch", f,
            PITCH_DEG));
        break;
      }
    }
    boolean warned = o.out().contains("is slow for posture");
    if (warned != rateHz < 25) {
      p.add(warned ? "warned about a rate of " + rateHz + " Hz" : "no warning at " + rateHz
          + " Hz");
    }
    if (o.out().contains("skipped")) {
      p.add("lines skipped: " + o.out().lines().filter(l -> l.contains("skipped")).toList());
    }
    return String.join("; ", p);
  }

  private void allShapesAt(double rateHz, double seconds) throws Exception {
    List<SketchOutput> shapes = new ArrayList<>();
    List<Boolean> forms = new ArrayList<>();
    for (SketchOutput s : SketchOutput.values()) {
      if (s.raw) {
        shapes.add(s);
        forms.add(false);
      }
      if (s.si) {
        shapes.add(s);
        forms.add(true);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<Future<Outcome>> runs = new ArrayList<>();
      for (int i = 0; i < shapes.size(); i++) {
        SketchOutput s = shapes.get(i);
        boolean si = forms.get(i);
        runs.add(pool.submit(() -> runOne(s, si, rateHz, seconds)));
      }
      List<String> failed = new ArrayList<>();
      int readings = 0;
      for (int i = 0; i < runs.size(); i++) {
        Outcome o = runs.get(i).get(5, TimeUnit.MINUTES);
        readings += o.sent();
        SketchOutput shape = shapes.get(i);
        String concluded = o.out().lines().filter(l -> l.contains(shape.concluded))
            .findFirst().orElse("device: (no conclusion)");
        System.err.printf(Locale.ROOT, "  %-34s %s%n", o.name(), concluded.substring(
            concluded.indexOf("device: ") + 8));
        String p = problems(o, shapes.get(i), forms.get(i), rateHz);
        if (!p.isEmpty()) {
          failed.add(o.name() + ": " + p + "\n--- output:\n" + o.out());
        }
      }
      System.err.printf(Locale.ROOT, "sketch outputs over a pty at %.0f Hz: %d of %d shapes "
          + "read right, %d readings%n", rateHz, runs.size() - failed.size(), runs.size(),
          readings);
      assertEquals(List.of(), failed);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void everyShapeAt3Hz() throws Exception {
    allShapesAt(3, 6);
  }

  @Test
  void everyShapeAt10Hz() throws Exception {
    allShapesAt(10, 4);
  }

  @Test
  void everyShapeAt50Hz() throws Exception {
    allShapesAt(50, 5);
  }

  @Test
  void everyShapeAt100Hz() throws Exception {
    allShapesAt(100, 5);
  }
}
