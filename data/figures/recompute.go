package figures

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures/calc"
	"huitouke/data/sqlraw"
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
	lo    clock.Day
	names []string
}

func newDayNames(lo, hi clock.Day) *dayNames {
	if hi < lo || hi-lo > 40000 {
		return &dayNames{lo: 1, names: nil}
	}
	return &dayNames{lo: lo, names: make([]string, hi-lo+1)}
}

func (d *dayNames) get(day clock.Day) string {
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

// sep separates the columns of a row's fingerprint: a control character no level name or day
// contains.
const sep = 0x1f

// fingerprintSQL renders the compared columns of a stored row as one string, the way
// appendFingerprint renders a new one. cycle_days (a REAL) is compared apart, as a number.
// A row whose days_since is still stored (written before days_since was dropped) differs and
// gets rewritten once.
const fingerprintSQL = `concat_ws(char(31), paid_orders, revenue_fen, first_paid_day, last_paid_day, next_expected,
	segment, rfm, r_score, f_score, m_score, level, ladder, days_since IS NULL)`

func appendFingerprint(b []byte, cs *calc.CustomerStats, names *dayNames) []byte {
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
func appendRow(args []any, cs *calc.CustomerStats, names *dayNames, asOfText string) []any {
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
func writeStats(ctx context.Context, st *data.Store, asOf clock.Day, s calc.Settings, stats []calc.CustomerStats,
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
		_, err3 := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_spill = 1`)
		_, err4 := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA threads = 0`)
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}
	defer restore()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	// The table and the indexes being rebuilt (~170 MB at a million customers) must fit in
	// the page cache, or dirty pages spill to the WAL mid-transaction and every CREATE INDEX
	// reads the table back from it (0.8 s more than with a 128 MB cache). Pages are only
	// taken as used and given back when restore shrinks the cache.
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	var none int
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("save customer figures: %w", err)
	}
	err = func() error {
		d, err := diffStats(ctx, tx, st.DB(), stats, s, over, names)
		if err != nil {
			return err
		}
		if d.rows == 0 || float64(len(d.buyers)+len(d.nones)) > maxDiffShare*float64(d.rows) {
			none, err = rewriteStats(ctx, conn, tx, s, stats, customers, names, asOfText)
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
	if err == nil {
		err = tx.Commit()
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
	rows   int                  // rows stored
	buyers []int32              // indexes into stats of buyers whose row is missing or differs
	added  int                  // of those, rows missing
	nones  []calc.CustomerStats // stored non-buyers whose 'none' row differs (or who were buyers before)
}

// diffStats reads the stored rows' fingerprints in customer order and merges them with stats.
// Ranges of customers are read on connections of their own, side by side, outside tx: tx
// began IMMEDIATE (the store's _txlock) and so holds the write lock, and nothing it has not
// written yet can differ from the last commit the other connections read.
func diffStats(ctx context.Context, tx *sql.Tx, db *sql.DB, stats []calc.CustomerStats, s calc.Settings,
	over map[int64]string, names *dayNames) (statsDiff, error) {
	var lo, hi sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT MIN(customer_id) FROM customer_stats),
		(SELECT MAX(customer_id) FROM customer_stats)`).Scan(&lo, &hi); err != nil {
		return statsDiff{}, err
	}
	if !lo.Valid {
		d := statsDiff{added: len(stats), buyers: make([]int32, len(stats))}
		for i := range d.buyers {
			d.buyers[i] = int32(i)
		}
		return d, nil
	}
	from, to := lo.Int64, hi.Int64+1
	if len(stats) > 0 {
		from, to = min(from, stats[0].Customer), max(to, stats[len(stats)-1].Customer+1)
	}
	w, chunks := 1, 1
	if to-from > parallelSpan {
		w = runtime.GOMAXPROCS(0)
		chunks = 4 * w
	}
	parts := make([]statsDiff, chunks)
	err := sqlraw.Ranges(from, to, chunks, w, func(k int, a, b int64) error {
		i, _ := slices.BinarySearchFunc(stats, a, func(cs calc.CustomerStats, id int64) int { return cmp.Compare(cs.Customer, id) })
		j, _ := slices.BinarySearchFunc(stats, b, func(cs calc.CustomerStats, id int64) int { return cmp.Compare(cs.Customer, id) })
		var err error
		parts[k], err = diffRange(ctx, db, stats, i, j, a, b, s, over, names)
		return err
	})
	if err != nil {
		return statsDiff{}, err
	}
	var d statsDiff
	for k := range parts {
		d.rows += parts[k].rows
		d.added += parts[k].added
		d.buyers = append(d.buyers, parts[k].buyers...)
		d.nones = append(d.nones, parts[k].nones...)
	}
	return d, nil
}

// diffRange merges the stored rows of customers from..to-1 with stats[i:j] (the same
// customers' new figures).
func diffRange(ctx context.Context, db *sql.DB, stats []calc.CustomerStats, i, j int, from, to int64,
	s calc.Settings, over map[int64]string, names *dayNames) (statsDiff, error) {
	var d statsDiff
	var buf []byte
	noneLevel := s.LevelFor(0)
	q := `SELECT customer_id, ` + fingerprintSQL + `, cycle_days FROM customer_stats
		WHERE customer_id >= ? AND customer_id < ? ORDER BY customer_id`
	err := sqlraw.Query(ctx, db, q, []any{from, to}, func(row []driver.Value) error {
		id, ok := sqlraw.Int(row[0])
		if !ok {
			return fmt.Errorf("customer_stats: customer %v", row[0])
		}
		var have string
		switch v := row[1].(type) {
		case string:
			have = v
		case []byte:
			have = string(v)
		}
		var cycle float64
		hasCycle := row[2] != nil
		if hasCycle {
			switch v := row[2].(type) {
			case float64:
				cycle = v
			case int64:
				cycle = float64(v)
			default:
				hasCycle = false
			}
		}
		d.rows++
		for i < j && stats[i].Customer < id {
			d.buyers = append(d.buyers, int32(i))
			d.added++
			i++
		}
		if i < j && stats[i].Customer == id {
			cs := &stats[i]
			buf = appendFingerprint(buf[:0], cs, names)
			if string(buf) != have || hasCycle != cs.HasCycle || (cs.HasCycle && cycle != cs.CycleDays) {
				d.buyers = append(d.buyers, int32(i))
			}
			i++
			return nil
		}
		lv, ok := over[id]
		if !ok {
			lv = noneLevel
		}
		cs := calc.CustomerStats{Customer: id, Segment: calc.SegmentNone, Level: lv}
		buf = appendFingerprint(buf[:0], &cs, names)
		if string(buf) != have || row[2] != nil {
			d.nones = append(d.nones, cs)
		}
		return nil
	})
	if err != nil {
		return d, err
	}
	for ; i < j; i++ {
		d.buyers = append(d.buyers, int32(i))
		d.added++
	}
	return d, nil
}

// upsertBatch rows go into one upsert statement.
const upsertBatch = 100

// upsertStats writes the rows diffStats found different.
func upsertStats(ctx context.Context, tx *sql.Tx, stats []calc.CustomerStats, d statsDiff, names *dayNames, asOfText string) error {
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
	batch := data.NewBatchStmt(tx, upsertBatch, upsertSQL)
	defer batch.Close()
	args := make([]any, 0, 16*upsertBatch)
	flush := func() error {
		err := batch.Run(ctx, len(args)/16, args)
		args = args[:0]
		return err
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
func insertNone(ctx context.Context, tx *sql.Tx, s calc.Settings, asOfText string) (int, error) {
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
func rewriteStats(ctx context.Context, conn *sql.Conn, tx *sql.Tx, s calc.Settings, stats []calc.CustomerStats, customers int,
	names *dayNames, asOfText string) (int, error) {
	var indexes []string
	if len(stats) >= bulkRows {
		var err error
		if indexes, err = dropIndexes(ctx, tx); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM customer_stats`); err != nil {
		return 0, err
	}
	err := insertRaw(ctx, conn, stats, names, asOfText)
	if errors.Is(err, sqlraw.ErrNotRaw) {
		err = insertSQLRows(ctx, tx, stats, names, asOfText)
	}
	if err != nil {
		return 0, err
	}
	none := 0
	if customers < 0 || customers > len(stats) {
		var err error
		if none, err = insertNone(ctx, tx, s, asOfText); err != nil {
			return 0, err
		}
	}
	if len(indexes) > 0 {
		// CREATE INDEX sorts with as much memory as cache_size allows: with the 256 MB
		// cache one sort of a million keys runs out of the CPU caches (0.7-0.9 s per
		// index). Sorting runs of 4 MB merged by a worker thread takes 0.3 s. cache_spill
		// keeps the spill threshold at 256 MB, so the insert's dirty pages stay in memory
		// rather than go to the WAL while the cache is small; restore puts both back.
		for _, q := range []string{`PRAGMA cache_spill = -262144`, `PRAGMA threads = 2`, `PRAGMA cache_size = -4000`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return 0, fmt.Errorf("rebuild index: %w", err)
			}
		}
	}
	for _, q := range indexes {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("rebuild index: %w", err)
		}
	}
	return none, nil
}

// insertSQLRows inserts stats through database/sql (drivers insertRaw cannot use).
func insertSQLRows(ctx context.Context, tx *sql.Tx, stats []calc.CustomerStats, names *dayNames, asOfText string) error {
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
		args = appendRow(args, &stats[i], names, asOfText)
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
	return nil
}

// insertRaw inserts stats through the driver connection tx runs on (conn), skipping
// database/sql's conversion of 16 million values one by one (~0.8 s per million rows). The
// values are handed over already in the driver's types, the repeated ones boxed once.
func insertRaw(ctx context.Context, conn *sql.Conn, stats []calc.CustomerStats, names *dayNames, asOfText string) error {
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(driver.ConnPrepareContext)
		if !ok || !sqlraw.Direct {
			return sqlraw.ErrNotRaw
		}
		prepare := func(n int) (driver.Stmt, driver.StmtQueryContext, error) {
			st, err := pc.PrepareContext(ctx, insertSQL(n))
			if err != nil {
				return nil, nil, err
			}
			q, ok := st.(driver.StmtQueryContext)
			if !ok {
				st.Close()
				return nil, nil, sqlraw.ErrNotRaw
			}
			return st, q, nil
		}
		full, fullQ, err := prepare(statsBatch)
		if err != nil {
			return err
		}
		defer full.Close()
		args := make([]driver.NamedValue, 16*statsBatch)
		for i := range args {
			args[i].Ordinal = i + 1
		}
		n := 0
		// Through Query the driver binds all values and steps in one cgo call (see
		// insertSQLRows).
		flush := func(q driver.StmtQueryContext) error {
			rows, err := q.QueryContext(ctx, args[:n])
			n = 0
			if err != nil {
				return err
			}
			return rows.Close()
		}
		box := newBoxes(names, asOfText)
		for i := range stats {
			box.row(args[n:n+16], &stats[i])
			n += 16
			if n == len(args) {
				if err := flush(fullQ); err != nil {
					return err
				}
			}
		}
		if n > 0 {
			rest, restQ, err := prepare(n / 16)
			if err != nil {
				return err
			}
			err = flush(restQ)
			rest.Close()
			return err
		}
		return nil
	})
}

// boxes holds driver values boxed once: days, labels and the small numbers repeat across a
// million rows, and boxing each anew would allocate ~8 million times.
type boxes struct {
	names  *dayNames
	days   []driver.Value
	labels map[string]driver.Value
	asOf   driver.Value
	empty  driver.Value
}

func newBoxes(names *dayNames, asOfText string) *boxes {
	return &boxes{names: names, days: make([]driver.Value, len(names.names)), labels: map[string]driver.Value{},
		asOf: asOfText, empty: ""}
}

func (b *boxes) day(d clock.Day) driver.Value {
	i := int(d - b.names.lo)
	if i < 0 || i >= len(b.days) {
		return b.names.get(d)
	}
	if b.days[i] == nil {
		b.days[i] = b.names.get(d)
	}
	return b.days[i]
}

func (b *boxes) label(s string) driver.Value {
	v, ok := b.labels[s]
	if !ok {
		v = s
		b.labels[s] = v
	}
	return v
}

// row fills the 16 values of one customer_stats row (statsCols order), as appendRow does.
func (b *boxes) row(dst []driver.NamedValue, cs *calc.CustomerStats) {
	set := func(i int, v driver.Value) { dst[i].Value = v }
	set(0, cs.Customer)
	if cs.PaidOrders == 0 {
		set(1, int64(0))
		set(2, int64(0))
		set(3, b.empty)
		set(4, b.empty)
		set(5, nil)
		set(6, nil)
		set(7, b.empty)
		set(8, b.label(cs.Segment))
		set(9, b.empty)
		set(10, int64(0))
		set(11, int64(0))
		set(12, int64(0))
		set(13, b.label(cs.Level))
		set(14, b.empty)
		set(15, b.asOf)
		return
	}
	set(1, int64(cs.PaidOrders))
	set(2, cs.RevenueFen)
	set(3, b.day(cs.FirstDay))
	set(4, b.day(cs.LastDay))
	set(5, nil)
	if cs.HasCycle {
		set(6, cs.CycleDays)
		set(7, b.day(cs.NextExpected))
	} else {
		set(6, nil)
		set(7, b.empty)
	}
	set(8, b.label(cs.Segment))
	set(9, b.label(cs.RFM))
	set(10, int64(cs.R))
	set(11, int64(cs.F))
	set(12, int64(cs.M))
	set(13, b.label(cs.Level))
	set(14, b.label(cs.Ladder))
	set(15, b.asOf)
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
