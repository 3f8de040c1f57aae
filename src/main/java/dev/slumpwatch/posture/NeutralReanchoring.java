package dev.slumpwatch.posture;

/**
 * One re-anchoring of the neutral posture: the calibrated "sitting tall" moved by a small,
 * bounded step to follow a clip that creeps on the back over hours. A plain value, stored
 * and shown in the day report, so that a wearer (or a physiotherapist) can see when and
 * how far the reference moved, and why.
 *
 * @param deviceMicros device time of the step
 * @param shiftDeg this step, degrees of flexion; negative: the neutral moved back (what
 *     read as 0° before reads as 1° of flexion after a −1° step). It never moves forward of
 *     the calibrated neutral, so a positive step only undoes an earlier negative one
 * @param totalShiftDeg all steps since the posture was calibrated, degrees
 * @param evidenceDeg the wearer's upright level the step moved towards, measured against
 *     the neutral before the step (the lowest median of the still, seated, near-neutral
 *     windows of the last minutes), degrees
 * @param evidenceSeconds seated, still, near-neutral time that evidence rests on, s
 */
public record NeutralReanchoring(long deviceMicros, double shiftDeg, double totalShiftDeg,
    double evidenceDeg, double evidenceSeconds) {}
