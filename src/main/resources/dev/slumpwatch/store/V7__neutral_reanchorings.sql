-- slumpwatch store, schema version 7: the neutral posture's re-anchorings. Over hours a
-- clip creeps on the back; the monitor follows it in small, bounded steps (see
-- posture.NeutralTracker), and each step is kept so that the day report can show when,
-- how far and on what evidence the reference moved.
-- shift_deg: this step, degrees of flexion (positive: the neutral moved forward);
-- total_shift_deg: all steps of the session's calibration so far; evidence_deg: the
-- wearer's upright level the step moved towards, against the neutral before the step;
-- evidence_s: the seated, still, near-neutral time that level rests on.
CREATE TABLE neutral_reanchorings (
  id              INTEGER PRIMARY KEY,
  session_id      INTEGER NOT NULL REFERENCES sessions(id),
  t_ms            INTEGER NOT NULL,
  session_s       REAL    NOT NULL,
  shift_deg       REAL    NOT NULL,
  total_shift_deg REAL    NOT NULL,
  evidence_deg    REAL    NOT NULL,
  evidence_s      REAL    NOT NULL
);
CREATE INDEX neutral_reanchorings_t ON neutral_reanchorings(t_ms);
