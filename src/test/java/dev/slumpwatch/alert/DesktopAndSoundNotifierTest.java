package dev.slumpwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Desktop notifications through a {@code notify-send} found on the PATH (here a script
 * that records its arguments, the thinnest seam), the one-line reason when there is none,
 * and the sound notifier's tone pattern.
 */
class DesktopAndSoundNotifierTest {
  @TempDir
  Path dir;

  @Test
  void withoutTrayOrNotifySendTheChannelIsLeftOutWithAReason() {
    org.junit.jupiter.api.Assumptions.assumeTrue(java.awt.GraphicsEnvironment.isHeadless(),
        "a display is present: the tray would be tried first");
    List<String> reasons = new ArrayList<>();
    assertNull(DesktopNotifier.open(dir.toString(), reasons::add));
    assertEquals(List.of("desktop notifications off: no display (headless), and no "
        + "notify-send on the PATH (Debian package libnotify-bin)"), reasons);
  }

  @Test
  void notifySendOnThePathGetsTheTitleAndTheMessage() throws Exception {
    Path args = dir.resolve("args.txt");
    Path script = dir.resolve("notify-send");
    Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\" >> '" + args
        + "'; done\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    List<String> reasons = new ArrayList<>();
    Notifier n = DesktopNotifier.notifySend("/nonexistent:" + dir, "no tray", reasons::add);
    assertTrue(reasons.isEmpty(), reasons.toString());
    n.notify(new Alert(1, 0, 1800, AlertKind.DESK_BREAK, "30 min of sitting."));
    n.notify(new Alert(2, 0, 1900, AlertKind.SLUMP_NUDGE, "sit tall", "snoozed until 10:30"));
    n.close(); // waits for the command
    assertEquals(List.of("--app-name=slumpwatch",
        "slumpwatch: Desk break: Bruegger's relief position", "30 min of sitting."),
        Files.readAllLines(args), "one call, for the delivered alert only");
  }

  @Test
  void theSoundIsTheKindsPulsePatternAsTones() {
    byte[] pcm = SoundNotifier.render(PulsePattern.of(AlertKind.DESK_BREAK));
    int samples = pcm.length / 2;
    assertEquals(Math.round(1.2 * SoundNotifier.RATE), samples, 1.0);
    // sound in the first 200 ms, silence in the next 200 ms; 880 Hz: count sign changes
    int crossings = 0;
    short prev = 0;
    for (int i = 0; i < samples; i++) {
      short s = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
      double t = i / (double) SoundNotifier.RATE;
      if (t >= 0.2 && t < 0.4) {
        assertEquals(0, s, "silence at " + t + " s");
      }
      if (t < 0.2 && s != 0) {
        if (prev != 0 && (s > 0) != (prev > 0)) {
          crossings++;
        }
        prev = s;
      }
    }
    assertEquals(2 * 880 * 0.2, crossings, 4, "880 Hz for 200 ms");
  }

  @Test
  void theHubPassesDeliveredAlertsOnAndDropsAChannelThatFails() {
    List<String> got = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    Notifier good = new Notifier() {
      @Override
      public String name() {
        return "good";
      }

      @Override
      public void notify(Alert alert) {
        got.add(alert.kind().key());
      }
    };
    Notifier bad = new Notifier() {
      @Override
      public String name() {
        return "bad";
      }

      @Override
      public void notify(Alert alert) {
        throw new IllegalStateException("device gone");
      }
    };
    Notifiers hub = new Notifiers(List.of(bad, good), reasons::add);
    hub.notify(new Alert(1, 0, 0, AlertKind.SLUMP_NUDGE, "x"));
    hub.notify(new Alert(2, 0, 0, AlertKind.DESK_BREAK, "x", "do not disturb"));
    hub.notify(new Alert(3, 0, 0, AlertKind.EXTENSION, "x"));
    assertEquals(List.of("slump-nudge", "extension"), got);
    assertEquals(List.of("bad notifications off after a failure: device gone"), reasons);
  }
}
