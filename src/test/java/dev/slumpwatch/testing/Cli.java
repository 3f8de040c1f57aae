package dev.slumpwatch.testing;

import dev.slumpwatch.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Runs the real command line in this JVM, as {@code slumpwatch ARGS...} would, and keeps
 * what it printed. A fresh {@link CommandLine} each time, so runs share no state.
 */
public final class Cli {
  private Cli() {
  }

  /** What one run did: its exit code and everything printed to stdout and stderr. */
  public record Outcome(int code, String out, String err) {}

  public static Outcome run(String... args) {
    return run(new Main(), args);
  }

  /** With {@code main} at the root (one reaching Pi4J's mock platform, say). */
  public static Outcome run(Main main, String... args) {
    CommandLine cl = Main.commandLine(main);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  /** {@code slumpwatch --data-dir DATA_DIR ARGS...}. */
  public static Outcome runIn(Path dataDir, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--data-dir";
    all[1] = dataDir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return run(all);
  }
}
