package dev.slumpwatch.clinic;

import dev.slumpwatch.report.DayFigures;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.store.StoreException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.OptionalLong;

/**
 * One wearer-day as the clinic server keeps it ({@code clinic.day_summaries}): the figures
 * of the wearer's own daily report, so the clinician sees the same numbers the wearer does.
 *
 * @param extensionPrompts extension prompts shown (not suppressed)
 * @param extensionDone of those, the ones the sensor saw done (outcome {@code done})
 * @param extensionReps repetitions counted, empty when the store does not record them
 */
public record DaySummary(LocalDate day, long wornSeconds, long knownSeconds,
    long slumpedSeconds, double slumpMinutes, int episodes, double longestEpisodeSeconds,
    double slumpDoseDegMinutes, int breaksPrompted, int breaksTaken, int nudges,
    int extensionPrompts, int extensionDone, OptionalLong extensionReps, double gapSeconds,
    int sessions) {

  /**
   * The day's figures from the wearer's store: the report's one definition of each
   * ({@link DayFigures}), so the clinician sees the same numbers the wearer does.
   * {@code slumpedSeconds} is the headline slump time (episodes), rounded to the second.
   */
  public static DaySummary of(Store store, LocalDate day, ZoneId zone) throws StoreException {
    DayFigures f = DayFigures.of(store, day, zone);
    return new DaySummary(day, f.wornSeconds(), f.knownSeconds(),
        Math.round(f.slumpSeconds()), f.slumpMinutes(), f.episodes(),
        f.longestEpisodeSeconds(), f.slumpDoseDegMinutes(), f.breaksPrompted(),
        f.breaksTaken(), f.nudges(), f.extensionsPrompted(), f.extensionsDone(),
        OptionalLong.of(f.extensionReps()), f.gapSeconds(), f.sessions());
  }
}
