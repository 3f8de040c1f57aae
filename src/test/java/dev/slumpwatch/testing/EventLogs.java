package dev.slumpwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Compares two event logs ({@code replay --events}) event by event and says, readably, where
 * they differ.
 *
 * <p>Tolerances: whole numbers (device times in µs, wall-clock ms, counts, ids) and strings
 * (kinds, messages, reasons, activities) must be equal; numbers with a fraction (degrees,
 * seconds, degree-minutes, calibration vectors) may differ by {@value #TOLERANCE} — far below
 * anything a wearer sees or a threshold decides, and above the last-bit differences that
 * the JVM's transcendental functions may show between machines.
 */
public final class EventLogs {
  /** Largest difference allowed between two fractional numbers. */
  public static final double TOLERANCE = 1e-3;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Differences listed at most, so a changed behaviour reads as a short report. */
  private static final int MAX_LISTED = 25;

  private EventLogs() {
  }

  public static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  /** The differences, one line each; empty when the logs agree. */
  public static List<String> diff(List<JsonNode> expected, List<JsonNode> actual) {
    List<String> out = new ArrayList<>();
    int n = Math.min(expected.size(), actual.size());
    for (int i = 0; i < n && out.size() < MAX_LISTED; i++) {
      compare("event " + (i + 1) + " (" + kind(expected.get(i)) + ")", "", expected.get(i),
          actual.get(i), out);
    }
    if (expected.size() != actual.size()) {
      out.add(String.format(Locale.ROOT, "%d events expected, %d found; first extra: %s",
          expected.size(), actual.size(), expected.size() > actual.size()
              ? "missing " + expected.get(n) : "unexpected " + actual.get(n)));
    }
    return out;
  }

  private static String kind(JsonNode e) {
    return e.path("event").asText("?");
  }

  private static void compare(String where, String path, JsonNode e, JsonNode a,
      List<String> out) {
    if (out.size() >= MAX_LISTED) {
      return;
    }
    String at = path.isEmpty() ? "" : " " + path;
    if (e.isObject() && a.isObject()) {
      List<String> names = new ArrayList<>();
      e.fieldNames().forEachRemaining(names::add);
      a.fieldNames().forEachRemaining(f -> {
        if (!names.contains(f)) {
          names.add(f);
        }
      });
      for (String f : names) {
        compare(where, path.isEmpty() ? f : path + "." + f, e.path(f), a.path(f), out);
      }
    } else if (e.isArray() && a.isArray()) {
      Iterator<JsonNode> ei = e.elements();
      Iterator<JsonNode> ai = a.elements();
      int k = 0;
      while (ei.hasNext() || ai.hasNext()) {
        compare(where, path + "[" + k++ + "]", ei.hasNext() ? ei.next() : missing(),
            ai.hasNext() ? ai.next() : missing(), out);
      }
    } else if (e.isFloatingPointNumber() || a.isFloatingPointNumber()) {
      if (!(e.isNumber() && a.isNumber())
          || Math.abs(e.asDouble() - a.asDouble()) > TOLERANCE) {
        out.add(where + at + ": expected " + e + ", found " + a + " (tolerance "
            + TOLERANCE + ")");
      }
    } else if (!e.equals(a)) {
      out.add(where + at + ": expected " + (e.isMissingNode() ? "nothing" : e) + ", found "
          + (a.isMissingNode() ? "nothing" : a));
    }
  }

  private static JsonNode missing() {
    return JSON.missingNode();
  }
}
