package dev.slumpwatch.testing;

import dev.slumpwatch.clinic.TemporaryCluster;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * PostgreSQL's server programs for the clinic tests, as {@link Tools} does for other
 * tools: a missing installation skips the test with a visible reason on a user's machine
 * and fails it on CI ({@code CI=true}).
 */
public final class Postgres {
  private Postgres() {
  }

  /** The directory with initdb and pg_ctl; also needs openssl for the TLS clusters. */
  public static Path requireBin() {
    Optional<Path> bin = TemporaryCluster.findBin();
    if (bin.isEmpty()) {
      String reason = "PostgreSQL's server programs (initdb, pg_ctl) were not found in "
          + "$SLUMPWATCH_PG_BIN, /usr/lib/postgresql/*/bin or on the PATH "
          + "(apt-get install postgresql)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(reason + "; on CI (CI=true) a missing tool fails the test");
      }
      System.err.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    Tools.require("openssl", "apt-get install openssl");
    return bin.get();
  }
}
