package figures

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures/calc"
)

// Summary is what a recompute wrote.
type Summary struct {
	AsOf       clock.Day
	Customers  int // rows written: every customer not merged away
	Buyers     int // customers with >= 1 paid order up to AsOf
	PaidOrders int // paid orders up to AsOf
	Segments   map[string]int
	// Where the time went, for the benchmark and the log.
	Load, Compute, Write time.Duration
	// Predictions (docs/DOMAIN.md section 12): PredictOK with Predicted customers, or
	// PredictTooFew / PredictNoFit (PredictErr says why) and none stored.
	PredictStatus string
	PredictErr    error
	Predicted     int
	Predict       time.Duration
}

// Recompute rebuilds customer_stats as of asOf with the shop's settings, reading everything
// afresh. The app holds a Cache and calls its Recompute instead, which reuses loaded orders.
func Recompute(ctx context.Context, st *data.Store, asOf clock.Day) (Summary, error) {
	return NewCache().Recompute(ctx, st, asOf)
}

// Recompute rebuilds customer_stats as of asOf: the stats of every buyer from
// calc.PerCustomer (the shop's thresholds and tiers, levels set by hand, advocates from
// referrals) and a 'none' row for every other customer not merged away, replacing the old
// rows in one transaction. Readers see the old figures until it commits.
func (c *Cache) Recompute(ctx context.Context, st *data.Store, asOf clock.Day) (Summary, error) {
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
	none, err := writeStats(ctx, st, asOf, s, stats, c.custs, c.over)
	if err != nil {
		return sum, err
	}
	sum.Write = time.Since(t1)
	sum.Buyers = len(stats)
	sum.Customers = len(stats) + none
	for i := range stats {
		sum.PaidOrders += stats[i].PaidOrders
	}
	sum.Segments = calc.SegmentCounts(stats)
	sum.Segments[calc.SegmentNone] = none
	pr, err := c.refreshPredictionsLocked(ctx, st, asOf)
	if err != nil {
		return sum, err
	}
	sum.PredictStatus, sum.PredictErr, sum.Predicted, sum.Predict = pr.status, pr.reason, pr.rows, pr.took
	return sum, nil
}

// bulkRows is the size above which a full rewrite drops customer_stats' secondary indexes
// and builds them again afterwards: sorting a million keys once is cheaper than a million
// random inserts into each index. A variable so tests can force the bulk path.
var bulkRows = 50000

// maxDiffShare is the share of changed rows above which writeStats rewrites the table instead
// of upserting the changes: index maintenance row by row then costs more than rebuilding.
// A variable so tests can force either path.
var maxDiffShare = 0.25

// KeyStatsAsOf is the settings key holding the day the stored customer_stats were computed
// for. It lives in one place rather than in every row, so a day-to-day recompute rewrites only
// the rows whose figures changed; a row's own as_of is the day its figures last changed, and
// days_since is no longer stored (NULL): readers compute it from last_paid_day and this day.
const KeyStatsAsOf = "stats.as_of"

// writeStats brings customer_stats to stats in one transaction and returns how many
// customers have a 'none' row (no paid order up to asOf). customers is the number of
// customers not merged away (-1 when unknown); over their levels set by hand.
//
// Only what changed is written: the stored rows are read back as fingerprints in one pass
// (merged with stats, both in customer order) and the rows that differ are upserted, so a
// day-to-day recompute touches the few customers who changed segment or bought, and the
// indexes are maintained for those only. When the table is empty, or most rows changed (other
// thresholds, first run after an upgrade), it is rewritten from scratch instead.
//
// It runs on a connection of its own with foreign keys off for the transaction: with them on
// SQLite deletes the old rows one by one (20 s for a million rows instead of 0.2 s) and
// checks each new row's customer. Every row written names a customer that exists: buyers come
// from orders (whose customer_id is itself a checked foreign key, merged-away customers
// mapped to the customer they live on) and the 'none' rows from customers.
func writeStats(ctx context.Context, st *data.Store, asOf clock.Day, s calc.Settings, stats []calc.CustomerStats,
	customers int, over map[int64]string) (int, error) {
	asOfText := asOf.String()
	lo, hi := asOf, asOf
	for i := range stats {
		lo = min(lo, stats[i].FirstDay)
		hi = max(hi, stats[i].NextExpected)
	}
	names := newDayNames(lo, hi)
	conn, restore, err := statsConn(ctx, st)
	if err != nil {
		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	defer conn.Close()
	defer restore()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	none, err := func() (int, error) {
		d, err := diffStats(ctx, tx, st.DB(), stats, s, over, names)
		if err != nil {
			return 0, err
		}
		var none int
		if d.rows == 0 || float64(len(d.buyers)+len(d.nones)) > maxDiffShare*float64(d.rows) {
			none, err = rewriteStats(ctx, conn, tx, s, stats, customers, names, asOfText)
		} else {
			none, err = applyDiff(ctx, tx, s, stats, d, customers, names, asOfText)
		}
		if err != nil {
			return 0, err
		}
		return none, setStatsAsOf(ctx, tx, len(stats)+none, asOfText)
	}()
	if err == nil {
		err = tx.Commit()
	} else {
		_ = tx.Rollback() // the error that made us roll back is the one reported
	}
	if err != nil {
		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	return none, nil
}

// statsConn is a connection of its own for writeStats, with foreign keys off and a page cache
// big enough for the rewrite. restore puts the connection's settings back (call it before
// closing the connection); if that fails, the connection is thrown away rather than handed
// back to the pool with foreign keys off.
func statsConn(ctx context.Context, st *data.Store) (conn *sql.Conn, restore func(), err error) {
	conn, err = st.DB().Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	restore = func() {
		_, err1 := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
		_, err2 := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000`)
		_, err3 := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_spill = 1`)
		_, err4 := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA threads = 0`)
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // always returns ErrBadConn: the point
		}
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		restore()
		conn.Close()
		return nil, nil, err
	}
	// The table and the indexes being rebuilt (~170 MB at a million customers) must fit in
	// the page cache, or dirty pages spill to the WAL mid-transaction and every CREATE INDEX
	// reads the table back from it (0.8 s more than with a 128 MB cache). Pages are only
	// taken as used and given back when restore shrinks the cache.
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
		restore()
		conn.Close()
		return nil, nil, err
	}
	return conn, restore, nil
}

// applyDiff writes the rows d found changed, drops the rows of customers merged away since
// the last recompute (their orders now count for the customer they were merged into), adds
// 'none' rows for new customers, and returns how many 'none' rows there are.
func applyDiff(ctx context.Context, tx *sql.Tx, s calc.Settings, stats []calc.CustomerStats, d statsDiff,
	customers int, names *dayNames, asOfText string) (int, error) {
	if err := upsertStats(ctx, tx, stats, d, names, asOfText); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM customer_stats WHERE customer_id IN
		(SELECT id FROM customers WHERE merged_into IS NOT NULL)`)
	if err != nil {
		return 0, err
	}
	gone, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	rows := d.rows + d.added - int(gone)
	if customers < 0 || customers > rows {
		n, err := insertNone(ctx, tx, s, asOfText)
		if err != nil {
			return 0, err
		}
		rows += n
	}
	return max(0, rows-len(stats)), nil
}

// setStatsAsOf records the day the stored figures are for (KeyStatsAsOf); with no row stored
// there is nothing to date, and an empty shop's settings stay untouched.
func setStatsAsOf(ctx context.Context, tx *sql.Tx, rows int, asOfText string) error {
	if rows == 0 {
		_, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, KeyStatsAsOf)
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, KeyStatsAsOf, asOfText)
	return err
}

// StatsAsOf is the as-of day of the stored customer_stats (ok false when there are none):
// the day the last recompute recorded, or for figures written before it recorded one, the
// as_of of the first row (every row then had the same).
func StatsAsOf(ctx context.Context, st *data.Store) (clock.Day, bool, error) {
	var marker, first sql.NullString
	err := st.DB().QueryRowContext(ctx, `SELECT (SELECT value FROM settings WHERE key = ?),
		(SELECT as_of FROM customer_stats ORDER BY customer_id LIMIT 1)`, KeyStatsAsOf).Scan(&marker, &first)
	if err != nil {
		return 0, false, fmt.Errorf("read figures date: %w", err)
	}
	if !first.Valid {
		return 0, false, nil
	}
	v := first.String
	if marker.Valid {
		v = marker.String
	}
	d, err := clock.ParseDay(v)
	if err != nil {
		return 0, false, nil
	}
	return d, true, nil
}
