-- A plausible range per indicator (catalogue key range: [min, max]): seed refuses a value outside it, naming
-- file, line, column, value and range (a year-on-year change of -300 % is a typo, not a figure). NULL: no range.
ALTER TABLE indicators ADD COLUMN range_min finite_numeric, ADD COLUMN range_max finite_numeric,
    ADD CONSTRAINT indicators_range CHECK ((range_min IS NULL) = (range_max IS NULL) AND range_min < range_max);
