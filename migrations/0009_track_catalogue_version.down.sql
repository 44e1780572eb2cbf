CREATE OR REPLACE FUNCTION data_versions_indicators() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM bump_data_versions(ARRAY(SELECT code FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM bump_data_versions(ARRAY(SELECT code FROM old_rows UNION SELECT code FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM bump_data_versions(ARRAY(SELECT code FROM old_rows));
    ELSE -- TRUNCATE
        PERFORM bump_data_versions(ARRAY['*']);
    END IF;
    RETURN NULL;
END $$;

DELETE FROM data_versions WHERE scope = '#catalogue';
ALTER TABLE data_versions DROP CONSTRAINT data_versions_scope_check;
ALTER TABLE data_versions ADD CONSTRAINT data_versions_scope_check
    CHECK (scope ~ '^[a-z][a-z0-9_]{1,62}$' OR scope IN ('*', '#sources'));
