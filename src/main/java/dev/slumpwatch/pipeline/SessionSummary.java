package dev.slumpwatch.pipeline;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.slump.SlumpEpisode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Collects a session's headline figures as the pipeline runs (processing thread only). */
public final class SessionSummary implements Consumer<PipelineEvent> {
  private long wornSeconds;
  private long knownSeconds;
  private long seconds;
  private final List<SlumpEpisode> episodes = new ArrayList<>();
  private final List<Alert> alerts = new ArrayList<>();
  private int breaksTaken;
  private int walkBreaks;
  private int gaps;
  private int extensionsDone;
  private int extensionsPartial;

  @Override
  public void accept(PipelineEvent event) {
    if (event instanceof PipelineEvent.Second s) {
      second(s.second());
    } else if (event instanceof PipelineEvent.SlumpEnded e) {
      episodes.add(e.episode());
    } else if (event instanceof PipelineEvent.AlertFired a) {
      alerts.add(a.alert());
    } else if (event instanceof PipelineEvent.AlertDecided d) {
      outcome(d.outcome());
    } else if (event instanceof PipelineEvent.Gap) {
      gaps++;
    }
  }

  private void second(PostureSecond s) {
    seconds++;
    if (s.activity() != Activity.UNKNOWN && s.activity() != Activity.NOT_WORN) {
      wornSeconds++;
    }
    if (!Double.isNaN(s.flexionMeanDeg())) {
      knownSeconds++;
    }
  }

  private void outcome(AlertOutcome outcome) {
    if (AlertOutcome.DONE.equals(outcome.outcome())) {
      extensionsDone++;
    } else if (AlertOutcome.PARTIAL.equals(outcome.outcome())) {
      extensionsPartial++;
    }
    if (AlertOutcome.TAKEN.equals(outcome.outcome())) {
      breaksTaken++;
      if ("walk".equals(outcome.detail())) {
        walkBreaks++;
      }
    }
  }

  public long wornSeconds() {
    return wornSeconds;
  }

  public long seconds() {
    return seconds;
  }

  public List<SlumpEpisode> episodes() {
    return List.copyOf(episodes);
  }

  public List<Alert> alerts() {
    return List.copyOf(alerts);
  }

  public double slumpSeconds() {
    return episodes.stream().mapToDouble(SlumpEpisode::durationSeconds).sum();
  }

  public double longestSlumpSeconds() {
    return episodes.stream().mapToDouble(SlumpEpisode::durationSeconds).max().orElse(0);
  }

  public long count(AlertKind kind) {
    return alerts.stream().filter(a -> a.kind() == kind).count();
  }

  public int breaksTaken() {
    return breaksTaken;
  }

  public String format() {
    StringBuilder b = new StringBuilder("summary\n");
    b.append(String.format(Locale.ROOT, "  worn time      %s (posture known for %s)%n",
        hm(wornSeconds), hm(knownSeconds)));
    b.append(String.format(Locale.ROOT, "  slump time     %.1f min in %d episode%s%s%n",
        slumpSeconds() / 60, episodes.size(), episodes.size() == 1 ? "" : "s",
        episodes.isEmpty() ? ""
            : String.format(Locale.ROOT, " (longest %s)", ms(longestSlumpSeconds()))));
    b.append(String.format(Locale.ROOT, "  slump nudges   %d%n", count(AlertKind.SLUMP_NUDGE)));
    b.append(String.format(Locale.ROOT, "  desk breaks    %d prompted, %d taken (%d by walking, "
        + "%d by Bruegger's relief position)", count(AlertKind.DESK_BREAK), breaksTaken,
        walkBreaks, breaksTaken - walkBreaks));
    b.append(String.format(Locale.ROOT, "%n  extensions     %d prompted, %d done, %d partly done",
        count(AlertKind.EXTENSION), extensionsDone, extensionsPartial));
    if (count(AlertKind.SELF_CRACK_WARNING) > 0) {
      b.append(String.format(Locale.ROOT, "%n  self-cracking  warned (more than the day's limit "
          + "of forceful twists)"));
    }
    if (gaps > 0) {
      b.append(String.format(Locale.ROOT, "%n  gaps           %d (recorded as unknown)", gaps));
    }
    return b.toString();
  }

  /** {@code 1 h 59 min}; under an hour {@code 12 min 05 s}, so a short session is not 0. */
  static String hm(double seconds) {
    long s = Math.round(seconds);
    if (s < 3600) {
      return ms(seconds);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s / 60) % 60);
  }

  /** {@code 3 min 07 s}. */
  public static String minutesSeconds(double seconds) {
    return ms(seconds);
  }

  static String ms(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
  }
}
