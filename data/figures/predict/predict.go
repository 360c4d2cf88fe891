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
	e := m.expectedIfAlive(t, x, T)
	if x > 0 {
		e *= m.PAlive(x, tx, T)
	}
	return e
}

// expectedIfAlive is E[X(t)] without the P(alive) factor: it depends on x and T only, so
// customers who differ only in t_x share it.
func (m BGNBD) expectedIfAlive(t float64, x int, T float64) float64 {
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
	return m.predictFrom(c, m.curve(c.X, c.T), monthlyDiscount)
}

// curve is E[X(t)] if alive at the horizons of a Prediction: 30 and 90 days, then the ends
// of months 1 … 12 (month 12 is 365 days).
type curve [14]float64

func (m Model) curve(x int, T float64) curve {
	u := m.Unit.Days()
	var c curve
	c[0] = m.BGNBD.expectedIfAlive(30/u, x, T)
	c[1] = m.BGNBD.expectedIfAlive(90/u, x, T)
	for k := 1; k <= 12; k++ {
		c[1+k] = m.BGNBD.expectedIfAlive(float64(k)*MonthDays/u, x, T)
	}
	return c
}

func (m Model) predictFrom(c Customer, cv curve, monthlyDiscount float64) Prediction {
	b := m.BGNBD
	p := Prediction{PAlive: b.PAlive(c.X, c.Tx, c.T), NextDays: b.NextWait(c.X, c.T) * m.Unit.Days()}
	p.Next30, p.Next90 = cv[0]*p.PAlive, cv[1]*p.PAlive
	prev := 0.0
	var months float64
	for k := 1; k <= 12; k++ {
		e := cv[1+k] * p.PAlive
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

// PredictAll predicts every customer, side by side on every CPU. Customers sharing (x, T)
// share the expensive part (the hypergeometric sums).
func PredictAll(m Model, cs []Customer, monthlyDiscount float64) []Prediction {
	out := make([]Prediction, len(cs))
	workers := runtime.GOMAXPROCS(0)
	chunk := (len(cs) + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < len(cs); lo += chunk {
		hi := min(lo+chunk, len(cs))
		wg.Go(func() {
			type key struct {
				x int
				t float64
			}
			seen := make(map[key]*curve)
			for i := lo; i < hi; i++ {
				c := cs[i]
				k := key{c.X, c.T}
				cv, ok := seen[k]
				if !ok {
					v := m.curve(c.X, c.T)
					cv = &v
					seen[k] = cv
				}
				out[i] = m.predictFrom(c, *cv, monthlyDiscount)
			}
		})
	}
	wg.Wait()
	return out
}
