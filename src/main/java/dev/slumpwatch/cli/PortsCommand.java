package dev.slumpwatch.cli;

import com.fazecast.jSerialComm.SerialPort;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code slumpwatch ports}: the serial ports this machine has, with descriptions. */
@Command(name = "ports", mixinStandardHelpOptions = true,
    description = "Lists serial ports (USB adapters, Bluetooth SPP) with their descriptions.")
public final class PortsCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SerialPort[] ports = SerialPort.getCommPorts();
    if (ports.length == 0) {
      out.println("no serial ports found (is the sensor plugged in? a Bluetooth module must "
          + "be paired and bound, e.g. rfcomm bind)");
    }
    for (SerialPort p : ports) {
      out.println(line(p.getSystemPortPath(), p.getDescriptivePortName(),
          p.getPortDescription()));
    }
    out.flush();
    return 0;
  }

  /**
   * {@code /dev/ttyUSB0   CP2102 USB to UART Bridge (Silicon Labs)}: the path, then each
   * description once (the driver often gives the same text twice, or repeats the path).
   */
  static String line(String path, String... descriptions) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    String name = path.substring(path.lastIndexOf('/') + 1);
    for (String d : descriptions) {
      String t = d == null ? "" : d.strip();
      if (!t.isEmpty() && !t.equals(path) && !t.equals(name)
          && parts.stream().noneMatch(p -> p.equalsIgnoreCase(t))) {
        parts.add(t);
      }
    }
    String text = parts.isEmpty() ? "" : parts.get(0)
        + (parts.size() > 1 ? " (" + String.join(", ", parts.subList(1, parts.size())) + ")"
        : "");
    return String.format("%-24s %s", path, text).strip();
  }
}
