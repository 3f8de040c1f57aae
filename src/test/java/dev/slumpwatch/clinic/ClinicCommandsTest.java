package dev.slumpwatch.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slumpwatch.bench.HistoryBench;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.Cli;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wearer's and the clinician's commands end to end against a real PostgreSQL:
 * {@code sync configure|status|now|consent|withdraw}, {@code clinic report} and
 * {@code clinic fhir}, and their errors.
 */
class ClinicCommandsTest {
  static final LocalDate DAY = LocalDate.of(2025, 3, 12);

  static ClinicFixture clinic;

  @TempDir
  Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    clinic = ClinicFixture.start();
    clinic.enrolClinician("k-physio");
  }

  @AfterAll
  static void stopServer() {
    if (clinic != null) {
      clinic.close();
    }
  }

  private Path dataDir(String wearer, int days) throws Exception {
    Path data = dir.resolve(wearer);
    HistoryBench.write(data.resolve("slumpwatch.db"), DAY, days, ClinicFixture.ZONE, 7,
        d -> { });
    return data;
  }

  private String[] server(String user, Path passwordFile) {
    return new String[] {"--url", clinic.cluster.url(ClinicFixture.DB), "--user", user,
        "--password-file", passwordFile.toString()};
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void aWearerSharesAClinicianReportsAndExportsThenTheWearerWithdraws() throws Exception {
    clinic.enrolWearer("w-jana");
    Path data = dataDir("w-jana", 2);
    Path pw = ClinicFixture.passwordFile(dir, "w-jana");

    Cli.Outcome status = Cli.runIn(data, "sync", "status");
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().contains("not configured"), status.out());

    Cli.Outcome conf = Cli.runIn(data, concat(concat(new String[] {"sync", "configure"},
        server("w_jana", pw)), "--zone", ClinicFixture.ZONE.getId()));
    assertEquals(0, conf.code(), conf.err());
    assertTrue(conf.out().contains("no consent given yet"), conf.out());

    Cli.Outcome now = Cli.runIn(data, "sync", "now");
    assertEquals(0, now.code(), now.err());
    assertTrue(now.out().contains("nothing sent"), now.out());
    status = Cli.runIn(data, "sync", "status");
    assertTrue(status.out().matches("(?s).*pending: \\d+ items \\(\\d+ minutes, \\d+ episodes, "
        + "\\d+ alerts\\), oldest from 2025-03-11.*"), status.out());

    Cli.Outcome noSuch = Cli.runIn(data, "sync", "consent", "--clinician", "k-nobody",
        "--level", "detail");
    assertEquals(1, noSuch.code());
    assertTrue(noSuch.err().contains("no clinician 'k-nobody'"), noSuch.err());
    Cli.Outcome badLevel = Cli.runIn(data, "sync", "consent", "--clinician", "k-physio",
        "--level", "everything");
    assertEquals(2, badLevel.code());
    assertTrue(badLevel.err().contains("unknown consent level 'everything'"), badLevel.err());

    Cli.Outcome consent = Cli.runIn(data, "sync", "consent", "--clinician", "k-physio",
        "--level", "detail");
    assertEquals(0, consent.code(), consent.err());
    now = Cli.runIn(data, "sync", "now");
    assertEquals(0, now.code(), now.err());
    assertTrue(now.out().contains("(2 day summaries) as w-jana; 0 items pending"), now.out());
    status = Cli.runIn(data, "sync", "status");
    assertTrue(status.out().contains("pending: 0 items"), status.out());
    assertTrue(status.out().contains("last success: 20"), status.out());

    // the clinician's cohort page and CSV
    Path kpw = ClinicFixture.passwordFile(dir, "k-physio");
    Path out = dir.resolve("cohort");
    Cli.Outcome report = Cli.run(concat(concat(new String[] {"clinic", "report"},
        server("k_physio", kpw)), "--from", DAY.minusDays(1).toString(), "--to",
        DAY.toString(), "--out", out.toString()));
    assertEquals(0, report.code(), report.err());
    List<String> csv = Files.readAllLines(out.resolve("cohort.csv"));
    assertEquals(2, csv.size(), "header and one wearer: " + csv);
    String[] row = csv.get(1).split(",", -1);
    long worn = 0;
    long slumped = 0;
    try (Store s = Store.open(data.resolve("slumpwatch.db"))) {
      for (LocalDate d : List.of(DAY.minusDays(1), DAY)) {
        DaySummary x = DaySummary.of(s, d, ClinicFixture.ZONE);
        worn += x.wornSeconds();
        slumped += x.slumpedSeconds();
      }
    }
    assertEquals("w-jana", row[0]);
    assertEquals("2", row[1], "days worn");
    assertEquals(100.0 * slumped / worn, Double.parseDouble(row[3]), 0.006, "slump share");
    assertEquals(worn / 3600.0 / 2, Double.parseDouble(row[2]), 0.006, "worn h per day");
    String html = Files.readString(out.resolve("cohort.html"));
    assertTrue(html.contains("<td>w-jana</td>"), "the page names the pseudonym");
    assertFalse(html.contains("Name of w-jana"), "and never the identity");

    // the FHIR bundle, read back as JSON
    Path bundle = dir.resolve("bundle.json");
    Cli.Outcome fhir = Cli.run(concat(concat(new String[] {"clinic", "fhir"},
        server("k_physio", kpw)), "--from", DAY.minusDays(1).toString(), "--to",
        DAY.toString(), "--out", bundle.toString()));
    assertEquals(0, fhir.code(), fhir.err());
    JsonNode b = new ObjectMapper().readTree(bundle.toFile());
    assertEquals("Bundle", b.get("resourceType").asText());
    assertEquals("collection", b.get("type").asText());
    assertEquals(1 + 2 * 2, b.get("entry").size(), "the code system, then 2 days x 2");
    assertEquals("CodeSystem", b.get("entry").get(0).get("resource").get("resourceType")
        .asText());
    Map<String, Double> wornMinutes = new HashMap<>();
    for (JsonNode e : b.get("entry")) {
      assertTrue(e.get("fullUrl").asText().startsWith("urn:uuid:"));
      JsonNode r = e.get("resource");
      if (!"Observation".equals(r.get("resourceType").asText())) {
        continue;
      }
      assertEquals("final", r.get("status").asText());
      assertEquals("activity", r.at("/category/0/coding/0/code").asText());
      assertEquals(FhirExport.CODE_SYSTEM, r.at("/code/coding/0/system").asText());
      assertEquals("w-jana", r.at("/subject/identifier/value").asText());
      assertEquals("min", r.at("/valueQuantity/code").asText());
      assertEquals("http://unitsofmeasure.org", r.at("/valueQuantity/system").asText());
      if (FhirExport.WORN_TIME.equals(r.at("/code/coding/0/code").asText())) {
        wornMinutes.merge(r.at("/effectivePeriod/start").asText(),
            r.at("/valueQuantity/value").asDouble(), Double::sum);
      }
    }
    assertEquals(worn / 60.0, wornMinutes.values().stream().mapToDouble(Double::doubleValue)
        .sum(), 0.02, "worn minutes of both days");

    // withdrawing: the server deletes, and sharing stops here
    Cli.Outcome withdraw = Cli.runIn(data, "sync", "withdraw", "--clinician", "k-physio");
    assertEquals(0, withdraw.code(), withdraw.err());
    assertTrue(withdraw.out().contains("sharing is off"), withdraw.out());
    try (Connection owner = clinic.connect(ClinicFixture.OWNER);
        Statement st = owner.createStatement();
        ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM clinic.minutes WHERE "
            + "wearer_id = 'w-jana') + (SELECT count(*) FROM clinic.day_summaries WHERE "
            + "wearer_id = 'w-jana')")) {
      rs.next();
      assertEquals(0, rs.getLong(1), "the wearer's rows are gone from the server");
    }
    status = Cli.runIn(data, "sync", "status");
    assertTrue(status.out().startsWith("sync: off"), status.out());
    assertTrue(status.out().contains("pending: 0 items"), status.out());
  }

  @Test
  void anUnreachableServerKeepsTheQueueAndSaysWhy() throws Exception {
    Path data = dataDir("w-kurt", 2);
    Path pw = ClinicFixture.passwordFile(dir, "w-kurt");
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String url = "jdbc:postgresql://localhost:" + closed + "/clinic?connectTimeout=2";
    Cli.Outcome conf = Cli.runIn(data, "sync", "configure", "--url", url, "--user", "w_kurt",
        "--password-file", pw.toString(), "--zone", ClinicFixture.ZONE.getId(), "--since",
        DAY.toString());
    assertEquals(0, conf.code(), conf.err());
    assertTrue(conf.out().contains("could not be reached now"), conf.out());
    String pending = Cli.runIn(data, "sync", "status").out();
    assertTrue(pending.contains("oldest from " + DAY), "only history from --since on is "
        + "queued: " + pending);

    Cli.Outcome now = Cli.runIn(data, "sync", "now");
    assertEquals(1, now.code());
    assertTrue(now.err().contains("localhost:" + closed) && now.err().contains("stays queued"),
        now.err());
    Cli.Outcome status = Cli.runIn(data, "sync", "status");
    assertTrue(status.out().contains("last failure"), status.out());
    assertEquals(pending.lines().skip(1).findFirst(), status.out().lines().skip(1).findFirst(),
        "the queue is as it was");
  }

  @Test
  void badSettingsAreRefusedWithTheReason() throws Exception {
    Path data = dataDir("w-lena", 1);
    Path pw = ClinicFixture.passwordFile(dir, "w-lena");
    Cli.Outcome notPostgres = Cli.runIn(data, "sync", "configure", "--url",
        "https://clinic.example/api", "--user", "w_lena", "--password-file", pw.toString());
    assertEquals(2, notPostgres.code());
    assertTrue(notPostgres.err().contains("is not a PostgreSQL JDBC URL"), notPostgres.err());

    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));
    Cli.Outcome readable = Cli.runIn(data, concat(new String[] {"sync", "configure"},
        server("w_lena", pw)));
    assertEquals(1, readable.code());
    assertTrue(readable.err().contains("may be read by other users")
        && readable.err().contains("chmod 600 " + pw), readable.err());

    Cli.Outcome notConfigured = Cli.runIn(data, "sync", "now");
    assertEquals(1, notConfigured.code());
    assertTrue(notConfigured.err().contains("sync is not configured"), notConfigured.err());

    Cli.Outcome backwards = Cli.run(concat(concat(new String[] {"clinic", "report"},
        server("k_physio", pw)), "--from", "2025-03-12", "--to", "2025-03-01"));
    assertEquals(2, backwards.code());
    assertTrue(backwards.err().contains("--to 2025-03-01 is before --from 2025-03-12"),
        backwards.err());
  }
}
