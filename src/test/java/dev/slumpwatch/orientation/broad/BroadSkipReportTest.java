package dev.slumpwatch.orientation.broad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * In a clone without the BROAD data beside it, {@link BroadEvaluationTest} reports each of
 * its tests as skipped and says why, rather than "Tests run: 0" and nothing else (under
 * {@code CI=true} missing data fails instead, and this checks that).
 */
class BroadSkipReportTest {

  @Test
  void withoutTheDataEachTestIsSkippedWithTheReason() {
    String before = System.getProperty("broad.dir");
    System.setProperty("broad.dir", "/nonexistent/broad-data");
    List<String> skipped = new ArrayList<>();
    List<Throwable> failed = new ArrayList<>();
    int[] started = {0};
    try {
      Launcher launcher = LauncherFactory.create();
      launcher.execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(selectClass(BroadEvaluationTest.class)).build(),
          new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
              if (id.isTest()) {
                started[0]++;
              }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
              skipped.add(reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
              if (result.getStatus() == TestExecutionResult.Status.ABORTED && id.isTest()) {
                skipped.add(result.getThrowable().map(Throwable::getMessage).orElse(""));
              } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                failed.add(result.getThrowable().orElse(null));
              }
            }
          });
    } finally {
      if (before == null) {
        System.clearProperty("broad.dir");
      } else {
        System.setProperty("broad.dir", before);
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      assertEquals(1, failed.size(), "under CI=true the missing data fails the class");
      assertTrue(failed.get(0).getMessage().contains("BROAD data directory missing in CI"));
      return;
    }
    long tests = java.util.Arrays.stream(BroadEvaluationTest.class.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(Test.class)).count();
    assertEquals(tests, started[0], "every test is reported");
    assertEquals(tests, skipped.size(), skipped.toString());
    for (String reason : skipped) {
      assertTrue(reason.startsWith("Assumption failed: BROAD data not found at "
          + "/nonexistent/broad-data (system "
          + "property broad.dir"), reason);
    }
  }
}
