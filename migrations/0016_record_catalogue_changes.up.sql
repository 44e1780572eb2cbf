-- What each catalogue run wrote, so that `dualcarbon revert RUN` can take a catalogue back too (0011 did it
-- for observations). seed_run_catalogue has a row per row of indicators, targets, events, assessments and
-- ratings a catalogue run inserted (old NULL) or changed (old: the whole row before, as jsonb); rows it left
-- as they were are not listed. row_key names the row: the code, the id, or assessment:region for a rating.
-- A later run with an entry for the same row makes revert refuse.
CREATE TABLE seed_run_catalogue (
    run_id  bigint NOT NULL REFERENCES seed_runs (id),
    tbl     text NOT NULL CHECK (tbl IN ('indicators', 'targets', 'events', 'assessments', 'ratings')),
    row_key text NOT NULL,
    old     jsonb,
    PRIMARY KEY (run_id, tbl, row_key)
);
CREATE INDEX seed_run_catalogue_row ON seed_run_catalogue (tbl, row_key);

-- Catalogue runs from before this migration recorded nothing: revert refuses them (false); new runs are
-- recorded (the default true).
ALTER TABLE seed_runs ADD COLUMN changes_recorded boolean NOT NULL DEFAULT false;
ALTER TABLE seed_runs ALTER COLUMN changes_recorded SET DEFAULT true;
