package dev.slumpwatch.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A SHA-256 of the names and contents of the entries directly in a folder, for tests that
 * assert a failing write left the folder exactly as it was (no file added, removed or
 * changed). Not recursive: it fails on a subfolder, so a test cannot miss one.
 */
public final class DirFingerprint {
  private DirFingerprint() {
  }

  public static String of(Path dir) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        md.update(Files.readAllBytes(f));
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
