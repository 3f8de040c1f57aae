-- slumpwatch store, schema version 3: the extension repetitions the sensor counted for
-- each extension prompt (NULL for every other alert, and for prompts from before v3).
ALTER TABLE alerts ADD COLUMN reps INTEGER;
ALTER TABLE alerts ADD COLUMN rep_range_deg REAL;
