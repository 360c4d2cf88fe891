-- The header row of each imported file (JSON array), so the rows it rejected
-- can be exported under their original column names, fixed and re-imported.
ALTER TABLE imports ADD COLUMN header TEXT NOT NULL DEFAULT '';
