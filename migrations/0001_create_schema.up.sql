-- The time-series schema: indicators measured by region and period, each value with
-- its source and kept by vintage, official targets, policy events and seed runs.

CREATE TABLE regions (
    code    text PRIMARY KEY CHECK (code ~ '^CN(-[A-Z]{2})?$'),
    name_en text NOT NULL CHECK (name_en <> ''),
    name_zh text NOT NULL CHECK (name_zh <> ''),
    level   text NOT NULL CHECK (level IN ('country', 'province'))
);

-- ISO 3166-2:CN codes for the 31 provincial-level regions of the mainland.
INSERT INTO regions (code, name_en, name_zh, level) VALUES
    ('CN', 'China', '全国', 'country'),
    ('CN-BJ', 'Beijing', '北京', 'province'),
    ('CN-TJ', 'Tianjin', '天津', 'province'),
    ('CN-HE', 'Hebei', '河北', 'province'),
    ('CN-SX', 'Shanxi', '山西', 'province'),
    ('CN-NM', 'Inner Mongolia', '内蒙古', 'province'),
    ('CN-LN', 'Liaoning', '辽宁', 'province'),
    ('CN-JL', 'Jilin', '吉林', 'province'),
    ('CN-HL', 'Heilongjiang', '黑龙江', 'province'),
    ('CN-SH', 'Shanghai', '上海', 'province'),
    ('CN-JS', 'Jiangsu', '江苏', 'province'),
    ('CN-ZJ', 'Zhejiang', '浙江', 'province'),
    ('CN-AH', 'Anhui', '安徽', 'province'),
    ('CN-FJ', 'Fujian', '福建', 'province'),
    ('CN-JX', 'Jiangxi', '江西', 'province'),
    ('CN-SD', 'Shandong', '山东', 'province'),
    ('CN-HA', 'Henan', '河南', 'province'),
    ('CN-HB', 'Hubei', '湖北', 'province'),
    ('CN-HN', 'Hunan', '湖南', 'province'),
    ('CN-GD', 'Guangdong', '广东', 'province'),
    ('CN-GX', 'Guangxi', '广西', 'province'),
    ('CN-HI', 'Hainan', '海南', 'province'),
    ('CN-CQ', 'Chongqing', '重庆', 'province'),
    ('CN-SC', 'Sichuan', '四川', 'province'),
    ('CN-GZ', 'Guizhou', '贵州', 'province'),
    ('CN-YN', 'Yunnan', '云南', 'province'),
    ('CN-XZ', 'Tibet', '西藏', 'province'),
    ('CN-SN', 'Shaanxi', '陕西', 'province'),
    ('CN-GS', 'Gansu', '甘肃', 'province'),
    ('CN-QH', 'Qinghai', '青海', 'province'),
    ('CN-NX', 'Ningxia', '宁夏', 'province'),
    ('CN-XJ', 'Xinjiang', '新疆', 'province');

CREATE TABLE indicators (
    code          text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,62}$'),
    name_en       text NOT NULL CHECK (name_en <> ''),
    name_zh       text NOT NULL CHECK (name_zh <> ''),
    unit          text NOT NULL CHECK (unit <> ''),
    unit_zh       text NOT NULL DEFAULT '',
    definition_en text NOT NULL DEFAULT '',
    definition_zh text NOT NULL DEFAULT '',
    category      text NOT NULL CHECK (category IN
        ('energy_structure', 'efficiency_carbon', 'air_water', 'ecology', 'carbon_market', 'industry')),
    -- Whether a rise ('up') or a fall ('down') of the value is progress.
    direction     text NOT NULL CHECK (direction IN ('up', 'down')),
    -- Decimals to show.
    precision     smallint NOT NULL DEFAULT 1 CHECK (precision BETWEEN 0 AND 6),
    -- 'level': values are levels. 'yoy_change': values are published year-on-year % changes,
    -- from which the program derives a cumulative index (never stored).
    measure       text NOT NULL DEFAULT 'level' CHECK (measure IN ('level', 'yoy_change')),
    -- Definition breaks: the first year of a new definition, with a note (e.g. energy intensity 2023).
    break_year    smallint CHECK (break_year BETWEEN 1949 AND 2100),
    break_note_en text NOT NULL DEFAULT '',
    break_note_zh text NOT NULL DEFAULT '',
    sort_order    integer NOT NULL DEFAULT 0
);

CREATE TABLE sources (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title     text NOT NULL CHECK (title <> ''),
    publisher text NOT NULL DEFAULT '',
    url       text NOT NULL DEFAULT '' CHECK (url = '' OR url ~ '^https?://'),
    -- Publication date to the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD.
    -- Lexical order is chronological order, which ranks vintages.
    published text NOT NULL DEFAULT '' CHECK (published ~ '^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$'),
    UNIQUE (title, url, published)
);

-- Numbers are numeric, exact. PostgreSQL numeric accepts NaN and ±Infinity: refuse them.
CREATE DOMAIN finite_numeric AS numeric
    CHECK (VALUE IS NULL OR (VALUE <> 'NaN' AND VALUE <> 'Infinity' AND VALUE <> '-Infinity'));

CREATE TABLE observations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator  text NOT NULL REFERENCES indicators (code) ON UPDATE CASCADE,
    region     text NOT NULL DEFAULT 'CN' REFERENCES regions (code),
    year       smallint NOT NULL CHECK (year BETWEEN 1949 AND 2100),
    -- 0 for a yearly value, 1-12 for a monthly one.
    month      smallint NOT NULL DEFAULT 0 CHECK (month BETWEEN 0 AND 12),
    value      finite_numeric NOT NULL,
    source_id  bigint NOT NULL REFERENCES sources (id),
    -- Qualifiers kept from the source: "over 15%", "about 20%", a preliminary print, an estimate.
    flag       text NOT NULL DEFAULT '' CHECK (flag IN ('', 'over', 'under', 'about', 'preliminary', 'estimate')),
    note       text NOT NULL DEFAULT '',
    quote      text NOT NULL DEFAULT '',
    loaded_at  timestamptz NOT NULL DEFAULT now(),
    -- One value per period and publication: a later publication is a new vintage.
    UNIQUE (indicator, region, year, month, source_id)
);

CREATE TABLE targets (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator  text NOT NULL REFERENCES indicators (code) ON UPDATE CASCADE,
    region     text NOT NULL DEFAULT 'CN' REFERENCES regions (code),
    year       smallint NOT NULL CHECK (year BETWEEN 1949 AND 2100),
    value      finite_numeric NOT NULL,
    -- level: reach about the value; cap: at most; floor: at least;
    -- change: a % change of the level relative to base_year.
    kind       text NOT NULL CHECK (kind IN ('level', 'cap', 'floor', 'change')),
    base_year  smallint CHECK (base_year BETWEEN 1949 AND 2100),
    binding    boolean NOT NULL DEFAULT false,
    -- The plan family, used to group and colour targets: fyp12, fyp13, fyp14, fyp15,
    -- action2030, ndc2015, ndc2021, ndc2035, goal2060, other.
    plan       text NOT NULL DEFAULT 'other' CHECK (plan ~ '^[a-z][a-z0-9_]{1,30}$'),
    document   text NOT NULL CHECK (document <> ''),
    issuer     text NOT NULL DEFAULT '',
    issued     text NOT NULL DEFAULT '' CHECK (issued ~ '^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$'),
    source_id  bigint NOT NULL REFERENCES sources (id),
    flag       text NOT NULL DEFAULT '' CHECK (flag IN ('', 'over', 'under', 'about')),
    note       text NOT NULL DEFAULT '',
    quote      text NOT NULL DEFAULT '',
    CHECK (kind <> 'change' OR base_year IS NOT NULL),
    CHECK (base_year IS NULL OR base_year < year),
    UNIQUE (indicator, region, year, kind, document)
);

CREATE TABLE events (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    date      date NOT NULL CHECK (date BETWEEN '1949-01-01' AND '2100-12-31'),
    title_en  text NOT NULL CHECK (title_en <> ''),
    title_zh  text NOT NULL DEFAULT '',
    issuer    text NOT NULL DEFAULT '',
    -- Empty: the event concerns every indicator; otherwise only this one.
    indicator text REFERENCES indicators (code) ON UPDATE CASCADE,
    source_id bigint REFERENCES sources (id),
    UNIQUE (date, title_en)
);

CREATE TABLE seed_runs (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_name  text NOT NULL,
    sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    inserted   integer NOT NULL CHECK (inserted >= 0),
    updated    integer NOT NULL CHECK (updated >= 0),
    unchanged  integer NOT NULL CHECK (unchanged >= 0),
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT now()
);

-- Shares cannot leave 0-100: a value in an indicator whose unit is '%' (a share) must lie within.
-- Changes are stored in indicators whose unit says so ('% y/y'), and change targets are exempt.
CREATE FUNCTION check_share_range() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'targets' THEN
        IF NEW.kind = 'change' THEN
            RETURN NEW;
        END IF;
    END IF;
    IF (NEW.value < 0 OR NEW.value > 100)
       AND EXISTS (SELECT 1 FROM indicators WHERE code = NEW.indicator AND unit = '%') THEN
        RAISE EXCEPTION 'value % of % in % is outside 0-100 for a share', NEW.value, NEW.indicator, NEW.year
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER observations_share_range BEFORE INSERT OR UPDATE OF value, indicator ON observations
    FOR EACH ROW EXECUTE FUNCTION check_share_range();
CREATE TRIGGER targets_share_range BEFORE INSERT OR UPDATE OF value, indicator, kind ON targets
    FOR EACH ROW EXECUTE FUNCTION check_share_range();

-- Vintages: the later the publication, the later the vintage; the latest is the current value.
CREATE VIEW observation_vintages AS
SELECT o.*, s.published,
       row_number() OVER w AS vintage,
       count(*) OVER (PARTITION BY o.indicator, o.region, o.year, o.month) AS vintages
FROM observations o JOIN sources s ON s.id = o.source_id
WINDOW w AS (PARTITION BY o.indicator, o.region, o.year, o.month ORDER BY s.published, o.id);

CREATE VIEW current_observations AS
SELECT * FROM observation_vintages WHERE vintage = vintages;

CREATE INDEX observations_series ON observations (indicator, region, year, month);
CREATE INDEX targets_indicator ON targets (indicator, region, year);
