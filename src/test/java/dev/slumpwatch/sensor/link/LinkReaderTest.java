package dev.slumpwatch.sensor.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.imu.SourceEvent;
import dev.slumpwatch.protocol.TextFormat;
import dev.slumpwatch.testing.SittingSensor;
import dev.slumpwatch.testing.SketchOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the wearer is told about a link, measured in the link's own time (the receive times
 * it is given, as a live port or a recording gives them): a flood of bad lines is
 * summarised, never one message per line.
 */
class LinkReaderTest {
  /** A message and the host time of the data that produced it. */
  private record Said(long hostMicros, String text) {}

  private final List<Said> said = new ArrayList<>();
  private long now;
  private final LinkReader link = new LinkReader("serial port /dev/test", TextFormat.DEFAULTS,
      m -> said.add(new Said(now, m)));

  private void lines(long hostMicros, String text) {
    now = hostMicros;
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    link.data(b, 0, b.length, hostMicros);
  }

  private long samples() {
    long n = 0;
    for (SourceEvent e : link.drain()) {
      if (e instanceof SourceEvent.Samples s) {
        n += s.samples().size();
      }
    }
    return n;
  }

  /** Lines a sketch or a damaged link may print that are no reading. */
  private static String badLine(int k, SplittableRandom r) {
    return switch (k % 4) {
      case 0 -> "-1427,-10,16321,-54,29,-20,7,12"; // two lines run together
      case 1 -> "16321,-54"; // cut short
      case 2 -> "0,0,0,0,0,0"; // a failed I2C read
      default -> "#" + r.nextInt(1000) + "@ " + r.nextInt() + " ~ " + r.nextInt(); // noise
    };
  }

  private int beforeFinish;

  /** The stream ends: the last count is said, once. */
  private void finish() {
    beforeFinish = said.size();
    link.finish(now);
    assertTrue(said.size() - beforeFinish <= 1, said.toString());
  }

  /**
   * Every message after the first {@code skip}, checked to be at least 10 s apart while the
   * stream ran (the summary when it ends may follow the last one sooner).
   */
  private List<Said> assertAtMostOneEvery10Seconds(int skip) {
    List<Said> later = said.subList(Math.min(skip, said.size()), said.size());
    for (int i = 1; i < later.size() && skip + i < beforeFinish; i++) {
      assertTrue(later.get(i).hostMicros() - later.get(i - 1).hostMicros()
          >= LinkReader.REPORT_EVERY_MICROS, "two messages within 10 s: " + later);
    }
    return later;
  }

  private static final Pattern SKIPPED = Pattern.compile("([\\d,]+) lines skipped|1 line "
      + "skipped");

  private static long skippedIn(List<Said> messages) {
    long n = 0;
    for (Said s : messages) {
      Matcher m = SKIPPED.matcher(s.text());
      if (m.find()) {
        n += m.group(1) == null ? 1 : Long.parseLong(m.group(1).replace(",", ""));
      }
    }
    return n;
  }

  @Test
  void aHundredBadLinesASecondAmongReadingsGiveOneMessageEvery10Seconds() {
    SittingSensor wearer = new SittingSensor(25, 1);
    SplittableRandom r = new SplittableRandom(2);
    link.connected(0);
    long delivered = 0;
    int bad = 0;
    // 60 s: each 10 ms one reading of the Playground sketch and one bad line
    for (int k = 0; k < 6000; k++) {
      double t = k / 100.0;
      long host = 1_000_000 + Math.round(t * 1e6);
      lines(host, SketchOutput.CSV.print(t, wearer.at(t), false) + badLine(k, r) + "\r\n");
      bad++;
      delivered += samples();
    }
    finish();
    delivered += samples();
    assertEquals(6000, delivered);
    // "text lines detected" and the one line of what was concluded come first
    assertTrue(said.get(1).text().contains("comma-separated lines of 6 numbers")
        && said.get(1).text().contains("100.0 Hz (measured)"), said.toString());
    List<Said> problems = assertAtMostOneEvery10Seconds(2);
    assertTrue(problems.size() <= 7, problems.toString()); // 60 s: 6, and the last count
    assertEquals(bad, skippedIn(problems), problems.toString());
    assertTrue(problems.get(0).text().contains("skipped lines are counted and summarised at "
        + "most every 10 s"), problems.get(0).text());
    assertEquals(bad, link.stats().malformed());
    System.err.println("link: 6,000 readings and 6,000 bad lines in 60 s gave " + said.size()
        + " messages: " + said.stream().map(Said::text).toList());
  }

  @Test
  void aHundredUnrecognisableLinesASecondAloneGiveOneMessageEvery10Seconds() {
    SplittableRandom r = new SplittableRandom(3);
    link.connected(0);
    for (int k = 0; k < 6000; k++) {
      lines(1_000_000 + k * 10_000L, "reading " + r.nextInt(100) + " of "
          + r.nextInt(1000) + " " + Integer.toHexString(r.nextInt()) + "\r\n");
      assertEquals(0, samples());
    }
    finish();
    List<Said> problems = assertAtMostOneEvery10Seconds(1);
    assertTrue(problems.size() >= 5 && problems.size() <= 7, problems.toString());
    assertTrue(problems.get(0).text().contains("no sensor readings recognised")
        && problems.get(0).text().contains("docs/sketches.md"), problems.get(0).text());
    // the first line of a connection may be the tail of one: dropped without counting
    assertEquals(5999, skippedIn(problems), problems.toString());
  }

  @Test
  void bannersAndStatusLinesAreSkippedWithoutAWord() {
    SittingSensor wearer = new SittingSensor(25, 4);
    link.connected(0);
    lines(500_000, "Adafruit MPU6050 test!\r\nMPU6050 Found!\r\n"
        + "Accelerometer range set to: +-8G\r\nGyro range set to: +- 500 deg/s\r\n"
        + "Filter bandwidth set to: 21 Hz\r\n\r\n");
    for (int k = 0; k < 500; k++) {
      double t = k / 50.0;
      lines(1_000_000 + Math.round(t * 1e6), SketchOutput.ADAFRUIT_BASIC.print(t, wearer.at(t),
          true) + (k % 100 == 50 ? "MPU6050 status: ok\r\n" : ""));
    }
    finish();
    assertEquals(2, said.size(), said.toString()); // detected, and what was concluded
    assertEquals(0, link.stats().malformed());
  }
}
