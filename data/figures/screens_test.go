package figures

import (
	"context"
	"testing"

	"huitouke/data/clock"
	"huitouke/data/figures/calc"
)

func TestScreensOfAnEmptyShop(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	c := NewCache()
	if o, err := c.Overview(ctx, st, calc.Period{From: asOf - 89, To: asOf}, asOf); err != nil || o.HasData {
		t.Errorf("overview of an empty shop: has data %v, %v", o.HasData, err)
	}
	if p, err := c.SegmentsPage(ctx, st, asOf); err != nil || p.HasData {
		t.Errorf("segments of an empty shop: has data %v, %v", p.HasData, err)
	}
	if stale, err := Stale(ctx, st, asOf); err != nil || stale {
		t.Errorf("an empty shop is stale: %v %v", stale, err)
	}
}

func TestScreensOfAShop(t *testing.T) {
	st := boundaryShop(t)
	ctx := context.Background()
	c := NewCache()
	o, err := c.Overview(ctx, st, calc.Period{From: asOf - 89, To: asOf}, asOf)
	if err != nil || !o.HasData {
		t.Fatalf("overview: has data %v, %v", o.HasData, err)
	}
	// A 90-day period shows the twelve months up to its end.
	if len(o.Months) != 13 || o.Buyers != 9 {
		t.Errorf("overview: %d months, %d buyers; want 13 and 9", len(o.Months), o.Buyers)
	}
	p, err := c.SegmentsPage(ctx, st, asOf)
	if err != nil || !p.HasData || len(p.Pareto) != 9 {
		t.Errorf("segments: has data %v, %d pareto bars, %v", p.HasData, len(p.Pareto), err)
	}
	if stale, err := Stale(ctx, st, asOf); err != nil || !stale {
		t.Errorf("a shop never recomputed is not stale: %v %v", stale, err)
	}
	if _, err := Recompute(ctx, st, asOf); err != nil {
		t.Fatal(err)
	}
	if stale, err := Stale(ctx, st, asOf); err != nil || stale {
		t.Errorf("stale right after a recompute: %v %v", stale, err)
	}
	if stale, err := Stale(ctx, st, asOf+1); err != nil || !stale {
		t.Errorf("not stale the next day: %v %v", stale, err)
	}
}

func TestTrendRange(t *testing.T) {
	d := clock.NewDay(2026, 11, 15)
	for _, tc := range []struct {
		name     string
		p        calc.Period
		first    clock.Day
		from, to clock.Day
	}{
		{"short period: the year up to its end", calc.Period{From: d - 29, To: d}, 0, d - 364, d},
		{"ends before the as-of date", calc.Period{From: d - 99, To: d - 10}, 0, d - 374, d - 10},
		{"two years: as asked", calc.Period{From: d - 730, To: d}, 0, d - 730, d},
		{"ten years: the last three", calc.Period{From: d - 3650, To: d}, 0, d - 3*365, d},
		{"all time: from the first order", calc.Period{}, d - 500, d - 500, d},
	} {
		from, to := TrendRange(tc.p, d, tc.first)
		if from != tc.from || to != tc.to {
			t.Errorf("%s: %s–%s, want %s–%s", tc.name, from, to, tc.from, tc.to)
		}
	}
}
