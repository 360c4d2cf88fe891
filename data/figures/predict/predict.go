package predict

import (
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/mathext"
)

// PAlive is the probability that a customer with (x, t_x, T) is still buying at T:
//
//	P(alive) = 1 / (1 + [x > 0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
func (m BGNBD) PAlive(x int, tx, T float64) float64 {
	if x == 0 {
		return 1
	}
	return 1 / (1 + math.Exp(m.logOdds(x, tx, T)))
}

// logOdds is ln of the second term of P(alive)'s denominator (x > 0).
func (m BGNBD) logOdds(x int, tx, T float64) float64 {
	fx := float64(x)
	return math.Log(m.A) - math.Log(m.B+fx-1) + (m.R+fx)*(math.Log(m.Alpha+T)-math.Log(m.Alpha+tx))
}

// Expected is E[X(t) | x, t_x, T], the expected number of transactions in the next t units:
//
//	(a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
//	  / (1 + [x > 0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
//
// with a nudged off 1, where the first factor's pole cancels.
func (m BGNBD) Expected(t float64, x int, tx, T float64) float64 {
	if t <= 0 {
		return 0
	}
	a := m.A
	if math.Abs(a-1) < 1e-6 {
		a = 1 + 1e-6
	}
	fx := float64(x)
	rx := m.R + fx
	c := a + m.B + fx - 1
	z := t / (m.Alpha + T + t)
	f := math.Exp(rx*(math.Log(m.Alpha+T)-math.Log(m.Alpha+T+t))) * mathext.Hypergeo(rx, m.B+fx, c, z)
	e := c / (a - 1) * (1 - f)
	if x > 0 {
		e *= m.PAlive(x, tx, T)
	}
	if math.IsNaN(e) || e < 0 {
		return 0
	}
	return e
}

// NextWait is the median time until the next purchase of a customer who is still buying:
// given alive, the rate is Gamma(r+x, α+T) a posteriori, so the wait W has
// P(W > w) = ((α+T)/(α+T+w))^(r+x) and its median is (α+T)(2^(1/(r+x)) − 1).
func (m BGNBD) NextWait(x int, T float64) float64 {
	return (m.Alpha + T) * math.Expm1(math.Ln2/(m.R+float64(x)))
}

// Prediction is one customer's predictions as of the end of the period observed.
type Prediction struct {
	PAlive                  float64
	Next30, Next90, Next365 float64 // expected transactions in the next 30 / 90 / 365 days
	ValuePerPurchase        float64 // expected value of a transaction, fen (0 without the spend model)
	Value12m                float64 // discounted expected value of the next 12 months, fen
	NextDays                float64 // median days to the next purchase if still buying
}

// MonthDays is the length of a month of the 12-month value.
const MonthDays = 365.0 / 12

// DefaultMonthlyDiscount is the monthly discount rate of the 12-month value.
const DefaultMonthlyDiscount = 0.01

// Predict returns c's predictions. The 12-month value sums, month by month, the expected
// transactions of the month times the expected value per transaction, discounted by
// (1+d)^month for a monthly rate d.
func (m Model) Predict(c Customer, monthlyDiscount float64) Prediction {
	u := m.Unit.Days()
	b := m.BGNBD
	p := Prediction{PAlive: b.PAlive(c.X, c.Tx, c.T), NextDays: b.NextWait(c.X, c.T) * u}
	p.Next30 = b.Expected(30/u, c.X, c.Tx, c.T)
	p.Next90 = b.Expected(90/u, c.X, c.Tx, c.T)
	prev := 0.0
	var months float64
	for k := 1; k <= 12; k++ {
		e := b.Expected(float64(k)*MonthDays/u, c.X, c.Tx, c.T)
		months += (e - prev) / math.Pow(1+monthlyDiscount, float64(k))
		prev = e
	}
	p.Next365 = prev
	if m.HasSpend {
		p.ValuePerPurchase = m.Spend.MeanValue(c.X, c.MeanValue)
		p.Value12m = months * p.ValuePerPurchase
	}
	return p
}

// PredictAll predicts every customer, side by side on every CPU. Customers sharing (x, t_x,
// T, mean value) share the computation.
func PredictAll(m Model, cs []Customer, monthlyDiscount float64) []Prediction {
	out := make([]Prediction, len(cs))
	workers := runtime.GOMAXPROCS(0)
	chunk := (len(cs) + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < len(cs); lo += chunk {
		hi := min(lo+chunk, len(cs))
		wg.Go(func() {
			type key struct {
				x        int
				tx, t, v float64
			}
			seen := make(map[key]Prediction)
			for i := lo; i < hi; i++ {
				c := cs[i]
				k := key{c.X, c.Tx, c.T, c.MeanValue}
				p, ok := seen[k]
				if !ok {
					p = m.Predict(c, monthlyDiscount)
					seen[k] = p
				}
				out[i] = p
			}
		})
	}
	wg.Wait()
	return out
}
