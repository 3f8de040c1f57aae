package dev.slumpwatch.report;

import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One day of history, read from the store, with the figures the daily report shows. Plain
 * data: {@link DayCharts} draws it, {@link HtmlReport} writes the page.
 *
 * <p>Definitions (also in the README): worn time is every stored second whose activity is
 * neither unknown nor not-worn; upright % is the share of worn time not slumped; slump
 * minutes and episodes come from the stored episodes, clipped to the day; the slump dose
 * is their flexion above the threshold integrated over time (degree-minutes); breaks
 * prompted are desk-break prompts, taken those whose outcome was {@code taken}.
 */
public final class DayReport {
  /** The day's headline figures. {@code extensionReps} is empty when not recorded. */
  public record Figures(long wornSeconds, long knownSeconds, long slumpedSeconds,
      double uprightPercent, double slumpMinutes, int episodes, double longestEpisodeSeconds,
      double slumpDoseDegMinutes, int breaksPrompted, int breaksTaken, int nudges,
      OptionalLong extensionReps, double gapSeconds, int sessions) {}

  /**
   * One hour of the day. Percentiles are of the per-second mean flexion while it was known;
   * NaN when the hour has no known second.
   */
  public record Hour(int hour, double slumpMinutes, long knownSeconds, double p10Deg,
      double p50Deg, double p90Deg) {}

  /** Names of the states in the time-per-state chart, in display order. */
  public static final String UPRIGHT = "seated upright";
  public static final String SLUMPED = "seated slumped";
  public static final String NO_DATA = "no data (gaps)";

  private final LocalDate date;
  private final ZoneId zone;
  private final double thresholdDeg;
  private final long fromMs;
  private final long toMs;
  private final List<Store.SecondRow> seconds;
  private final List<Store.EpisodeRow> episodes;
  private final List<Store.AlertRow> alerts;
  private final List<Store.BreakRow> breaks;
  private final List<Store.GapRow> gaps;
  private final List<Store.SessionRow> sessions;
  private final Figures figures;
  private final List<Hour> hours;
  private final Map<String, Long> stateSeconds;

  private DayReport(LocalDate date, ZoneId zone, double thresholdDeg, long fromMs, long toMs,
      List<Store.SecondRow> seconds, List<Store.EpisodeRow> episodes,
      List<Store.AlertRow> alerts, List<Store.BreakRow> breaks, List<Store.GapRow> gaps,
      List<Store.SessionRow> sessions, OptionalLong extensionReps) {
    this.date = date;
    this.zone = zone;
    this.thresholdDeg = thresholdDeg;
    this.fromMs = fromMs;
    this.toMs = toMs;
    this.seconds = seconds;
    this.episodes = episodes;
    this.alerts = alerts;
    this.breaks = breaks;
    this.gaps = gaps;
    this.sessions = sessions;
    this.stateSeconds = states(seconds, gapSeconds(gaps, fromMs, toMs));
    this.hours = hours(seconds, fromMs);
    this.figures = figures(extensionReps);
  }

  /** Reads the day [00:00, 24:00) in {@code zone} from the store. */
  public static DayReport load(Store store, LocalDate date, ZoneId zone, double thresholdDeg)
      throws StoreException {
    long from = date.atStartOfDay(zone).toInstant().toEpochMilli();
    long to = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    return new DayReport(date, zone, thresholdDeg, from, to, store.seconds(from, to),
        store.episodes(from, to), store.alerts(from, to), store.breaks(from, to),
        store.gaps(from, to), store.sessions(from, to), store.extensionReps(from, to));
  }

  /** A day with nothing recorded. */
  public static DayReport empty(LocalDate date, ZoneId zone, double thresholdDeg) {
    long from = date.atStartOfDay(zone).toInstant().toEpochMilli();
    long to = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    return new DayReport(date, zone, thresholdDeg, from, to, List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of(), OptionalLong.empty());
  }

  static boolean worn(Activity a) {
    return a != Activity.UNKNOWN && a != Activity.NOT_WORN;
  }

  private double clippedSeconds(long startMs, long endMs) {
    return Math.max(0, Math.min(endMs, toMs) - Math.max(startMs, fromMs)) / 1000.0;
  }

  private static double gapSeconds(List<Store.GapRow> gaps, long fromMs, long toMs) {
    double s = 0;
    for (Store.GapRow g : gaps) {
      s += Math.max(0, Math.min(g.toMs(), toMs) - Math.max(g.fromMs(), fromMs)) / 1000.0;
    }
    return s;
  }

  private Figures figures(OptionalLong extensionReps) {
    long worn = 0;
    long known = 0;
    long slumped = 0;
    for (Store.SecondRow r : seconds) {
      if (worn(r.activity())) {
        worn++;
        if (r.slumped()) {
          slumped++;
        }
      }
      if (!Double.isNaN(r.flexionMeanDeg())) {
        known++;
      }
    }
    double slumpSeconds = 0;
    double longest = 0;
    double dose = 0;
    for (Store.EpisodeRow e : episodes) {
      double inDay = clippedSeconds(e.startMs(), e.endMs());
      slumpSeconds += inDay;
      longest = Math.max(longest, e.durationSeconds());
      dose += e.durationSeconds() > 0 ? e.doseDegMinutes() * inDay / e.durationSeconds() : 0;
    }
    int prompted = 0;
    int taken = 0;
    int nudges = 0;
    for (Store.AlertRow a : alerts) {
      if (a.kind() == AlertKind.DESK_BREAK) {
        prompted++;
        if (AlertOutcome.TAKEN.equals(a.outcome())) {
          taken++;
        }
      } else if (a.kind() == AlertKind.SLUMP_NUDGE) {
        nudges++;
      }
    }
    double upright = worn == 0 ? Double.NaN : 100.0 * (worn - slumped) / worn;
    return new Figures(worn, known, slumped, upright, slumpSeconds / 60, episodes.size(),
        longest, dose, prompted, taken, nudges, extensionReps, gapSeconds(gaps, fromMs, toMs),
        sessions.size());
  }

  private static Map<String, Long> states(List<Store.SecondRow> seconds, double gapSeconds) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put(UPRIGHT, 0L);
    m.put(SLUMPED, 0L);
    for (Activity a : Activity.values()) {
      if (!a.seated()) {
        m.put(a.key(), 0L);
      }
    }
    for (Store.SecondRow r : seconds) {
      String k = r.activity().seated() ? (r.slumped() ? SLUMPED : UPRIGHT) : r.activity().key();
      m.merge(k, 1L, Long::sum);
    }
    m.put(NO_DATA, Math.round(gapSeconds));
    return m;
  }

  private static List<Hour> hours(List<Store.SecondRow> seconds, long fromMs) {
    double[][] flex = new double[24][];
    int[] n = new int[24];
    long[] slumped = new long[24];
    for (int h = 0; h < 24; h++) {
      flex[h] = new double[64];
    }
    for (Store.SecondRow r : seconds) {
      // hours of the day by elapsed time since local midnight (a DST day has 23 or 25)
      int h = (int) Math.min(23, Math.max(0, (r.tMs() - fromMs) / 3_600_000L));
      if (r.slumped() && worn(r.activity())) {
        slumped[h]++;
      }
      if (!Double.isNaN(r.flexionMeanDeg())) {
        if (n[h] == flex[h].length) {
          flex[h] = Arrays.copyOf(flex[h], n[h] * 2);
        }
        flex[h][n[h]++] = r.flexionMeanDeg();
      }
    }
    List<Hour> out = new ArrayList<>(24);
    for (int h = 0; h < 24; h++) {
      double[] v = Arrays.copyOf(flex[h], n[h]);
      Arrays.sort(v);
      out.add(new Hour(h, slumped[h] / 60.0, n[h], percentile(v, 0.10), percentile(v, 0.50),
          percentile(v, 0.90)));
    }
    return out;
  }

  /** Linear interpolation between closest ranks of sorted values; NaN when empty. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = p * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(sorted.length - 1, i + 1);
    return sorted[i] + (sorted[j] - sorted[i]) * (pos - i);
  }

  public LocalDate date() {
    return date;
  }

  public ZoneId zone() {
    return zone;
  }

  public double thresholdDeg() {
    return thresholdDeg;
  }

  public long fromMs() {
    return fromMs;
  }

  public long toMs() {
    return toMs;
  }

  public List<Store.SecondRow> seconds() {
    return seconds;
  }

  public List<Store.EpisodeRow> episodes() {
    return episodes;
  }

  public List<Store.AlertRow> alerts() {
    return alerts;
  }

  public List<Store.BreakRow> breaks() {
    return breaks;
  }

  public List<Store.GapRow> gaps() {
    return gaps;
  }

  public List<Store.SessionRow> sessions() {
    return sessions;
  }

  public Figures figures() {
    return figures;
  }

  /** Hours 0–23 of the day. */
  public List<Hour> hours() {
    return hours;
  }

  /** Seconds per state, in display order; see the state name constants. */
  public Map<String, Long> stateSeconds() {
    return stateSeconds;
  }
}
