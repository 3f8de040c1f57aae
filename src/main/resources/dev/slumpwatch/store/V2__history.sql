-- slumpwatch store, schema version 2: the history for reports.
-- The posture calibration each session used (the body's up and forward axes in the sensor
-- frame, unit vectors). origin is 'stored' (loaded from the wearer's calibration file) or
-- 'learnt' (the guided calibration at the start of the session).
CREATE TABLE session_calibrations (
  session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
  origin     TEXT    NOT NULL,
  t_ms       INTEGER NOT NULL,
  up_x       REAL    NOT NULL,
  up_y       REAL    NOT NULL,
  up_z       REAL    NOT NULL,
  forward_x  REAL    NOT NULL,
  forward_y  REAL    NOT NULL,
  forward_z  REAL    NOT NULL
);

-- Per-minute totals of posture_seconds, rewritten from those rows in the same transaction
-- that writes them, so they can never disagree. Trends over months read these (a year is
-- about 150,000 rows instead of 10 million). minute = second / 60 of its session;
-- t_ms is that of the minute's first stored second. Counts are seconds.
CREATE TABLE posture_minutes (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  minute     INTEGER NOT NULL,
  t_ms       INTEGER NOT NULL,
  seconds    INTEGER NOT NULL,
  known_s    INTEGER NOT NULL,
  worn_s     INTEGER NOT NULL,
  seated_s   INTEGER NOT NULL,
  slumped_s  INTEGER NOT NULL,
  PRIMARY KEY (session_id, minute)
) WITHOUT ROWID;
CREATE INDEX posture_minutes_t ON posture_minutes(t_ms);

INSERT INTO posture_minutes
  SELECT session_id, second / 60, min(t_ms), count(*), count(flexion_mean),
         sum(activity NOT IN ('unknown', 'not-worn')),
         sum(activity IN ('seated-still', 'seated-fidgeting')), sum(slumped)
  FROM posture_seconds GROUP BY session_id, second / 60;

CREATE INDEX breaks_t ON breaks(start_ms);
CREATE INDEX gaps_t ON gaps(from_ms);
