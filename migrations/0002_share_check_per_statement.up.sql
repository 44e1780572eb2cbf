-- The share-range check ran once per inserted row (a PL/pgSQL call and an indicator lookup each):
-- a third of the time of loading a million observations. Checked once per statement over the
-- rows the statement wrote (transition tables) it costs one join. Same rule, same error code.
DROP TRIGGER observations_share_range ON observations;

CREATE FUNCTION check_share_range_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.value, n.indicator, n.year INTO bad
    FROM new_rows n JOIN indicators i ON i.code = n.indicator
    WHERE i.unit = '%' AND (n.value < 0 OR n.value > 100)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'value % of % in % is outside 0-100 for a share', bad.value, bad.indicator, bad.year
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER observations_share_range_insert AFTER INSERT ON observations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_share_range_rows();
CREATE TRIGGER observations_share_range_update AFTER UPDATE ON observations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_share_range_rows();
