package dev.slumpwatch.sensor;

import dev.slumpwatch.imu.SensorScale;
import dev.slumpwatch.imu.SourceEvent;

/**
 * Where samples come from: a serial port, the Pi's I2C bus, a recording, or the simulated
 * wearer. Chosen by configuration; the simulated one is never picked by accident (the
 * command line names it: {@code demo} or {@code --source sim}).
 *
 * <p>{@link #run} is the reader loop: it is called once, on a thread the caller owns, and
 * it alone touches the device. It returns after emitting {@link SourceEvent.End}, or when
 * interrupted or {@link #close closed}.
 */
public interface SampleSource extends AutoCloseable {

  /** A short human description: the port path, the file, the scenario name. */
  String describe();

  /** The ranges the readings are in, as far as the source knows before the first sample. */
  SensorScale scale();

  /** Reads until the end of the data, an interrupt, or {@link #close}. */
  void run(SampleSink sink) throws InterruptedException;

  /** Stops {@link #run} from another thread and releases the device. Idempotent. */
  @Override
  void close();
}
