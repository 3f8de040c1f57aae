package dev.slumpwatch.cli;

import com.fazecast.jSerialComm.SerialPort;
import dev.slumpwatch.app.App;
import dev.slumpwatch.app.AppController;
import dev.slumpwatch.desktop.Autostart;
import dev.slumpwatch.posture.PostureProfile;
import dev.slumpwatch.sensor.pi.PiI2cSampleSource;
import dev.slumpwatch.sensor.serial.SerialSampleSource;
import dev.slumpwatch.settings.EffectiveSettings;
import dev.slumpwatch.sim.Scenario;
import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code slumpwatch app}: the desktop app, a live posture window and a tray icon. The
 * sensor is picked in the window (remembered for next time) or given here.
 */
@Command(name = "app", mixinStandardHelpOptions = true,
    description = {"Opens the desktop app: posture now in words and colour, a live flexion "
        + "chart, today so far, the calibration wizard, snooze, pain pause, do not disturb, "
        + "and a tray icon that follows your posture (closing the window keeps monitoring "
        + "there).",
        "The sensor is chosen in the window and remembered; --port, --source sim or "
        + "--source pi-i2c choose it here. The simulated wearer's data goes to "
        + "DATA_DIR/sim/, apart from your history. One monitor per data directory: the app "
        + "refuses to monitor where 'slumpwatch run' already does, and the other way round."})
public final class AppCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** {@code --port} (monitor it at once), {@code --baud}, the text formats, the Pi's bus. */
  @CommandLine.Mixin
  SourceOptions sources;

  @Option(names = "--source", paramLabel = "NAME",
      description = "monitor at once: 'sim' (the simulated wearer) or 'pi-i2c' (the MPU-6050 "
          + "on this Raspberry Pi's I2C bus 1 at 0x68)")
  String source;

  @Option(names = "--scenario", paramLabel = "NAME|FILE", defaultValue = "desk-2h",
      description = "the simulated wearer's scenario (default: ${DEFAULT-VALUE})")
  String scenarioName;

  @Option(names = "--speed", paramLabel = "N", defaultValue = "1",
      description = "the simulated wearer's pace, sensor seconds per second (default: "
          + "${DEFAULT-VALUE}, as live)")
  double speed;

  @Option(names = "--theme", paramLabel = "system|light|dark",
      description = "the look (default: as remembered, else 'system': dark when the desktop "
          + "prefers dark)")
  String theme;

  @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default",
      description = "the wearer's posture profile (default: ${DEFAULT-VALUE})")
  String profile;

  @CommandLine.Mixin
  SettingsOption settingsOption;

  @Option(names = "--quit-after", paramLabel = "SECONDS",
      description = "quit by itself after this long (a bounded demonstration or test run)")
  Double quitAfter;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Consumer<String> log = m -> {
      err.println("slumpwatch: " + m);
      err.flush();
    };
    App app = start(log);
    boolean quit = app.awaitQuit(quitAfter == null ? Duration.ofDays(3650)
        : Duration.ofMillis(Math.round(quitAfter * 1000)));
    if (!quit) {
      app.quit();
      app.awaitQuit(Duration.ofSeconds(30));
    }
    return 0;
  }

  /** Checks the options, then opens the app (also what {@code bench app} runs). */
  App start(Consumer<String> log) throws Exception {
    if (sources.port != null && source != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "name the sensor with --port PATH or --source sim|pi-i2c, not both");
    }
    if (source != null && !source.equals("sim") && !source.equals(SourceOptions.PI_I2C)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--source must be 'sim' or 'pi-i2c', not '" + source + "'");
    }
    if (!(speed > 0) || Double.isInfinite(speed) || speed > 10_000) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--speed must be more than 0 and at most 10000, not " + speed);
    }
    if (theme != null && !List.of("system", "light", "dark").contains(theme)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--theme must be system, light or dark, not '" + theme + "'");
    }
    if (quitAfter != null && !(quitAfter > 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--quit-after must be a positive number of seconds, not " + quitAfter);
    }
    try {
      CalibrationFile.checkName(profile);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    // checked before anything opens: the port's text formats, the Pi's bus and address
    SerialSampleSource.Settings serialSettings = sources.port != null
        ? sources.serialSettings(null) : null;
    PiI2cSampleSource.Settings pi = sources.piSettings(true);
    try {
      sources.text.format();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (GraphicsEnvironment.isHeadless()) {
      throw new IllegalStateException("the app needs a display, and there is none here "
          + "(DISPLAY is not set, or Java runs headless); 'slumpwatch run' monitors without "
          + "one");
    }
    Scenario scenario = DemoCommand.loadScenario(scenarioName);
    Path dir = main.ensureDataDir();
    EffectiveSettings settings = settingsOption.load(dir);
    AppController.Choice initial = serialSettings != null
        ? new AppController.Serial(serialSettings)
        : "sim".equals(source) ? new AppController.Simulated(scenario, speed)
        : SourceOptions.PI_I2C.equals(source) ? new AppController.PiI2c(pi) : null;
    List<String> loginArguments = new ArrayList<>(main.dataDirOption());
    loginArguments.add("app");
    App.StartAtLogin startAtLogin = App.StartAtLogin.of(new Autostart(main.userSession()),
        main::launcher, loginArguments);
    return App.start(options(main, dir, settings, profile, scenario, speed,
        port -> SerialSampleSource.Settings.of(port, sources.baud, sources.text.format()), pi,
        initial, theme, startAtLogin, log));
  }

  /** The app's options as the command line gives them (also for {@code bench app}). */
  static App.Options options(Main main, Path dir, EffectiveSettings settings, String profile,
      Scenario scenario, double speed, Function<String, SerialSampleSource.Settings> serial,
      PiI2cSampleSource.Settings pi, AppController.Choice initial, String theme,
      App.StartAtLogin startAtLogin, Consumer<String> log) {
    AppController.Options controller = new AppController.Options(dir, settings, profile,
        new AppController.Profiles() {
          @Override
          public PostureProfile load(Path d, String name) throws IOException {
            return CalibrationFile.load(d, name);
          }

          @Override
          public Path save(Path d, String name, PostureProfile p) throws IOException {
            return CalibrationFile.save(d, name, p);
          }
        }, main::pi4j, log);
    return new App.Options(controller, scenario, speed, serial, pi, initial, theme,
        AppCommand::serialPorts, page -> browse(page, log), startAtLogin);
  }

  /** The serial ports jSerialComm sees, by path (what {@code slumpwatch ports} lists). */
  static List<String> serialPorts() {
    List<String> out = new ArrayList<>();
    for (SerialPort p : SerialPort.getCommPorts()) {
      out.add(p.getSystemPortPath());
    }
    return out;
  }

  /** Opens a page in the desktop's browser: AWT's Desktop, else xdg-open. */
  static void browse(Path page, Consumer<String> log) {
    try {
      if (Desktop.isDesktopSupported()
          && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(page.toUri());
        return;
      }
      new ProcessBuilder("xdg-open", page.toUri().toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException | UnsupportedOperationException e) {
      log.accept("no browser could be opened (" + e.getMessage() + "); the report is " + page);
    }
  }
}
