package dev.slumpwatch.sensor.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.imu.ImuSample;
import dev.slumpwatch.protocol.DeviceInfoFrame;
import dev.slumpwatch.protocol.FrameEncoder;
import dev.slumpwatch.protocol.LinkDecoder;
import dev.slumpwatch.protocol.TextFormat;
import dev.slumpwatch.testing.SittingSensor;
import dev.slumpwatch.testing.SketchOutput;
import dev.slumpwatch.testing.Uart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Baud-rate detection on bytes garbled exactly as a wrong rate garbles them: the sensor's
 * output drives a simulated serial line bit by bit ({@link Uart}) at the sketch's rate,
 * and the port samples it at whatever rate the search has set, as a UART would. Every
 * pair of the common rates, text and binary, framing errors read as 0x00, as sampled (an
 * adapter that does not report them) or dropped.
 */
class BaudSearchTest {

  /** What a board sends for {@code seconds}: a sketch's lines, or protocol v2 frames. */
  private static Uart board(int baud, boolean binary, double seconds) {
    Uart line = new Uart(baud);
    SittingSensor wearer = new SittingSensor(25, baud);
    if (binary) {
      line.send(0.05, FrameEncoder.deviceInfo(new DeviceInfoFrame(2, 7, "2.0.0", "MPU-6050",
          4, 500, 25)));
      for (int k = 0; k < seconds * 25; k++) {
        short[] c = SittingSensor.counts(wearer.at(k / 25.0), 4, 500);
        line.send(0.1 + k / 25.0, FrameEncoder.imuSample(new ImuSample(k * 40_000L, 0, k, c[0],
            c[1], c[2], c[3], c[4], c[5], 0)));
      }
    } else {
      // the Playground example's lines, 10 a second (about 600 characters a second, which
      // 9600 baud still carries)
      for (int k = 0; k < seconds * 10; k++) {
        line.send(0.1 + k / 10.0, SketchOutput.PLAYGROUND_SHORT.print(k / 10.0,
            wearer.at(k / 10.0), false).getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    return line;
  }

  /** The search over the simulated port, read every 20 ms. @return the rate it settled on */
  private static int search(Uart line, int asked, Uart.FramingErrors errors, List<String> said,
      ByteArrayOutputStream handedOn) {
    BaudSearch s = new BaudSearch(asked, 2);
    double t = 0.3; // the port opens while the board is sending
    Uart.Receiver rx = line.receiver(s.baud(), t, errors);
    for (; t < 60; t += 0.02) {
      byte[] b = rx.read(t);
      if (b.length == 0) {
        continue;
      }
      BaudSearch.Step step = s.data(b, 0, b.length, Math.round(t * 1e6));
      if (step == BaudSearch.Step.SWITCH) {
        rx = line.receiver(s.baud(), t, errors);
      } else if (step != BaudSearch.Step.HOLD) {
        String m = s.message();
        if (m != null) {
          said.add(m);
        }
        for (BaudSearch.Chunk c : s.held()) {
          handedOn.writeBytes(c.bytes());
        }
        return step == BaudSearch.Step.READABLE ? s.baud() : -s.baud();
      }
    }
    return 0;
  }

  @Test
  void everyCommonRateIsFoundFromEveryOtherTextAndBinary() {
    List<String> failures = new ArrayList<>();
    int cases = 0;
    int silent = 0;
    for (boolean binary : new boolean[] {false, true}) {
      for (Uart.FramingErrors errors : Uart.FramingErrors.values()) {
        for (int device : BaudSearch.COMMON) {
          Uart line = board(device, binary, 60);
          for (int asked : BaudSearch.COMMON) {
            cases++;
            List<String> said = new ArrayList<>();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int found = search(line, asked, errors, said, got);
            String what = (binary ? "binary" : "text") + " at " + device + " read from "
                + asked + " (framing errors " + errors + ")";
            if (found == 0 && errors == Uart.FramingErrors.DROPPED) {
              // every character was a framing error and dropped: the port stays silent, and
              // only the silence message can help (tested in SerialLinkTest)
              silent++;
              continue;
            }
            if (found != device) {
              failures.add(what + ": settled on " + found + " " + said);
              continue;
            }
            if (asked == device ? !said.isEmpty()
                : said.size() != 1 || !said.get(0).contains("it reads at " + device + " baud")
                || !said.get(0).contains("no readable data at " + asked)) {
              failures.add(what + ": said " + said);
            }
            // what was handed on is what the board sent, readable by the link decoder
            List<ImuSample> samples = new ArrayList<>();
            LinkDecoder d = new LinkDecoder(samples::add, TextFormat.DEFAULTS, m -> { },
                f -> { });
            byte[] b = got.toByteArray();
            d.feed(b, 0, b.length);
            d.flush();
            if (d.format() != (binary ? LinkDecoder.Format.BINARY : LinkDecoder.Format.TEXT)) {
              failures.add(what + ": handed on " + b.length + " bytes read as " + d.format());
            }
          }
        }
      }
    }
    assertEquals(List.of(), failures, failures.size() + " of " + cases + " cases");
    System.err.println("baud search: " + cases + " cases (5 x 5 rates, text and binary, "
        + "framing errors as 0x00, as sampled or dropped): every rate found where bytes "
        + "arrived; " + silent + " silent (all dropped)");
  }

  @Test
  void noiseAtEveryRateKeepsTheRateAskedForAndSaysSo() {
    // a line that is not a UART at any of these rates: random levels every 13 µs
    Uart line = new Uart(76_923);
    SplittableRandom r = new SplittableRandom(3);
    byte[] noise = new byte[20_000];
    r.nextBytes(noise);
    line.send(0, noise);
    List<String> said = new ArrayList<>();
    int found = search(line, 115_200, Uart.FramingErrors.AS_ZERO, said,
        new ByteArrayOutputStream());
    assertEquals(-115_200, found, said.toString());
    assertTrue(said.get(0).contains("readable at none of 115200, 9600, 19200, 38400, 57600"),
        said.toString());
  }
}
