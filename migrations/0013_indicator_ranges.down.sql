ALTER TABLE indicators DROP COLUMN range_max, DROP COLUMN range_min;
