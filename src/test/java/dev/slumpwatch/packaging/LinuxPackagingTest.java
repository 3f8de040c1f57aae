package dev.slumpwatch.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slumpwatch.desktop.Autostart;
import dev.slumpwatch.desktop.DesktopEntry;
import dev.slumpwatch.testing.Tools;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The files packaging/linux builds the .deb and the app image from: the menu entry, the
 * icon, the jar slimming step, the scripts' own checks. The package itself is built and
 * installed by .ci/run (build.sh, then check-install.sh), not here: it takes minutes.
 */
class LinuxPackagingTest {
  private static final Path DIR = Path.of("packaging", "linux");

  @TempDir
  Path tmp;

  private record Run(int code, String output) {}

  private static Run run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
    }
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8));
  }

  @Test
  void theMenuEntryIsValidAndOpensTheApp() throws Exception {
    Path validate = Tools.require("desktop-file-validate",
        "Debian: apt-get install desktop-file-utils");
    Path entry = DIR.resolve("slumpwatch.desktop");
    Run r = run(validate.toString(), entry.toString());
    assertEquals(0, r.code(), r.output());
    assertEquals("", r.output().strip(), "no hints either");
    Map<String, String> keys = DesktopEntry.read(entry);
    assertEquals("slumpwatch app", keys.get("Exec"));
    assertEquals("slumpwatch", keys.get("TryExec"));
    assertEquals("slumpwatch", keys.get("Icon"), "the themed icon the package installs");
    assertEquals("false", keys.get("Terminal"));
    // the autostart entry the app writes carries the same name, so a desktop that lists
    // both shows one program
    assertEquals(Autostart.FILE_NAME, entry.getFileName().toString());
  }

  @Test
  void theIconIsASquareSvgThatRendersWithTransparentCorners() throws Exception {
    Path svg = DIR.resolve("slumpwatch.svg");
    Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(svg.toFile()).getDocumentElement();
    assertEquals("svg", root.getTagName());
    assertEquals("0 0 256 256", root.getAttribute("viewBox"));

    Path rsvg = Tools.require("rsvg-convert", "Debian: apt-get install librsvg2-bin");
    Path png = tmp.resolve("icon-48.png");
    Run r = run(rsvg.toString(), "-w", "48", "-h", "48", svg.toString(), "-o", png.toString());
    assertEquals(0, r.code(), r.output());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(48, image.getWidth());
    assertEquals(48, image.getHeight());
    assertEquals(0, image.getRGB(0, 0) >>> 24, "the rounded tile leaves the corner clear");
    assertEquals(255, image.getRGB(24, 40) >>> 24, "the tile is opaque inside");
  }

  /** A jar shaped like the shaded one: natives for several systems, a class, a manifest. */
  private Path fakeShadedJar(List<String> natives) throws IOException {
    Path jar = tmp.resolve("in.jar");
    List<String> names = new ArrayList<>(List.of("META-INF/MANIFEST.MF",
        "dev/slumpwatch/cli/Main.class"));
    names.addAll(natives);
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (String name : names) {
        out.putNextEntry(new ZipEntry(name));
        out.write(("content of " + name).getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return jar;
  }

  private static List<String> entries(Path jar) throws IOException {
    try (JarFile j = new JarFile(jar.toFile())) {
      return Collections.list(j.entries()).stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void slimJarKeepsOnlyTheNativeLibrariesOfTheTargetSystem() throws Exception {
    List<String> natives = List.of(
        "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
        "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so",
        "org/sqlite/native/Linux-Musl/x86_64/libsqlitejdbc.so",
        "org/sqlite/native/Linux-Android/x86_64/libsqlitejdbc.so",
        "org/sqlite/native/Windows/x86_64/sqlitejdbc.dll",
        "org/sqlite/native/Mac/x86_64/libsqlitejdbc.dylib",
        "Linux/x86_64/libjSerialComm.so", "Linux/armv8_64/libjSerialComm.so",
        "com/sun/jna/linux-x86-64/libjnidispatch.so", "com/sun/jna/darwin-x86-64/libjnidispatch.jnilib",
        "net/jpountz/util/linux/amd64/liblz4-java.so");
    Path in = fakeShadedJar(natives);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String slim = DIR.resolve("SlimJar.java").toString();

    Path amd64 = tmp.resolve("amd64.jar");
    Run r = run(java, slim, in.toString(), amd64.toString(), "amd64");
    assertEquals(0, r.code(), r.output());
    assertEquals(List.of("META-INF/MANIFEST.MF", "dev/slumpwatch/cli/Main.class",
        "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so", "Linux/x86_64/libjSerialComm.so",
        "com/sun/jna/linux-x86-64/libjnidispatch.so",
        "net/jpountz/util/linux/amd64/liblz4-java.so"), entries(amd64));
    assertTrue(r.output().contains("kept 4 native libraries for Linux amd64, left out 7"),
        r.output());

    Path arm64 = tmp.resolve("arm64.jar");
    r = run(java, slim, in.toString(), arm64.toString(), "arm64");
    assertEquals(0, r.code(), r.output());
    assertEquals(List.of("META-INF/MANIFEST.MF", "dev/slumpwatch/cli/Main.class",
        "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so", "Linux/armv8_64/libjSerialComm.so"),
        entries(arm64));

    r = run(java, slim, in.toString(), tmp.resolve("x.jar").toString(), "riscv64");
    assertEquals(2, r.code(), r.output());
    assertTrue(r.output().contains("'riscv64'"), r.output());

    Path none = fakeShadedJar(List.of("org/sqlite/native/Windows/x86_64/sqlitejdbc.dll"));
    r = run(java, slim, none.toString(), tmp.resolve("y.jar").toString(), "amd64");
    assertEquals(1, r.code(), r.output());
    assertTrue(r.output().contains("no native library for Linux amd64"), r.output());
  }

  @Test
  void theScriptsAreValidBashAndNameWhatTheyRefuse() throws Exception {
    Path bash = Tools.require("bash", "Debian: apt-get install bash");
    for (String script : List.of("build.sh", "check-install.sh")) {
      Run syntax = run(bash.toString(), "-n", DIR.resolve(script).toString());
      assertEquals(0, syntax.code(), script + ": " + syntax.output());
    }
    Run r = run(bash.toString(), DIR.resolve("build.sh").toString(), "--frobnicate");
    assertEquals(2, r.code(), r.output());
    assertTrue(r.output().contains("unknown option '--frobnicate'"), r.output());
    r = run(bash.toString(), DIR.resolve("check-install.sh").toString());
    assertEquals(2, r.code(), r.output());
    assertTrue(r.output().contains("usage: check-install.sh FILE.deb"), r.output());
  }

  @Test
  void theControlTemplateIsAWellFormedDebianDescription() throws Exception {
    List<String> lines = Files.readAllLines(DIR.resolve("deb/control"), StandardCharsets.UTF_8);
    int description = lines.indexOf("Description: APPLICATION_DESCRIPTION");
    assertTrue(description > 0, "the summary comes from build.sh");
    for (String l : lines.subList(description + 1, lines.size())) {
      assertTrue(l.startsWith(" "), "a long description line starts with a space: " + l);
      assertTrue(l.length() <= 80, "at most 80 columns: " + l);
    }
    for (String field : List.of("Package:", "Version:", "Maintainer:", "Architecture:",
        "Depends:", "Installed-Size:", "Section:")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(field)), field);
    }
  }
}
