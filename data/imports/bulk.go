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
	row   string // one row's values: (?, ?, 'const')
	tail  string // ON CONFLICT … or ""
	ncols int
	per   int
	rows  int
	args  []any
	stmts map[int]*sql.Stmt
	what  string
	// parents are flushed first: rows here refer to rows there.
	parents []*bulkInsert
	// strict: every row must land; the statement is INSERT OR IGNORE (see
	// newBulk), so a row it skipped is an error found by counting.
	strict bool
	// autoID: add's first value is the row id SQLite is expected to give
	// the row (the largest id + 1, as rows are inserted one after the
	// other); it is not written but checked after each statement. An
	// explicit id would make SQLite keep a statement journal.
	autoID bool
	lastID int64
}

func newBulk(ctx context.Context, tx *sql.Tx, what, head, tail string, ncols, per int) *bulkInsert {
	return newBulkRow(ctx, tx, what, head, "(?"+strings.Repeat(",?", ncols-1)+")", tail, per)
}

// newBulkRow is newBulk with the text of one row's values given: values the
// same in every row of the file (the platform, the import's id and time)
// are written into it as literals (see sqlLit), which spares binding them
// row after row, and columns left at their defaults are not listed at all.
func newBulkRow(ctx context.Context, tx *sql.Tx, what, head, row, tail string, per int) *bulkInsert {
	n := placeholders(row)
	return &bulkInsert{ctx: ctx, tx: tx, what: what, head: head, row: row, tail: tail, ncols: n, per: per,
		args: make([]any, 0, n*per), stmts: map[int]*sql.Stmt{}}
}

// placeholders counts the ? of row outside its quoted literals.
func placeholders(row string) int {
	n := 0
	quoted := false
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\'':
			quoted = !quoted
		case '?':
			if !quoted {
				n++
			}
		}
	}
	return n
}

// sqlLit is s as an SQL string literal.
func sqlLit(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func (b *bulkInsert) add(args ...any) error {
	if b.autoID {
		if b.rows > 0 && args[0].(int64) != b.lastID+1 {
			return fmt.Errorf("import: %s: id %d does not follow %d", b.what, args[0], b.lastID)
		}
		b.lastID = args[0].(int64)
		args = args[1:]
	}
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
		q := b.head + " " + b.row + strings.Repeat(","+b.row, b.rows-1) + " " + b.tail
		var err error
		if st, err = b.tx.PrepareContext(b.ctx, q); err != nil {
			return fmt.Errorf("import: prepare %s: %w", b.what, err)
		}
		b.stmts[b.rows] = st
	}
	r, err := st.ExecContext(b.ctx, b.args...)
	if err != nil {
		return fmt.Errorf("import: write %s: %w", b.what, err)
	}
	if b.strict || b.autoID {
		if n, err := r.RowsAffected(); err != nil || n != int64(b.rows) {
			return fmt.Errorf("import: write %s: %d of %d rows written (%v)", b.what, n, b.rows, err)
		}
	}
	if b.autoID {
		if id, err := r.LastInsertId(); err != nil || id != b.lastID {
			return fmt.Errorf("import: write %s: last id %d, want %d (%v)", b.what, id, b.lastID, err)
		}
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
