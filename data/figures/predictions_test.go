package figures

import (
	"context"
	"testing"

	"huitouke/data/figures/predict"
)

// predictShop: 300 buyers, most of them coming back every 10–59 days for a while.
func predictShop(t *testing.T) (*shop, int) {
	st := openStore(t)
	s := &shop{t: t, st: st}
	for i := int64(1); i <= 300; i++ {
		s.customer(i, "c")
		start := int(i*7%700) + 30
		gap := 10 + int(i%50)
		for k := 0; k <= int(i%7) && start-k*gap >= 0; k++ {
			s.order(i, start-k*gap, 50+i%40, true)
		}
	}
	return s, 300
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
	// Customer 14 bought once (14 % 7 == 0): never seen to leave, P(alive) = 1.
	p, ok, err := CustomerPredictions(ctx, s.st, 14)
	if err != nil || !ok || p.PAlive != 1 {
		t.Errorf("customer 14: %+v %v %v", p, ok, err)
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
