package dev.slumpwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.alert.Alert;
import dev.slumpwatch.alert.AlertKind;
import dev.slumpwatch.alert.AlertOutcome;
import dev.slumpwatch.cli.DemoRun;
import dev.slumpwatch.event.PipelineEvent;
import dev.slumpwatch.posture.Activity;
import dev.slumpwatch.posture.PostureSecond;
import dev.slumpwatch.sensor.Pacer;
import dev.slumpwatch.sim.Scenario;
import dev.slumpwatch.slump.SlumpEpisode;
import dev.slumpwatch.store.Store;
import dev.slumpwatch.testing.Events;
import dev.slumpwatch.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Pdf;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;

/**
 * The report pages in a real browser: Debian's chromium, headless, driven by its own
 * chromedriver through Selenium (Selenium Manager is never asked: the driver and the
 * browser are given by path, and there is no network). A day page, a week page and a day
 * without data, each at a phone's (412 px), a laptop's (1400 px) and a desktop's (1920 px)
 * width: nothing scrolls sideways, every chart lies inside the viewport, the legends are
 * there and the charts' lettering is big enough to read. Screenshots go to
 * {@code target/report-screenshots/}. Without chromium the test is skipped on a user's
 * machine and fails under {@code CI=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportPagesInBrowserTest {
  private static final ZoneId ZONE = ZoneOffset.UTC;
  /** A Wednesday: the demo's day; Monday, Tuesday, Thursday and Friday get synthetic days. */
  private static final LocalDate DAY = LocalDate.of(2026, 3, 4);
  private static final LocalDate MONDAY = DAY.minusDays(2);
  private static final LocalDate EMPTY = DAY.plusDays(3);
  private static final int[][] VIEWPORTS = {{412, 915}, {1400, 900}, {1920, 1080}};
  private static final Path SHOTS = Path.of("target", "report-screenshots");

  @TempDir
  static Path dir;

  private ChromeDriver driver;
  private Path dayPage;
  private Path weekPage;
  private Path emptyPage;

  /** Kept: java.util.logging holds its loggers weakly. */
  private static final java.util.logging.Logger SELENIUM =
      java.util.logging.Logger.getLogger("org.openqa.selenium");

  @BeforeAll
  void pagesAndBrowser() throws Exception {
    // Selenium warns that it has no DevTools (CDP) bindings for this chromium: none are used
    SELENIUM.setLevel(java.util.logging.Level.SEVERE);
    Path chromium = Tools.require("chromium", "apt-get install chromium");
    Path chromedriver = Tools.require("chromedriver", "apt-get install chromium-driver");
    DemoRun.Result demo = DemoRun.run(Scenario.builtIn("desk-2h"), Pacer.unpaced(),
        dir.resolve("demo"), Clock.fixed(DAY.atTime(12, 0).toInstant(ZoneOffset.UTC), ZONE),
        msg -> {
          throw new AssertionError("store error: " + msg);
        }, DemoRun.Options.DEFAULTS);
    dayPage = demo.report();
    try (Store s = Store.open(demo.database())) {
      for (int d : new int[] {0, 1, 3, 4}) {
        syntheticDay(s, MONDAY.plusDays(d), 0.15 + 0.05 * d, d % 3);
      }
      Reports.Options demoPages = new Reports.Options(true, 70);
      // the demo's day again, now with the days around it (streak, the week before)
      dayPage = Reports.writeDay(s, DAY, ZONE, 15, dayPage.getParent(), demoPages);
      weekPage = Reports.writeTrend(s, MONDAY, MONDAY.plusDays(6), ZONE, dayPage.getParent(),
          n -> { }, demoPages);
      emptyPage = Reports.writeDay(s, EMPTY, ZONE, 15, dayPage.getParent(), demoPages);
    }
    Files.createDirectories(SHOTS);

    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(60)).build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--user-data-dir=" + dir.resolve("chromium-profile"));
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  /** Two hours at the desk from 09:00, a share of it slumped, one desk break prompted. */
  private static void syntheticDay(Store s, LocalDate day, double slumpShare, int taken)
      throws Exception {
    long start = day.atTime(9, 0).atZone(ZONE).toInstant().toEpochMilli();
    long id = s.beginSession(new Store.SessionInfo(start, "test", "dev", null, null, 100, 0));
    List<PipelineEvent> rows = new ArrayList<>();
    int slumped = (int) (7200 * slumpShare);
    for (int sec = 0; sec < 7200; sec++) {
      boolean in = sec >= 1000 && sec < 1000 + slumped;
      rows.add(new PipelineEvent.Second(new PostureSecond(sec, 0, in ? 22 : 4, in ? 20 : 2,
          in ? 24 : 6, 0, Activity.SEATED_STILL, in, 100)));
    }
    rows.add(Events.episode(new SlumpEpisode(1_000_000_000L,
        (1000L + slumped) * 1_000_000L, 25, 22, slumped / 60.0 * 7), 1000, 1000 + slumped));
    rows.add(new PipelineEvent.AlertFired(new Alert(1, 0, 1800, AlertKind.DESK_BREAK,
        "30 min of sitting. Stand up.")));
    rows.add(Events.outcome(new AlertOutcome(1, 0, taken > 0 ? AlertOutcome.TAKEN
        : AlertOutcome.MISSED, taken > 0 ? "walk" : "no break within 120 s"), 1850));
    s.write(new Store.SessionRef(id, start, 0), rows);
    s.endSession(id, start + 7_200_000, "end of test");
  }

  @AfterAll
  void quit() {
    if (driver != null) {
      driver.quit();
    }
  }

  /** What the page looks like at the current size, measured in the browser. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> measure() {
    return (Map<String, Object>) driver.executeScript("""
        const doc = document.documentElement;
        const shown = e => e.getClientRects().length > 0
            && getComputedStyle(e).visibility !== 'hidden';
        const charts = [...document.querySelectorAll('figure .chart')].filter(shown)
            .map(c => { const r = c.querySelector('svg').getBoundingClientRect();
                        return [r.left, r.right, r.width, r.height]; });
        let smallestText = 1e9;
        for (const t of document.querySelectorAll('figure .chart svg text')) {
          if (shown(t) && t.textContent.trim().length > 0) {
            smallestText = Math.min(smallestText, t.getBoundingClientRect().height);
          }
        }
        return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth,
                innerWidth: window.innerWidth, innerHeight: window.innerHeight,
                bodyHeight: doc.scrollHeight, figures: document.querySelectorAll('figure').length,
                charts: charts, smallestText: smallestText,
                legends: [...document.querySelectorAll('ul.legend')].filter(shown)
                    .map(l => l.innerText),
                empty: [...document.querySelectorAll('.empty')].map(e => e.innerText).join(' '),
                title: document.title};
        """);
  }

  /** Sizes the window so that the viewport is {@code width} × {@code height}. */
  private void viewport(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    long inner = (Long) driver.executeScript("return window.innerWidth");
    long innerH = (Long) driver.executeScript("return window.innerHeight");
    if (inner != width || innerH != height) {
      driver.manage().window().setSize(new Dimension(width + (int) (width - inner),
          height + (int) (height - innerH)));
    }
  }

  private void screenshot(String name, int width, Map<String, Object> m) throws Exception {
    long full = Math.min(16_000, ((Number) m.get("bodyHeight")).longValue());
    viewport(width, (int) full);
    Files.write(SHOTS.resolve(name + "-" + width + ".png"),
        driver.getScreenshotAs(OutputType.BYTES));
  }

  @SuppressWarnings("unchecked")
  private void check(String name, Path page, int charts, List<String> legendWords)
      throws Exception {
    for (int[] v : VIEWPORTS) {
      viewport(v[0], v[1]);
      driver.get(page.toUri().toString());
      Map<String, Object> m = measure();
      String at = name + " at " + v[0] + " px: ";
      assertEquals(v[0], ((Number) m.get("innerWidth")).intValue(), at + "viewport width");
      assertTrue(((String) m.get("title")).startsWith("slumpwatch demo — "), at + m.get("title"));
      long scroll = ((Number) m.get("scrollWidth")).longValue();
      long client = ((Number) m.get("clientWidth")).longValue();
      assertTrue(scroll <= client, at + "scrolls sideways: content " + scroll + " px in "
          + client + " px");
      List<List<Number>> boxes = (List<List<Number>>) m.get("charts");
      assertEquals(charts, boxes.size(), at + "charts shown (one drawing of each)");
      assertEquals(charts, ((Number) m.get("figures")).intValue(), at + "figures");
      for (List<Number> b : boxes) {
        double left = b.get(0).doubleValue();
        double right = b.get(1).doubleValue();
        double width = b.get(2).doubleValue();
        double height = b.get(3).doubleValue();
        assertTrue(left >= 0 && right <= client + 0.5, at + "chart from " + left + " to "
            + right + " px, viewport " + client + " px");
        assertTrue(width >= 0.6 * Math.min(client, 1250), at + "chart only " + width
            + " px wide");
        assertTrue(height <= v[1], at + "chart " + height + " px high, viewport " + v[1]);
      }
      if (charts > 0) {
        double text = ((Number) m.get("smallestText")).doubleValue();
        assertTrue(text >= 9, at + "the charts' smallest lettering is " + text + " px high");
        String legends = String.join(" | ", (List<String>) m.get("legends"));
        for (String w : legendWords) {
          assertTrue(legends.contains(w), at + "legend '" + w + "' in: " + legends);
        }
      } else {
        assertTrue(((String) m.get("empty")).contains("No posture was recorded"),
            at + "the empty page says so: " + m.get("empty"));
      }
      screenshot(name, v[0], m);
    }
  }

  @Test
  void theDayPageFitsEveryScreen() throws Exception {
    check("day", dayPage, 4, List.of("desk-break prompt", "extension prompt", "slump nudge",
        "slump episode", "in a slump", "median"));
  }

  @Test
  void theWeekPageFitsEveryScreen() throws Exception {
    check("week", weekPage, 3, List.of("score, goal met", "daily goal (70)",
        "% of worn time in a slump", "desk breaks prompted", "desk breaks taken"));
  }

  @Test
  void theEmptyDaySaysSoAndDrawsNothing() throws Exception {
    check("empty-day", emptyPage, 0, List.of());
    assertFalse(Files.readString(emptyPage).contains("<svg"), "no chart for an empty day");
  }

  @Test
  void theWeekPagePrintsOnA4() throws Exception {
    driver.get(weekPage.toUri().toString());
    PrintOptions print = new PrintOptions();
    print.setPageSize(new PageSize(29.7, 21.0));
    Pdf pdf = driver.print(print);
    byte[] bytes = Base64.getDecoder().decode(pdf.getContent());
    Files.write(SHOTS.resolve("week-a4.pdf"), bytes);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertTrue(text.startsWith("%PDF"), "a PDF");
    int pages = text.split("/Type\\s*/Page[^s]", -1).length - 1;
    assertTrue(pages >= 1 && pages <= 4, "the week prints on " + pages + " A4 pages");
    assertTrue(text.matches("(?s).*/MediaBox\\s*\\[\\s*0 0 59[45]\\.?\\d* 84[12]\\.?\\d*\\s*\\].*"),
        "A4 pages (595 × 842 pt)");
  }
}
