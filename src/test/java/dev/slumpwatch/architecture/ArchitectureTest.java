package dev.slumpwatch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package picture of docs/architecture.md, as rules that fail on an arrow that runs back
 * up. From the bottom:
 *
 * <pre>
 * imu, config                     readings and setting keys: depend on nothing of ours
 * protocol                        bytes in, frames out (no transport types)
 * sensor                          sample sources (serial, replay, ...)
 * orientation                     inclination filter, sensor calibration, BROAD
 * posture                         calibration, flexion, activity
 * slump                           episodes, sitting bouts, dose
 * alert                           rules, delivery, notifiers
 * sim                             the simulated wearer (speaks posture's vocabulary)
 * event                           what the pipeline produces
 * store                           the SQLite history
 * pipeline                        the stages wired together, the session
 * report, clinic, settings, bench front ends and tools
 * desktop                         autostart entry and user service (for app and cli)
 * cli                             the commands
 * </pre>
 */
class ArchitectureTest {
  static final String BASE = "dev.slumpwatch";
  /** Bottom to top: no package may use one that stands after it in this list. */
  static final List<String> ORDER = List.of("imu", "config", "protocol", "sensor",
      "orientation", "posture", "slump", "alert", "sim", "event", "store", "pipeline");
  /** Above the pipeline; none of them may be used by the packages in {@link #ORDER}. */
  static final List<String> FRONT = List.of("report", "clinic", "settings", "bench",
      "desktop", "app", "cli");

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(BASE);
  }

  static String pkg(String name) {
    return BASE + "." + name + "..";
  }

  /** One rule per package of {@link #ORDER}: it uses nothing above itself. */
  static List<ArchRule> layerRules() {
    List<ArchRule> rules = new ArrayList<>();
    for (int i = 0; i < ORDER.size(); i++) {
      List<String> above = new ArrayList<>();
      for (String p : ORDER.subList(i + 1, ORDER.size())) {
        above.add(pkg(p));
      }
      for (String p : FRONT) {
        above.add(pkg(p));
      }
      rules.add(noClasses().that().resideInAPackage(pkg(ORDER.get(i)))
          .should().dependOnClassesThat().resideInAnyPackage(above.toArray(String[]::new))
          .as(ORDER.get(i) + " uses nothing above it")
          .because("docs/architecture.md: the pipeline order runs one way"));
    }
    return rules;
  }

  @Test
  void eachPackageUsesOnlyThoseBelowIt() {
    for (ArchRule rule : layerRules()) {
      rule.check(classes);
    }
  }

  @Test
  void noCyclesBetweenPackages() {
    slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void storeAndReportNeverUseTheCommandLine() {
    noClasses().that().resideInAnyPackage(pkg("store"), pkg("report"), pkg("clinic"),
        pkg("settings"), pkg("pipeline"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("cli"), "picocli..")
        .check(classes);
  }

  @Test
  void onlyTheCommandsUseTheDesktopApp() {
    noClasses().that().resideOutsideOfPackages(pkg("app"), pkg("cli"))
        .should().dependOnClassesThat().resideInAPackage(pkg("app"))
        .because("the app is a front end: nothing else builds on it")
        .check(classes);
  }

  @Test
  void theProtocolDecodesBytesNotTransports() {
    noClasses().that().resideInAPackage(pkg("protocol"))
        .should().dependOnClassesThat().resideInAnyPackage("com.fazecast..", "com.pi4j..")
        .because("STYLE.md: decode from bytes, not from transports")
        .check(classes);
  }

  @Test
  void theRulesCanFail() {
    // the pipeline really depends on the store, so a rule that forbids it must fail: the
    // rules above are checked against the classes, not vacuously true
    ArchRule backwards = noClasses().that().resideInAPackage(pkg("pipeline"))
        .should().dependOnClassesThat().resideInAPackage(pkg("store"));
    assertThrows(AssertionError.class, () -> backwards.check(classes));
    assertFalse(classes.isEmpty());
  }
}
