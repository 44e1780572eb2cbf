ALTER TABLE seed_runs DROP COLUMN changes_recorded;
DROP TABLE seed_run_catalogue;
