package dev.slumpwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.Test;

/**
 * The live chart is drawn on its own thread, only its newest value, and the event-dispatch
 * thread only copies the finished image (no X server needed: the component is painted into
 * an image).
 */
class LiveChartTest {
  private static final int LINE = 0x3b82f6;

  /** A 10-minute chart whose line sits at {@code level}° with a slump shaded. */
  private static AppView.Chart chart(long version, double level) {
    int n = 600;
    long[] t = new long[n];
    double[] y = new double[n];
    long now = 1_800_000_000_000L;
    for (int i = 0; i < n; i++) {
      t[i] = now - (n - i) * 1000L;
      y[i] = level;
    }
    return new AppView.Chart(version, t, y, 20, List.of(new AppView.Span(t[300], t[400])),
        List.of(), List.of(new AppView.Mark(t[350], "nudge", true)), t[0], now);
  }

  private static <T> T onEdt(Callable<T> c) throws Exception {
    AtomicReference<T> out = new AtomicReference<>();
    AtomicReference<Exception> failed = new AtomicReference<>();
    SwingUtilities.invokeAndWait(() -> {
      try {
        out.set(c.call());
      } catch (Exception e) {
        failed.set(e);
      }
    });
    if (failed.get() != null) {
      throw failed.get();
    }
    return out.get();
  }

  /** The component as painted, and how many of its pixels are the line's colour. */
  private static int linePixels(LiveChart lc) throws Exception {
    BufferedImage img = onEdt(() -> {
      var c = lc.component();
      BufferedImage i = new BufferedImage(c.getWidth(), c.getHeight(),
          BufferedImage.TYPE_INT_RGB);
      var g = i.createGraphics();
      c.paint(g);
      g.dispose();
      return i;
    });
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        n += (img.getRGB(x, y) & 0xFFFFFF) == LINE ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void drawsOffTheEventDispatchThreadAndOnlyTheNewestValue() throws Exception {
    LiveChart lc = onEdt(LiveChart::new);
    AppView.Chart first = chart(1, 5);
    int drawnOnEdt = onEdt(() -> {
      lc.component().setSize(600, 260);
      lc.show(first);
      return lc.drawings();
    });
    assertEquals(0, drawnOnEdt, "show() only hands the value over");
    assertTrue(lc.awaitDrawn(10, TimeUnit.SECONDS), "drawn within 10 s");
    assertSame(first, onEdt(lc::onScreen));
    assertEquals(1, lc.drawings());
    assertTrue(linePixels(lc) > 300, "the line is on screen: " + linePixels(lc) + " pixels");

    AppView.Chart last = chart(4, 12);
    onEdt(() -> {
      lc.show(chart(2, 6));
      lc.show(chart(3, 8));
      lc.show(last);
      return null;
    });
    assertTrue(lc.awaitDrawn(10, TimeUnit.SECONDS), "drawn within 10 s");
    assertSame(last, onEdt(lc::onScreen), "the newest value ends on screen");
    assertTrue(lc.drawings() <= 3, "values passed over before their turn are not drawn: "
        + lc.drawings() + " drawings for 4 values");
    assertSame(last, onEdt(lc::shown));
    lc.close();
  }

  @Test
  void theTimeAxisNamesEachMinuteOnce() throws Exception {
    LiveChart lc = onEdt(LiveChart::new);
    for (AppView.Chart c : new AppView.Chart[] {chart(1, 5), hour()}) {
      onEdt(() -> {
        lc.component().setSize(800, 300);
        lc.show(c);
        return null;
      });
      assertTrue(lc.awaitDrawn(10, TimeUnit.SECONDS));
      for (double width : new double[] {250, 520, 1200}) {
        List<String> labels = lc.timeLabels(width);
        assertTrue(labels.size() >= 2, width + " px: " + labels);
        assertEquals(labels.size(), new java.util.HashSet<>(labels).size(),
            "a minute named twice on " + width + " px: " + labels);
      }
    }
    lc.close();
  }

  /** An hour's chart. */
  private static AppView.Chart hour() {
    AppView.Chart ten = chart(1, 5);
    return new AppView.Chart(2, ten.timesMs(), ten.flexionDeg(), 20, List.of(), List.of(),
        List.of(), ten.toMs() - 3_600_000L, ten.toMs());
  }

  @Test
  void newPointsAloneWaitTheirTurnAndAnEpisodeDoesNot() throws Exception {
    LiveChart lc = onEdt(LiveChart::new);
    onEdt(() -> {
      lc.component().setSize(600, 260);
      lc.show(chart(1, 5));
      return null;
    });
    assertTrue(lc.awaitDrawn(10, TimeUnit.SECONDS));
    int first = lc.drawings();
    // three values that only add points, within the 2 s a 10-minute chart's pixel spans
    AppView.Chart last = chart(4, 7);
    for (AppView.Chart c : new AppView.Chart[] {chart(2, 6), chart(3, 6.5), last}) {
      onEdt(() -> {
        lc.show(c);
        return null;
      });
    }
    assertTrue(lc.awaitDrawn(10, TimeUnit.SECONDS));
    assertSame(last, onEdt(lc::onScreen));
    assertEquals(first + 1, lc.drawings(), "one drawing for three values of new points");
    // a new prompt is drawn at once, not after the wait
    AppView.Chart prompted = new AppView.Chart(5, last.timesMs(), last.flexionDeg(), 20,
        last.slumps(), List.of(), List.of(new AppView.Mark(last.timesMs()[500], "break",
        true)), last.fromMs(), last.toMs());
    long t0 = System.nanoTime();
    onEdt(() -> {
      lc.show(prompted);
      return null;
    });
    assertTrue(lc.awaitDrawn(10, TimeUnit.SECONDS));
    assertSame(prompted, onEdt(lc::onScreen));
    assertEquals(first + 2, lc.drawings());
    System.out.printf("live chart: a new prompt on screen %.0f ms after it was shown%n",
        (System.nanoTime() - t0) / 1e6);
    lc.close();
  }

  @Test
  void aNewSizeIsDrawnAgain() throws Exception {
    LiveChart lc = onEdt(LiveChart::new);
    AppView.Chart c = chart(1, 5);
    onEdt(() -> {
      lc.component().setSize(600, 260);
      lc.show(c);
      return null;
    });
    assertTrue(lc.awaitDrawn(10, TimeUnit.SECONDS));
    int before = lc.drawings();
    onEdt(() -> {
      lc.component().setSize(900, 300);
      return null;
    });
    onEdt(() -> null); // the resize event, posted by setSize, has been handled
    assertTrue(lc.awaitDrawn(10, TimeUnit.SECONDS));
    assertEquals(before + 1, lc.drawings(), "the same value drawn again at the new size");
    lc.close();
  }

  @Test
  void theWarmUpCopyDrawsOnTheCallerAndNothingAfterItCloses() throws Exception {
    LiveChart lc = onEdt(LiveChart::new);
    AppView.Chart c = chart(1, 5);
    int drawn = onEdt(() -> {
      lc.drawOnTheCaller();
      lc.component().setSize(600, 260);
      lc.show(c);
      return lc.drawings();
    });
    assertEquals(1, drawn, "drawn at once, on the caller");
    assertSame(c, onEdt(lc::onScreen));
    int beforeClose = onEdt(lc::drawings); // the resize event setSize posted draws it again
    lc.close();
    onEdt(() -> {
      lc.component().setSize(700, 300);
      lc.show(chart(2, 9));
      return null;
    });
    onEdt(() -> null);
    assertEquals(beforeClose, lc.drawings(), "closed: nothing more is drawn");
    assertSame(c, onEdt(lc::onScreen));
  }
}
