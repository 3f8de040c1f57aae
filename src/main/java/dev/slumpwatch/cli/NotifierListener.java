package dev.slumpwatch.cli;

import dev.slumpwatch.alert.Notifier;
import dev.slumpwatch.event.PipelineEvent;
import java.util.function.Consumer;

/** Hands the pipeline's alerts to a notifier (the channels chosen in the settings). */
final class NotifierListener implements Consumer<PipelineEvent> {
  private final Notifier notifier;

  NotifierListener(Notifier notifier) {
    this.notifier = notifier;
  }

  @Override
  public void accept(PipelineEvent event) {
    if (event instanceof PipelineEvent.AlertFired a) {
      notifier.notify(a.alert());
    } else if (event instanceof PipelineEvent.AlertDecided d) {
      notifier.outcome(d.alert(), d.outcome());
    }
  }
}
