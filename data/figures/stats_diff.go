package figures

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"runtime"
	"slices"
	"strings"

	"huitouke/data"
	"huitouke/data/figures/calc"
	"huitouke/data/sqlraw"
)

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
