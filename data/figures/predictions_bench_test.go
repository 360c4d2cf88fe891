package figures

import (
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures/calc"
)

// simulatedOrders draws about n paid orders from BG/NBD and Gamma-Gamma with CDNOW's
// estimates in days (r 0.243, α 30.9, a 0.793, b 2.426; p 6.25, q 3.74, γ ¥15.44 … in fen
// ×10), first purchases spread over the 1,100 days before asOf. It returns the orders sorted
// by (customer, day) and the number of customers.
func simulatedOrders(n int, asOf clock.Day) ([]calc.Order, int) {
	rng := rand.New(rand.NewPCG(5, 6))
	gamma := func(shape float64) float64 {
		boost := 1.0
		if shape < 1 {
			boost = math.Pow(rng.Float64(), 1/shape)
			shape++
		}
		d := shape - 1.0/3
		c := 1 / math.Sqrt(9*d)
		for {
			x := rng.NormFloat64()
			v := 1 + c*x
			if v <= 0 {
				continue
			}
			v = v * v * v
			if math.Log(rng.Float64()) < 0.5*x*x+d-d*v+d*math.Log(v) {
				return d * v * boost
			}
		}
	}
	var orders []calc.Order
	id := int64(0)
	for len(orders) < n {
		id++
		first := asOf - clock.Day(rng.IntN(1100))
		lambda := gamma(0.243) / 30.9
		pa, pb := gamma(0.793), gamma(2.426)
		p := pa / (pa + pb)
		nu := gamma(3.74) / 15440
		value := func() int64 { return int64(gamma(6.25)/nu) + 1 }
		orders = append(orders, calc.Order{Customer: id, Day: first, Revenue: value()})
		at := 0.0
		for {
			at += rng.ExpFloat64() / lambda
			if at > float64(asOf-first) {
				break
			}
			d := first + clock.Day(at)
			orders = append(orders, calc.Order{Customer: id, Day: d, Revenue: value()})
			if rng.Float64() < p {
				break
			}
		}
	}
	return orders, int(id)
}

// BenchmarkPredictions is the prediction step of the recompute at 1,000,000 paid orders:
// summaries, both fits, every customer's predictions and the writes, first into an empty
// table, then the same day again (nothing changes), then the next day.
func BenchmarkPredictions(b *testing.B) {
	ctx := context.Background()
	asOf := clock.NewDay(2026, 11, 15)
	orders, custs := simulatedOrders(1_000_000, asOf)
	st, err := data.Open(ctx, filepath.Join(b.TempDir(), "p.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := st.DB().Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO customers(id, created_at, updated_at) SELECT i, '', '' FROM n`, custs); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d orders, %d customers", len(orders), custs)
	for b.Loop() {
		if _, err := st.DB().Exec(`DELETE FROM customer_predictions`); err != nil {
			b.Fatal(err)
		}
		for _, step := range []struct {
			name string
			day  clock.Day
		}{{"first-ms", asOf}, {"again-ms", asOf}, {"nextday-ms", asOf + 1}} {
			t0 := time.Now()
			r, err := refreshPredictions(ctx, st, orders, step.day)
			if err != nil || r.status != PredictOK {
				b.Fatal(err, r.status, r.reason)
			}
			b.ReportMetric(float64(time.Since(t0).Milliseconds()), step.name)
			b.ReportMetric(float64(r.written), step.name[:len(step.name)-3]+"-rows")
			b.Logf("%s: fit %v, predict %v, write %v (%d rows)", step.name, r.fit, r.predict, r.write, r.written)
		}
	}
}
