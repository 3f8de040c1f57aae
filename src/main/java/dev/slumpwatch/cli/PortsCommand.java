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
      out.printf("%-24s %s — %s%n", p.getSystemPortPath(), p.getDescriptivePortName(),
          p.getPortDescription());
    }
    out.flush();
    return 0;
  }
}
