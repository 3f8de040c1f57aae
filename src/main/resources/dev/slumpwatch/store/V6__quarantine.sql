-- slumpwatch store, schema version 5: records the store could not keep as they were (a
-- value a column refuses, such as a NaN where a number is required), set aside here with
-- their content and the error instead of blocking every record after them.
-- kind: the event's type (SlumpEnded, Calibrated, ...); record: the event as text.
CREATE TABLE quarantine (
  id         INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  kind       TEXT    NOT NULL,
  record     TEXT    NOT NULL,
  error      TEXT    NOT NULL
);
