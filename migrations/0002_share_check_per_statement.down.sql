DROP TRIGGER observations_share_range_update ON observations;
DROP TRIGGER observations_share_range_insert ON observations;
DROP FUNCTION check_share_range_rows();

CREATE TRIGGER observations_share_range BEFORE INSERT OR UPDATE OF value, indicator ON observations
    FOR EACH ROW EXECUTE FUNCTION check_share_range();
