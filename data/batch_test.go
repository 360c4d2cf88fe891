package data

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

func TestBatchStmtInsertsFullAndShortBatches(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	sqlFor := func(n int) string {
		return `INSERT INTO tags(name) VALUES ` + strings.TrimSuffix(strings.Repeat("(?),", n), ",")
	}
	names := []string{"甲", "乙", "丙", "丁", "戊", "己", "庚"}
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		b := NewBatchStmt(tx, 3, sqlFor)
		defer b.Close()
		for rest := names; len(rest) > 0; {
			n := min(len(rest), 3)
			args := make([]any, n)
			for i := range n {
				args[i] = rest[i]
			}
			if err := b.Run(ctx, n, args); err != nil {
				return err
			}
			rest = rest[n:]
		}
		return b.Run(ctx, 0, nil) // an empty batch is a no-op
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	rows, err := st.DB().Query(`SELECT name FROM tags ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		rows.Scan(&n)
		got = append(got, n)
	}
	if strings.Join(got, "") != strings.Join(names, "") {
		t.Fatalf("inserted %v, want %v", got, names)
	}
}
