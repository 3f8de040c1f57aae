package dev.slumpwatch.alert;

import java.util.List;

/** Sorts what an engine decided into the lists a test looks at. */
final class Decisions {
  private Decisions() {
  }

  /** Takes the engine's decisions; each list may be null when the test ignores that kind. */
  static void take(AlertEngine engine, List<Alert> alerts, List<AlertOutcome> outcomes,
      List<Acknowledgement> acks) {
    for (AlertDecision d : engine.takeDecisions()) {
      if (d instanceof AlertDecision.Fired f && alerts != null) {
        alerts.add(f.alert());
      } else if (d instanceof AlertDecision.Decided o && outcomes != null) {
        outcomes.add(o.outcome());
      } else if (d instanceof AlertDecision.Acknowledged k && acks != null) {
        acks.add(k.ack());
      }
    }
  }
}
