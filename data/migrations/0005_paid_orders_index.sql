-- Covering index for loading paid orders per customer (the recompute reads
-- customer_id, order_day, revenue_fen of paid orders in customer order).
-- IF NOT EXISTS: databases that ran a recompute before this migration have it.
CREATE INDEX IF NOT EXISTS orders_paid_customer ON orders(customer_id, order_day, revenue_fen) WHERE paid = 1;
