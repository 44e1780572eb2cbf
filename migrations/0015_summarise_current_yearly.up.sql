-- current_yearly: the current vintage of every yearly value, one row per (indicator, region, year), kept in
-- step with observations by statement-level triggers, so that the two pages that show current yearly values
-- of many series read a few pages of a small table instead of a series each of the large one:
--   the overview (every indicator in CN: current_yearly_region) and the provincial map of an indicator (every
--   region: the primary key). See docs/performance.md.
--
-- The current vintage is the one observation_vintages (migrations/0001) ranks last: the latest publication
-- date of its source, then the latest id. vintages is the number of yearly rows of the key (the current one's
-- vintage number, as the view counts it). noted says that the row has a note or a quote, which are read from
-- observations by observation_id (rare, and possibly long: they stay out of the indexes). Every column is in
-- both indexes, so the pages read them by index-only scans, whatever order the rows were written in.
--
-- Each writer is seen, the seed, a revert or plain SQL (COPY too): the triggers recompute the keys a statement
-- touched from observations (refresh_current_yearly). No foreign keys: a rename of an indicator cascades to
-- observations as an UPDATE, which the trigger sees, and deletes go through observations.
CREATE TABLE current_yearly (
    indicator      text NOT NULL,
    region         text NOT NULL,
    year           smallint NOT NULL,
    observation_id bigint NOT NULL,
    value          numeric NOT NULL,
    flag           text NOT NULL,
    source_id      bigint NOT NULL,
    vintages       integer NOT NULL CHECK (vintages > 0),
    noted          boolean NOT NULL,
    PRIMARY KEY (indicator, region, year) INCLUDE (observation_id, value, flag, source_id, vintages, noted)
);

-- refresh_current_yearly sets the rows of the given keys (indicator, region, year, zipped) to what observations
-- holds now: the current yearly vintage of each, or no row for a key that has none left. A row that would
-- not change is not written (value compared as text: 1.0 and 1.00 are equal numbers but print apart).
CREATE FUNCTION refresh_current_yearly(indicators text[], regions text[], years smallint[]) RETURNS void
LANGUAGE sql AS $$
    WITH k AS (
        SELECT DISTINCT indicator, region, year FROM unnest(indicators, regions, years) AS k(indicator, region, year)
    ), cur AS (
        SELECT DISTINCT ON (o.indicator, o.region, o.year)
               o.indicator, o.region, o.year, o.id, o.value, o.flag, o.source_id,
               count(*) OVER (PARTITION BY o.indicator, o.region, o.year) AS vintages,
               (o.note <> '' OR o.quote <> '') AS noted
        FROM k
        JOIN observations o ON o.indicator = k.indicator AND o.region = k.region AND o.year = k.year AND o.month = 0
        JOIN sources s ON s.id = o.source_id
        ORDER BY o.indicator, o.region, o.year, s.published DESC, o.id DESC
    ), gone AS (
        DELETE FROM current_yearly c USING k
        WHERE c.indicator = k.indicator AND c.region = k.region AND c.year = k.year
          AND NOT EXISTS (SELECT FROM cur WHERE cur.indicator = k.indicator AND cur.region = k.region
                                            AND cur.year = k.year)
    )
    INSERT INTO current_yearly AS c (indicator, region, year, observation_id, value, flag, source_id, vintages, noted)
    SELECT indicator, region, year, id, value, flag, source_id, vintages, noted FROM cur
    ORDER BY indicator, region, year
    ON CONFLICT (indicator, region, year) DO UPDATE
    SET observation_id = EXCLUDED.observation_id, value = EXCLUDED.value, flag = EXCLUDED.flag,
        source_id = EXCLUDED.source_id, vintages = EXCLUDED.vintages, noted = EXCLUDED.noted
    WHERE (c.observation_id, c.value::text, c.flag, c.source_id, c.vintages, c.noted)
          IS DISTINCT FROM (EXCLUDED.observation_id, EXCLUDED.value::text, EXCLUDED.flag, EXCLUDED.source_id,
                            EXCLUDED.vintages, EXCLUDED.noted)
$$;

-- observations: the yearly keys of the rows written (both the old and the new key of an updated row).
CREATE FUNCTION current_yearly_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ind text[];
    reg text[];
    yr  smallint[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE current_yearly;
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
    END IF;
    RETURN NULL;
END $$;

-- sources: a new publication date ranks the vintages that cite the source anew. (The seed never changes
-- one, since the date is part of a source's key; plain SQL may. The look-up of the citing rows scans
-- observations, and only runs when a date really changed.)
CREATE FUNCTION current_yearly_sources() RETURNS trigger LANGUAGE plpgsql AS $$
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
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER observations_current_insert AFTER INSERT ON observations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION current_yearly_rows();
CREATE TRIGGER observations_current_update AFTER UPDATE ON observations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION current_yearly_rows();
CREATE TRIGGER observations_current_delete AFTER DELETE ON observations
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION current_yearly_rows();
CREATE TRIGGER observations_current_truncate AFTER TRUNCATE ON observations
    FOR EACH STATEMENT EXECUTE FUNCTION current_yearly_rows();
CREATE TRIGGER sources_current_update AFTER UPDATE ON sources
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION current_yearly_sources();

-- What the database holds now, written in key order. The index of the overview (led by region) is built
-- after the rows are in.
INSERT INTO current_yearly (indicator, region, year, observation_id, value, flag, source_id, vintages, noted)
SELECT indicator, region, year, id, value, flag, source_id, vintages, noted
FROM (SELECT DISTINCT ON (o.indicator, o.region, o.year)
             o.indicator, o.region, o.year, o.id, o.value, o.flag, o.source_id,
             count(*) OVER (PARTITION BY o.indicator, o.region, o.year) AS vintages,
             (o.note <> '' OR o.quote <> '') AS noted
      FROM observations o JOIN sources s ON s.id = o.source_id
      WHERE o.month = 0
      ORDER BY o.indicator, o.region, o.year, s.published DESC, o.id DESC) cur
ORDER BY indicator, region, year;

CREATE INDEX current_yearly_region ON current_yearly (region, indicator, year)
    INCLUDE (observation_id, value, flag, source_id, vintages, noted);

-- Index-only scans skip the heap only on pages the visibility map marks all-visible: vacuum the small table
-- after a thousand changed rows, not after a fifth of it.
ALTER TABLE current_yearly SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
