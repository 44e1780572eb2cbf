-- Regions are data too: the dataset download lists them, and its ETag follows data_versions. A write to
-- regions (plain SQL: the seed never writes them) changes what every page may show, the '*' scope.
CREATE FUNCTION data_versions_shared() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Each branch names only the transition table its trigger defines.
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM bump_data_versions(ARRAY['*']);
    ELSIF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT FROM new_rows) THEN
            PERFORM bump_data_versions(ARRAY['*']);
        END IF;
    ELSIF EXISTS (SELECT FROM old_rows) THEN -- UPDATE, DELETE
        PERFORM bump_data_versions(ARRAY['*']);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER regions_versions_insert AFTER INSERT ON regions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_shared();
CREATE TRIGGER regions_versions_update AFTER UPDATE ON regions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_shared();
CREATE TRIGGER regions_versions_delete AFTER DELETE ON regions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_shared();
CREATE TRIGGER regions_versions_truncate AFTER TRUNCATE ON regions
    FOR EACH STATEMENT EXECUTE FUNCTION data_versions_shared();
