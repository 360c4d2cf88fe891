package figures

import (
	"context"
	"fmt"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures/calc"
)

// Overview is everything the overview screen shows for one period: one call per user action
// (opening the screen, choosing a period or an as-of date).
type Overview struct {
	// HasData is false while the shop has neither an order nor a customer; the rest is then
	// zero and the screen shows the first-run guide.
	HasData bool
	Report
	Months []calc.Month // the trend, over TrendRange
}

// Overview computes the overview of period p as of asOf.
func (c *Cache) Overview(ctx context.Context, st *data.Store, p calc.Period, asOf clock.Day) (Overview, error) {
	has, err := hasData(ctx, st)
	if err != nil || !has {
		return Overview{}, err
	}
	r, err := c.Figures(ctx, st, p, asOf)
	if err != nil {
		return Overview{}, err
	}
	from, to := TrendRange(p, asOf, r.FirstDay)
	months, err := c.Trend(ctx, st, from, to)
	if err != nil {
		return Overview{}, err
	}
	return Overview{HasData: true, Report: r, Months: months}, nil
}

// TrendRange is the days the overview's trend covers: the period when it spans a year or
// more (at most three years), else the twelve months up to its end, so a short period still
// shows a trend. first is the day of the shop's first paid order (the start of all time).
func TrendRange(p calc.Period, asOf, first clock.Day) (clock.Day, clock.Day) {
	end := asOf
	if p.To != 0 && p.To < end {
		end = p.To
	}
	from := p.From
	if from == 0 {
		from = first
	}
	if end-from < 364 {
		from = end - 364
	}
	if end-from > 3*365 {
		from = end - 3*365
	}
	return from, end
}

// SegmentsPage is everything the segments screen shows, as of one day.
type SegmentsPage struct {
	// HasData is false while the shop has neither an order nor a customer; the rest is then
	// zero and the screen shows its empty state.
	HasData bool
	Breakdown
}

// SegmentsPage computes the segments screen as of asOf (lifetime figures).
func (c *Cache) SegmentsPage(ctx context.Context, st *data.Store, asOf clock.Day) (SegmentsPage, error) {
	has, err := hasData(ctx, st)
	if err != nil || !has {
		return SegmentsPage{}, err
	}
	b, err := c.Breakdown(ctx, st, asOf)
	if err != nil {
		return SegmentsPage{}, err
	}
	return SegmentsPage{HasData: true, Breakdown: b}, nil
}

// hasData tells whether any order or customer is stored.
func hasData(ctx context.Context, st *data.Store) (bool, error) {
	n, err := st.Counts(ctx)
	if err != nil {
		return false, fmt.Errorf("count orders and customers: %w", err)
	}
	return n.Orders > 0 || n.Customers > 0, nil
}

// Stale tells whether the stored figures need a recompute to be right on day today: the shop
// has data, and customer_stats was computed for another day (the app was not opened since).
func Stale(ctx context.Context, st *data.Store, today clock.Day) (bool, error) {
	day, ok, err := StatsAsOf(ctx, st)
	if err != nil {
		return false, err
	}
	if ok && day == today {
		return false, nil
	}
	return hasData(ctx, st)
}
