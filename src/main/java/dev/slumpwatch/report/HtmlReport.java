package dev.slumpwatch.report;

import static dev.slumpwatch.report.Html.esc;

import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.alert.Guidance;
import dev.slumpwatch.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The day page: coaching (score, goal, streak, the week against the week before), the
 * figures with how each is counted, the charts with their legends, hour by hour, every
 * prompt with its outcome, and the sessions. Every figure comes from {@link DayFigures}.
 */
public final class HtmlReport {
  private HtmlReport() {
  }

  /**
   * A chart on the page: its caption and legend, its SVG drawn wide (laptop, desktop,
   * print) and narrow (phone), and the files it was written to.
   */
  public record Chart(String caption, String legendHtml, String wideSvg, String narrowSvg,
      Path png, Path svg) {}

  static String row(String figure, String key, String value, String how) {
    return "<tr><th>" + esc(figure) + "</th><td data-figure=\"" + key + "\">" + esc(value)
        + "</td><td class=\"how\">" + esc(how) + "</td></tr>\n";
  }

  /** The page's title and heading, which say "demo" for the demo's history. */
  static String title(String what, Reports.Options options) {
    return (options.demo() ? "slumpwatch demo — " : "slumpwatch — ") + what;
  }

  static void heading(StringBuilder b, String what, Reports.Options options) {
    b.append("<h1>").append(esc((options.demo() ? "Demo: " : "") + what)).append("</h1>\n");
    if (options.demo()) {
      b.append("<p class=\"demo\">").append(esc("Demo data: the simulated wearer of "
          + "'slumpwatch demo', not your own history.")).append("</p>\n");
    }
  }

  public static String day(DayReport day, List<Chart> charts, Reports.Options options) {
    DayFigures f = day.figures();
    int goal = options.dailyGoalScore();
    DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
        .withZone(day.zone());
    StringBuilder b = new StringBuilder(Html.head(title("posture on " + day.date(), options)));
    heading(b, "Posture on " + Fmt.day(day.date()), options);
    if (!f.hasData()) {
      b.append("<p class=\"empty\">").append(esc("No posture was recorded on this day, so "
          + "there is nothing to chart.")).append("</p>\n");
    }

    b.append("<section class=\"coach\">\n");
    if (f.hasData()) {
      scoreBlock(b, f, goal);
    }
    Coaching.Streaks streaks = Coaching.streaks(day.history(), goal);
    b.append("<p>").append(esc(streakText(streaks, goal, day.history().get(0).date())))
        .append("</p>\n");
    Optional<DayReport.Hour> best = day.bestHour();
    Optional<DayReport.Hour> worst = day.worstHour();
    if (best.isPresent() && worst.isPresent()) {
      b.append("<p data-figure=\"hours\">").append(esc("Best hour " + hourName(best.get())
          + ", " + Fmt.pct(best.get().uprightShare()) + " upright; worst hour "
          + hourName(worst.get()) + ", " + Fmt.pct(worst.get().uprightShare())
          + " upright.")).append("</p>\n");
    }
    weeks(b, day.history(), day.date(), goal);
    b.append("</section>\n");

    if (f.hasData()) {
      b.append("<h2>The day's figures</h2>\n<table class=\"figures\">\n")
          .append("<tr><th>figure</th><th>value</th><th>how it is counted</th></tr>\n");
      figureRows(b, f, day.thresholdDeg());
      b.append(row("neutral re-anchored", "reanchored", reanchoredSummary(day.reanchorings()),
          "steps by which the neutral followed a clip creeping on your back"));
      b.append("</table>\n");
      charts(b, charts);
      hourTable(b, day);
      prompts(b, day, clock);
    }
    neutral(b, day, clock);
    if (!day.sessions().isEmpty()) {
      sessions(b, day, clock);
    }
    b.append("<p class=\"note\">").append(esc("Made by slumpwatch on this computer; nothing "
        + "was sent anywhere.")).append("</p>\n");
    b.append(Html.tail());
    return b.toString();
  }

  static String hourName(DayReport.Hour h) {
    return String.format(Locale.ROOT, "%02d:00–%02d:00", h.hour(), h.hour() + 1);
  }

  /** @param since the first day the streaks were counted over */
  static String streakText(Coaching.Streaks s, int goal, java.time.LocalDate since) {
    return "Goal streak: " + s.current() + (s.reachesStart() ? "+" : "") + " day"
        + (s.current() == 1 ? "" : "s") + " in a row at " + goal + " points or more (longest "
        + "since " + Fmt.shortDay(since) + " " + since.getYear() + ": " + s.longest()
        + "). Days not worn for 30 min neither count nor break a streak.";
  }

  private static void scoreBlock(StringBuilder b, DayFigures f, int goal) {
    b.append("<div class=\"score\"><span class=\"points\" data-figure=\"score\">")
        .append(esc(Fmt.score(f.score()))).append("</span> <span>")
        .append(esc(f.score().isPresent() ? "posture score of 100" : "no score: worn for "
            + "under 30 minutes")).append("</span></div>\n");
    if (f.score().isPresent()) {
      b.append("<p class=\"goal ").append(f.goalMet(goal) ? "met" : "missed")
          .append("\" data-figure=\"goal\">").append(esc(f.goalMet(goal)
              ? "Daily goal of " + goal + " met ✓"
              : "Daily goal of " + goal + " not met: " + (goal - f.score().getAsInt())
                  + " points short")).append("</p>\n");
      b.append("<p class=\"note\">").append(esc(String.format(Locale.ROOT,
          "Score = %d × upright share (%s) + %d × desk breaks taken of prompted (%s) + %d × "
          + "extension exercises done of prompted (%s, partly done counts half); a share is "
          + "100 %% when nothing was prompted.", DayFigures.UPRIGHT_POINTS,
          Fmt.pct(f.uprightShare()), DayFigures.BREAK_POINTS, Fmt.pct(f.breakShare()),
          DayFigures.EXERCISE_POINTS, Fmt.pct(f.exerciseShare())))).append("</p>\n");
    }
  }

  /** The seven days ending on {@code last} against the seven before, and what changed. */
  static void weeks(StringBuilder b, List<DayFigures> history, java.time.LocalDate last,
      int goal) {
    Coaching.Period[] p = Coaching.weekAndWeekBefore(history, last, goal);
    b.append("<p class=\"changed\" data-figure=\"changed\">")
        .append(esc(Coaching.whatChanged(p[0], p[1]))).append("</p>\n");
    if (p[0].daysWorn() + p[1].daysWorn() == 0) {
      return;
    }
    b.append("<table class=\"weeks\">\n<tr><th></th><th>")
        .append(esc(Fmt.shortDay(p[0].from()) + " – " + Fmt.shortDay(p[0].to())))
        .append("</th><th>").append(esc(Fmt.shortDay(p[1].from()) + " – "
            + Fmt.shortDay(p[1].to()))).append("</th></tr>\n");
    weekRow(b, "days worn", Integer.toString(p[0].daysWorn()),
        Integer.toString(p[1].daysWorn()));
    weekRow(b, "mean score", Fmt.whole(p[0].meanScore()), Fmt.whole(p[1].meanScore()));
    weekRow(b, "days goal met", p[0].daysGoalMet() + " of " + p[0].daysScored(),
        p[1].daysGoalMet() + " of " + p[1].daysScored());
    weekRow(b, "upright (mean)", Fmt.pct(p[0].meanUprightShare()),
        Fmt.pct(p[1].meanUprightShare()));
    weekRow(b, "desk breaks taken (mean)", Fmt.pct(p[0].meanBreakShare()),
        Fmt.pct(p[1].meanBreakShare()));
    weekRow(b, "extensions done (mean)", Fmt.pct(p[0].meanExerciseShare()),
        Fmt.pct(p[1].meanExerciseShare()));
    weekRow(b, "slump time", Fmt.minutes(p[0].slumpMinutes() * 60),
        Fmt.minutes(p[1].slumpMinutes() * 60));
    b.append("</table>\n<p class=\"note\">").append(esc("Means are over the scored days "
        + "(worn for 30 min or more), each day counting once.")).append("</p>\n");
  }

  private static void weekRow(StringBuilder b, String name, String now, String before) {
    b.append("<tr><th>").append(esc(name)).append("</th><td class=\"n\">").append(esc(now))
        .append("</td><td class=\"n\">").append(esc(before)).append("</td></tr>\n");
  }

  private static void figureRows(StringBuilder b, DayFigures f, double thresholdDeg) {
    b.append(row("worn time", "worn", Fmt.hm(f.wornSeconds()) + " (posture known for "
        + Fmt.hm(f.knownSeconds()) + ")", "seconds the sensor was on your back (neither "
        + "unknown nor lying somewhere)"));
    b.append(row("upright", "upright", Fmt.pct(f.uprightShare()) + " of worn time",
        "worn time not in a slump episode (walking and standing count as upright)"));
    b.append(row("slump time", "slump-time", Fmt.minutes(f.slumpSeconds()), String.format(
        Locale.ROOT, "time inside slump episodes: each from the first crossing of the %.0f° "
        + "threshold to the fall below the recovery level", thresholdDeg)));
    b.append(row("slump episodes", "episodes", f.episodes() + (f.episodes() == 0 ? ""
        : " (longest " + Fmt.ms(f.longestEpisodeSeconds()) + ")"), "episodes that started "
        + "this day"));
    b.append(row("slump dose", "dose", String.format(Locale.ROOT, "%.0f °·min",
        f.slumpDoseDegMinutes()), "how far above the threshold, times how long: "
        + "degree-minutes over the episodes"));
    b.append(row("desk breaks", "breaks", f.breaksPrompted() + " prompted, "
        + f.breaksTaken() + " taken (" + f.walkBreaks() + " by walking, "
        + (f.breaksTaken() - f.walkBreaks()) + " by Bruegger's relief position)",
        "prompts shown, and those answered in time"));
    b.append(row("extension exercises", "extensions", f.extensionsPrompted() + " prompted, "
        + f.extensionsDone() + " done, " + f.extensionsPartial() + " partly done",
        "prompts shown, and what the sensor saw after them"));
    b.append(row("extension reps", "reps", Long.toString(f.extensionReps()),
        "repetitions the sensor counted after the extension prompts"));
    b.append(row("slump nudges", "nudges", Integer.toString(f.nudges()), "nudges shown"));
    b.append(row("prompts held back", "held-back", Integer.toString(f.heldBack()),
        "not shown: pain pause, quiet hours, snooze or the hourly cap"));
    b.append(row("time without data", "gaps", Fmt.hm(f.gapSeconds()),
        "disconnections (recorded gaps)"));
    b.append(row("sessions", "sessions", Integer.toString(f.sessions()),
        "monitoring sessions that overlap the day"));
    b.append(row("seconds flagged slumped", "flagged", Fmt.minutes(f.flaggedSlumpSeconds()),
        "not the slump time: the flag stored with each second (the export's 'slumped' "
        + "column) is set once an episode is confirmed, after the onset delay, until its "
        + "recovery hold ends, so it leaves out each episode's first seconds"));
  }

  static void charts(StringBuilder b, List<Chart> charts) {
    for (Chart c : charts) {
      b.append("<figure>\n<div class=\"chart wide\">").append(c.wideSvg())
          .append("</div>\n<div class=\"chart narrow\">").append(c.narrowSvg())
          .append("</div>\n<figcaption>").append(esc(c.caption())).append(c.legendHtml())
          .append("<span class=\"files\">").append(esc("Files: ")).append("<a href=\"")
          .append(esc(c.png().getFileName().toString())).append("\">PNG</a>, <a href=\"")
          .append(esc(c.svg().getFileName().toString())).append("\">SVG</a></span>")
          .append("</figcaption>\n</figure>\n");
    }
  }

  private static void hourTable(StringBuilder b, DayReport day) {
    b.append("<h2>Hour by hour</h2>\n<table class=\"hours\">\n<tr><th>hour</th><th>worn</th>"
        + "<th>in a slump</th><th>upright</th></tr>\n");
    for (DayReport.Hour h : day.hours()) {
      if (h.wornSeconds() == 0 && h.slumpSeconds() == 0) {
        continue;
      }
      b.append("<tr data-hour=\"").append(h.hour()).append("\"><td>").append(esc(hourName(h)))
          .append("</td><td class=\"n\">").append(esc(Fmt.minutes(h.wornSeconds())))
          .append("</td><td class=\"n\">").append(esc(Fmt.minutes(h.slumpSeconds())))
          .append("</td><td class=\"n\">").append(esc(Fmt.pct(h.uprightShare())))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  /**
   * A prompt's message cut into why it came (its first clause, which changes from prompt to
   * prompt) and what it asked (the rest, the same every time), with the red flags (added to
   * the day's first exercise prompt) apart. Messages without a clause break are all "why".
   */
  record Message(String why, String asked, boolean redFlags) {
    static Message of(String message) {
      String m = message == null ? "" : message;
      String flags = Guidance.redFlagsInline();
      boolean red = m.endsWith(flags);
      if (red) {
        m = m.substring(0, m.length() - flags.length()).strip();
      }
      int dot = m.indexOf(". ");
      int semi = m.indexOf("; ");
      int cut = dot < 0 ? semi : semi < 0 ? dot : Math.min(dot, semi);
      if (cut < 0) {
        return new Message(m, "", red);
      }
      return new Message(m.substring(0, cut), m.substring(cut + 2).strip(), red);
    }
  }

  /** The prompt's kind in a word or two, for the prompts table. */
  static String shortName(AlertKind k) {
    return switch (k) {
      case SLUMP_NUDGE -> "slump nudge";
      case DESK_BREAK -> "desk break";
      case EXTENSION -> "extension exercises";
      case SELF_CRACK_WARNING -> "self-cracking warning";
    };
  }

  /** What became of a prompt, in words: {outcome, details}. */
  static String[] outcome(Store.AlertRow a) {
    String o = a.outcome();
    String detail = a.outcomeDetail() == null ? "" : a.outcomeDetail();
    if (AlertOutcome.SUPPRESSED.equals(o)) {
      return new String[] {"held back", detail};
    }
    if (a.kind() == AlertKind.SLUMP_NUDGE || a.kind() == AlertKind.SELF_CRACK_WARNING) {
      return new String[] {"shown", ""};
    }
    if (o == null) {
      return new String[] {"open", "the session ended before the response time was up"};
    }
    if (a.kind() == AlertKind.DESK_BREAK && AlertOutcome.TAKEN.equals(o)) {
      return new String[] {"taken", "walk".equals(detail) ? "by walking"
          : "relief-hold".equals(detail) ? "Bruegger's relief position held" : detail};
    }
    if (a.kind() == AlertKind.EXTENSION && (AlertOutcome.DONE.equals(o)
        || AlertOutcome.PARTIAL.equals(o))) {
      String reps = a.reps() < 0 ? detail : a.reps() + (a.reps() == 1 ? " rep" : " reps")
          + (Double.isNaN(a.repRangeDeg()) ? ""
              : String.format(Locale.ROOT, ", range %.1f°", a.repRangeDeg()));
      return new String[] {AlertOutcome.DONE.equals(o) ? "done" : "partly done", reps};
    }
    return new String[] {o, detail};
  }

  private static void prompts(StringBuilder b, DayReport day, DateTimeFormatter clock) {
    b.append("<h2>Prompts</h2>\n");
    if (day.alerts().isEmpty()) {
      b.append("<p>").append(esc("No prompts on this day.")).append("</p>\n");
      return;
    }
    Map<String, Integer> texts = new LinkedHashMap<>();
    Map<String, AlertKind> kinds = new LinkedHashMap<>();
    boolean anyRedFlags = false;
    for (Store.AlertRow a : day.alerts()) {
      Message m = Message.of(a.message());
      if (!m.asked().isEmpty() && !texts.containsKey(m.asked())) {
        texts.put(m.asked(), texts.size() + 1);
        kinds.put(m.asked(), a.kind());
      }
      anyRedFlags |= m.redFlags();
    }
    b.append("<table class=\"prompts\">\n<tr><th>time</th><th>prompt, and why</th>"
        + "<th>outcome</th><th class=\"opt\">seen</th></tr>\n");
    for (Store.AlertRow a : day.alerts()) {
      Message m = Message.of(a.message());
      String[] out = outcome(a);
      String text = (m.asked().isEmpty() ? "" : " [" + texts.get(m.asked()) + "]")
          + (m.redFlags() ? " [red flags]" : "");
      String seen = a.ackMs() == null ? "" : "✓ " + clock.format(Instant.ofEpochMilli(a.ackMs()))
          + (a.ackVia() == null ? "" : " (" + a.ackVia() + ")");
      b.append("<tr data-kind=\"").append(esc(a.kind().key())).append("\"><td class=\"t\">")
          .append(esc(clock.format(Instant.ofEpochMilli(a.tMs())))).append("</td><td><b>")
          .append(esc(shortName(a.kind()))).append("</b>").append(esc(text))
          .append("<br><span class=\"why\">").append(esc(m.why())).append("</span></td>")
          .append("<td><span class=\"outcome\">").append(esc(out[0])).append("</span>")
          .append(out[1].isEmpty() ? "" : "<br><span class=\"detail\">" + esc(out[1])
              + "</span>").append("</td><td class=\"opt\">").append(esc(seen))
          .append("</td></tr>\n");
    }
    b.append("</table>\n<h3>What the prompts asked</h3>\n<ol class=\"texts\">\n");
    for (Map.Entry<String, Integer> t : texts.entrySet()) {
      b.append("<li value=\"").append(t.getValue()).append("\"><b>")
          .append(esc(kinds.get(t.getKey()).title())).append(":</b> ")
          .append(esc(t.getKey())).append("</li>\n");
    }
    b.append("</ol>\n");
    if (anyRedFlags) {
      b.append("<p class=\"redflags\"><b>[red flags]</b> ").append(esc(Guidance.redFlagsInline()))
          .append("</p>\n");
    }
  }

  /** One line: how often and how far the neutral moved this day. */
  static String reanchoredSummary(List<Store.ReanchoringRow> steps) {
    if (steps.isEmpty()) {
      return "no (the calibrated neutral held all day)";
    }
    double net = 0;
    double furthest = 0;
    for (Store.ReanchoringRow r : steps) {
      net += r.shiftDeg();
      furthest = Math.max(furthest, Math.abs(r.totalShiftDeg()));
    }
    return String.format(Locale.ROOT, "%d %s, %+.2f° in all (at most %.2f° from the "
        + "calibration)", steps.size(), steps.size() == 1 ? "step" : "steps", net, furthest);
  }

  /**
   * The re-anchorings, one row each: when, how far, and the evidence. Left out on days the
   * neutral never moved.
   */
  static void neutral(StringBuilder b, DayReport day, DateTimeFormatter clock) {
    if (day.reanchorings().isEmpty()) {
      return;
    }
    b.append("<h2>Neutral re-anchored</h2>\n<p class=\"note\">").append(esc("The clip can "
        + "creep on your back over hours. When your most upright posture of the last "
        + "minutes read as leaning back from your calibrated neutral, slumpwatch moved the "
        + "neutral back in small steps, so that slumps still count from where they should: "
        + "only from still, seated time near the neutral, slowly, within a bound, and never "
        + "forward of your calibration (see the neutral.* settings). Negative: the neutral "
        + "moved back, so the same posture now reads more rounded. If the steps add up to "
        + "more than a few degrees, re-attach the clip and calibrate again."))
        .append("</p>\n<table class=\"reanchorings\">\n<tr><th>time</th><th>step</th>"
        + "<th>from the calibration</th><th>upright level seen</th><th>on</th></tr>\n");
    for (Store.ReanchoringRow r : day.reanchorings()) {
      b.append("<tr><td class=\"t\">").append(esc(clock.format(Instant.ofEpochMilli(r.tMs()))))
          .append("</td><td>").append(esc(String.format(Locale.ROOT, "%+.2f°", r.shiftDeg())))
          .append("</td><td>").append(esc(String.format(Locale.ROOT, "%+.2f°",
              r.totalShiftDeg())))
          .append("</td><td>").append(esc(String.format(Locale.ROOT, "%+.2f°",
              r.evidenceDeg())))
          .append("</td><td>").append(esc(Fmt.ms(r.evidenceSeconds()) + " of still sitting"))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static void sessions(StringBuilder b, DayReport day, DateTimeFormatter clock) {
    b.append("<h2>Sessions</h2>\n<table class=\"sessions\">\n<tr><th>start</th><th>end</th>"
        + "<th>source</th><th class=\"opt\">device</th><th class=\"opt\">firmware</th>"
        + "<th class=\"opt\">sensor</th><th>calibration</th><th>ended</th></tr>\n");
    for (Store.SessionRow s : day.sessions()) {
      b.append("<tr><td class=\"t\">")
          .append(esc(clock.format(Instant.ofEpochMilli(s.startedMs()))))
          .append("</td><td class=\"t\">")
          .append(esc(clock.format(Instant.ofEpochMilli(s.endedMs()))))
          .append("</td><td>").append(esc(s.source()))
          .append("</td><td class=\"opt\">").append(esc(s.deviceId()))
          .append("</td><td class=\"opt\">").append(esc(s.firmware()))
          .append("</td><td class=\"opt\">").append(esc(s.sensorModel()))
          .append("</td><td>").append(esc(s.calibrationOrigin() == null ? "none"
              : s.calibrationOrigin()))
          .append("</td><td>").append(esc(s.endReason() == null
              ? "not closed (the program stopped abruptly)" : s.endReason()))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
  }
}
