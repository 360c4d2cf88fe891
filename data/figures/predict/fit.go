package predict

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"
)

// Fit errors: the callers fall back to the lifecycle segments.
var (
	ErrTooFew  = errors.New("too few customers or repeat buyers to fit the models")
	ErrNoFit   = errors.New("the models could not be fitted to these data")
	ErrNoSpend = errors.New("the spend model could not be fitted")
)

// MinCustomers and MinRepeaters are the least data a fit is attempted on.
const (
	MinCustomers = 50
	MinRepeaters = 20
)

// Model is a fitted pair of models.
type Model struct {
	Unit      Unit
	BGNBD     BGNBD
	LogLik    float64 // BG/NBD log-likelihood at the estimates
	Spend     GammaGamma
	HasSpend  bool // false when the spend model could not be fitted (no value predictions)
	Customers int
	Repeaters int
}

// Fit fits BG/NBD on every customer and Gamma-Gamma on the repeat buyers (mean value of the
// repeat transactions), by maximum likelihood over the log-parameters with gonum's BFGS and
// the analytic gradient (Nelder-Mead when BFGS fails). A failed spend fit leaves HasSpend
// false; a failed BG/NBD fit is an error.
func Fit(cs []Customer, unit Unit) (Model, error) {
	m := Model{Unit: unit, Customers: len(cs)}
	var sumT float64
	for i := range cs {
		if cs[i].X > 0 {
			m.Repeaters++
		}
		sumT += cs[i].T
	}
	if m.Customers < MinCustomers || m.Repeaters < MinRepeaters {
		return m, ErrTooFew
	}
	cl := cells(cs)
	n := float64(len(cs))
	toModel := func(v []float64) BGNBD {
		return BGNBD{math.Exp(v[0]), math.Exp(v[1]), math.Exp(v[2]), math.Exp(v[3])}
	}
	p := optimize.Problem{
		Func: func(v []float64) float64 {
			if bad(v) {
				return math.Inf(1)
			}
			ll, _ := bgnbdLL(toModel(v), cl, false)
			return -ll / n
		},
		Grad: func(g, v []float64) {
			_, d := bgnbdLL(toModel(v), cl, true)
			for i := range g {
				g[i] = -d[i] / n
			}
		},
	}
	alpha0 := math.Max(sumT/n, 1e-3)
	x, err := minimize(p, []float64{0, math.Log(alpha0), 0, 0})
	if err != nil {
		return m, fmt.Errorf("%w: %v", ErrNoFit, err)
	}
	m.BGNBD = toModel(x)
	if !sane(x) {
		return m, fmt.Errorf("%w: estimates out of range %+v", ErrNoFit, m.BGNBD)
	}
	m.LogLik, _ = bgnbdLL(m.BGNBD, cl, false)
	if g, err := FitSpend(cs); err == nil {
		m.Spend, m.HasSpend = g, true
	}
	return m, nil
}

// FitSpend fits the Gamma-Gamma model on the repeat buyers.
func FitSpend(cs []Customer) (GammaGamma, error) {
	ss := spends(cs)
	if len(ss) < MinRepeaters {
		return GammaGamma{}, ErrTooFew
	}
	var mean float64
	for _, s := range ss {
		mean += s.m
	}
	mean /= float64(len(ss))
	n := float64(len(ss))
	toModel := func(v []float64) GammaGamma {
		return GammaGamma{math.Exp(v[0]), math.Exp(v[1]), math.Exp(v[2])}
	}
	p := optimize.Problem{
		Func: func(v []float64) float64 {
			if bad(v) {
				return math.Inf(1)
			}
			ll, _ := ggLL(toModel(v), ss)
			return -ll / n
		},
		Grad: func(g, v []float64) {
			_, d := ggLL(toModel(v), ss)
			for i := range g {
				g[i] = -d[i] / n
			}
		},
	}
	// Start from p = 1, q = 2: the population mean pγ/(q−1) is then γ, the data's mean.
	x, err := minimize(p, []float64{0, math.Log(2), math.Log(mean)})
	if err != nil {
		return GammaGamma{}, fmt.Errorf("%w: %v", ErrNoSpend, err)
	}
	g := toModel(x)
	if !sane(x) || g.Q <= 1 {
		return g, fmt.Errorf("%w: estimates out of range %+v", ErrNoSpend, g)
	}
	return g, nil
}

// bad: a log-parameter so far out that exp over- or underflows.
func bad(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.Abs(x) > 30 {
			return true
		}
	}
	return false
}

// sane: every estimate within 1e-6 .. 1e8 (a degenerate fit runs off to 0 or ∞).
func sane(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || x < math.Log(1e-6) || x > math.Log(1e8) {
			return false
		}
	}
	return true
}

// minimize runs BFGS, then Nelder-Mead from where it stopped when it did not converge.
func minimize(p optimize.Problem, x0 []float64) ([]float64, error) {
	set := &optimize.Settings{GradientThreshold: 1e-9, MajorIterations: 2000}
	res, err := optimize.Minimize(p, x0, set, &optimize.BFGS{})
	if err == nil && res != nil && !math.IsInf(res.F, 0) && !math.IsNaN(res.F) {
		return res.X, nil
	}
	start := x0
	if res != nil && !math.IsNaN(res.F) && !math.IsInf(res.F, 0) {
		start = res.X
	}
	nm := optimize.Problem{Func: p.Func}
	res, err2 := optimize.Minimize(nm, start, &optimize.Settings{MajorIterations: 5000, FuncEvaluations: 5000}, &optimize.NelderMead{})
	if err2 != nil && (res == nil || res.Status != optimize.MethodConverge) {
		if err == nil {
			err = err2
		}
		return nil, err
	}
	return res.X, nil
}
