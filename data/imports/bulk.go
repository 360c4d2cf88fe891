package imports

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// bulkInsert gathers rows and writes them with multi-row INSERT statements
// (per rows at a time through one prepared statement), which costs SQLite
// and database/sql far less than one statement per row.
type bulkInsert struct {
	ctx   context.Context
	tx    *sql.Tx
	head  string // INSERT INTO t(a, b) VALUES
	tail  string // ON CONFLICT … or ""
	ncols int
	per   int
	rows  int
	args  []any
	stmts map[int]*sql.Stmt
	what  string
	// parents are flushed first: rows here refer to rows there.
	parents []*bulkInsert
}

func newBulk(ctx context.Context, tx *sql.Tx, what, head, tail string, ncols, per int) *bulkInsert {
	return &bulkInsert{ctx: ctx, tx: tx, what: what, head: head, tail: tail, ncols: ncols, per: per,
		args: make([]any, 0, ncols*per), stmts: map[int]*sql.Stmt{}}
}

func (b *bulkInsert) add(args ...any) error {
	if len(args) != b.ncols {
		return fmt.Errorf("import: %s: %d values for %d columns", b.what, len(args), b.ncols)
	}
	b.args = append(b.args, args...)
	b.rows++
	if b.rows >= b.per {
		return b.flush()
	}
	return nil
}

func (b *bulkInsert) flush() error {
	if b.rows == 0 {
		return nil
	}
	for _, p := range b.parents {
		if err := p.flush(); err != nil {
			return err
		}
	}
	st, ok := b.stmts[b.rows]
	if !ok {
		one := "(?" + strings.Repeat(",?", b.ncols-1) + ")"
		q := b.head + " " + one + strings.Repeat(","+one, b.rows-1) + " " + b.tail
		var err error
		if st, err = b.tx.PrepareContext(b.ctx, q); err != nil {
			return fmt.Errorf("import: prepare %s: %w", b.what, err)
		}
		b.stmts[b.rows] = st
	}
	if _, err := st.ExecContext(b.ctx, b.args...); err != nil {
		return fmt.Errorf("import: write %s: %w", b.what, err)
	}
	for i := range b.args {
		b.args[i] = nil
	}
	b.args = b.args[:0]
	b.rows = 0
	return nil
}

func (b *bulkInsert) close() {
	for _, s := range b.stmts {
		s.Close()
	}
}
