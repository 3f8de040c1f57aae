package dev.slumpwatch.protocol;

import dev.slumpwatch.imu.ImuSample;

/**
 * What a decoder found in the bytes, called on the thread that feeds the decoder. Only
 * valid, checked content is delivered; everything else is counted in {@link DecoderStats}.
 */
public interface FrameListener {
  void sample(ImuSample sample);

  default void deviceInfo(DeviceInfoFrame info) {
  }

  default void status(StatusFrame status) {
  }

  /** A host-to-device command (seen by a device, or by a loopback test). */
  default void command(Command command) {
  }
}
