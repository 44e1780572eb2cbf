-- The trigger functions of migrations/0015 as they were, the region index of current_yearly back.
CREATE OR REPLACE FUNCTION current_yearly_rows() RETURNS trigger LANGUAGE plpgsql AS $$
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
        END IF;
    END IF;
    RETURN NULL;
END $$;

DROP FUNCTION refresh_current_series(text[], text[]);
DROP TABLE current_series;

CREATE INDEX current_yearly_region ON current_yearly (region, indicator, year)
    INCLUDE (observation_id, value, flag, source_id, vintages, noted);
