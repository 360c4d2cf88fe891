-- Huitouke schema, version 1. Money is integer fen; times are shop-local text
-- 'YYYY-MM-DD HH:MM:SS' (UTC+8 unless the shop sets otherwise); days 'YYYY-MM-DD'.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE customers (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL DEFAULT '',
    name_masked     INTEGER NOT NULL DEFAULT 0,
    nickname        TEXT    NOT NULL DEFAULT '',
    platform        TEXT    NOT NULL DEFAULT '',   -- platform first seen on
    email           TEXT    NOT NULL DEFAULT '',
    wechat          TEXT    NOT NULL DEFAULT '',
    qq              TEXT    NOT NULL DEFAULT '',
    wangwang        TEXT    NOT NULL DEFAULT '',
    province        TEXT    NOT NULL DEFAULT '',
    city            TEXT    NOT NULL DEFAULT '',
    address         TEXT    NOT NULL DEFAULT '',
    birthday        TEXT    NOT NULL DEFAULT '',   -- 'YYYY-MM-DD' or '--MM-DD' when the year is unknown
    gender          TEXT    NOT NULL DEFAULT '',   -- 'f', 'm' or ''
    sizes           TEXT    NOT NULL DEFAULT '',
    preferences     TEXT    NOT NULL DEFAULT '',
    notes           TEXT    NOT NULL DEFAULT '',
    platform_level  TEXT    NOT NULL DEFAULT '',   -- level named in a platform member export
    level_override  TEXT    NOT NULL DEFAULT '',   -- set by hand on the card; wins over tiers
    points_imported INTEGER NOT NULL DEFAULT 0,    -- points balance from a member export
    referred_by     INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    do_not_contact  INTEGER NOT NULL DEFAULT 0,
    dnc_reason      TEXT    NOT NULL DEFAULT '',
    dnc_at          TEXT    NOT NULL DEFAULT '',
    contact_time    TEXT    NOT NULL DEFAULT '',   -- preferred contact time, free text
    edited_fields   TEXT    NOT NULL DEFAULT '',   -- ',name,notes,' : fields edited by a user; imports never overwrite them
    merged_into     INTEGER REFERENCES customers(id) ON DELETE SET NULL, -- set when merged away (row kept for undo)
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);
CREATE INDEX customers_merged_into ON customers(merged_into);

-- Several phones per customer.
CREATE TABLE customer_phones (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    phone       TEXT    NOT NULL,             -- as given ('138****1234' kept masked)
    normalized  TEXT    NOT NULL,             -- digits only, +86/86 dropped; '' when masked
    masked      INTEGER NOT NULL DEFAULT 0,
    source      TEXT    NOT NULL DEFAULT '',  -- platform or 'user'
    PRIMARY KEY (customer_id, phone)
);
CREATE INDEX customer_phones_normalized ON customer_phones(normalized) WHERE normalized <> '';

-- Per-platform identity of a customer (Taobao nickname, JD account, phone, e-mail).
CREATE TABLE identities (
    id          INTEGER PRIMARY KEY,
    platform    TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    kind        TEXT    NOT NULL DEFAULT '',  -- nickname | account | phone | email
    masked      INTEGER NOT NULL DEFAULT 0,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    UNIQUE (platform, key)
);
CREATE INDEX identities_customer ON identities(customer_id);

CREATE TABLE imports (
    id             INTEGER PRIMARY KEY,
    file_name      TEXT    NOT NULL,
    file_path      TEXT    NOT NULL DEFAULT '',
    file_size      INTEGER NOT NULL DEFAULT 0,
    content_hash   TEXT    NOT NULL DEFAULT '',   -- sha256 hex
    platform       TEXT    NOT NULL DEFAULT '',
    status         TEXT    NOT NULL DEFAULT '',   -- ok | failed | cancelled
    message        TEXT    NOT NULL DEFAULT '',
    rows_read      INTEGER NOT NULL DEFAULT 0,
    orders_new     INTEGER NOT NULL DEFAULT 0,
    orders_updated INTEGER NOT NULL DEFAULT 0,
    customers_new  INTEGER NOT NULL DEFAULT 0,
    rows_rejected  INTEGER NOT NULL DEFAULT 0,
    backup_path    TEXT    NOT NULL DEFAULT '',   -- backup taken before this run
    started_at     TEXT    NOT NULL,
    finished_at    TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE import_errors (
    id          INTEGER PRIMARY KEY,
    import_id   INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    file_name   TEXT    NOT NULL,
    row_no      INTEGER NOT NULL,
    column_name TEXT    NOT NULL DEFAULT '',
    reason      TEXT    NOT NULL,   -- a reason code, translated by the UI
    detail      TEXT    NOT NULL DEFAULT '',
    raw         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX import_errors_import ON import_errors(import_id);

-- Column mappings the user chose for unrecognised files, keyed by the header's signature.
CREATE TABLE column_mappings (
    signature  TEXT PRIMARY KEY,
    mapping    TEXT NOT NULL,   -- JSON: field -> column header
    created_at TEXT NOT NULL
);

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    platform       TEXT    NOT NULL,
    order_no       TEXT    NOT NULL,
    customer_id    INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    status         TEXT    NOT NULL DEFAULT '',   -- the platform's own words
    state          TEXT    NOT NULL DEFAULT '',   -- paid | unpaid | closed | refunded
    paid           INTEGER NOT NULL DEFAULT 0,    -- 1 when it counts as a paid order (DOMAIN.md)
    created_at     TEXT    NOT NULL DEFAULT '',
    paid_at        TEXT    NOT NULL DEFAULT '',
    order_day      TEXT    NOT NULL DEFAULT '',   -- day of payment (creation when no payment time)
    amount_fen     INTEGER NOT NULL DEFAULT 0,    -- what the buyer paid
    refund_fen     INTEGER NOT NULL DEFAULT 0,
    revenue_fen    INTEGER NOT NULL DEFAULT 0,    -- amount - refund when paid, else 0
    items          TEXT    NOT NULL DEFAULT '',   -- product summary for lists and scripts
    quantity       INTEGER NOT NULL DEFAULT 0,
    receiver_name  TEXT    NOT NULL DEFAULT '',
    receiver_phone TEXT    NOT NULL DEFAULT '',
    address        TEXT    NOT NULL DEFAULT '',
    import_id      INTEGER REFERENCES imports(id) ON DELETE SET NULL, -- last import that wrote it
    UNIQUE (platform, order_no)
);
CREATE INDEX orders_customer ON orders(customer_id, order_day);
CREATE INDEX orders_paid_day ON orders(order_day) WHERE paid = 1;

CREATE TABLE order_lines (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    line_key    TEXT    NOT NULL,             -- sub-order number, SKU or line index
    product     TEXT    NOT NULL DEFAULT '',
    sku         TEXT    NOT NULL DEFAULT '',
    quantity    INTEGER NOT NULL DEFAULT 0,
    price_fen   INTEGER NOT NULL DEFAULT 0,
    amount_fen  INTEGER NOT NULL DEFAULT 0,
    refund_fen  INTEGER NOT NULL DEFAULT 0,
    status      TEXT    NOT NULL DEFAULT '',
    UNIQUE (order_id, line_key)
);

-- Derived per-customer figures, rebuilt by the analytics recompute.
CREATE TABLE customer_stats (
    customer_id     INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    paid_orders     INTEGER NOT NULL DEFAULT 0,
    revenue_fen     INTEGER NOT NULL DEFAULT 0,
    first_paid_day  TEXT    NOT NULL DEFAULT '',
    last_paid_day   TEXT    NOT NULL DEFAULT '',
    days_since      INTEGER,
    cycle_days      REAL,
    next_expected   TEXT    NOT NULL DEFAULT '',
    segment         TEXT    NOT NULL DEFAULT '',  -- new|active|cooling|dormant_high|dormant_low|lost|none
    rfm             TEXT    NOT NULL DEFAULT '',  -- important_value … general_retain
    r_score         INTEGER NOT NULL DEFAULT 0,
    f_score         INTEGER NOT NULL DEFAULT 0,
    m_score         INTEGER NOT NULL DEFAULT 0,
    level           TEXT    NOT NULL DEFAULT '',
    ladder          TEXT    NOT NULL DEFAULT '',
    as_of           TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX customer_stats_segment ON customer_stats(segment);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE customer_tags (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (customer_id, tag_id)
);
CREATE INDEX customer_tags_tag ON customer_tags(tag_id);

CREATE TABLE points_ledger (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    delta       INTEGER NOT NULL,
    reason      TEXT    NOT NULL DEFAULT '',
    source      TEXT    NOT NULL DEFAULT 'manual',  -- manual | import
    created_at  TEXT    NOT NULL
);
CREATE INDEX points_ledger_customer ON points_ledger(customer_id);

CREATE TABLE referrals (
    referrer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    referred_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (referrer_id, referred_id)
);

-- Merges, kept so the last one can be undone.
CREATE TABLE merges (
    id         INTEGER PRIMARY KEY,
    kept_id    INTEGER NOT NULL,
    merged_id  INTEGER NOT NULL,
    snapshot   TEXT    NOT NULL,   -- JSON of what moved, to undo
    created_at TEXT    NOT NULL,
    undone_at  TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE campaigns (
    id       INTEGER PRIMARY KEY,
    name     TEXT    NOT NULL,
    day      TEXT    NOT NULL,              -- campaign date
    segments TEXT    NOT NULL DEFAULT '',   -- comma list of target segments
    active   INTEGER NOT NULL DEFAULT 1
);

-- The day's call list: every generated entry, shown or held out.
CREATE TABLE call_list (
    id          INTEGER PRIMARY KEY,
    day         TEXT    NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    reason      TEXT    NOT NULL,   -- after_sale|second_purchase|repurchase_due|birthday|recall_high|recall_low|promotion|complaint|callback
    priority    INTEGER NOT NULL DEFAULT 0,
    due         TEXT    NOT NULL DEFAULT '',
    detail      TEXT    NOT NULL DEFAULT '',  -- e.g. order number or campaign
    holdout     INTEGER NOT NULL DEFAULT 0,
    no_number   INTEGER NOT NULL DEFAULT 0,
    status      TEXT    NOT NULL DEFAULT 'open',   -- open | working | done | skipped
    agent       TEXT    NOT NULL DEFAULT '',       -- agent working/that worked it
    claimed_at  TEXT    NOT NULL DEFAULT '',
    UNIQUE (day, customer_id)
);
CREATE INDEX call_list_customer ON call_list(customer_id);

-- Every call made and its outcome.
CREATE TABLE calls (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    list_id      INTEGER REFERENCES call_list(id) ON DELETE SET NULL,
    reason       TEXT    NOT NULL DEFAULT '',
    agent        TEXT    NOT NULL DEFAULT '',
    called_at    TEXT    NOT NULL,
    outcome      TEXT    NOT NULL,   -- interested|not_interested|no_answer|busy|wrong_number|do_not_contact|complaint|ordered
    note         TEXT    NOT NULL DEFAULT '',
    follow_up_at TEXT    NOT NULL DEFAULT '',   -- scheduled callback
    follow_up_done INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX calls_customer ON calls(customer_id, called_at);
CREATE INDEX calls_follow_up ON calls(follow_up_at) WHERE follow_up_at <> '';

CREATE TABLE scripts (
    reason     TEXT NOT NULL,
    locale     TEXT NOT NULL,      -- zh | en
    opening    TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL DEFAULT '',   -- the reason for calling
    question   TEXT NOT NULL DEFAULT '',
    closing    TEXT NOT NULL DEFAULT '',
    sms        TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (reason, locale)
);
CREATE TABLE objections (
    key        TEXT NOT NULL,      -- forgot_shop|busy|bad_product|do_not_call|discount
    locale     TEXT NOT NULL,
    answer     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (key, locale)
);

CREATE TABLE complaints (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    order_id    INTEGER REFERENCES orders(id) ON DELETE SET NULL,
    call_id     INTEGER REFERENCES calls(id) ON DELETE SET NULL,
    what        TEXT    NOT NULL,
    severity    TEXT    NOT NULL DEFAULT 'normal',   -- low | normal | high
    created_at  TEXT    NOT NULL,
    deadline_at TEXT    NOT NULL,                    -- created + 24 h
    status      TEXT    NOT NULL DEFAULT 'open',     -- open | answered | resolved
    resolution  TEXT    NOT NULL DEFAULT '',
    resolved_at TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX complaints_open ON complaints(status, deadline_at);
CREATE INDEX complaints_customer ON complaints(customer_id);

CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    order_id    INTEGER REFERENCES orders(id) ON DELETE SET NULL,
    call_id     INTEGER REFERENCES calls(id) ON DELETE SET NULL,
    delivery    INTEGER NOT NULL DEFAULT 0,   -- 1..5, 0 = not given
    packaging   INTEGER NOT NULL DEFAULT 0,
    product     INTEGER NOT NULL DEFAULT 0,
    service     INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL
);
CREATE INDEX feedback_customer ON feedback(customer_id);
