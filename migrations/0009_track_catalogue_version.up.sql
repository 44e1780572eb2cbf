-- '#catalogue' counts the writes to the list of indicators (codes, names, categories, order), which the
-- comparison page offers in full: a seed of one indicator's figures leaves the comparisons of others cached,
-- a new or renamed indicator does not. Observations, targets and events never bump it.
ALTER TABLE data_versions DROP CONSTRAINT data_versions_scope_check;
ALTER TABLE data_versions ADD CONSTRAINT data_versions_scope_check
    CHECK (scope ~ '^[a-z][a-z0-9_]{1,62}$' OR scope IN ('*', '#sources', '#catalogue'));

-- indicators: the codes written (a renamed code bumps the old and the new one), and the list.
CREATE OR REPLACE FUNCTION data_versions_indicators() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    scopes text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        scopes := ARRAY(SELECT code FROM new_rows);
    ELSIF TG_OP = 'UPDATE' THEN
        scopes := ARRAY(SELECT code FROM old_rows UNION SELECT code FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        scopes := ARRAY(SELECT code FROM old_rows);
    ELSE -- TRUNCATE
        scopes := ARRAY['*'];
    END IF;
    IF cardinality(scopes) > 0 THEN
        PERFORM bump_data_versions(scopes || '#catalogue'::text);
    END IF;
    RETURN NULL;
END $$;
