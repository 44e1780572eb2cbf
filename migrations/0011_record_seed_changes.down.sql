DELETE FROM seed_runs WHERE kind = 'revert';
ALTER TABLE seed_runs DROP COLUMN reverted_at, DROP COLUMN reverts, DROP COLUMN kind;
DROP TABLE seed_run_sources;
DROP TABLE seed_run_replaced;
ALTER TABLE observations DROP COLUMN loaded_by;
