-- How agents address the customer on the phone ({称呼}), set by hand on the card. Empty: worked
-- out from the name, the gender and the nickname (rules.Salutation). Only users write it, so
-- imports never overwrite it; the card marks it in edited_fields like every hand edit.
ALTER TABLE customers ADD COLUMN salutation TEXT NOT NULL DEFAULT '';
