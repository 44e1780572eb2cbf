-- The trigger function of migrations/0006 again, then the columns.
CREATE OR REPLACE FUNCTION data_versions_sources() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed bigint[];
BEGIN
    IF TG_OP = 'UPDATE' THEN
        changed := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                         WHERE (n.title, n.publisher, n.url, n.published) IS DISTINCT FROM
                               (o.title, o.publisher, o.url, o.published));
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

ALTER TABLE sources DROP COLUMN standing, DROP COLUMN standing_override, DROP COLUMN standing_url;
