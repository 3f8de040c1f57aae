package dev.slumpwatch.alert;

import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * Beeps through the default audio output (javax.sound), in the alert kind's
 * {@link PulsePattern}: a 880 Hz tone for each pulse, silence between. Plays on a thread
 * of its own; the line is opened per alert, so another program may use the device between.
 */
public final class SoundNotifier implements Notifier {
  static final float RATE = 22_050;
  static final double TONE_HZ = 880;
  private static final AudioFormat FORMAT = new AudioFormat(RATE, 16, 1, true, false);

  private final ExecutorService executor = PlayerThread.daemon("slumpwatch-sound");

  private SoundNotifier() {
  }

  /** @return the notifier, or null with a one-line reason when there is no audio output */
  public static Notifier open(Consumer<String> report) {
    try {
      SourceDataLine line = AudioSystem.getSourceDataLine(FORMAT);
      line.open(FORMAT);
      line.close();
      return new SoundNotifier();
    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
      report.accept("sound off: no audio output device (" + e.getMessage() + ")");
      return null;
    }
  }

  /** The pattern as 16-bit little-endian mono PCM at {@link #RATE}, 10 ms fades per tone. */
  static byte[] render(PulsePattern pattern) {
    int total = (int) ((long) pattern.totalMillis() * (long) RATE / 1000);
    byte[] pcm = new byte[total * 2];
    int i = 0;
    int fade = (int) (RATE / 100);
    for (PulsePattern.Pulse p : pattern.pulses()) {
      int on = (int) ((long) p.onMillis() * (long) RATE / 1000);
      for (int k = 0; k < on && i < total; k++, i++) {
        double envelope = Math.min(1, Math.min(k, on - 1 - k) / (double) fade);
        short s = (short) (0.4 * Short.MAX_VALUE * envelope
            * Math.sin(2 * Math.PI * TONE_HZ * k / RATE));
        pcm[2 * i] = (byte) s;
        pcm[2 * i + 1] = (byte) (s >> 8);
      }
      i += (int) ((long) p.offMillis() * (long) RATE / 1000); // silence: already zero
    }
    return pcm;
  }

  @Override
  public String name() {
    return "sound";
  }

  @Override
  public void notify(Alert alert) {
    if (!alert.delivered()) {
      return;
    }
    byte[] pcm = render(PulsePattern.of(alert.kind()));
    PlayerThread.play(executor, () -> play(pcm));
  }

  private static void play(byte[] pcm) {
    try (SourceDataLine line = AudioSystem.getSourceDataLine(FORMAT)) {
      line.open(FORMAT);
      line.start();
      line.write(pcm, 0, pcm.length);
      line.drain();
    } catch (LineUnavailableException | IllegalArgumentException e) {
      // the device went away; the console still has the alert
    }
  }

  @Override
  public void close() {
    PlayerThread.close(executor);
  }
}
