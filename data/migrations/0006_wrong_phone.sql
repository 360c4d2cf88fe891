-- A number the agent found to be wrong (call outcome "wrong_number") stays on the customer,
-- for the record and for matching imports, but is no longer dialled.
ALTER TABLE customer_phones ADD COLUMN wrong INTEGER NOT NULL DEFAULT 0;
-- The partial index of callable numbers (0004) now leaves wrong numbers out too.
DROP INDEX IF EXISTS customer_phones_callable;
CREATE INDEX customer_phones_callable ON customer_phones(customer_id) WHERE masked = 0 AND normalized <> '' AND wrong = 0;
