CREATE INDEX observations_series ON observations (indicator, region, year, month);
DROP INDEX observations_series_text;
DROP INDEX observations_series_plain;
