package dev.slumpwatch.report;

import static dev.slumpwatch.report.Html.esc;

import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.store.Store;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The daily report's HTML page: figures, inline SVG charts, sessions and prompts. */
public final class HtmlReport {
  /** Said where the history cannot tell the extension repetitions. */
  public static final String NO_EXTENSION_REPS = "n/a";

  private HtmlReport() {
  }

  /** A chart on the page: its caption, inline SVG and the files it was written to. */
  public record Chart(String caption, ChartFiles.Written files) {}

  static String hm(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s / 60) % 60);
  }

  static String ms(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
  }

  private static String row(String name, String value) {
    return "<tr><th>" + esc(name) + "</th><td>" + esc(value) + "</td></tr>\n";
  }

  public static String day(DayReport day, List<Chart> charts) {
    DayReport.Figures f = day.figures();
    DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
        .withZone(day.zone());
    StringBuilder b = new StringBuilder(Html.head("slumpwatch — " + day.date()));
    b.append("<h1>").append(esc("Posture on " + day.date())).append("</h1>\n");
    if (day.seconds().isEmpty()) {
      b.append("<p>No posture was recorded on this day.</p>\n");
    }
    b.append("<table>\n");
    b.append(row("worn time", hm(f.wornSeconds()) + " (posture known for "
        + hm(f.knownSeconds()) + ")"));
    b.append(row("upright", Double.isNaN(f.uprightPercent()) ? "n/a (not worn)"
        : String.format(Locale.ROOT, "%.0f %% of worn time", f.uprightPercent())));
    b.append(row("slump time", String.format(Locale.ROOT, "%.1f min", f.slumpMinutes())));
    b.append(row("slump episodes", f.episodes() + (f.episodes() == 0 ? ""
        : " (longest " + ms(f.longestEpisodeSeconds()) + ")")));
    b.append(row("slump dose", String.format(Locale.ROOT,
        "%.0f degree-minutes above the %.0f° threshold", f.slumpDoseDegMinutes(),
        day.thresholdDeg())));
    b.append(row("desk breaks", f.breaksPrompted() + " prompted, " + f.breaksTaken()
        + " taken"));
    b.append(row("slump nudges", Integer.toString(f.nudges())));
    b.append(row("extension reps", f.extensionReps().isPresent()
        ? Long.toString(f.extensionReps().getAsLong()) : NO_EXTENSION_REPS));
    b.append(row("time without data", hm(f.gapSeconds())));
    b.append(row("sessions", Integer.toString(f.sessions())));
    b.append("</table>\n");
    figures(b, charts);

    b.append("<h2>Sessions</h2>\n<table>\n<tr><th>start</th><th>end</th><th>source</th>"
        + "<th>device</th><th>firmware</th><th>sensor</th><th>calibration</th>"
        + "<th>ended</th></tr>\n");
    for (Store.SessionRow s : day.sessions()) {
      b.append("<tr><td>").append(esc(clock.format(Instant.ofEpochMilli(s.startedMs()))))
          .append("</td><td>").append(esc(clock.format(Instant.ofEpochMilli(s.endedMs()))))
          .append("</td><td>").append(esc(s.source()))
          .append("</td><td>").append(esc(s.deviceId()))
          .append("</td><td>").append(esc(s.firmware()))
          .append("</td><td>").append(esc(s.sensorModel()))
          .append("</td><td>").append(esc(s.calibrationOrigin() == null ? "none"
              : s.calibrationOrigin()))
          .append("</td><td>").append(esc(s.endReason() == null
              ? "not closed (the program stopped abruptly)" : s.endReason()))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");

    b.append("<h2>Prompts</h2>\n<table>\n<tr><th>time</th><th>prompt</th><th>message</th>"
        + "<th>outcome</th></tr>\n");
    for (Store.AlertRow a : day.alerts()) {
      b.append("<tr><td>").append(esc(clock.format(Instant.ofEpochMilli(a.tMs()))))
          .append("</td><td>").append(esc(a.kind().title()))
          .append("</td><td>").append(esc(a.message()))
          .append("</td><td>").append(esc(a.kind() == AlertKind.DESK_BREAK
              ? (a.outcome() == null ? "open" : a.outcome() + (a.outcomeDetail() == null
                  || a.outcomeDetail().isEmpty() ? "" : " (" + a.outcomeDetail() + ")")) : ""))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
    b.append("<p class=\"note\">").append(esc("Definitions: worn time counts the seconds the "
        + "sensor was on your back (not unknown, not lying on the desk); upright is the share "
        + "of worn time not slumped; the slump dose integrates how far above the threshold "
        + "you were, over time. Made by slumpwatch on this computer; nothing was sent "
        + "anywhere.")).append("</p>\n");
    b.append(Html.tail());
    return b.toString();
  }

  static void figures(StringBuilder b, List<Chart> charts) {
    for (Chart c : charts) {
      b.append("<figure>\n").append(c.files().svgElement()).append("\n<figcaption>")
          .append(esc(c.caption())).append(" — <a href=\"")
          .append(esc(c.files().png().getFileName().toString())).append("\">PNG</a>, <a href=\"")
          .append(esc(c.files().svg().getFileName().toString())).append("\">SVG</a>")
          .append("</figcaption>\n</figure>\n");
    }
  }
}
