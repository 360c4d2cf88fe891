package insights

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"huitouke/data"
	"huitouke/data/analytics"
)

// paidIndex is a covering index of the paid orders in (customer, day) order: loading three
// million paid orders through it reads ~80 MB of index instead of looking each order up in a
// table whose rows carry addresses and product titles (25 s against 1 s on the benchmark
// shop). It belongs in a migration; until one lands it is created here, once, with IF NOT
// EXISTS so a later migration of the same name must also say IF NOT EXISTS.
const paidIndex = `CREATE INDEX IF NOT EXISTS orders_paid_customer ON orders(customer_id, order_day, revenue_fen) WHERE paid = 1`

var ensured sync.Map // *sql.DB -> true once paidIndex was run on it

func ensureIndex(ctx context.Context, db *sql.DB) error {
	if _, ok := ensured.Load(db); ok {
		return nil
	}
	if _, err := db.ExecContext(ctx, paidIndex); err != nil {
		return fmt.Errorf("create paid-orders index: %w", err)
	}
	ensured.Store(db, true)
	return nil
}

// ordersSQL reads one range of customers' paid orders, sorted as the analytics want them.
// The day is turned into days since 1970 by SQLite (unixepoch of a plain date is midnight
// UTC, so the division is exact): no string per order crosses into Go. A day SQLite cannot
// read comes back NULL and the order is skipped.
const ordersSQL = `SELECT customer_id, unixepoch(order_day) / 86400, revenue_fen FROM orders
	WHERE paid = 1 AND customer_id >= ? AND customer_id < ? ORDER BY customer_id, order_day`

// LoadOrders reads every paid order with a customer, sorted by (customer, day), customers
// merged away counted under the customer they were merged into. Ranges of customers are read
// on parallel connections (WAL lets readers run side by side), one per CPU.
func LoadOrders(ctx context.Context, st *data.Store) ([]analytics.Order, error) {
	db := st.DB()
	if err := ensureIndex(ctx, db); err != nil {
		return nil, err
	}
	var lo, hi sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MIN(customer_id), MAX(customer_id) FROM orders WHERE paid = 1`).Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("read orders: %w", err)
	}
	if !lo.Valid {
		return nil, nil
	}
	w := 1
	if hi.Int64-lo.Int64 > 50000 {
		w = runtime.GOMAXPROCS(0)
	}
	parts := make([][]analytics.Order, w)
	errs := make([]error, w)
	span := hi.Int64 - lo.Int64 + 1
	var wg sync.WaitGroup
	for k := range w {
		from, to := lo.Int64+span*int64(k)/int64(w), lo.Int64+span*int64(k+1)/int64(w)
		wg.Go(func() { parts[k], errs[k] = loadRange(ctx, db, from, to) })
	}
	wg.Wait()
	n := 0
	for k := range parts {
		if errs[k] != nil {
			return nil, errs[k]
		}
		n += len(parts[k])
	}
	orders := parts[0]
	if w > 1 {
		orders = make([]analytics.Order, 0, n)
		for _, p := range parts {
			orders = append(orders, p...)
		}
	}
	merged, err := loadMerged(ctx, db)
	if err != nil {
		return nil, err
	}
	if len(merged) > 0 {
		// Merges normally repoint orders; any left on a merged-away customer move here, and
		// the slice is re-sorted so the (customer, day) order still holds.
		moved := false
		for i := range orders {
			if to, ok := merged[orders[i].Customer]; ok {
				orders[i].Customer, moved = to, true
			}
		}
		if moved {
			slices.SortStableFunc(orders, func(a, b analytics.Order) int {
				if a.Customer != b.Customer {
					if a.Customer < b.Customer {
						return -1
					}
					return 1
				}
				return int(a.Day) - int(b.Day)
			})
		}
	}
	return orders, nil
}

func loadRange(ctx context.Context, db *sql.DB, from, to int64) ([]analytics.Order, error) {
	rows, err := db.QueryContext(ctx, ordersSQL, from, to)
	if err != nil {
		return nil, fmt.Errorf("read orders: %w", err)
	}
	defer rows.Close()
	// Three orders per customer is typical; growing from a guess saves copying 50 MB twice.
	out := make([]analytics.Order, 0, max(64, (to-from)*3))
	var c, r int64
	var d sql.NullInt64
	for rows.Next() {
		if err := rows.Scan(&c, &d, &r); err != nil {
			return nil, fmt.Errorf("read orders: %w", err)
		}
		if !d.Valid {
			continue
		}
		out = append(out, analytics.Order{Customer: c, Day: analytics.Day(d.Int64), Revenue: r})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read orders: %w", err)
	}
	return out, nil
}

// loadMerged maps each merged-away customer to the customer it finally lives on (chains of
// merges followed, cycles broken).
func loadMerged(ctx context.Context, db *sql.DB) (map[int64]int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, merged_into FROM customers WHERE merged_into IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("read merges: %w", err)
	}
	defer rows.Close()
	m := map[int64]int64{}
	for rows.Next() {
		var id, into int64
		if err := rows.Scan(&id, &into); err != nil {
			return nil, fmt.Errorf("read merges: %w", err)
		}
		m[id] = into
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read merges: %w", err)
	}
	out := make(map[int64]int64, len(m))
	for id := range m {
		to := id
		for steps := 0; steps <= len(m); steps++ {
			next, ok := m[to]
			if !ok {
				break
			}
			to = next
		}
		if to != id {
			out[id] = to
		}
	}
	return out, nil
}

// loadOverrides reads the levels set by hand on customer cards.
func loadOverrides(ctx context.Context, db *sql.DB) (map[int64]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, level_override FROM customers WHERE level_override <> '' AND merged_into IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("read level overrides: %w", err)
	}
	defer rows.Close()
	m := map[int64]string{}
	for rows.Next() {
		var id int64
		var lv string
		if err := rows.Scan(&id, &lv); err != nil {
			return nil, fmt.Errorf("read level overrides: %w", err)
		}
		m[id] = lv
	}
	return m, rows.Err()
}

// loadAdvocates finds customers who referred someone with a paid order (the top rung of the
// loyalty ladder). Merged-away referrers count for the customer they were merged into.
func loadAdvocates(ctx context.Context, db *sql.DB, merged map[int64]int64) (map[int64]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT r.referrer_id FROM referrals r
		WHERE EXISTS (SELECT 1 FROM orders o WHERE o.paid = 1 AND o.customer_id IN
			(r.referred_id, (SELECT merged_into FROM customers c WHERE c.id = r.referred_id)))`)
	if err != nil {
		return nil, fmt.Errorf("read referrals: %w", err)
	}
	defer rows.Close()
	m := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("read referrals: %w", err)
		}
		if to, ok := merged[id]; ok {
			id = to
		}
		m[id] = true
	}
	return m, rows.Err()
}
