package dev.slumpwatch.app;

/**
 * The sensor link as the source reports it, polled about once a second off the
 * event-dispatch thread.
 *
 * @param description "serial /dev/ttyUSB0 at 115200 baud", "simulated wearer"
 * @param connected whether data can flow now
 * @param counters samples, errors, drops and reconnections, in words
 */
public record SourceStatus(String description, boolean connected, String counters) {}
