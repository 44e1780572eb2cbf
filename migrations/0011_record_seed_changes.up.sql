-- What each seed run wrote, so that `dualcarbon revert RUN` can take exactly that back.
--
-- observations.loaded_by is the run that inserted a row or last changed it (NULL: before runs were
-- recorded). seed_run_replaced keeps, for each row a run changed, what the row held before: revert
-- deletes the rows the run inserted (loaded_by = run, no replaced entry) and restores the replaced
-- ones. A later run that changed the same rows names this run in old_loaded_by: revert refuses then.
-- No foreign key from observations to seed_runs: a run's row is history, kept after a revert.
ALTER TABLE observations ADD COLUMN loaded_by bigint;

CREATE TABLE seed_run_replaced (
    run_id         bigint NOT NULL REFERENCES seed_runs (id),
    observation_id bigint NOT NULL,
    line           integer NOT NULL,
    value          finite_numeric NOT NULL,
    flag           text NOT NULL,
    note           text NOT NULL,
    quote          text NOT NULL,
    loaded_at      timestamptz NOT NULL,
    old_loaded_by  bigint,
    PRIMARY KEY (run_id, observation_id)
);
CREATE INDEX seed_run_replaced_old_run ON seed_run_replaced (old_loaded_by);

-- Sources a run inserted: revert deletes those nothing cites any more.
CREATE TABLE seed_run_sources (
    run_id    bigint NOT NULL REFERENCES seed_runs (id),
    source_id bigint NOT NULL,
    PRIMARY KEY (run_id, source_id)
);

-- A revert is a run too (kind 'revert', reverts = the run taken back, its rows deleted and restored counted as
-- updated), so the runs list shows it and DataVersion, the newest run that changed something, moves.
ALTER TABLE seed_runs ADD COLUMN kind text NOT NULL DEFAULT 'observations'
        CHECK (kind IN ('observations', 'catalogue', 'revert')),
    ADD COLUMN reverts bigint REFERENCES seed_runs (id),
    ADD COLUMN reverted_at timestamptz,
    ADD CHECK ((kind = 'revert') = (reverts IS NOT NULL));
