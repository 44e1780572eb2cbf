-- The standing of each source (record.SourceStandings), set by seed: standing_url from the URL's host by the
-- reviewed list in db/record/standing.go, standing_override from the catalogue's sources (empty: none), and
-- standing, the one pages, downloads and the API show. Empty standing_url: not assessed yet (a database
-- seeded before this migration, until its next seed).
ALTER TABLE sources
    ADD COLUMN standing_url text NOT NULL DEFAULT ''
        CHECK (standing_url IN ('', 'publisher', 'official_media', 'other_media', 'repost', 'estimate')),
    ADD COLUMN standing_override text NOT NULL DEFAULT ''
        CHECK (standing_override IN ('', 'publisher', 'official_media', 'other_media', 'repost', 'estimate')),
    ADD COLUMN standing text NOT NULL
        GENERATED ALWAYS AS (CASE WHEN standing_override <> '' THEN standing_override ELSE standing_url END) STORED;

-- A source whose standing changes changes the pages of the rows that cite it (as in migrations/0006).
CREATE OR REPLACE FUNCTION data_versions_sources() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed bigint[];
BEGIN
    IF TG_OP = 'UPDATE' THEN
        changed := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                         WHERE (n.title, n.publisher, n.url, n.published, n.standing) IS DISTINCT FROM
                               (o.title, o.publisher, o.url, o.published, o.standing));
        IF cardinality(changed) > 0 THEN
            PERFORM bump_data_versions(ARRAY(
                SELECT indicator FROM observations WHERE source_id = ANY (changed)
                UNION SELECT indicator FROM targets WHERE source_id = ANY (changed)
                UNION SELECT coalesce(indicator, '*') FROM events WHERE source_id = ANY (changed)
                UNION SELECT '#sources'));
        END IF;
    ELSIF TG_OP = 'TRUNCATE' THEN
        PERFORM bump_data_versions(ARRAY['*', '#sources']);
    ELSIF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT FROM new_rows) THEN
            PERFORM bump_data_versions(ARRAY['#sources']);
        END IF;
    ELSIF EXISTS (SELECT FROM old_rows) THEN -- DELETE
        PERFORM bump_data_versions(ARRAY['#sources']);
    END IF;
    RETURN NULL;
END $$;
