package figures

import (
	"context"
	"testing"

	"huitouke/data/figures/calc"
	"huitouke/data/figures/predict"
)

// predictShop: 300 buyers drawn from the models (simulatedOrders), customer 14 made a
// one-time buyer.
func predictShop(t *testing.T) (*shop, int) {
	st := openStore(t)
	s := &shop{t: t, st: st}
	orders, n := simulatedOrders(1200, asOf)
	n = min(n, 300)
	for i := int64(1); i <= int64(n); i++ {
		s.customer(i, "c")
	}
	for _, o := range orders {
		if o.Customer > int64(n) || (o.Customer == 14 && o.Day != orders[firstOf(orders, 14)].Day) {
			continue
		}
		s.order(o.Customer, int(asOf-o.Day), max(1, o.Revenue/100), true)
	}
	return s, n
}

func firstOf(orders []calc.Order, id int64) int {
	for i, o := range orders {
		if o.Customer == id {
			return i
		}
	}
	return -1
}

func TestRecomputeStoresPredictions(t *testing.T) {
	ctx := context.Background()
	s, buyers := predictShop(t)
	c := NewCache()
	sum, err := c.Recompute(ctx, s.st, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if sum.PredictStatus != PredictOK || sum.Predicted != buyers {
		t.Fatalf("status %s (%v), %d predicted, want ok and %d", sum.PredictStatus, sum.PredictErr, sum.Predicted, buyers)
	}
	var n int
	if err := s.st.DB().QueryRow(`SELECT COUNT(*) FROM customer_predictions WHERE p_alive BETWEEN 0 AND 1
		AND next_30 <= next_90 AND next_90 <= next_365 AND value_fen > 0`).Scan(&n); err != nil || n != buyers {
		t.Fatalf("%d sensible rows (%v), want %d", n, err, buyers)
	}
	if v, _ := s.st.Setting(ctx, KeyPredictFit, ""); v == "" {
		t.Error("fit not recorded in settings")
	}
	// Customer 14 bought once: never seen to leave, P(alive) = 1.
	p, ok, err := CustomerPredictions(ctx, s.st, 14)
	if err != nil || !ok || p.PAlive != 1 {
		t.Errorf("customer 14: %+v %v %v", p, ok, err)
	}
	// The cache remembers: the same recompute again does not refit.
	if sum, err := c.Recompute(ctx, s.st, asOf); err != nil || sum.Predict != 0 || sum.Predicted != buyers {
		t.Errorf("recompute again: %v, predictions took %v for %d", err, sum.Predict, sum.Predicted)
	}
	// The same day again: nothing to write.
	if pr, err := refreshPredictions(ctx, s.st, c.orders, asOf); err != nil || pr.written != 0 || pr.rows != buyers {
		t.Errorf("second refresh wrote %d of %d rows (%v), want 0", pr.written, pr.rows, err)
	}
	// A day later the rows that move are rewritten, not all of them necessarily.
	pr, err := refreshPredictions(ctx, s.st, c.orders, asOf+1)
	if err != nil || pr.written == 0 {
		t.Errorf("next day wrote %d rows (%v)", pr.written, err)
	}

	// Too few data: every prediction goes, the status says why.
	if _, err := s.st.DB().Exec(`DELETE FROM orders WHERE customer_id > 30`); err != nil {
		t.Fatal(err)
	}
	c.Invalidate()
	sum, err = c.Recompute(ctx, s.st, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if sum.PredictStatus != PredictTooFew || sum.PredictErr != predict.ErrTooFew || sum.Predicted != 0 {
		t.Errorf("status %s (%v), %d predicted", sum.PredictStatus, sum.PredictErr, sum.Predicted)
	}
	if err := s.st.DB().QueryRow(`SELECT COUNT(*) FROM customer_predictions`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d rows left (%v)", n, err)
	}
	if v, _ := s.st.Setting(ctx, KeyPredictFit, ""); v != "" {
		t.Errorf("fit left in settings: %s", v)
	}
}
