package dev.slumpwatch.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code make -C firmware test}: the C core's host tests against the shared vectors, the
 * sketch compiled for the ATmega328P with arduino-builder (flash and RAM printed), and
 * the simulator built. Part of {@code ./mvnw verify}, so CI proves the firmware builds.
 */
class FirmwareBuildTest {
  @Test
  void firmwareBuildsAndHostTestsPass() throws Exception {
    Firmware.requireToolchain();
    Firmware.Result r = Firmware.make("test");
    System.out.println(r.output());
    assertEquals(0, r.exit(), "make -C firmware test failed:\n" + r.output());

    Matcher host = Pattern.compile("host C tests: (\\d+) vectors, (\\d+) checks, (\\d+) failures")
        .matcher(r.output());
    assertTrue(host.find(), "no host test summary in:\n" + r.output());
    assertEquals("0", host.group(3));
    assertTrue(Integer.parseInt(host.group(1)) >= 20, "too few vectors: " + host.group(1));

    Matcher flash = Pattern.compile("Program:\\s+(\\d+) bytes").matcher(r.output());
    Matcher ram = Pattern.compile("Data:\\s+(\\d+) bytes").matcher(r.output());
    assertTrue(flash.find() && ram.find(), "no avr-size report in:\n" + r.output());
    // ATmega328P: 30720 bytes of flash beside the Optiboot bootloader, 2048 of RAM; leave
    // the stack at least 1 KB
    assertTrue(Integer.parseInt(flash.group(1)) < 30720, "flash: " + flash.group(1));
    assertTrue(Integer.parseInt(ram.group(1)) < 1024, "static RAM: " + ram.group(1));
  }
}
