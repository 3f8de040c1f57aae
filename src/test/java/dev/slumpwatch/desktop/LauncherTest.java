package dev.slumpwatch.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherTest {
  private static final Path JAVA_HOME = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

  @Test
  void theInstalledLauncherIsNamedByItsPath() {
    Launcher l = Launcher.of("/usr/bin/slumpwatch", JAVA_HOME, Path.of("/usr/lib/slumpwatch/app/"
        + "slumpwatch.jar"));
    assertEquals(List.of("/usr/bin/slumpwatch"), l.command());
    assertEquals(List.of("/usr/bin/slumpwatch", "app"), l.with(List.of("app")));
    assertEquals(Path.of("/usr/bin/slumpwatch"), l.executable());
  }

  @Test
  void aJarRunIsThisJavaWithTheJar() {
    Launcher l = Launcher.of(null, JAVA_HOME, Path.of("/home/w/slumpwatch/target/slumpwatch.jar"));
    assertEquals(List.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "-Xmx512m", "-jar",
        "/home/w/slumpwatch/target/slumpwatch.jar"), l.command());
    assertEquals(Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java"), l.executable());
  }

  @Test
  void classesOutsideAJarCannotBeStartedAgainAndSaySo() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Launcher.of("", JAVA_HOME, Path.of("/home/w/slumpwatch/target/classes")));
    assertTrue(e.getMessage().contains("target/classes"), e.getMessage());
    assertTrue(e.getMessage().contains("./mvnw package"), e.getMessage());
    // and that is where the tests run from
    assertThrows(IllegalStateException.class, Launcher::current);
  }
}
