ALTER TABLE regions DROP COLUMN official_en, DROP COLUMN official_zh;
