package calls

import (
	"context"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures"
)

// EnsureStats brings the derived figures (customer_stats) to asOf with the
// shop-wide recompute when they were computed for another day, since the
// call rules read segments and next expected purchases from there. It
// reports whether it recomputed.
func EnsureStats(ctx context.Context, st *data.Store, asOf clock.Day) (bool, error) {
	cur, ok, err := figures.StatsAsOf(ctx, st)
	if err != nil {
		return false, err
	}
	if ok && cur.String() == asOf.String() {
		return false, nil
	}
	ad, err := clock.ParseDay(asOf.String())
	if err != nil {
		return false, err
	}
	if _, err := figures.Recompute(ctx, st, ad); err != nil {
		return false, err
	}
	return true, nil
}
