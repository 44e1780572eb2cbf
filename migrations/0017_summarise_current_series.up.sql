-- current_series: the current yearly values of each series (indicator, region) in one row, as arrays ordered
-- by year, so that the overview reads one row per indicator (620 at the scale of docs/performance.md, about a
-- hundred pages) instead of one index entry per indicator and year (22,619 entries, about 300 pages, and a
-- row for the program to decode each), and the provincial map one row per region. The arrays are those of
-- current_yearly (migrations/0015), with the note and the quote of each value in place (read from
-- observations only for the rows that have one), so no page looks anything up in observations.
--
-- It is kept from current_yearly by the same statement-level triggers: after they refresh the yearly keys a
-- statement touched, they refresh the series of those keys (refresh_current_series). A note or a quote
-- edited in place changes no row of current_yearly but does change its series, which is refreshed all the
-- same. Nothing reads current_yearly by region any more, so its second index goes.
CREATE TABLE current_series (
    indicator  text NOT NULL,
    region     text NOT NULL,
    years      smallint[] NOT NULL,
    vals       text[] NOT NULL,    -- value::text: the number as stored (1.60 stays 1.60)
    flags      text[] NOT NULL,
    source_ids bigint[] NOT NULL,
    vintages   integer[] NOT NULL,
    notes      text[] NOT NULL,
    quotes     text[] NOT NULL,
    PRIMARY KEY (indicator, region),
    CHECK (cardinality(years) > 0)
);

-- refresh_current_series sets the rows of the given series (indicator, region, zipped) to what current_yearly
-- holds now, or no row for a series that has no yearly value left. A row that would not change is not written.
CREATE FUNCTION refresh_current_series(indicators text[], regions text[]) RETURNS void
LANGUAGE sql AS $$
    WITH k AS (
        SELECT DISTINCT indicator, region FROM unnest(indicators, regions) AS k(indicator, region)
    ), cur AS (
        SELECT c.indicator, c.region,
               array_agg(c.year ORDER BY c.year) AS years,
               array_agg(c.value::text ORDER BY c.year) AS vals,
               array_agg(c.flag ORDER BY c.year) AS flags,
               array_agg(c.source_id ORDER BY c.year) AS source_ids,
               array_agg(c.vintages ORDER BY c.year) AS vintages,
               array_agg(coalesce(t.note, '') ORDER BY c.year) AS notes,
               array_agg(coalesce(t.quote, '') ORDER BY c.year) AS quotes
        FROM k
        JOIN current_yearly c ON c.indicator = k.indicator AND c.region = k.region
        LEFT JOIN LATERAL (SELECT o.note, o.quote FROM observations o
                           WHERE c.noted AND o.id = c.observation_id OFFSET 0) t ON true
        GROUP BY c.indicator, c.region
    ), gone AS (
        DELETE FROM current_series s USING k
        WHERE s.indicator = k.indicator AND s.region = k.region
          AND NOT EXISTS (SELECT FROM cur WHERE cur.indicator = k.indicator AND cur.region = k.region)
    )
    INSERT INTO current_series AS s (indicator, region, years, vals, flags, source_ids, vintages, notes, quotes)
    SELECT indicator, region, years, vals, flags, source_ids, vintages, notes, quotes FROM cur
    ORDER BY region, indicator
    ON CONFLICT (indicator, region) DO UPDATE
    SET years = EXCLUDED.years, vals = EXCLUDED.vals, flags = EXCLUDED.flags, source_ids = EXCLUDED.source_ids,
        vintages = EXCLUDED.vintages, notes = EXCLUDED.notes, quotes = EXCLUDED.quotes
    WHERE (s.years, s.vals, s.flags, s.source_ids, s.vintages, s.notes, s.quotes)
          IS DISTINCT FROM (EXCLUDED.years, EXCLUDED.vals, EXCLUDED.flags, EXCLUDED.source_ids, EXCLUDED.vintages,
                            EXCLUDED.notes, EXCLUDED.quotes)
$$;

-- The triggers of migrations/0015, now refreshing the series after the yearly keys.
CREATE OR REPLACE FUNCTION current_yearly_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ind text[];
    reg text[];
    yr  smallint[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE current_yearly, current_series;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(indicator), array_agg(region), array_agg(year) INTO ind, reg, yr
        FROM (SELECT DISTINCT indicator, region, year FROM new_rows WHERE month = 0) k;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(indicator), array_agg(region), array_agg(year) INTO ind, reg, yr
        FROM (SELECT indicator, region, year FROM old_rows WHERE month = 0
              UNION SELECT indicator, region, year FROM new_rows WHERE month = 0) k;
    ELSE -- DELETE
        SELECT array_agg(indicator), array_agg(region), array_agg(year) INTO ind, reg, yr
        FROM (SELECT DISTINCT indicator, region, year FROM old_rows WHERE month = 0) k;
    END IF;
    IF ind IS NOT NULL THEN
        PERFORM refresh_current_yearly(ind, reg, yr);
        PERFORM refresh_current_series(ind, reg);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION current_yearly_sources() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed bigint[];
    ind text[];
    reg text[];
    yr  smallint[];
BEGIN
    changed := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.published <> o.published);
    IF cardinality(changed) > 0 THEN
        SELECT array_agg(indicator), array_agg(region), array_agg(year) INTO ind, reg, yr
        FROM (SELECT DISTINCT indicator, region, year FROM observations
              WHERE month = 0 AND source_id = ANY (changed)) k;
        IF ind IS NOT NULL THEN
            PERFORM refresh_current_yearly(ind, reg, yr);
            PERFORM refresh_current_series(ind, reg);
        END IF;
    END IF;
    RETURN NULL;
END $$;

-- What current_yearly holds now, written region by region: the overview reads one region's rows, which then
-- lie on neighbouring pages.
INSERT INTO current_series (indicator, region, years, vals, flags, source_ids, vintages, notes, quotes)
SELECT c.indicator, c.region,
       array_agg(c.year ORDER BY c.year), array_agg(c.value::text ORDER BY c.year), array_agg(c.flag ORDER BY c.year),
       array_agg(c.source_id ORDER BY c.year), array_agg(c.vintages ORDER BY c.year),
       array_agg(coalesce(o.note, '') ORDER BY c.year), array_agg(coalesce(o.quote, '') ORDER BY c.year)
FROM current_yearly c
LEFT JOIN observations o ON c.noted AND o.id = c.observation_id
GROUP BY c.region, c.indicator
ORDER BY c.region, c.indicator;

CREATE INDEX current_series_region ON current_series (region, indicator);

DROP INDEX current_yearly_region;
