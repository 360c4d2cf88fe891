package figures

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"testing"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/sqlraw"
)

// statsTable is customer_stats without the per-row as_of (the day a row last changed).
func statsTable(t *testing.T, st *data.Store) map[int64]string {
	t.Helper()
	rows, err := st.DB().Query(`SELECT customer_id, paid_orders, revenue_fen, first_paid_day, last_paid_day, days_since,
		cycle_days, next_expected, segment, rfm, r_score, f_score, m_score, level, ladder FROM customer_stats`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id, paid, rev, r, f, m int64
		var first, last, next, seg, rfm, level, ladder string
		var days sql.NullInt64
		var cycle sql.NullFloat64
		if err := rows.Scan(&id, &paid, &rev, &first, &last, &days, &cycle, &next, &seg, &rfm, &r, &f, &m, &level, &ladder); err != nil {
			t.Fatal(err)
		}
		if days.Valid {
			t.Errorf("customer %d: days_since %d stored, want NULL", id, days.Int64)
		}
		out[id] = fmt.Sprint(paid, rev, first, last, cycle, next, seg, rfm, r, f, m, level, ladder)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRecomputeIncremental: a recompute that upserts only the changed rows leaves the same
// table as one from an empty table, through new days, new orders, merges, new customers and
// levels set by hand; rows that did not change keep the day they were written.
// It runs as the app does on a small shop, with the reads cut into ranges read side by side
// (as for a large shop), and through database/sql instead of the driver connections.
func TestRecomputeIncremental(t *testing.T) {
	for _, mode := range []struct {
		name string
		span int64
		raw  bool
	}{{"serial", parallelSpan, true}, {"ranges", 0, true}, {"database-sql", 0, false}} {
		t.Run(mode.name, func(t *testing.T) {
			oldSpan, oldRaw := parallelSpan, sqlraw.Direct
			parallelSpan, sqlraw.Direct = mode.span, mode.raw
			t.Cleanup(func() { parallelSpan, sqlraw.Direct = oldSpan, oldRaw })
			testRecomputeIncremental(t)
		})
	}
}

func testRecomputeIncremental(t *testing.T) {
	old := maxDiffShare
	maxDiffShare = 1e9 // always the incremental path once rows exist
	t.Cleanup(func() { maxDiffShare = old })
	st := boundaryShop(t)
	s := &shop{t: t, st: st, n: 100}
	ctx := context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := st.DB().Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Recompute(ctx, st, asOf); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name   string
		day    clock.Day
		change func()
	}{
		{"same day", asOf, func() {}},
		{"next day", asOf + 1, func() {}},
		{"new order", asOf + 1, func() { s.order(5, -1, 80, true) }},
		{"merge", asOf + 2, func() { exec(`UPDATE customers SET merged_into = 7 WHERE id = 8`) }},
		{"new customer", asOf + 2, func() { s.customer(13, "M") }},
		{"level by hand", asOf + 3, func() { exec(`UPDATE customers SET level_override = 'vip' WHERE id IN (10, 2)`) }},
		{"order of a non-buyer", asOf + 3, func() { s.order(13, -2, 10, true) }},
		// Buyers without a stored row, before, between and after the stored ones.
		{"new buyers", asOf + 3, func() {
			for _, id := range []int64{14, 15} {
				s.customer(id, fmt.Sprint("N", id))
				s.order(id, 2, 20*id, true)
			}
			exec(`DELETE FROM customer_stats WHERE customer_id IN (1, 6)`)
		}},
		{"days back", asOf - 5, func() {}},
	}
	for _, step := range steps {
		step.change()
		inc, err := Recompute(ctx, st, step.day)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		got := statsTable(t, st)
		if d, ok, err := StatsAsOf(ctx, st); err != nil || !ok || d != step.day {
			t.Errorf("%s: StatsAsOf = %v %v %v, want %v", step.name, d, ok, err, step.day)
		}
		exec(`DELETE FROM customer_stats`)
		full, err := Recompute(ctx, st, step.day)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		want := statsTable(t, st)
		if !maps.Equal(got, want) {
			for id := range want {
				if got[id] != want[id] {
					t.Errorf("%s: customer %d: incremental %q, from scratch %q", step.name, id, got[id], want[id])
				}
			}
			for id := range got {
				if _, ok := want[id]; !ok {
					t.Errorf("%s: customer %d has a row only after the incremental recompute", step.name, id)
				}
			}
		}
		if inc.Customers != full.Customers || inc.Buyers != full.Buyers || !maps.Equal(inc.Segments, full.Segments) {
			t.Errorf("%s: incremental summary %d %d %v, from scratch %d %d %v", step.name,
				inc.Customers, inc.Buyers, inc.Segments, full.Customers, full.Buyers, full.Segments)
		}
	}
	// I stayed lost from the first step on: its row was written once, on the first day.
	exec(`DELETE FROM customer_stats`)
	if _, err := Recompute(ctx, st, asOf); err != nil {
		t.Fatal(err)
	}
	if _, err := Recompute(ctx, st, asOf+1); err != nil {
		t.Fatal(err)
	}
	var day string
	if err := st.DB().QueryRow(`SELECT as_of FROM customer_stats WHERE customer_id = 9`).Scan(&day); err != nil {
		t.Fatal(err)
	}
	if day != asOf.String() {
		t.Errorf("unchanged row rewritten: as_of %s, want %s", day, asOf)
	}
	if err := st.DB().QueryRow(`SELECT as_of FROM customer_stats WHERE customer_id = 1`).Scan(&day); err != nil {
		t.Fatal(err)
	}
	if day != (asOf + 1).String() { // A: new 45 days ago, cooling at 46
		t.Errorf("changed row: as_of %s, want %s", day, asOf+1)
	}
}
