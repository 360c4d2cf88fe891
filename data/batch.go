package data

import (
	"context"
	"database/sql"
)

// BatchStmt runs a multi-row statement (INSERT … VALUES (…),(…) …) in
// batches of up to size rows: the full-size statement is prepared once and
// reused, a shorter last batch gets its own. sqlFor(n) is the statement for
// n rows.
type BatchStmt struct {
	tx     *sql.Tx
	size   int
	sqlFor func(n int) string
	full   *sql.Stmt
}

// NewBatchStmt prepares nothing yet; call Close when done.
func NewBatchStmt(tx *sql.Tx, size int, sqlFor func(n int) string) *BatchStmt {
	return &BatchStmt{tx: tx, size: size, sqlFor: sqlFor}
}

// Run executes the statement for n rows with args (n × columns values).
// It uses Query, not Exec: mattn/go-sqlite3 then binds every value in one
// cgo call instead of one per value.
func (b *BatchStmt) Run(ctx context.Context, n int, args []any) error {
	if n == 0 {
		return nil
	}
	var rows *sql.Rows
	var err error
	if n == b.size {
		if b.full == nil {
			if b.full, err = b.tx.PrepareContext(ctx, b.sqlFor(b.size)); err != nil {
				return err
			}
		}
		rows, err = b.full.QueryContext(ctx, args...)
	} else {
		rows, err = b.tx.QueryContext(ctx, b.sqlFor(n), args...)
	}
	if err != nil {
		return err
	}
	return rows.Close()
}

// Close releases the prepared statement.
func (b *BatchStmt) Close() {
	if b.full != nil {
		b.full.Close()
	}
}
