package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;

/**
 * What the device says about itself (frame type 0x02). Validated on decoding: the ranges
 * are ones an MPU-6050 has, the rate within 1..1000 Hz, the strings printable ASCII.
 *
 * @param deviceId the device's 32-bit identifier, shown as 8 hex digits
 */
public record DeviceInfoFrame(int protocolVersion, long deviceId, String firmwareVersion,
    String sensorModel, int accelRangeG, int gyroRangeDegPerSec, int rateHz) {

  public String deviceIdHex() {
    return String.format("%08X", deviceId & 0xFFFF_FFFFL);
  }

  public SensorScale scale() {
    return new SensorScale(accelRangeG, gyroRangeDegPerSec);
  }

  public SourceEvent.DeviceInfo toEvent() {
    return new SourceEvent.DeviceInfo(deviceIdHex(), firmwareVersion, sensorModel, scale(),
        rateHz);
  }
}
