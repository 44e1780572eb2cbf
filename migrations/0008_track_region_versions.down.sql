DROP TRIGGER regions_versions_insert ON regions;
DROP TRIGGER regions_versions_update ON regions;
DROP TRIGGER regions_versions_delete ON regions;
DROP TRIGGER regions_versions_truncate ON regions;
DROP FUNCTION data_versions_shared();
