package dev.slumpwatch.testing;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.protocol.DeviceInfoFrame;
import dev.slumpwatch.protocol.FrameEncoder;
import dev.slumpwatch.sensor.SampleSource;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A sensor on the far end of a serial link: a {@link SampleSource} (a simulated wearer) sent
 * as the firmware sends it, binary protocol frames (device info first), written into the
 * sensor side of a {@link SocatPair} on a thread of its own, at the source's pace.
 */
public final class SensorStream implements AutoCloseable {
  private final SampleSource source;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private SensorStream(SampleSource source, Path sensorEnd) {
    this.source = source;
    this.thread = new Thread(() -> stream(sensorEnd), "sensor-stream");
    thread.setDaemon(true);
  }

  /** Starts sending {@code source} into {@code sensorEnd}. */
  public static SensorStream start(SampleSource source, Path sensorEnd) {
    SensorStream s = new SensorStream(source, sensorEnd);
    s.thread.start();
    return s;
  }

  private void stream(Path sensorEnd) {
    try (OutputStream out = new FileOutputStream(sensorEnd.toFile())) {
      ByteArrayOutputStream batch = new ByteArrayOutputStream(4096);
      source.run(e -> {
        if (e instanceof SourceEvent.DeviceInfo info) {
          batch.writeBytes(FrameEncoder.deviceInfo(new DeviceInfoFrame(2, 0x5117, "sim-1",
              "MPU-6050 (simulated)", 4, 500, info.rateHz())));
        } else if (e instanceof SourceEvent.Samples s) {
          for (ImuSample x : s.samples()) {
            batch.writeBytes(FrameEncoder.imuSample(2, x));
          }
        }
        try {
          batch.writeTo(out);
          out.flush();
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
        batch.reset();
      });
    } catch (IOException | UncheckedIOException | InterruptedException e) {
      failure.compareAndSet(null, e);
    }
  }

  /** Why the stream stopped early (the port went away), or null. */
  public Throwable failure() {
    return failure.get();
  }

  @Override
  public void close() throws InterruptedException {
    source.close();
    thread.join(5000);
  }
}
