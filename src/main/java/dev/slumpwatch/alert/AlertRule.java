package dev.slumpwatch.alert;

/**
 * One rule of the alert engine: it looks at each sample's {@link Moment} and asks the
 * {@link Delivery} to fire a prompt or record an outcome. Rules hold only their own state.
 */
interface AlertRule {
  void update(Moment m, Delivery delivery);
}
