package dev.slumpwatch.clinic;

import dev.slumpwatch.store.SyncOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A wearer's consents, given and withdrawn from the wearer's own device login. The server
 * keeps them (row-level security lets the login touch only its own), and withdrawing one
 * deletes on the server whatever is no longer shared with anyone (a trigger in the schema).
 */
public final class Consents {
  private Consents() {
  }

  /** Consents to {@code clinicianId} at {@code level}, or changes the level. */
  public static void grant(Connection device, String clinicianId, SyncOutbox.Level level)
      throws SQLException, ClinicException {
    String wearer = SyncClient.wearerId(device);
    if (!clinicianExists(device, clinicianId)) {
      throw new ClinicException("no clinician '" + clinicianId + "' on this clinic server");
    }
    try (PreparedStatement ps = device.prepareStatement("INSERT INTO clinic.consents"
        + "(wearer_id, clinician_id, level) VALUES (?,?,?) ON CONFLICT (wearer_id, "
        + "clinician_id) DO UPDATE SET level = EXCLUDED.level, granted_at = now()")) {
      ps.setString(1, wearer);
      ps.setString(2, clinicianId);
      ps.setString(3, level.key());
      ps.executeUpdate();
    }
    ClinicAdmin.commitIfNeeded(device);
  }

  private static boolean clinicianExists(Connection device, String clinicianId)
      throws SQLException {
    try (PreparedStatement ps = device.prepareStatement(
        "SELECT 1 FROM clinic.clinicians WHERE clinician_id = ?")) {
      ps.setString(1, clinicianId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Withdraws the consent to {@code clinicianId}; the server deletes what is no longer
   * shared in the same transaction.
   *
   * @return whether there was such a consent
   */
  public static boolean withdraw(Connection device, String clinicianId) throws SQLException {
    int n;
    try (PreparedStatement ps = device.prepareStatement(
        "DELETE FROM clinic.consents WHERE clinician_id = ?")) {
      ps.setString(1, clinicianId);
      n = ps.executeUpdate();
    }
    ClinicAdmin.commitIfNeeded(device);
    return n > 0;
  }

  /** The wearer's consents: clinician id to level. */
  public static Map<String, SyncOutbox.Level> list(Connection device) throws SQLException {
    Map<String, SyncOutbox.Level> out = new LinkedHashMap<>();
    try (Statement st = device.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT clinician_id, level FROM clinic.consents ORDER BY clinician_id")) {
      while (rs.next()) {
        out.put(rs.getString(1), SyncOutbox.Level.fromKey(rs.getString(2)));
      }
    }
    ClinicAdmin.commitIfNeeded(device);
    return out;
  }
}
