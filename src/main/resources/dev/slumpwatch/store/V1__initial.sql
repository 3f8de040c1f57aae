-- slumpwatch store, schema version 1.
-- Times: *_ms are wall-clock Unix milliseconds, anchored once per session at its first
-- sample (device time drives everything inside the session); *_s are seconds since the
-- session's first sample. NULL angles mean "unknown", never "good posture".
CREATE TABLE sessions (
  id                  INTEGER PRIMARY KEY,
  started_ms          INTEGER NOT NULL,
  ended_ms            INTEGER,
  source              TEXT    NOT NULL,
  device_id           TEXT,
  firmware            TEXT,
  sensor_model        TEXT,
  rate_hz             INTEGER,
  first_device_micros INTEGER,
  end_reason          TEXT
);

CREATE TABLE posture_seconds (
  session_id   INTEGER NOT NULL REFERENCES sessions(id),
  second       INTEGER NOT NULL,
  t_ms         INTEGER NOT NULL,
  flexion_mean REAL,
  flexion_min  REAL,
  flexion_max  REAL,
  lateral_mean REAL,
  activity     TEXT    NOT NULL,
  slumped      INTEGER NOT NULL,
  samples      INTEGER NOT NULL,
  PRIMARY KEY (session_id, second)
) WITHOUT ROWID;
CREATE INDEX posture_seconds_t ON posture_seconds(t_ms);

CREATE TABLE slump_episodes (
  id           INTEGER PRIMARY KEY,
  session_id   INTEGER NOT NULL REFERENCES sessions(id),
  start_ms     INTEGER NOT NULL,
  end_ms       INTEGER NOT NULL,
  start_s      REAL    NOT NULL,
  end_s        REAL    NOT NULL,
  peak_deg     REAL    NOT NULL,
  mean_deg     REAL    NOT NULL,
  dose_deg_min REAL    NOT NULL
);
CREATE INDEX slump_episodes_t ON slump_episodes(start_ms);

CREATE TABLE alerts (
  session_id     INTEGER NOT NULL REFERENCES sessions(id),
  alert_id       INTEGER NOT NULL,
  t_ms           INTEGER NOT NULL,
  session_s      REAL    NOT NULL,
  kind           TEXT    NOT NULL,
  message        TEXT    NOT NULL,
  outcome        TEXT,
  outcome_detail TEXT,
  outcome_ms     INTEGER,
  PRIMARY KEY (session_id, alert_id)
);
CREATE INDEX alerts_t ON alerts(t_ms);

CREATE TABLE breaks (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  kind       TEXT    NOT NULL,
  start_ms   INTEGER NOT NULL,
  end_ms     INTEGER NOT NULL
);

CREATE TABLE gaps (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  from_ms    INTEGER NOT NULL,
  to_ms      INTEGER NOT NULL,
  reason     TEXT    NOT NULL
);
