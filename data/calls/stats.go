package calls

import (
	"context"

	"huitouke/data"
	"huitouke/data/analytics"
	"huitouke/data/insights"
)

// EnsureStats brings the derived figures (customer_stats) to asOf with the
// shop-wide recompute when they were computed for another day, since the
// call rules read segments and next expected purchases from there. It
// reports whether it recomputed.
func EnsureStats(ctx context.Context, st *data.Store, asOf Day) (bool, error) {
	cur, ok, err := insights.StatsAsOf(ctx, st)
	if err != nil {
		return false, err
	}
	if ok && cur.String() == asOf.String() {
		return false, nil
	}
	ad, err := analytics.ParseDay(asOf.String())
	if err != nil {
		return false, err
	}
	if _, err := insights.Recompute(ctx, st, ad); err != nil {
		return false, err
	}
	return true, nil
}
