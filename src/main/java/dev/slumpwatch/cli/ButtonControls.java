package dev.slumpwatch.cli;

import dev.slumpwatch.alert.Acknowledgement;
import dev.slumpwatch.alert.ControlFile;
import dev.slumpwatch.alert.Cue;
import dev.slumpwatch.sensor.pi.ButtonActions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The Pi button's actions, through the control file as {@code slumpwatch ack} and
 * {@code snooze} and the terminal's keys go, so the monitor takes them the same way and
 * the commands show what the button set. The motor answers a press it took
 * ({@link Cue#ACKNOWLEDGE_TAKEN}, {@link Cue#SNOOZE_TAKEN}).
 *
 * <p>A long press calls {@code recalibrationRequest}: {@code run} passes the running
 * monitor's request for a new guided calibration, whose steps the motor then leads.
 */
final class ButtonControls implements ButtonActions {
  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private final Path dir;
  private final Clock clock;
  private final Duration snooze;
  private final Runnable recalibrationRequest;
  private final Consumer<Cue> feedback;
  private final Consumer<String> say;

  /**
   * @param dataDir where the control file is
   * @param clock "now" for a snooze and an acknowledgement request
   * @param recalibrationRequest what a long press asks for (see the class comment)
   * @param feedback plays a cue on the motor (or nothing)
   * @param say what was done, or why not, one line each
   */
  ButtonControls(Path dataDir, Clock clock, Duration snooze, Runnable recalibrationRequest,
      Consumer<Cue> feedback, Consumer<String> say) {
    this.dir = dataDir;
    this.clock = clock;
    this.snooze = snooze;
    this.recalibrationRequest = recalibrationRequest;
    this.feedback = feedback;
    this.say = say;
  }

  @Override
  public void acknowledge() {
    try {
      ControlFile.requestAcknowledgement(dir, clock.instant(), Acknowledgement.BUTTON);
      feedback.accept(Cue.ACKNOWLEDGE_TAKEN);
      say.accept("button: acknowledging the latest alert");
    } catch (IOException e) {
      say.accept("button: cannot write " + dir.resolve(ControlFile.NAME) + ": "
          + e.getMessage() + "; not acknowledged");
    }
  }

  @Override
  public void snooze() {
    Instant until = clock.instant().plus(snooze);
    try {
      ControlFile.set(dir, "snooze.until", until.toString());
      feedback.accept(Cue.SNOOZE_TAKEN);
      ZonedDateTime end = until.atZone(clock.getZone());
      say.accept("button: alerts snoozed until " + end.format(HM) + " ('slumpwatch snooze "
          + "off' ends it)");
    } catch (IOException e) {
      say.accept("button: cannot write " + dir.resolve(ControlFile.NAME) + ": "
          + e.getMessage() + "; not snoozed");
    }
  }

  @Override
  public void recalibrate() {
    recalibrationRequest.run();
  }
}
