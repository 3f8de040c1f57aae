import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies the shaded jar for a package of one system: without the native libraries that
 * sqlite-jdbc, jSerialComm, JNA and lz4-java ship for every other operating system and
 * processor (more than half of the jar). Everything else is copied as it is, in order.
 *
 * <p>Run with the JDK's source launcher, from packaging/linux/build.sh:
 * {@code java SlimJar.java IN.jar OUT.jar ARCH}, ARCH being the Debian architecture
 * ({@code amd64} or {@code arm64}).
 */
public class SlimJar {
  private static final List<String> NATIVE = List.of(".so", ".dll", ".dylib", ".jnilib");

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: java SlimJar.java IN.jar OUT.jar ARCH (amd64 or arm64)");
      System.exit(2);
    }
    // how the libraries name the processor in their resource paths
    List<String> arch = switch (args[2]) {
      case "amd64" -> List.of("x86_64", "x86-64", "amd64");
      case "arm64" -> List.of("aarch64", "arm64", "armv8_64");
      default -> {
        System.err.println("SlimJar: no native library names known for the architecture '"
            + args[2] + "' (amd64 or arm64)");
        System.exit(2);
        yield null;
      }
    };
    int kept = 0;
    int dropped = 0;
    long droppedBytes = 0;
    try (ZipFile in = new ZipFile(args[0]);
        OutputStream file = Files.newOutputStream(Path.of(args[1]));
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = entry.getName().toLowerCase(Locale.ROOT);
        if (NATIVE.stream().anyMatch(name::endsWith)) {
          if (!forThisSystem(name, arch)) {
            dropped++;
            droppedBytes += entry.getCompressedSize();
            continue;
          }
          kept++;
        }
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        try (InputStream data = in.getInputStream(entry)) {
          data.transferTo(out);
        }
        out.closeEntry();
      }
    }
    if (kept == 0) {
      System.err.println("SlimJar: no native library for Linux " + args[2] + " in " + args[0]
          + ": nothing would load SQLite; is it the shaded jar?");
      System.exit(1);
    }
    System.out.printf(Locale.ROOT, "SlimJar: kept %d native libraries for Linux %s, left out"
        + " %d for other systems (%.1f MB)%n", kept, args[2], dropped, droppedBytes / 1e6);
  }

  /** Linux (glibc; not Android, not musl) on this processor. */
  static boolean forThisSystem(String lowerCaseName, List<String> arch) {
    return lowerCaseName.contains("linux") && !lowerCaseName.contains("android")
        && !lowerCaseName.contains("musl") && arch.stream().anyMatch(lowerCaseName::contains);
  }
}
