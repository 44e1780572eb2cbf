DROP TRIGGER sources_current_update ON sources;
DROP TRIGGER observations_current_truncate ON observations;
DROP TRIGGER observations_current_delete ON observations;
DROP TRIGGER observations_current_update ON observations;
DROP TRIGGER observations_current_insert ON observations;
DROP FUNCTION current_yearly_sources();
DROP FUNCTION current_yearly_rows();
DROP FUNCTION refresh_current_yearly(text[], text[], smallint[]);
DROP TABLE current_yearly;
