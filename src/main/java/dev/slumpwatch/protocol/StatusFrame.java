package dev.slumpwatch.protocol;

/**
 * The device's periodic status (frame type 0x03).
 *
 * @param batteryMillivolts 0 when the device does not know (USB powered)
 * @param droppedSamples samples the device could not send since it started, cumulative
 */
public record StatusFrame(int batteryMillivolts, long droppedSamples) {}
