package dev.slumpwatch.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.slumpwatch.clinic.ClinicException;
import dev.slumpwatch.clinic.ClinicServer;
import dev.slumpwatch.clinic.Consents;
import dev.slumpwatch.clinic.SyncClient;
import dev.slumpwatch.store.SyncOutbox;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code slumpwatch sync}: sharing with a clinic server, which the wearer turns on and
 * off. The local history stays the truth; see docs/clinic.md.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = "Share your day summaries (and, if you choose, the detail) with a clinic "
        + "server. Off until you configure it.",
    subcommands = {SyncCommand.Configure.class, SyncCommand.Consent.class,
        SyncCommand.Withdraw.class, SyncCommand.Status.class, SyncCommand.Now.class})
public final class SyncCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The wearer's history this command works on. */
  static Path database(Main main) {
    return main.dataDir().resolve(RunCommand.DATABASE);
  }

  static SyncOutbox.Config configured(SyncOutbox o, Path db) throws Exception {
    SyncOutbox.Config c = o.config();
    if (c.url() == null) {
      throw new ClinicException("sync is not configured for " + db
          + " (slumpwatch sync configure --url ... --user ... --password-file ...)");
    }
    return c;
  }

  static ClinicServer.Login login(SyncOutbox.Config c) throws ClinicException {
    return new ClinicServer.Login(c.url(), c.user(), ClinicServer.readPassword(c.passwordFile()));
  }

  @Command(name = "configure", mixinStandardHelpOptions = true,
      description = "Set the clinic server and your login, and start queueing your history "
          + "for it. Nothing leaves this machine until you also give consent (sync consent).")
  static final class Configure implements Callable<Integer> {
    @CommandLine.ParentCommand
    SyncCommand parent;

    @CommandLine.Mixin
    ServerOptions server;

    @Option(names = "--zone", paramLabel = "ZONE",
        description = "your time zone, which decides a row's day (default: this machine's)")
    ZoneId zone;

    @Option(names = "--since", paramLabel = "DATE",
        description = "share history from this day on (default: all of it)")
    String since;

    @Override
    public Integer call() throws Exception {
      CommandLine cl = parent.spec.commandLine();
      PrintWriter out = cl.getOut();
      Main main = (Main) parent.spec.root().userObject();
      ZoneId z = zone != null ? zone : ZoneId.systemDefault();
      ClinicServer.Login login = server.login(cl);
      long sinceMs = since == null ? 0 : HistoryOptions.date(cl, "--since", since, z)
          .atStartOfDay(z).toInstant().toEpochMilli();
      Path db = database(main);
      Files.createDirectories(db.getParent());
      try (SyncOutbox o = SyncOutbox.open(db)) {
        o.configure(login.url(), login.user(), server.passwordFile, z);
        long queued = o.enable(sinceMs);
        out.printf("sync configured for %s: %s; %d items queued%n", db, login, queued);
      }
      String warning = ClinicServer.tlsWarning(login.url());
      if (warning != null) {
        out.println("warning: " + warning);
      }
      try {
        Map<String, SyncOutbox.Level> consents = ClinicServer.withConnection(login,
            "configure", Consents::list);
        out.println(consents.isEmpty() ? "server reached; no consent given yet: nothing is "
            + "sent until 'slumpwatch sync consent --clinician ID --level days|detail'"
            : "server reached; consents: " + consents);
      } catch (SQLException e) {
        out.println("the server could not be reached now (" + ClinicServer.oneLine(e)
            + "); the queue is kept and sent once it can");
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "consent", mixinStandardHelpOptions = true,
      description = "Consent to a clinician seeing your day summaries (days) or also your "
          + "per-minute totals, slump episodes and prompt outcomes (detail).")
  static final class Consent implements Callable<Integer> {
    @CommandLine.ParentCommand
    SyncCommand parent;

    @Option(names = "--clinician", required = true, paramLabel = "ID")
    String clinician;

    @Option(names = "--level", required = true, paramLabel = "days|detail")
    String level;

    @Override
    public Integer call() throws Exception {
      CommandLine cl = parent.spec.commandLine();
      SyncOutbox.Level l;
      try {
        l = SyncOutbox.Level.fromKey(level);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cl, "--level: " + e.getMessage());
      }
      Path db = database((Main) parent.spec.root().userObject());
      try (SyncOutbox o = SyncOutbox.open(db)) {
        SyncOutbox.Config c = configured(o, db);
        ClinicServer.Login login = login(c);
        try (HikariDataSource pool = ClinicServer.pool(login, "consent", 1);
            Connection conn = pool.getConnection()) {
          Consents.grant(conn, clinician, l);
        } catch (SQLException e) {
          throw new ClinicException("cannot record the consent on " + login + ": "
              + ClinicServer.oneLine(e));
        }
        // what was recorded before (or under a narrower consent) goes too
        long queued = o.enable(c.sinceMs());
        cl.getOut().printf("consent recorded: %s sees your %s; %d items queued%n", clinician,
            l == SyncOutbox.Level.DAYS ? "day summaries" : "day summaries and detail", queued);
      }
      cl.getOut().flush();
      return 0;
    }
  }

  @Command(name = "withdraw", mixinStandardHelpOptions = true,
      description = "Withdraw a consent. The server deletes at once what you no longer share "
          + "with anyone; with no consent left, sharing is turned off here too.")
  static final class Withdraw implements Callable<Integer> {
    @CommandLine.ParentCommand
    SyncCommand parent;

    @Option(names = "--clinician", required = true, paramLabel = "ID")
    String clinician;

    @Override
    public Integer call() throws Exception {
      CommandLine cl = parent.spec.commandLine();
      PrintWriter out = cl.getOut();
      Path db = database((Main) parent.spec.root().userObject());
      try (SyncOutbox o = SyncOutbox.open(db)) {
        ClinicServer.Login login = login(configured(o, db));
        Map<String, SyncOutbox.Level> left;
        boolean had;
        try (HikariDataSource pool = ClinicServer.pool(login, "withdraw", 1);
            Connection conn = pool.getConnection()) {
          had = Consents.withdraw(conn, clinician);
          left = Consents.list(conn);
        } catch (SQLException e) {
          throw new ClinicException("cannot withdraw the consent on " + login + " (it still "
              + "stands): " + ClinicServer.oneLine(e));
        }
        if (!had) {
          out.println("there was no consent to " + clinician + "; consents: " + left);
        } else if (left.isEmpty()) {
          o.disable(true);
          out.println("consent to " + clinician + " withdrawn; the server has deleted your "
              + "rows; sharing is off and the local queue is cleared");
        } else {
          out.println("consent to " + clinician + " withdrawn; the server has deleted what "
              + "no remaining consent covers; still shared: " + left);
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "What is queued for the clinic server, and how the last attempt went. "
          + "Reads only the local history (works offline).")
  static final class Status implements Callable<Integer> {
    @CommandLine.ParentCommand
    SyncCommand parent;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = parent.spec.commandLine().getOut();
      Path db = database((Main) parent.spec.root().userObject());
      if (!Files.isRegularFile(db)) {
        out.println("no history at " + db + "; sync is not configured");
        out.flush();
        return 0;
      }
      try (SyncOutbox o = SyncOutbox.open(db)) {
        SyncOutbox.Config c = o.config();
        SyncOutbox.Pending p = o.pending();
        out.println(format(c, p));
      }
      out.flush();
      return 0;
    }

    static String format(SyncOutbox.Config c, SyncOutbox.Pending p) {
      if (c.url() == null) {
        return "sync: not configured (nothing is shared)";
      }
      StringBuilder b = new StringBuilder();
      b.append("sync: ").append(c.enabled() ? "on" : "off").append(", ").append(c.user())
          .append(" at ").append(c.url()).append('\n');
      b.append("pending: ").append(p.total()).append(" items");
      if (p.total() > 0) {
        b.append(" (");
        String sep = "";
        for (Map.Entry<String, Long> e : p.byKind().entrySet()) {
          if (e.getValue() > 0) {
            b.append(sep).append(e.getValue()).append(' ').append(e.getKey())
                .append(e.getValue() == 1 ? "" : "s");
            sep = ", ";
          }
        }
        b.append("), oldest from ").append(LocalDate.ofInstant(Instant.ofEpochMilli(
            p.oldestMs()), c.zone() == null ? ZoneId.systemDefault() : c.zone()));
      }
      b.append('\n');
      b.append("last success: ").append(c.lastOkMs() == null ? "never"
          : Instant.ofEpochMilli(c.lastOkMs()).toString());
      if (c.lastError() != null) {
        b.append("\nlast failure (").append(Instant.ofEpochMilli(c.lastErrorMs())).append("): ")
            .append(c.lastError());
      }
      return b.toString();
    }
  }

  @Command(name = "now", mixinStandardHelpOptions = true,
      description = "Send what is queued now, in the foreground (the monitor also does this "
          + "in the background every minute while it runs).")
  static final class Now implements Callable<Integer> {
    @CommandLine.ParentCommand
    SyncCommand parent;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = parent.spec.commandLine().getOut();
      Path db = database((Main) parent.spec.root().userObject());
      try (SyncOutbox o = SyncOutbox.open(db)) {
        SyncOutbox.Config c = configured(o, db);
        if (!c.enabled()) {
          out.println("sync is off for " + db + " (no consent left); nothing to send");
          out.flush();
          return 0;
        }
        ClinicServer.Login login = login(c);
        try (HikariDataSource pool = ClinicServer.pool(login, "sync-now", 1)) {
          SyncClient.Result r;
          try {
            r = new SyncClient(o, pool, login.toString(), c.zone(), SyncClient.Settings.DEFAULTS,
                SyncClient.Progress.NONE).syncOnce();
          } catch (ClinicException e) {
            o.recordAttempt(System.currentTimeMillis(), e.getMessage());
            throw e;
          }
          o.recordAttempt(System.currentTimeMillis(), null);
          out.println(r.level() == null
              ? "no consent recorded on the server for " + r.wearerId() + ": nothing sent; "
                  + o.pending().total() + " items stay queued"
              : "sent " + r.serverRows() + " rows (" + r.days() + " day summaries) as "
                  + r.wearerId() + "; " + o.pending().total() + " items pending");
        }
      }
      out.flush();
      return 0;
    }
  }
}
