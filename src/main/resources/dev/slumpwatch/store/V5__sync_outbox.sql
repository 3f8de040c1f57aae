-- slumpwatch store, schema version 5: sharing with a clinic server (opt-in).
-- sync_config holds the wearer's choice (one row). Nothing is queued while enabled = 0,
-- so a monitor that never shares keeps no outbox.
-- zone: the wearer's time zone (ZoneId), which decides which calendar day a row belongs to.
-- since_ms: the wearer shares history from this wall-clock time on (0: all of it).
CREATE TABLE sync_config (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  enabled       INTEGER NOT NULL DEFAULT 0,
  url           TEXT,
  user_name     TEXT,
  password_file TEXT,
  zone          TEXT,
  since_ms      INTEGER NOT NULL DEFAULT 0,
  last_ok_ms    INTEGER,
  last_error    TEXT,
  last_error_ms INTEGER
);
INSERT INTO sync_config(id, enabled) VALUES (1, 0);

-- The outbox: one row per stored item changed since it was last sent. It is written by
-- the triggers below inside the same transaction as the data, so it can never miss a row
-- or disagree with the store. A change to an item already queued replaces its row, with
-- a new seq, so the sender deletes only the seqs it sent and a newer change stays queued.
-- kind: 'minute' (item = minute of the session), 'episode' (item = slump_episodes.id),
-- 'alert' (item = alert_id). t_ms: the item's wall-clock time, which says its day.
CREATE TABLE sync_outbox (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT    NOT NULL,
  session_id INTEGER NOT NULL,
  item       INTEGER NOT NULL,
  t_ms       INTEGER NOT NULL,
  UNIQUE (kind, session_id, item)
);

-- (Each trigger's body ends on the line of its END: Store splits migrations into
-- statements at lines that end with a semicolon.)
CREATE TRIGGER sync_minute AFTER INSERT ON posture_minutes
WHEN (SELECT enabled FROM sync_config WHERE id = 1) = 1
BEGIN
  INSERT OR REPLACE INTO sync_outbox(kind, session_id, item, t_ms)
  VALUES ('minute', NEW.session_id, NEW.minute, NEW.t_ms); END;

CREATE TRIGGER sync_episode AFTER INSERT ON slump_episodes
WHEN (SELECT enabled FROM sync_config WHERE id = 1) = 1
BEGIN
  INSERT OR REPLACE INTO sync_outbox(kind, session_id, item, t_ms)
  VALUES ('episode', NEW.session_id, NEW.id, NEW.start_ms); END;

CREATE TRIGGER sync_alert AFTER INSERT ON alerts
WHEN (SELECT enabled FROM sync_config WHERE id = 1) = 1
BEGIN
  INSERT OR REPLACE INTO sync_outbox(kind, session_id, item, t_ms)
  VALUES ('alert', NEW.session_id, NEW.alert_id, NEW.t_ms); END;

CREATE TRIGGER sync_alert_outcome AFTER UPDATE ON alerts
WHEN (SELECT enabled FROM sync_config WHERE id = 1) = 1
BEGIN
  INSERT OR REPLACE INTO sync_outbox(kind, session_id, item, t_ms)
  VALUES ('alert', NEW.session_id, NEW.alert_id, NEW.t_ms); END;

-- a gap changes only its day's summary (gap seconds); item = the gap's rowid
CREATE TRIGGER sync_gap AFTER INSERT ON gaps
WHEN (SELECT enabled FROM sync_config WHERE id = 1) = 1
BEGIN
  INSERT OR REPLACE INTO sync_outbox(kind, session_id, item, t_ms)
  VALUES ('gap', NEW.session_id, NEW.rowid, NEW.from_ms); END;
