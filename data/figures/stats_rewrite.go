package figures

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"huitouke/data/figures/calc"
	"huitouke/data/sqlraw"
)

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
