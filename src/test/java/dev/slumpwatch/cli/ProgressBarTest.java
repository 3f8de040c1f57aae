package dev.slumpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void rendersTheShareDoneAsABarAPercentageAndCounts() {
    assertEquals("reading [..............................]   0 %  0/365 days",
        ProgressBar.render("reading", 0, 365, "days"));
    assertEquals("reading [#######.......................]  25 %  92/365 days",
        ProgressBar.render("reading", 92, 365, "days"));
    assertEquals("reading [##############################] 100 %  1,200/1,200 days",
        ProgressBar.render("reading", 1200, 1200, "days"));
    assertEquals("x [##############################] 100 %  3/3 s",
        ProgressBar.render("x", 7, 3, "s"), "clamped to the total");
  }

  @Test
  void redrawsInPlaceAtMostTenTimesASecondAndAlwaysAtTheEnd() {
    StringWriter sw = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressBar bar = new ProgressBar(new PrintWriter(sw), "p", 100, "days", true, now::get);
    for (int i = 0; i <= 100; i++) {
      now.addAndGet(20_000_000L); // 20 ms per step: two seconds in all
      bar.update(i);
    }
    bar.finish();
    String out = sw.toString();
    long draws = out.split("\r\033\\[K", -1).length - 1;
    // 2 s at most every 100 ms: about 21 redraws, the last at 100 %, then one clearing
    assertTrue(draws >= 19 && draws <= 23, "redraws: " + draws);
    assertTrue(out.contains("100 %  100/100 days"), "the end is always drawn");
    assertTrue(out.endsWith("\r\033[K"), "cleared at the end");
    assertTrue(!out.contains("\n"), "never scrolls");
  }

  @Test
  void staysQuietWhenNotOnATerminal() {
    StringWriter sw = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(sw), "p", 10, "days", false, () -> 0);
    for (int i = 0; i <= 10; i++) {
      bar.update(i);
    }
    bar.finish();
    assertEquals("", sw.toString());
  }
}
