package figures

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures/calc"
	"huitouke/data/sqlraw"
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

// ordersSQL reads one range of customers' paid orders, sorted as calc wants them.
// The day is turned into days since 1970 by SQLite (unixepoch of a plain date is midnight
// UTC, so the division is exact): no string per order crosses into Go. A day SQLite cannot
// read comes back NULL and the order is skipped.
const ordersSQL = `SELECT customer_id, unixepoch(order_day) / 86400, revenue_fen FROM orders
	WHERE paid = 1 AND customer_id >= ? AND customer_id < ? ORDER BY customer_id, order_day`

// LoadOrders reads every paid order with a customer, sorted by (customer, day), customers
// merged away counted under the customer they were merged into. The customers are cut into
// ranges of ids that a worker per CPU takes one after the other (WAL lets readers run side by
// side): ids are far from evenly loaded (early customers bought more), so fixed halves would
// leave one worker with most of the orders.
func LoadOrders(ctx context.Context, st *data.Store) ([]calc.Order, error) {
	db := st.DB()
	if err := ensureIndex(ctx, db); err != nil {
		return nil, err
	}
	// Two subqueries: each is one index seek, where MIN and MAX side by side scan every order.
	var lo, hi sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT (SELECT MIN(customer_id) FROM orders WHERE paid = 1),
		(SELECT MAX(customer_id) FROM orders WHERE paid = 1)`).Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("read orders: %w", err)
	}
	if !lo.Valid {
		return nil, nil
	}
	w, chunks := 1, 1
	if hi.Int64-lo.Int64 > parallelSpan {
		w = runtime.GOMAXPROCS(0)
		chunks = 16 * w
	}
	parts := make([][]calc.Order, chunks)
	err := sqlraw.Ranges(lo.Int64, hi.Int64+1, chunks, w, func(k int, from, to int64) error {
		p, err := loadRange(ctx, db, from, to)
		parts[k] = p
		return err
	})
	if err != nil {
		return nil, err
	}
	orders := parts[0]
	if chunks > 1 {
		n := 0
		for _, p := range parts {
			n += len(p)
		}
		orders = make([]calc.Order, 0, n)
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
			slices.SortStableFunc(orders, func(a, b calc.Order) int {
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

// parallelSpan is the span of customer ids above which reads are cut into ranges read side
// by side. A variable so tests can run every path on a small shop.
var parallelSpan int64 = 50000

func loadRange(ctx context.Context, db *sql.DB, from, to int64) ([]calc.Order, error) {
	// Three orders per customer is typical; growing from a guess saves copying twice.
	out := make([]calc.Order, 0, max(64, (to-from)*3))
	err := sqlraw.Query(ctx, db, ordersSQL, []any{from, to}, func(row []driver.Value) error {
		if row[1] == nil {
			return nil // a day SQLite cannot read
		}
		c, ok1 := sqlraw.Int(row[0])
		d, ok2 := sqlraw.Int(row[1])
		r, ok3 := sqlraw.Int(row[2])
		if !ok1 || !ok2 || !ok3 {
			return fmt.Errorf("order of customer %v: not a number: %v, %v", row[0], row[1], row[2])
		}
		out = append(out, calc.Order{Customer: c, Day: clock.Day(d), Revenue: r})
		return nil
	})
	if err != nil {
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

// loadOverrides reads the levels set by hand on customer cards. The + keeps SQLite from
// walking the merged_into index, which would look up nearly every customer's row one by one
// instead of reading the table through once (0.15 s against 0.10 s for a million).
func loadOverrides(ctx context.Context, db *sql.DB) (map[int64]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, level_override FROM customers WHERE level_override <> '' AND +merged_into IS NULL`)
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
