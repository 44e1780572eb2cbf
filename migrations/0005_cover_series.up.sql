-- The indexes of db.Observations, the query behind every indicator page.
--
-- Loads arrive release by release, so the rows of one series (an indicator in a region) lie one per heap
-- page: reading a 36-year monthly series cold meant about 500 random page reads (48 ms on this machine with
-- 10 million rows). observations_series_plain holds everything the page needs of the rows without note and
-- quote (nearly all), so an index-only scan reads a handful of pages instead. Notes and quotes can be long
-- (an index entry is limited to about 2.7 kB), so the few rows with text are read from the heap through
-- observations_series_text. Together they replace observations_series, which repeated the leading columns
-- of the unique index. See docs/performance.md.
CREATE INDEX observations_series_plain ON observations (indicator, region, year, month)
    INCLUDE (id, source_id, value, flag) WHERE note = '' AND quote = '';
CREATE INDEX observations_series_text ON observations (indicator, region, year, month)
    WHERE note <> '' OR quote <> '';
DROP INDEX observations_series;
