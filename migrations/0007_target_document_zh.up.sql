-- The Chinese name of a target's document, for pages in Chinese. Empty: none known (the page shows the
-- English document). Targets of a known plan need none: the program names those plans in both languages.
ALTER TABLE targets ADD COLUMN document_zh text NOT NULL DEFAULT '';
