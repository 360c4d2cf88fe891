package figures

import (
	"context"
	"maps"
	"testing"
)

// The bulk rewrite (indexes dropped, rows inserted, indexes rebuilt with
// small-cache pragmas) must leave the same table and the same indexes as the
// row-by-row rewrite, and leave the connection usable afterwards.
func TestBulkRewriteMatchesPlainRewrite(t *testing.T) {
	ctx := context.Background()
	st := boundaryShop(t)
	indexes := func() map[string]string {
		rows, err := st.DB().Query(`SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='customer_stats' AND sql IS NOT NULL`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var n, q string
			if err := rows.Scan(&n, &q); err != nil {
				t.Fatal(err)
			}
			out[n] = q
		}
		return out
	}
	before := indexes()
	if len(before) < 2 {
		t.Fatalf("customer_stats has only %d secondary indexes: %v", len(before), before)
	}
	if _, err := Recompute(ctx, st, asOf); err != nil {
		t.Fatal(err)
	}
	plain := statsTable(t, st)

	old := bulkRows
	bulkRows = 1
	t.Cleanup(func() { bulkRows = old })
	if _, err := st.DB().Exec(`DELETE FROM customer_stats`); err != nil {
		t.Fatal(err)
	}
	if _, err := Recompute(ctx, st, asOf); err != nil {
		t.Fatal(err)
	}
	if bulk := statsTable(t, st); !maps.Equal(bulk, plain) {
		t.Fatalf("bulk rewrite differs from the plain rewrite:\n%v\n%v", bulk, plain)
	}
	if after := indexes(); !maps.Equal(after, before) {
		t.Fatalf("indexes after the bulk rewrite %v, want %v", after, before)
	}
	// The pooled connections still work for ordinary reads and writes.
	if _, err := Recompute(ctx, st, asOf+1); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := st.DB().QueryRow(`SELECT COUNT(*) FROM customer_stats`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("customer_stats after a second recompute: %d rows, %v", n, err)
	}
}
