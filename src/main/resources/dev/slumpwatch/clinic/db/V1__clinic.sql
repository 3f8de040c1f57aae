-- slumpwatch clinic server, schema version 1 (Flyway).
-- Run by the schema owner (a login with CREATEROLE that owns the database), never by a
-- device or a clinician. See docs/clinic.md for the roles and what each may see.
--
-- Three group roles (NOLOGIN); every person gets a login role that is a member of one:
--   slumpwatch_device     a wearer's monitor: inserts and reads only its own rows
--   slumpwatch_clinician  reads the wearers who consented to this clinician, at the
--                         level they consented to
--   slumpwatch_admin      enrols wearers and clinicians; the only one that reads identities
-- Roles are cluster-wide, so they are created only if missing.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'slumpwatch_device') THEN
    CREATE ROLE slumpwatch_device NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'slumpwatch_clinician') THEN
    CREATE ROLE slumpwatch_clinician NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'slumpwatch_admin') THEN
    CREATE ROLE slumpwatch_admin NOLOGIN;
  END IF;
END $$;

-- the database itself: connecting is for the three groups only (and the owner)
DO $$
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO slumpwatch_device, slumpwatch_clinician, '
                 'slumpwatch_admin', current_database());
END $$;

CREATE SCHEMA clinic;
REVOKE ALL ON SCHEMA clinic FROM PUBLIC;
GRANT USAGE ON SCHEMA clinic TO slumpwatch_device, slumpwatch_clinician, slumpwatch_admin;

-- Wearers are known by a pseudonym; login is their database role.
CREATE TABLE clinic.wearers (
  wearer_id   text PRIMARY KEY CHECK (wearer_id ~ '^[a-z0-9][a-z0-9-]{2,63}$'),
  login       name NOT NULL UNIQUE,
  enrolled_at timestamptz NOT NULL DEFAULT now()
);

-- Who a pseudonym is. Only the admin role may read or write this table.
CREATE TABLE clinic.identities (
  wearer_id text PRIMARY KEY REFERENCES clinic.wearers ON DELETE CASCADE,
  full_name text NOT NULL,
  contact   text
);

CREATE TABLE clinic.clinicians (
  clinician_id text PRIMARY KEY CHECK (clinician_id ~ '^[a-z0-9][a-z0-9-]{2,63}$'),
  login        name NOT NULL UNIQUE,
  display_name text NOT NULL
);

-- A wearer's consent to one clinician: 'days' (day summaries) or 'detail' (also per-minute
-- totals, slump episodes and prompt outcomes). Deleting it withdraws the consent.
CREATE TABLE clinic.consents (
  wearer_id    text NOT NULL REFERENCES clinic.wearers ON DELETE CASCADE,
  clinician_id text NOT NULL REFERENCES clinic.clinicians ON DELETE CASCADE,
  level        text NOT NULL CHECK (level IN ('days', 'detail')),
  granted_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (wearer_id, clinician_id)
);
CREATE INDEX consents_clinician ON clinic.consents (clinician_id);

-- The figures of the wearer's daily report (one definition: the monitor computes them with
-- its report code and sends them). Seconds are counts of stored seconds.
CREATE TABLE clinic.day_summaries (
  wearer_id          text    NOT NULL REFERENCES clinic.wearers ON DELETE CASCADE,
  day                date    NOT NULL,
  worn_s             integer NOT NULL,
  known_s            integer NOT NULL,
  slumped_s          integer NOT NULL,
  slump_min          double precision NOT NULL,
  episodes           integer NOT NULL,
  longest_episode_s  double precision NOT NULL,
  slump_dose_deg_min double precision NOT NULL,
  breaks_prompted    integer NOT NULL,
  breaks_taken       integer NOT NULL,
  nudges             integer NOT NULL,
  extension_prompts  integer NOT NULL,
  extension_done     integer NOT NULL,
  extension_reps     integer,
  gap_s              double precision NOT NULL,
  sessions           integer NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (wearer_id, day)
);
CREATE INDEX day_summaries_day ON clinic.day_summaries (day);

-- Detail, keyed by wearer, session (its start, wall-clock Unix ms) and time, so a retry
-- replaces a row instead of adding one. Columns as in the monitor's store.
CREATE TABLE clinic.minutes (
  wearer_id        text     NOT NULL REFERENCES clinic.wearers ON DELETE CASCADE,
  session_start_ms bigint   NOT NULL,
  minute           integer  NOT NULL,
  t_ms             bigint   NOT NULL,
  seconds          smallint NOT NULL,
  known_s          smallint NOT NULL,
  worn_s           smallint NOT NULL,
  seated_s         smallint NOT NULL,
  slumped_s        smallint NOT NULL,
  PRIMARY KEY (wearer_id, session_start_ms, minute)
);

CREATE TABLE clinic.episodes (
  wearer_id        text   NOT NULL REFERENCES clinic.wearers ON DELETE CASCADE,
  session_start_ms bigint NOT NULL,
  start_ms         bigint NOT NULL,
  end_ms           bigint NOT NULL,
  peak_deg         double precision NOT NULL,
  mean_deg         double precision NOT NULL,
  dose_deg_min     double precision NOT NULL,
  PRIMARY KEY (wearer_id, session_start_ms, start_ms)
);

-- Prompts (alerts) and their outcomes; the wording of the message is not shared.
CREATE TABLE clinic.prompts (
  wearer_id        text    NOT NULL REFERENCES clinic.wearers ON DELETE CASCADE,
  session_start_ms bigint  NOT NULL,
  alert_id         integer NOT NULL,
  t_ms             bigint  NOT NULL,
  kind             text    NOT NULL,
  outcome          text,
  reps             integer,
  ack_ms           bigint,
  PRIMARY KEY (wearer_id, session_start_ms, alert_id)
);

-- ---------------------------------------------------------------- privileges
GRANT SELECT ON clinic.wearers, clinic.clinicians TO slumpwatch_device, slumpwatch_clinician;
GRANT SELECT, INSERT, UPDATE, DELETE ON clinic.consents, clinic.day_summaries,
  clinic.minutes, clinic.episodes, clinic.prompts TO slumpwatch_device;
GRANT SELECT ON clinic.consents, clinic.day_summaries, clinic.minutes, clinic.episodes,
  clinic.prompts TO slumpwatch_clinician;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA clinic TO slumpwatch_admin;

-- ---------------------------------------------------------------- row-level security
-- Policies name current_user's rows through the wearers and clinicians tables, which are
-- themselves row-level secured, so a subquery can never reveal another person's row.
ALTER TABLE clinic.wearers ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.clinicians ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.consents ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.day_summaries ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.minutes ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.episodes ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic.prompts ENABLE ROW LEVEL SECURITY;

CREATE POLICY wearer_self ON clinic.wearers FOR SELECT TO slumpwatch_device
  USING (login = current_user);
-- a clinician sees the pseudonyms of the wearers who consented to them, nothing else
CREATE POLICY wearer_consented ON clinic.wearers FOR SELECT TO slumpwatch_clinician
  USING (wearer_id IN (SELECT c.wearer_id FROM clinic.consents c));
-- wearers choose whom to consent to: every clinician's id and name is visible to them
CREATE POLICY clinician_listed ON clinic.clinicians FOR SELECT TO slumpwatch_device
  USING (true);
CREATE POLICY clinician_self ON clinic.clinicians FOR SELECT TO slumpwatch_clinician
  USING (login = current_user);

CREATE POLICY consent_own ON clinic.consents FOR ALL TO slumpwatch_device
  USING (wearer_id IN (SELECT w.wearer_id FROM clinic.wearers w))
  WITH CHECK (wearer_id IN (SELECT w.wearer_id FROM clinic.wearers w));
CREATE POLICY consent_to_me ON clinic.consents FOR SELECT TO slumpwatch_clinician
  USING (clinician_id IN (SELECT k.clinician_id FROM clinic.clinicians k));

-- A device reads and writes its own day summaries while it has any consent, and its own
-- detail rows only while it has a 'detail' consent: the server enforces what is shared.
CREATE POLICY day_own ON clinic.day_summaries FOR ALL TO slumpwatch_device
  USING (wearer_id IN (SELECT w.wearer_id FROM clinic.wearers w))
  WITH CHECK (wearer_id IN (SELECT c.wearer_id FROM clinic.consents c));
CREATE POLICY day_consented ON clinic.day_summaries FOR SELECT TO slumpwatch_clinician
  USING (wearer_id IN (SELECT c.wearer_id FROM clinic.consents c));

CREATE POLICY minute_own ON clinic.minutes FOR ALL TO slumpwatch_device
  USING (wearer_id IN (SELECT w.wearer_id FROM clinic.wearers w))
  WITH CHECK (wearer_id IN (SELECT c.wearer_id FROM clinic.consents c
                            WHERE c.level = 'detail'));
CREATE POLICY minute_consented ON clinic.minutes FOR SELECT TO slumpwatch_clinician
  USING (wearer_id IN (SELECT c.wearer_id FROM clinic.consents c WHERE c.level = 'detail'));

CREATE POLICY episode_own ON clinic.episodes FOR ALL TO slumpwatch_device
  USING (wearer_id IN (SELECT w.wearer_id FROM clinic.wearers w))
  WITH CHECK (wearer_id IN (SELECT c.wearer_id FROM clinic.consents c
                            WHERE c.level = 'detail'));
CREATE POLICY episode_consented ON clinic.episodes FOR SELECT TO slumpwatch_clinician
  USING (wearer_id IN (SELECT c.wearer_id FROM clinic.consents c WHERE c.level = 'detail'));

CREATE POLICY prompt_own ON clinic.prompts FOR ALL TO slumpwatch_device
  USING (wearer_id IN (SELECT w.wearer_id FROM clinic.wearers w))
  WITH CHECK (wearer_id IN (SELECT c.wearer_id FROM clinic.consents c
                            WHERE c.level = 'detail'));
CREATE POLICY prompt_consented ON clinic.prompts FOR SELECT TO slumpwatch_clinician
  USING (wearer_id IN (SELECT c.wearer_id FROM clinic.consents c WHERE c.level = 'detail'));

CREATE POLICY admin_all ON clinic.wearers FOR ALL TO slumpwatch_admin USING (true)
  WITH CHECK (true);
CREATE POLICY admin_all ON clinic.clinicians FOR ALL TO slumpwatch_admin USING (true)
  WITH CHECK (true);
CREATE POLICY admin_all ON clinic.consents FOR ALL TO slumpwatch_admin USING (true)
  WITH CHECK (true);
CREATE POLICY admin_all ON clinic.day_summaries FOR ALL TO slumpwatch_admin USING (true)
  WITH CHECK (true);
CREATE POLICY admin_all ON clinic.minutes FOR ALL TO slumpwatch_admin USING (true)
  WITH CHECK (true);
CREATE POLICY admin_all ON clinic.episodes FOR ALL TO slumpwatch_admin USING (true)
  WITH CHECK (true);
CREATE POLICY admin_all ON clinic.prompts FOR ALL TO slumpwatch_admin USING (true)
  WITH CHECK (true);

-- ---------------------------------------------------------------- consent withdrawal
-- When a consent is withdrawn or lowered, what the wearer no longer shares with anyone is
-- deleted at once: everything when no consent is left, the detail when none is 'detail'.
-- Runs as the schema owner (SECURITY DEFINER), so the deletion does not depend on what
-- the withdrawing session may see.
CREATE FUNCTION clinic.apply_consent_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, clinic AS $$
DECLARE
  any_consent boolean;
  detail_consent boolean;
BEGIN
  SELECT count(*) > 0, coalesce(bool_or(level = 'detail'), false)
    INTO any_consent, detail_consent
    FROM clinic.consents WHERE wearer_id = OLD.wearer_id;
  IF NOT detail_consent THEN
    DELETE FROM clinic.minutes WHERE wearer_id = OLD.wearer_id;
    DELETE FROM clinic.episodes WHERE wearer_id = OLD.wearer_id;
    DELETE FROM clinic.prompts WHERE wearer_id = OLD.wearer_id;
  END IF;
  IF NOT any_consent THEN
    DELETE FROM clinic.day_summaries WHERE wearer_id = OLD.wearer_id;
  END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION clinic.apply_consent_change() FROM PUBLIC;

CREATE TRIGGER consent_withdrawn AFTER DELETE OR UPDATE OF level ON clinic.consents
  FOR EACH ROW EXECUTE FUNCTION clinic.apply_consent_change();

-- ---------------------------------------------------------------- enrolment
-- Enrolment creates a login role, so it runs as the schema owner (who has CREATEROLE);
-- the admin role may call it. Passwords are stored by PostgreSQL as SCRAM hashes.
CREATE FUNCTION clinic.enrol_wearer(p_wearer_id text, p_login text, p_password text,
    p_full_name text, p_contact text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, clinic AS $$
BEGIN
  EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE slumpwatch_device',
                 p_login, p_password);
  INSERT INTO clinic.wearers(wearer_id, login) VALUES (p_wearer_id, p_login);
  INSERT INTO clinic.identities(wearer_id, full_name, contact)
    VALUES (p_wearer_id, p_full_name, p_contact);
END $$;

CREATE FUNCTION clinic.enrol_clinician(p_clinician_id text, p_login text, p_password text,
    p_display_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, clinic AS $$
BEGIN
  EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE slumpwatch_clinician',
                 p_login, p_password);
  INSERT INTO clinic.clinicians(clinician_id, login, display_name)
    VALUES (p_clinician_id, p_login, p_display_name);
END $$;

REVOKE ALL ON FUNCTION clinic.enrol_wearer(text, text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION clinic.enrol_clinician(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION clinic.enrol_wearer(text, text, text, text, text)
  TO slumpwatch_admin;
GRANT EXECUTE ON FUNCTION clinic.enrol_clinician(text, text, text, text) TO slumpwatch_admin;
