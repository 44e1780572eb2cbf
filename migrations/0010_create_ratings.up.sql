-- Ratings: published categorical verdicts on regions, such as the NDRC's dual-control "barometer" (晴雨表),
-- which rates each province red, yellow or green against its targets for a period. They are not numbers: a
-- colour is what the document says, so they live apart from observations (no value to chart, average or
-- chain), each assessment with its document and source, each rating with the sentence it was read from.
CREATE TABLE assessments (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,62}$'),
    -- The indicator the assessment rates (shown as a layer of its provincial map); empty: none.
    indicator   text REFERENCES indicators (code) ON UPDATE CASCADE,
    -- The period rated, e.g. 2021H1 (first half of 2021) or 2011.
    period      text NOT NULL CHECK (period ~ '^\d{4}(H[12]|Q[1-4])?$'),
    name_en     text NOT NULL CHECK (name_en <> ''),
    name_zh     text NOT NULL CHECK (name_zh <> ''),
    document    text NOT NULL CHECK (document <> ''),
    document_zh text NOT NULL DEFAULT '',
    issuer      text NOT NULL DEFAULT '',
    issued      text NOT NULL DEFAULT '' CHECK (issued ~ '^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$'),
    source_id   bigint NOT NULL REFERENCES sources (id),
    note        text NOT NULL DEFAULT ''
);

CREATE TABLE ratings (
    assessment text NOT NULL REFERENCES assessments (code) ON UPDATE CASCADE ON DELETE CASCADE,
    region     text NOT NULL REFERENCES regions (code),
    -- red: level 1 (一级预警, 形势十分严峻); yellow: level 2 (二级, 形势比较严峻); green: level 3 (三级, 进展基本顺利).
    rating     text NOT NULL CHECK (rating IN ('red', 'yellow', 'green')),
    quote      text NOT NULL DEFAULT '',
    PRIMARY KEY (assessment, region)
);

CREATE INDEX ratings_region ON ratings (region);

-- Caches (migrations/0006): an assessment bumps the indicator it rates ('*' when none); a rating, whose
-- assessment may rate any indicator, what every page shows.
CREATE TRIGGER assessments_versions_insert AFTER INSERT ON assessments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();
CREATE TRIGGER assessments_versions_update AFTER UPDATE ON assessments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();
CREATE TRIGGER assessments_versions_delete AFTER DELETE ON assessments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();
CREATE TRIGGER assessments_versions_truncate AFTER TRUNCATE ON assessments
    FOR EACH STATEMENT EXECUTE FUNCTION data_versions_rows();

CREATE TRIGGER ratings_versions_insert AFTER INSERT ON ratings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_shared();
CREATE TRIGGER ratings_versions_update AFTER UPDATE ON ratings
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_shared();
CREATE TRIGGER ratings_versions_delete AFTER DELETE ON ratings
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_shared();
CREATE TRIGGER ratings_versions_truncate AFTER TRUNCATE ON ratings
    FOR EACH STATEMENT EXECUTE FUNCTION data_versions_shared();
