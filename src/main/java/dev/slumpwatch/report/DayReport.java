package dev.slumpwatch.report;

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
import java.util.Optional;

/**
 * One day of history for the day page: the stored rows its charts draw, the day's
 * {@link DayFigures} (the one definition of every headline figure), the days before it for
 * streaks and the week before, and the per-hour and per-state breakdowns. The breakdowns add
 * up to the headline: the hours' slump time and the "seated slumped" state are the same
 * episode time as {@link DayFigures#slumpSeconds()}, split by hour or set against the seated
 * seconds. Plain data: {@link DayCharts} draws it, {@link HtmlReport} writes the page.
 */
public final class DayReport {
  /**
   * One hour of the day. Slump time is the episode time inside the hour; percentiles are of
   * the per-second mean flexion while it was known, NaN when the hour has no known second.
   */
  public record Hour(int hour, long wornSeconds, double slumpSeconds, long knownSeconds,
      double p10Deg, double p50Deg, double p90Deg) {
    public double slumpMinutes() {
      return slumpSeconds / 60;
    }

    /** Share of the hour's worn time not in a slump; NaN when not worn. */
    public double uprightShare() {
      return wornSeconds == 0 ? Double.NaN
          : 1 - Math.min(slumpSeconds, wornSeconds) / wornSeconds;
    }
  }

  /** An hour needs this much worn time to be the day's best or worst. */
  public static final long MIN_RANKED_HOUR_SECONDS = 15 * 60;

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
  private final List<Store.ReanchoringRow> reanchorings;
  private final List<DayFigures> history;
  private final List<Hour> hours;
  private final Map<String, Double> stateSeconds;

  private DayReport(LocalDate date, ZoneId zone, double thresholdDeg, long fromMs, long toMs,
      List<Store.SecondRow> seconds, List<Store.EpisodeRow> episodes,
      List<Store.AlertRow> alerts, List<Store.BreakRow> breaks, List<Store.GapRow> gaps,
      List<Store.SessionRow> sessions, List<Store.ReanchoringRow> reanchorings,
      List<DayFigures> history) {
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
    this.reanchorings = List.copyOf(reanchorings);
    this.history = List.copyOf(history);
    this.hours = splitByHour();
    this.stateSeconds = splitByState();
  }

  /**
   * Reads the day [00:00, 24:00) in {@code zone} from the store, and the figures of the
   * {@link Coaching#LOOKBACK_DAYS} days before it.
   */
  public static DayReport load(Store store, LocalDate date, ZoneId zone, double thresholdDeg)
      throws StoreException {
    long from = date.atStartOfDay(zone).toInstant().toEpochMilli();
    long to = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    return new DayReport(date, zone, thresholdDeg, from, to, store.seconds(from, to),
        store.episodes(from, to), store.alerts(from, to), store.breaks(from, to),
        store.gaps(from, to), store.sessions(from, to), store.reanchorings(from, to),
        DayFigures.days(store, date.minusDays(Coaching.LOOKBACK_DAYS), date, zone));
  }

  /** A day with nothing recorded. */
  public static DayReport empty(LocalDate date, ZoneId zone, double thresholdDeg) {
    long from = date.atStartOfDay(zone).toInstant().toEpochMilli();
    long to = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    return new DayReport(date, zone, thresholdDeg, from, to, List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of(), List.of(), List.of(new DayFigures(date, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
  }

  static boolean worn(Activity a) {
    return a != Activity.UNKNOWN && a != Activity.NOT_WORN;
  }

  /** Hour of the day by elapsed time since local midnight (a DST day has 23 or 25). */
  private int hourOf(long tMs) {
    return (int) Math.min(23, Math.max(0, (tMs - fromMs) / 3_600_000L));
  }

  private long hourStart(int h) {
    return fromMs + h * 3_600_000L;
  }

  private long hourEnd(int h) {
    return h == 23 ? toMs : fromMs + (h + 1) * 3_600_000L;
  }

  private List<Hour> splitByHour() {
    double[][] flex = new double[24][];
    int[] n = new int[24];
    long[] worn = new long[24];
    double[] slump = new double[24];
    for (int h = 0; h < 24; h++) {
      flex[h] = new double[64];
    }
    for (Store.SecondRow r : seconds) {
      int h = hourOf(r.tMs());
      if (worn(r.activity())) {
        worn[h]++;
      }
      if (!Double.isNaN(r.flexionMeanDeg())) {
        if (n[h] == flex[h].length) {
          flex[h] = Arrays.copyOf(flex[h], n[h] * 2);
        }
        flex[h][n[h]++] = r.flexionMeanDeg();
      }
    }
    for (Store.EpisodeRow e : episodes) {
      for (int h = hourOf(Math.max(e.startMs(), fromMs)); h < 24 && hourStart(h) < e.endMs();
          h++) {
        slump[h] += DayFigures.overlapSeconds(e.startMs(), e.endMs(), hourStart(h), hourEnd(h));
      }
    }
    List<Hour> out = new ArrayList<>(24);
    for (int h = 0; h < 24; h++) {
      double[] v = Arrays.copyOf(flex[h], n[h]);
      Arrays.sort(v);
      out.add(new Hour(h, worn[h], slump[h], n[h], percentile(v, 0.10), percentile(v, 0.50),
          percentile(v, 0.90)));
    }
    return out;
  }

  /**
   * Seconds per state: seated upright and seated slumped split the seated seconds by the
   * day's slump time; the other activities are counted per second; "no data" is the
   * recorded gaps.
   */
  private Map<String, Double> splitByState() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(UPRIGHT, 0.0);
    m.put(SLUMPED, 0.0);
    for (Activity a : Activity.values()) {
      if (!a.seated()) {
        m.put(a.key(), 0.0);
      }
    }
    long seated = 0;
    for (Store.SecondRow r : seconds) {
      if (r.activity().seated()) {
        seated++;
      } else {
        m.merge(r.activity().key(), 1.0, Double::sum);
      }
    }
    double slumped = Math.min(seated, figures().slumpSeconds());
    m.put(UPRIGHT, seated - slumped);
    m.put(SLUMPED, slumped);
    m.put(NO_DATA, figures().gapSeconds());
    return m;
  }

  /** Linear interpolation between closest ranks of sorted values; NaN when empty. */
  public static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = p * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(sorted.length - 1, i + 1);
    return sorted[i] + (sorted[j] - sorted[i]) * (pos - i);
  }

  /** Whether anything was recorded on the day. */
  public boolean hasData() {
    return !seconds.isEmpty();
  }

  /** The hour with the highest upright share (at least 15 min worn), if two hours qualify. */
  public Optional<Hour> bestHour() {
    return ranked(true);
  }

  /** The hour with the lowest upright share (at least 15 min worn), if two hours qualify. */
  public Optional<Hour> worstHour() {
    return ranked(false);
  }

  private Optional<Hour> ranked(boolean best) {
    List<Hour> candidates = hours.stream()
        .filter(h -> h.wornSeconds() >= MIN_RANKED_HOUR_SECONDS).toList();
    if (candidates.size() < 2) {
      return Optional.empty();
    }
    Hour pick = candidates.get(0);
    for (Hour h : candidates) {
      // ties go to the earlier hour for the best and the later for the worst: never the same
      if (best ? h.uprightShare() > pick.uprightShare()
          : h.uprightShare() <= pick.uprightShare()) {
        pick = h;
      }
    }
    return Optional.of(pick);
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

  /**
   * The steps by which the neutral posture followed a creeping clip this day, in order
   * (see {@code posture.NeutralTracker}); empty when it never moved.
   */
  public List<Store.ReanchoringRow> reanchorings() {
    return reanchorings;
  }

  public List<Store.GapRow> gaps() {
    return gaps;
  }

  public List<Store.SessionRow> sessions() {
    return sessions;
  }

  /** The day's figures: the last of {@link #history()}. */
  public DayFigures figures() {
    return history.get(history.size() - 1);
  }

  /** The figures of the days up to and including this one, oldest first. */
  public List<DayFigures> history() {
    return history;
  }

  /** Hours 0–23 of the day. */
  public List<Hour> hours() {
    return hours;
  }

  /** Seconds per state, in display order; see the state name constants. */
  public Map<String, Double> stateSeconds() {
    return stateSeconds;
  }
}
