package dev.slumpwatch.imu;

import java.util.List;

/**
 * What a sample source (a serial port, a recording, the simulated wearer) hands to the
 * pipeline. Immutable: these records cross from the reader thread to the processing thread.
 */
public sealed interface SourceEvent {

  /** A run of consecutive samples, in device-time order. Batching keeps the hand-off cheap. */
  record Samples(List<ImuSample> samples) implements SourceEvent {
    public Samples {
      samples = List.copyOf(samples);
    }
  }

  /**
   * No data between two device times (cable pulled, port vanished, frames lost). The
   * pipeline records the span as unknown, never as good posture.
   *
   * @param fromMicros device time of the last sample before the gap (inclusive bound)
   * @param toMicros   device time of the first sample after it, or -1 if not yet known
   */
  record Gap(long fromMicros, long toMicros, String reason) implements SourceEvent {}

  /** The device described itself (firmware version, ranges, rate, id). */
  record DeviceInfo(String deviceId, String firmwareVersion, String sensorModel,
      SensorScale scale, int rateHz) implements SourceEvent {}

  /** The source has nothing more and will not produce more (end of a recording or scenario). */
  record End(String reason) implements SourceEvent {}
}
