package dev.slumpwatch.cli;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.alert.Notifier;
import dev.slumpwatch.pipeline.PipelineListener;

/** Hands the pipeline's alerts to a notifier (the channels chosen in the settings). */
final class NotifierListener implements PipelineListener {
  private final Notifier notifier;

  NotifierListener(Notifier notifier) {
    this.notifier = notifier;
  }

  @Override
  public void alert(Alert alert) {
    notifier.notify(alert);
  }

  @Override
  public void outcome(Alert alert, AlertOutcome outcome) {
    notifier.outcome(alert, outcome);
  }
}
