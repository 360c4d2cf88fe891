-- Purchase predictions per customer (docs/DOMAIN.md section 12), owned by data/figures: the
-- recompute refits the models on every paid order and writes the rows that changed. No row:
-- no prediction (no paid order, or no fit — too few data or the fit failed; the reason is
-- in settings 'predict.status').
CREATE TABLE customer_predictions (
    customer_id   INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    p_alive       REAL    NOT NULL,             -- probability still buying, 0..1
    next_30       REAL    NOT NULL,             -- expected purchases (days with orders) in the next 30 days
    next_90       REAL    NOT NULL,
    next_365      REAL    NOT NULL,
    value_fen     INTEGER NOT NULL DEFAULT 0,   -- expected value of a purchase; 0 without the spend model
    value_12m_fen INTEGER NOT NULL DEFAULT 0,   -- discounted expected value of the next 12 months
    next_day      TEXT    NOT NULL DEFAULT ''   -- expected next purchase (median, if still buying); '' beyond 3 years
);
