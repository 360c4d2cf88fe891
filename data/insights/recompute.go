package insights

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"huitouke/data"
	"huitouke/data/analytics"
)

// Summary is what a recompute wrote.
type Summary struct {
	AsOf       analytics.Day
	Customers  int // rows written: every customer not merged away
	Buyers     int // customers with >= 1 paid order up to AsOf
	PaidOrders int // paid orders up to AsOf
	Segments   map[string]int
	// Where the time went, for the benchmark and the log.
	Load, Compute, Write time.Duration
}

// Recompute rebuilds customer_stats as of asOf with the shop's settings, reading everything
// afresh. The app holds a Cache and calls its Recompute instead, which reuses loaded orders.
func Recompute(ctx context.Context, st *data.Store, asOf analytics.Day) (Summary, error) {
	return NewCache().Recompute(ctx, st, asOf)
}

// Recompute rebuilds customer_stats as of asOf: the stats of every buyer from
// analytics.PerCustomer (the shop's thresholds and tiers, levels set by hand, advocates from
// referrals) and a 'none' row for every other customer not merged away, replacing the old
// rows in one transaction. Readers see the old figures until it commits.
func (c *Cache) Recompute(ctx context.Context, st *data.Store, asOf analytics.Day) (Summary, error) {
	sum := Summary{AsOf: asOf}
	c.mu.Lock()
	defer c.mu.Unlock()
	t0 := time.Now()
	stats, s, err := c.statsLocked(ctx, st, asOf)
	if err != nil {
		return sum, err
	}
	sum.Load = c.lastLoad
	sum.Compute = time.Since(t0) - sum.Load
	t1 := time.Now()
	none, err := writeStats(ctx, st, asOf, s, stats, c.custs)
	if err != nil {
		return sum, err
	}
	sum.Write = time.Since(t1)
	sum.Buyers = len(stats)
	sum.Customers = len(stats) + none
	for i := range stats {
		sum.PaidOrders += stats[i].PaidOrders
	}
	sum.Segments = analytics.SegmentCounts(stats)
	sum.Segments[analytics.SegmentNone] = none
	return sum, nil
}

// statsBatch rows go into one INSERT: 16 values each, well under SQLite's 32766 variables,
// and big enough that the per-statement cost vanishes.
const statsBatch = 256

const statsCols = `customer_id, paid_orders, revenue_fen, first_paid_day, last_paid_day, days_since, cycle_days,
	next_expected, segment, rfm, r_score, f_score, m_score, level, ladder, as_of`

func insertSQL(rows int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO customer_stats(` + statsCols + `) VALUES `)
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
	}
	return b.String()
}

// dayNames formats days without allocating a string per customer: the days of a shop's
// history are a few thousand distinct values.
type dayNames struct {
	lo    analytics.Day
	names []string
}

func newDayNames(lo, hi analytics.Day) *dayNames {
	if hi < lo || hi-lo > 40000 {
		return &dayNames{lo: 1, names: nil}
	}
	return &dayNames{lo: lo, names: make([]string, hi-lo+1)}
}

func (d *dayNames) get(day analytics.Day) string {
	i := int(day - d.lo)
	if i < 0 || i >= len(d.names) {
		return day.String()
	}
	if d.names[i] == "" {
		d.names[i] = day.String()
	}
	return d.names[i]
}

// bulkRows is the size above which writeStats drops customer_stats' secondary indexes for
// the rewrite and builds them again afterwards: sorting a million keys once is cheaper than
// a million random inserts into each index.
const bulkRows = 50000

// writeStats replaces customer_stats in one transaction and returns how many customers got a
// 'none' row (no paid order up to asOf). customers is the number of customers not merged
// away (-1 when unknown): when every one of them is a buyer the 'none' pass is skipped.
//
// It runs on a connection of its own with foreign keys off for the transaction: with them on
// SQLite deletes the old rows one by one (20 s for a million rows instead of 0.2 s) and
// checks each new row's customer. Every row written names a customer that exists: buyers come
// from orders (whose customer_id is itself a checked foreign key, merged-away customers
// mapped to the customer they live on) and the 'none' rows from customers.
func writeStats(ctx context.Context, st *data.Store, asOf analytics.Day, s analytics.Settings, stats []analytics.CustomerStats, customers int) (int, error) {
	asOfText := asOf.String()
	lo, hi := asOf, asOf
	for i := range stats {
		lo = min(lo, stats[i].FirstDay)
		hi = max(hi, stats[i].NextExpected)
	}
	names := newDayNames(lo, hi)
	conn, err := st.DB().Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	defer conn.Close()
	// Connection settings outlive this call: put them back, and if that fails, throw the
	// connection away rather than hand a foreign-keys-off connection to the pool.
	restore := func() {
		_, err1 := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
		_, err2 := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000`)
		if err1 != nil || err2 != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}
	defer restore()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	// The indexes being rebuilt must fit in memory, or the sort spills to disk.
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -131072`); err != nil {

		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	var none int64
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	err = func() error {
		var indexes []string
		if len(stats) >= bulkRows {
			if indexes, err = dropIndexes(ctx, tx); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM customer_stats`); err != nil {
			return err
		}
		full, err := tx.PrepareContext(ctx, insertSQL(statsBatch))
		if err != nil {
			return err
		}
		defer full.Close()
		args := make([]any, 0, 16*statsBatch)
		flush := func(stmt *sql.Stmt) error {
			// Through Query, the driver binds all 4,096 values and steps in one cgo call;
			// through Exec it crosses into C once per value (1.1 s more per million rows).
			rows, err := stmt.QueryContext(ctx, args...)
			args = args[:0]
			if err != nil {
				return err
			}
			return rows.Close()
		}
		for i := range stats {
			cs := &stats[i]
			var cycle any
			next := ""
			if cs.HasCycle {
				cycle, next = cs.CycleDays, names.get(cs.NextExpected)
			}
			args = append(args, cs.Customer, cs.PaidOrders, cs.RevenueFen, names.get(cs.FirstDay), names.get(cs.LastDay),
				cs.DaysSince, cycle, next, cs.Segment, cs.RFM, cs.R, cs.F, cs.M, cs.Level, cs.Ladder, asOfText)
			if len(args) == cap(args) {
				if err := flush(full); err != nil {
					return err
				}
			}
		}
		if len(args) > 0 {
			rest, err := tx.PrepareContext(ctx, insertSQL(len(args)/16))
			if err != nil {
				return err
			}
			err = flush(rest)
			rest.Close()
			if err != nil {
				return err
			}
		}
		// Customers without a paid order (as of asOf) get a row too, so every list can join
		// on customer_stats and filter by segment 'none'.
		if customers < 0 || customers > len(stats) {
			res, err := tx.ExecContext(ctx, `INSERT INTO customer_stats(customer_id, segment, level, as_of)
				SELECT c.id, 'none', CASE WHEN c.level_override <> '' THEN c.level_override ELSE ? END, ?
				FROM customers c WHERE c.merged_into IS NULL
				AND NOT EXISTS (SELECT 1 FROM customer_stats s WHERE s.customer_id = c.id)`, s.LevelFor(0), asOfText)
			if err != nil {
				return err
			}
			if none, err = res.RowsAffected(); err != nil {
				return err
			}
		}
		for _, q := range indexes {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("rebuild index: %w", err)
			}
		}
		return nil
	}()
	if err == nil {
		err = tx.Commit()
	} else {
		_ = tx.Rollback()
	}
	if err != nil {
		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	return int(none), nil
}

// dropIndexes drops customer_stats' secondary indexes inside tx and returns the statements
// that create them again. They are read from the schema, so indexes other features add to
// customer_stats in their migrations are kept without this code knowing them.
func dropIndexes(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND tbl_name = 'customer_stats' AND sql IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	var names, create []string
	for rows.Next() {
		var n, q string
		if err := rows.Scan(&n, &q); err != nil {
			rows.Close()
			return nil, err
		}
		names, create = append(names, n), append(create, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(n, `"`, `""`)+`"`); err != nil {
			return nil, err
		}
	}
	return create, nil
}

// StatsAsOf is the as-of day of the stored customer_stats (ok false when there are none).
// A recompute writes every row with the same day, so the first row tells.
func StatsAsOf(ctx context.Context, st *data.Store) (analytics.Day, bool, error) {
	var v string
	err := st.DB().QueryRowContext(ctx, `SELECT as_of FROM customer_stats ORDER BY customer_id LIMIT 1`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("read figures date: %w", err)
	}
	d, err := analytics.ParseDay(v)
	if err != nil {
		return 0, false, nil
	}
	return d, true, nil
}

// Today is the current calendar day in the shop's zone (UTC+8).
func Today() analytics.Day { return analytics.FromTime(time.Now(), nil) }
