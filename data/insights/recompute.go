package insights

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"strconv"
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

// bulkRows is the size above which a full rewrite drops customer_stats' secondary indexes
// and builds them again afterwards: sorting a million keys once is cheaper than a million
// random inserts into each index.
const bulkRows = 50000

// maxDiffShare is the share of changed rows above which writeStats rewrites the table instead
// of upserting the changes: index maintenance row by row then costs more than rebuilding.
// A variable so tests can force either path.
var maxDiffShare = 0.25

// KeyStatsAsOf is the settings key holding the day the stored customer_stats were computed
// for. It lives in one place rather than in every row, so a day-to-day recompute rewrites only
// the rows whose figures changed; a row's own as_of is the day its figures last changed, and
// days_since is no longer stored (NULL): readers compute it from last_paid_day and this day.
const KeyStatsAsOf = "stats.as_of"

// sep separates the columns of a row's fingerprint: a control character no level name or day
// contains.
const sep = 0x1f

// fingerprintSQL renders the compared columns of a stored row as one string, the way
// appendFingerprint renders a new one. cycle_days (a REAL) is compared apart, as a number.
// A row whose days_since is still stored (written before days_since was dropped) differs and
// gets rewritten once.
const fingerprintSQL = `concat_ws(char(31), paid_orders, revenue_fen, first_paid_day, last_paid_day, next_expected,
	segment, rfm, r_score, f_score, m_score, level, ladder, days_since IS NULL)`

func appendFingerprint(b []byte, cs *analytics.CustomerStats, names *dayNames) []byte {
	b = strconv.AppendInt(b, int64(cs.PaidOrders), 10)
	b = append(b, sep)
	b = strconv.AppendInt(b, cs.RevenueFen, 10)
	b = append(b, sep)
	if cs.PaidOrders > 0 {
		b = append(b, names.get(cs.FirstDay)...)
		b = append(b, sep)
		b = append(b, names.get(cs.LastDay)...)
	} else {
		b = append(b, sep)
	}
	b = append(b, sep)
	if cs.HasCycle {
		b = append(b, names.get(cs.NextExpected)...)
	}
	b = append(b, sep)
	b = append(b, cs.Segment...)
	b = append(b, sep)
	b = append(b, cs.RFM...)
	for _, v := range [...]int{cs.R, cs.F, cs.M} {
		b = append(b, sep)
		b = strconv.AppendInt(b, int64(v), 10)
	}
	b = append(b, sep)
	b = append(b, cs.Level...)
	b = append(b, sep)
	b = append(b, cs.Ladder...)
	return append(b, sep, '1')
}

// appendRow appends the 16 values of one customer_stats row (statsCols order). A customer
// without a paid order (PaidOrders 0) gets the columns' defaults.
func appendRow(args []any, cs *analytics.CustomerStats, names *dayNames, asOfText string) []any {
	if cs.PaidOrders == 0 {
		return append(args, cs.Customer, 0, 0, "", "", nil, nil, "", cs.Segment, "", 0, 0, 0, cs.Level, "", asOfText)
	}
	var cycle any
	next := ""
	if cs.HasCycle {
		cycle, next = cs.CycleDays, names.get(cs.NextExpected)
	}
	return append(args, cs.Customer, cs.PaidOrders, cs.RevenueFen, names.get(cs.FirstDay), names.get(cs.LastDay),
		nil, cycle, next, cs.Segment, cs.RFM, cs.R, cs.F, cs.M, cs.Level, cs.Ladder, asOfText)
}

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
func writeStats(ctx context.Context, st *data.Store, asOf analytics.Day, s analytics.Settings, stats []analytics.CustomerStats,
	customers int, over map[int64]string) (int, error) {
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
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -524288`); err != nil {
		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	var none int
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	err = func() error {
		d, err := diffStats(ctx, tx, stats, s, over, names)
		if err != nil {
			return err
		}
		if d.rows == 0 || float64(len(d.buyers)+len(d.nones)) > maxDiffShare*float64(d.rows) {
			none, err = rewriteStats(ctx, tx, s, stats, customers, names, asOfText)
			if err != nil {
				return err
			}
		} else {
			if err := upsertStats(ctx, tx, stats, d, names, asOfText); err != nil {
				return err
			}
			// Rows of customers merged away since the last recompute (their orders now count
			// for the customer they were merged into).
			res, err := tx.ExecContext(ctx, `DELETE FROM customer_stats WHERE customer_id IN
				(SELECT id FROM customers WHERE merged_into IS NOT NULL)`)
			if err != nil {
				return err
			}
			gone, err := res.RowsAffected()
			if err != nil {
				return err
			}
			rows := d.rows + d.added - int(gone)
			if customers < 0 || customers > rows {
				n, err := insertNone(ctx, tx, s, asOfText)
				if err != nil {
					return err
				}
				rows += n
			}
			none = max(0, rows-len(stats))
		}
		if len(stats)+none == 0 {
			// Nothing stored, nothing to date (and an empty shop's settings stay untouched).
			_, err = tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, KeyStatsAsOf)
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value`, KeyStatsAsOf, asOfText)
		return err
	}()
	tdbg := time.Now()
	if err == nil {
		err = tx.Commit()
		dbg("commit", &tdbg)
	} else {
		_ = tx.Rollback()
	}
	if err != nil {
		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	return none, nil
}

// statsDiff is what differs between the stored rows and the new figures.
type statsDiff struct {
	rows   int                       // rows stored
	buyers []int32                   // indexes into stats of buyers whose row is missing or differs
	added  int                       // of those, rows missing
	nones  []analytics.CustomerStats // stored non-buyers whose 'none' row differs (or who were buyers before)
}

// diffStats reads the stored rows' fingerprints in customer order and merges them with stats.
func diffStats(ctx context.Context, tx *sql.Tx, stats []analytics.CustomerStats, s analytics.Settings,
	over map[int64]string, names *dayNames) (statsDiff, error) {
	var d statsDiff
	rows, err := tx.QueryContext(ctx, `SELECT customer_id, `+fingerprintSQL+`, cycle_days FROM customer_stats ORDER BY customer_id`)
	if err != nil {
		return d, err
	}
	defer rows.Close()
	var (
		id    int64
		have  sql.RawBytes
		cycle sql.NullFloat64
		buf   []byte
		j     int
	)
	noneLevel := s.LevelFor(0)
	for rows.Next() {
		if err := rows.Scan(&id, &have, &cycle); err != nil {
			return d, err
		}
		d.rows++
		for j < len(stats) && stats[j].Customer < id {
			d.buyers = append(d.buyers, int32(j))
			d.added++
			j++
		}
		if j < len(stats) && stats[j].Customer == id {
			cs := &stats[j]
			buf = appendFingerprint(buf[:0], cs, names)
			if !bytes.Equal(buf, have) || cycle.Valid != cs.HasCycle || (cs.HasCycle && cycle.Float64 != cs.CycleDays) {
				d.buyers = append(d.buyers, int32(j))
			}
			j++
			continue
		}
		lv, ok := over[id]
		if !ok {
			lv = noneLevel
		}
		cs := analytics.CustomerStats{Customer: id, Segment: analytics.SegmentNone, Level: lv}
		buf = appendFingerprint(buf[:0], &cs, names)
		if !bytes.Equal(buf, have) || cycle.Valid {
			d.nones = append(d.nones, cs)
		}
	}
	if err := rows.Err(); err != nil {
		return d, err
	}
	for ; j < len(stats); j++ {
		d.buyers = append(d.buyers, int32(j))
		d.added++
	}
	return d, nil
}

// upsertBatch rows go into one upsert statement.
const upsertBatch = 100

// upsertStats writes the rows diffStats found different.
func upsertStats(ctx context.Context, tx *sql.Tx, stats []analytics.CustomerStats, d statsDiff, names *dayNames, asOfText string) error {
	var set strings.Builder
	for i, c := range strings.Split(statsCols, ",") {
		c = strings.TrimSpace(c)
		if i == 0 {
			continue
		}
		if i > 1 {
			set.WriteString(", ")
		}
		set.WriteString(c + " = excluded." + c)
	}
	upsertSQL := func(n int) string {
		return insertSQL(n) + ` ON CONFLICT(customer_id) DO UPDATE SET ` + set.String()
	}
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, 16*upsertBatch)
	flush := func() error {
		n := len(args) / 16
		if n == 0 {
			return nil
		}
		// Query, not Exec: the driver binds every value in one cgo call (see rewriteStats).
		var rows *sql.Rows
		var err error
		if n == upsertBatch {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, upsertSQL(upsertBatch)); err != nil {
					return err
				}
			}
			rows, err = full.QueryContext(ctx, args...)
		} else {
			rows, err = tx.QueryContext(ctx, upsertSQL(n), args...)
		}
		args = args[:0]
		if err != nil {
			return err
		}
		return rows.Close()
	}
	for _, i := range d.buyers {
		args = appendRow(args, &stats[i], names, asOfText)
		if len(args) == cap(args) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	for i := range d.nones {
		args = appendRow(args, &d.nones[i], names, asOfText)
		if len(args) == cap(args) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// insertNone gives every customer not merged away who has no row a 'none' row, so every list
// can join on customer_stats and filter by segment 'none'. It returns how many it added.
func insertNone(ctx context.Context, tx *sql.Tx, s analytics.Settings, asOfText string) (int, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO customer_stats(customer_id, segment, level, as_of)
		SELECT c.id, 'none', CASE WHEN c.level_override <> '' THEN c.level_override ELSE ? END, ?
		FROM customers c WHERE c.merged_into IS NULL
		AND NOT EXISTS (SELECT 1 FROM customer_stats s WHERE s.customer_id = c.id)`, s.LevelFor(0), asOfText)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// rewriteStats replaces every row of customer_stats and returns how many 'none' rows it wrote.
func rewriteStats(ctx context.Context, tx *sql.Tx, s analytics.Settings, stats []analytics.CustomerStats, customers int,
	names *dayNames, asOfText string) (int, error) {
	var indexes []string
	if len(stats) >= bulkRows {
		var err error
		if indexes, err = dropIndexes(ctx, tx); err != nil {
			return 0, err
		}
	}
	tdbg := time.Now()
	if _, err := tx.ExecContext(ctx, `DELETE FROM customer_stats`); err != nil {
		return 0, err
	}
	dbg("delete", &tdbg)
	full, err := tx.PrepareContext(ctx, insertSQL(statsBatch))
	if err != nil {
		return 0, err
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
		args = appendRow(args, &stats[i], names, asOfText)
		if len(args) == cap(args) {
			if err := flush(full); err != nil {
				return 0, err
			}
		}
	}
	if len(args) > 0 {
		rest, err := tx.PrepareContext(ctx, insertSQL(len(args)/16))
		if err != nil {
			return 0, err
		}
		err = flush(rest)
		rest.Close()
		if err != nil {
			return 0, err
		}
	}
	dbg("insert", &tdbg)
	none := 0
	if customers < 0 || customers > len(stats) {
		if none, err = insertNone(ctx, tx, s, asOfText); err != nil {
			return 0, err
		}
	}
	for _, q := range indexes {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("rebuild index: %w", err)
		}
		dbg(q, &tdbg)
	}
	return none, nil
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

// StatsAsOf is the as-of day of the stored customer_stats (ok false when there are none):
// the day the last recompute recorded, or for figures written before it recorded one, the
// as_of of the first row (every row then had the same).
func StatsAsOf(ctx context.Context, st *data.Store) (analytics.Day, bool, error) {
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
	d, err := analytics.ParseDay(v)
	if err != nil {
		return 0, false, nil
	}
	return d, true, nil
}

// Today is the current calendar day in the shop's zone (UTC+8), or the HUITOUKE_TODAY day when
// set (see analytics.Today), so the overview and the call list agree on the day.
func Today() analytics.Day { return analytics.Today() }

func dbg(what string, t *time.Time) {
	if os.Getenv("INSDBG") != "" {
		fmt.Fprintf(os.Stderr, "%-60.60s %v\n", what, time.Since(*t))
	}
	*t = time.Now()
}
