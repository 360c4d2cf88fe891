-- The day's call plan (data/calls): one entry per person, up to the day's
-- capacity. An entry keeps the number to dial (digits, the person's best),
-- every customer record of the person (comma-separated IDs, the entry's own
-- first) and what the call is worth (see docs/DOMAIN.md).
ALTER TABLE call_list ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE call_list ADD COLUMN members TEXT NOT NULL DEFAULT '';
ALTER TABLE call_list ADD COLUMN value_fen INTEGER NOT NULL DEFAULT 0;
-- Numbers found wrong on any record are never dialled on another one.
CREATE INDEX customer_phones_wrong ON customer_phones(normalized) WHERE wrong = 1;
-- The gap counts from skipped and held-out entries (and calls), not from
-- every listed one: read per plan through this small index.
CREATE INDEX call_list_gap ON call_list(day) WHERE status = 'skipped' OR holdout = 1;
