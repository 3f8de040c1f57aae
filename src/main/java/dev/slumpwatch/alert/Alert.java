package dev.slumpwatch.alert;

/**
 * A prompt to the wearer. Immutable; handed to notifiers and to the store.
 *
 * @param id sequence number within the session, so outcomes can refer to it
 * @param deviceTimeMicros when it fired, on the sensor's timeline
 * @param sessionSeconds when it fired, seconds since the session's first sample
 */
public record Alert(int id, long deviceTimeMicros, double sessionSeconds, AlertKind kind,
    String message) {}
