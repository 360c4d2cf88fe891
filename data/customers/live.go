package customers

import (
	"context"
	"database/sql"
	"fmt"
	"huitouke/data"

	"huitouke/data/clock"
	"huitouke/data/figures/calc"
)

// StatsCurrent tells whether customer_stats was computed for asOf
// (YYYY-MM-DD) for every customer that has a paid order on or before it. The
// recompute records its day in settings (figures.KeyStatsAsOf) and only
// rewrites rows that changed, so a row's own as_of is only the fallback for
// figures written before that.
func StatsCurrent(ctx context.Context, st *data.Store, asOf string) (bool, error) {
	db := st.DB()
	var other, missing int
	err := db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM customer_stats WHERE COALESCE((SELECT value FROM settings WHERE key = 'stats.as_of'), as_of) <> ?),
		(SELECT COUNT(*) FROM (SELECT DISTINCT o.customer_id FROM orders o WHERE o.paid = 1 AND o.order_day <= ?
			AND o.customer_id IS NOT NULL AND o.customer_id NOT IN (SELECT customer_id FROM customer_stats)))`, asOf, asOf).Scan(&other, &missing)
	if err != nil {
		return false, fmt.Errorf("stats current: %w", err)
	}
	return other == 0 && missing == 0, nil
}

// LiveStats computes every customer's derived figures as of asOf straight
// from the paid orders, without writing anything: for a past or future
// as-of date, or before the stored figures were recomputed. Level
// overrides and referrals are taken into account as the recompute does.
func LiveStats(ctx context.Context, st *data.Store, asOf clock.Day, s calc.Settings) (map[int64]calc.CustomerStats, error) {
	db := st.DB()
	var orders []calc.Order
	err := each(ctx, db, `SELECT customer_id, order_day, revenue_fen FROM orders
		WHERE paid = 1 AND customer_id IS NOT NULL AND order_day <> ''`, nil, func(r *sql.Rows) error {
		var o calc.Order
		var day string
		if err := r.Scan(&o.Customer, &day, &o.Revenue); err != nil {
			return err
		}
		d, err := clock.ParseDay(day)
		if err != nil {
			return nil // a day the importer could not read: not counted
		}
		o.Day = d
		orders = append(orders, o)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("live stats: %w", err)
	}
	overrides := map[int64]string{}
	err = each(ctx, db, `SELECT id, level_override FROM customers WHERE level_override <> ''`, nil, func(r *sql.Rows) error {
		var id int64
		var l string
		err := r.Scan(&id, &l)
		overrides[id] = l
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("live stats: %w", err)
	}
	advocates := map[int64]bool{}
	err = each(ctx, db, `SELECT DISTINCT r.referrer_id FROM referrals r WHERE EXISTS
		(SELECT 1 FROM orders o WHERE o.customer_id = r.referred_id AND o.paid = 1 AND o.order_day <= ?)`, []any{asOf.String()}, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		advocates[id] = true
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("live stats: %w", err)
	}
	out := map[int64]calc.CustomerStats{}
	for _, c := range calc.PerCustomer(orders, asOf, s, overrides, advocates) {
		out[c.Customer] = c
	}
	return out, nil
}

// ApplyLive replaces the derived columns of rows with live figures (a
// customer missing from live has no paid order by then).
func ApplyLive(rows []Row, live map[int64]calc.CustomerStats, overrides func(id int64) string) {
	for i := range rows {
		r := &rows[i]
		c, ok := live[r.ID]
		if !ok {
			r.Segment, r.RFM, r.Orders, r.RevenueFen, r.LastOrder, r.NextExpected = calc.SegmentNone, "", 0, 0, "", ""
			r.Level = ""
			if overrides != nil {
				r.Level = overrides(r.ID)
			}
			continue
		}
		r.Segment, r.RFM, r.Level = c.Segment, c.RFM, c.Level
		r.Orders, r.RevenueFen, r.LastOrder = c.PaidOrders, c.RevenueFen, c.LastDay.String()
		r.NextExpected = ""
		if c.HasCycle {
			r.NextExpected = c.NextExpected.String()
		}
	}
}
