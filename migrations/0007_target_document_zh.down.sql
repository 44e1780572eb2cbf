ALTER TABLE targets DROP COLUMN document_zh;
