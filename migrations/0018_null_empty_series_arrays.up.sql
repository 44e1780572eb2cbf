-- current_series (migrations/0017): flags, notes and quotes are NULL for a series that has none, instead of an
-- array of empty strings. Most series have none (every synthetic series of docs/performance.md, most official
-- ones), and the overview read 620 rows of seven arrays each: three arrays fewer to send and to decode.
ALTER TABLE current_series ALTER COLUMN flags DROP NOT NULL, ALTER COLUMN notes DROP NOT NULL,
    ALTER COLUMN quotes DROP NOT NULL;

CREATE OR REPLACE FUNCTION refresh_current_series(indicators text[], regions text[]) RETURNS void
LANGUAGE sql AS $$
    WITH k AS (
        SELECT DISTINCT indicator, region FROM unnest(indicators, regions) AS k(indicator, region)
    ), cur AS (
        SELECT c.indicator, c.region,
               array_agg(c.year ORDER BY c.year) AS years,
               array_agg(c.value::text ORDER BY c.year) AS vals,
               CASE WHEN bool_or(c.flag <> '') THEN array_agg(c.flag ORDER BY c.year) END AS flags,
               array_agg(c.source_id ORDER BY c.year) AS source_ids,
               array_agg(c.vintages ORDER BY c.year) AS vintages,
               CASE WHEN bool_or(t.note <> '') THEN array_agg(coalesce(t.note, '') ORDER BY c.year) END AS notes,
               CASE WHEN bool_or(t.quote <> '') THEN array_agg(coalesce(t.quote, '') ORDER BY c.year) END AS quotes
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

UPDATE current_series SET flags = CASE WHEN '' = ALL (flags) THEN NULL ELSE flags END,
                          notes = CASE WHEN '' = ALL (notes) THEN NULL ELSE notes END,
                          quotes = CASE WHEN '' = ALL (quotes) THEN NULL ELSE quotes END
WHERE '' = ALL (flags) OR '' = ALL (notes) OR '' = ALL (quotes);
