-- Acknowledgements: the wearer's "seen it" for a delivered alert (a key in the monitor's
-- terminal, or 'slumpwatch ack'), kept beside the outcome, which says what the sensor saw.
-- ack_ms: wall-clock Unix ms, NULL when not acknowledged; ack_via: 'key' or 'command'.
ALTER TABLE alerts ADD COLUMN ack_ms INTEGER;
ALTER TABLE alerts ADD COLUMN ack_via TEXT;
