-- Customer search, sorting and merge suggestions (data/customers).

-- Search index: one document per customer holding every suffix of every
-- searchable value (name, nickname, phones, e-mail, WeChat/QQ/Wangwang ids,
-- identity keys, tags), normalised. A prefix query on suffixes is a
-- substring query, answered from the index for Chinese and digits alike,
-- with FTS4 (compiled into the SQLite driver by default, no build tag).
-- Prefix indexes of 1, 2, 3 and 6 bytes make short typed prefixes (one
-- letter, "138", one or two Chinese characters) quick even when they match
-- a large share of a million customers.
CREATE VIRTUAL TABLE customer_search USING fts4(tokens, tokenize=simple, prefix="1,2,3,6");

-- Customers whose search document must be rebuilt. Triggers fill it, so
-- every writer (the importer, the card, merges) keeps search correct without
-- knowing about the index; data/customers drains it.
CREATE TABLE customer_search_dirty (
    customer_id INTEGER PRIMARY KEY
);

CREATE TRIGGER customers_search_ins AFTER INSERT ON customers BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (NEW.id);
END;
CREATE TRIGGER customers_search_upd AFTER UPDATE OF name, nickname, email, wechat, qq, wangwang, merged_into ON customers BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (NEW.id);
END;
CREATE TRIGGER customers_search_del AFTER DELETE ON customers BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (OLD.id);
END;
CREATE TRIGGER phones_search_ins AFTER INSERT ON customer_phones BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (NEW.customer_id);
END;
CREATE TRIGGER phones_search_del AFTER DELETE ON customer_phones BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (OLD.customer_id);
END;
CREATE TRIGGER tags_search_ins AFTER INSERT ON customer_tags BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (NEW.customer_id);
END;
CREATE TRIGGER tags_search_del AFTER DELETE ON customer_tags BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (OLD.customer_id);
END;
CREATE TRIGGER identities_search_ins AFTER INSERT ON identities BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (NEW.customer_id);
END;
CREATE TRIGGER identities_search_upd AFTER UPDATE OF customer_id ON identities BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (NEW.customer_id);
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (OLD.customer_id);
END;

-- Sorting the list by a column.
CREATE INDEX customers_name_sort ON customers(name, id) WHERE merged_into IS NULL;
CREATE INDEX customers_nickname_sort ON customers(nickname, id) WHERE merged_into IS NULL;
CREATE INDEX customer_stats_revenue ON customer_stats(revenue_fen);
CREATE INDEX customer_stats_last ON customer_stats(last_paid_day);
CREATE INDEX customers_email ON customers(email) WHERE email <> '';
CREATE INDEX customers_referred_by ON customers(referred_by) WHERE referred_by IS NOT NULL;
CREATE INDEX referrals_referred ON referrals(referred_id);

-- Pairs the user said are not the same person: never suggested again.
CREATE TABLE merge_dismissed (
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    PRIMARY KEY (a, b)
);
