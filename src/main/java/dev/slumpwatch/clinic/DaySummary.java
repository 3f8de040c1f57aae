package dev.slumpwatch.clinic;

import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.report.DayReport;
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
   * The day's figures from the wearer's store. This is the one place the clinic takes day
   * figures from: it calls the daily report and adds only what that report does not count
   * (extension prompts shown and done), so a change of definition there reaches the clinic.
   */
  public static DaySummary of(Store store, LocalDate day, ZoneId zone, double thresholdDeg)
      throws StoreException {
    DayReport report = DayReport.load(store, day, zone, thresholdDeg);
    DayReport.Figures f = report.figures();
    int extensionPrompts = 0;
    int extensionDone = 0;
    for (Store.AlertRow a : report.alerts()) {
      if (a.kind() == AlertKind.EXTENSION && !AlertOutcome.SUPPRESSED.equals(a.outcome())) {
        extensionPrompts++;
        if (AlertOutcome.DONE.equals(a.outcome())) {
          extensionDone++;
        }
      }
    }
    return new DaySummary(day, f.wornSeconds(), f.knownSeconds(), f.slumpedSeconds(),
        f.slumpMinutes(), f.episodes(), f.longestEpisodeSeconds(), f.slumpDoseDegMinutes(),
        f.breaksPrompted(), f.breaksTaken(), f.nudges(), extensionPrompts, extensionDone,
        f.extensionReps(), f.gapSeconds(), f.sessions());
  }
}
