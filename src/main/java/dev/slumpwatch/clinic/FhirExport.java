package dev.slumpwatch.clinic;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

/**
 * Per-day slump time and worn time as a FHIR R4 {@code Bundle} (type {@code collection})
 * of {@code Observation}s, in JSON, for a health record.
 *
 * <p>No standard code names "minutes slumped at the desk, as a back-worn sensor measured
 * it", so the codes come from a code system of our own, {@value #CODE_SYSTEM}, which the
 * bundle also carries as a {@code CodeSystem} resource (and docs/clinic.md documents). The
 * category is FHIR's own {@code activity}; values are UCUM minutes. Wearers are named by
 * pseudonym only, as a logical reference ({@code subject.identifier}); mapping a pseudonym
 * to a patient is the clinic's business, done with the admin role. Each observation's id
 * is derived from wearer, day and code, so exporting again gives the same ids (a receiving
 * server can update instead of duplicating).
 */
public final class FhirExport {
  /** Our code system: what no standard terminology names. */
  public static final String CODE_SYSTEM = "https://slumpwatch.dev/fhir/CodeSystem/posture";
  /** The naming system of wearer pseudonyms. */
  public static final String WEARER_SYSTEM = "https://slumpwatch.dev/fhir/NamingSystem/wearer";
  public static final String SLUMP_TIME = "slump-time";
  public static final String WORN_TIME = "worn-time";
  private static final String SLUMP_DISPLAY = "Time slumped: seated slump episodes "
      + "(thoracic flexion past the wearer's threshold), minutes per day";
  private static final String WORN_DISPLAY = "Time the posture sensor was worn (activity "
      + "known and not 'not worn'), minutes per day";

  private FhirExport() {
  }

  /**
   * Reads days {@code from}..{@code to} as the connected clinician (row-level security
   * decides whose) and returns the bundle.
   *
   * @param wearerId only this wearer, or null for every consenting wearer
   * @param now the bundle's timestamp
   */
  public static String bundle(Connection clinician, LocalDate from, LocalDate to,
      String wearerId, Instant now) throws SQLException {
    StringBuilder entries = new StringBuilder();
    entries.append(entry(codeSystem()));
    int observations = 0;
    try (PreparedStatement ps = clinician.prepareStatement("SELECT wearer_id, day, slump_min, "
        + "worn_s FROM clinic.day_summaries WHERE day >= ? AND day <= ? "
        + "AND (?::text IS NULL OR wearer_id = ?) ORDER BY wearer_id, day")) {
      ps.setDate(1, Date.valueOf(from));
      ps.setDate(2, Date.valueOf(to));
      ps.setString(3, wearerId);
      ps.setString(4, wearerId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String wearer = rs.getString(1);
          LocalDate day = rs.getDate(2).toLocalDate();
          entries.append(",\n").append(entry(observation(wearer, day, SLUMP_TIME,
              SLUMP_DISPLAY, rs.getDouble(3))));
          entries.append(",\n").append(entry(observation(wearer, day, WORN_TIME,
              WORN_DISPLAY, rs.getLong(4) / 60.0)));
          observations += 2;
        }
      }
    }
    ClinicAdmin.commitIfNeeded(clinician);
    String id = UUID.nameUUIDFromBytes(("bundle|" + from + "|" + to + "|" + wearerId + "|"
        + observations).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    return "{\n\"resourceType\": \"Bundle\",\n\"id\": " + str(id)
        + ",\n\"type\": \"collection\",\n\"timestamp\": "
        + str(now.truncatedTo(ChronoUnit.SECONDS).toString())
        + ",\n\"entry\": [\n" + entries + "\n]\n}\n";
  }

  private static String entry(String[] idAndResource) {
    return "{\"fullUrl\": " + str("urn:uuid:" + idAndResource[0]) + ", \"resource\": "
        + idAndResource[1] + "}";
  }

  private static String[] observation(String wearer, LocalDate day, String code,
      String display, double minutes) {
    String id = UUID.nameUUIDFromBytes((wearer + "|" + day + "|" + code)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    String json = "{\"resourceType\": \"Observation\", \"id\": " + str(id)
        + ", \"status\": \"final\""
        + ", \"category\": [{\"coding\": [{\"system\": "
        + str("http://terminology.hl7.org/CodeSystem/observation-category")
        + ", \"code\": \"activity\", \"display\": \"Activity\"}]}]"
        + ", \"code\": {\"coding\": [{\"system\": " + str(CODE_SYSTEM) + ", \"code\": "
        + str(code) + ", \"display\": " + str(display) + "}], \"text\": " + str(display) + "}"
        + ", \"subject\": {\"identifier\": {\"system\": " + str(WEARER_SYSTEM)
        + ", \"value\": " + str(wearer) + "}}"
        + ", \"effectivePeriod\": {\"start\": " + str(day.toString()) + ", \"end\": "
        + str(day.toString()) + "}"
        + ", \"valueQuantity\": {\"value\": " + String.format(Locale.ROOT, "%.2f", minutes)
        + ", \"unit\": \"min\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"min\"}}";
    return new String[] {id, json};
  }

  private static String[] codeSystem() {
    String id = UUID.nameUUIDFromBytes(CODE_SYSTEM.getBytes(
        java.nio.charset.StandardCharsets.UTF_8)).toString();
    String json = "{\"resourceType\": \"CodeSystem\", \"id\": " + str(id)
        + ", \"url\": " + str(CODE_SYSTEM) + ", \"name\": \"SlumpwatchPosture\""
        + ", \"title\": \"slumpwatch posture measures\", \"status\": \"active\""
        + ", \"content\": \"complete\", \"concept\": ["
        + "{\"code\": " + str(SLUMP_TIME) + ", \"display\": " + str(SLUMP_DISPLAY) + "}, "
        + "{\"code\": " + str(WORN_TIME) + ", \"display\": " + str(WORN_DISPLAY) + "}]}";
    return new String[] {id, json};
  }

  /** A JSON string literal. */
  static String str(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
