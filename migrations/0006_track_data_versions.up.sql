-- What each part of the data has been through, so that the dashboard drops from its cache exactly what a
-- write touched: a seed that changes one indicator leaves every other indicator's cached page in place.
--
-- data_versions counts the committed writes to each scope:
--   an indicator code  its catalogue entry, observations (every region), targets and own events;
--   '*'                what every indicator shows: events of no indicator, and a table emptied by TRUNCATE;
--   '#sources'         the list of sources (a source inserted or deleted).
-- A count only grows (+1 under the row's lock), so a sum of counts changes whenever one of them does, and
-- two transactions bumping the same scope cannot leave it lower than before (values drawn from a sequence
-- could commit out of order). A row outlives its indicator: the count of a deleted or renamed code must not
-- start again from zero, so there is no foreign key.
--
-- Statement-level AFTER triggers with transition tables (PostgreSQL allows those on one event per trigger)
-- keep it up to date for every writer, the seed (db/load.go) or plain SQL: one hash aggregate over the
-- rows a statement wrote. A statement that writes no row (the seed's merge when nothing changed) bumps
-- nothing. Codes cannot start with '*' or '#' (indicators.code ~ '^[a-z]...').
CREATE TABLE data_versions (
    scope   text PRIMARY KEY CHECK (scope ~ '^[a-z][a-z0-9_]{1,62}$' OR scope IN ('*', '#sources')),
    version bigint NOT NULL CHECK (version > 0)
);

-- bump_data_versions adds one to the count of each scope, in scope order (two writers lock rows in the
-- same order, so they wait for each other rather than deadlock).
CREATE FUNCTION bump_data_versions(scopes text[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO data_versions AS v (scope, version)
    SELECT DISTINCT s, 1::bigint FROM unnest(scopes) s WHERE s IS NOT NULL ORDER BY 1
    ON CONFLICT (scope) DO UPDATE SET version = v.version + 1
$$;

-- observations, targets and events: the indicators of the rows written; an event of no indicator is '*'.
CREATE FUNCTION data_versions_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM bump_data_versions(ARRAY(SELECT DISTINCT coalesce(indicator, '*') FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM bump_data_versions(ARRAY(SELECT coalesce(indicator, '*') FROM old_rows
                                         UNION SELECT coalesce(indicator, '*') FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM bump_data_versions(ARRAY(SELECT DISTINCT coalesce(indicator, '*') FROM old_rows));
    ELSE -- TRUNCATE
        PERFORM bump_data_versions(ARRAY['*']);
    END IF;
    RETURN NULL;
END $$;

-- indicators: the codes written (a renamed code bumps the old and the new one).
CREATE FUNCTION data_versions_indicators() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- sources: a new or deleted source changes the list of sources only (a row that names a source is written
-- after it, and bumps its own indicator). A changed source (the seed sets a missing publisher) changes the
-- pages of every indicator whose rows cite it. Sources are never updated in bulk, and the look-up of the
-- citing rows only runs when a row really changed.
CREATE FUNCTION data_versions_sources() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER observations_versions_insert AFTER INSERT ON observations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();
CREATE TRIGGER observations_versions_update AFTER UPDATE ON observations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();
CREATE TRIGGER observations_versions_delete AFTER DELETE ON observations
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();
CREATE TRIGGER observations_versions_truncate AFTER TRUNCATE ON observations
    FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();

CREATE TRIGGER targets_versions_insert AFTER INSERT ON targets
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();
CREATE TRIGGER targets_versions_update AFTER UPDATE ON targets
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();
CREATE TRIGGER targets_versions_delete AFTER DELETE ON targets
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();
CREATE TRIGGER targets_versions_truncate AFTER TRUNCATE ON targets
    FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();

CREATE TRIGGER events_versions_insert AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();
CREATE TRIGGER events_versions_update AFTER UPDATE ON events
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();
CREATE TRIGGER events_versions_delete AFTER DELETE ON events
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();
CREATE TRIGGER events_versions_truncate AFTER TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();

CREATE TRIGGER indicators_versions_insert AFTER INSERT ON indicators
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_indicators();
CREATE TRIGGER indicators_versions_update AFTER UPDATE ON indicators
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_indicators();
CREATE TRIGGER indicators_versions_delete AFTER DELETE ON indicators
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_indicators();
CREATE TRIGGER indicators_versions_truncate AFTER TRUNCATE ON indicators
    FOR EACH STATEMENT EXECUTE FUNCTION data_versions_indicators();

CREATE TRIGGER sources_versions_insert AFTER INSERT ON sources
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_sources();
CREATE TRIGGER sources_versions_update AFTER UPDATE ON sources
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_sources();
CREATE TRIGGER sources_versions_delete AFTER DELETE ON sources
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_sources();
CREATE TRIGGER sources_versions_truncate AFTER TRUNCATE ON sources
    FOR EACH STATEMENT EXECUTE FUNCTION data_versions_sources();
