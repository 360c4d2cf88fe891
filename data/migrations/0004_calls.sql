-- Call list and call log support (data/calls).

-- The complaint ID or the call ID (scheduled callback) an entry is about, so
-- logging the call can close the complaint follow-up or the callback.
ALTER TABLE call_list ADD COLUMN ref_id INTEGER NOT NULL DEFAULT 0;

-- Generating a day's list reads, in bulk and through indexes only, the few
-- customers each reason can pick out of a large shop.
CREATE INDEX calls_called_at ON calls(called_at);
CREATE INDEX customer_stats_next ON customer_stats(next_expected) WHERE next_expected <> '';
CREATE INDEX customers_birthday_md ON customers(substr(birthday, -5)) WHERE birthday <> '';
CREATE INDEX feedback_call ON feedback(call_id);
CREATE INDEX complaints_call ON complaints(call_id);
-- Customers never called (do-not-contact or merged away), and customers
-- with a number an agent can dial: both read per list without touching the
-- wide customers and phones tables.
CREATE INDEX customers_not_callable ON customers(id) WHERE do_not_contact = 1 OR merged_into IS NOT NULL;
CREATE INDEX customer_phones_callable ON customer_phones(customer_id) WHERE masked = 0 AND normalized <> '';
-- Deleting a list entry nulls calls.list_id (ON DELETE SET NULL): without
-- this index every deleted entry would scan the whole call log.
CREATE INDEX calls_list ON calls(list_id);
