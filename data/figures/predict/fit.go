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
// the analytic gradient (BFGS; see minimize). A failed spend fit leaves HasSpend
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
			if outside(v, 1) {
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
	x, err := minimize(p, []float64{0, math.Log(alpha0), 0, 0}, 1)
	if err != nil {
		return m, fmt.Errorf("%w: %v", ErrNoFit, err)
	}
	m.BGNBD = toModel(x)
	if nearWall(x, 1) {
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
			if outside(v, 2) {
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
	x, err := minimize(p, []float64{0, math.Log(2), math.Log(mean)}, 2)
	if err != nil {
		return GammaGamma{}, fmt.Errorf("%w: %v", ErrNoSpend, err)
	}
	g := toModel(x)
	if nearWall(x, 2) || g.Q <= 1 {
		return g, fmt.Errorf("%w: estimates out of range %+v", ErrNoSpend, g)
	}
	return g, nil
}

// The estimates must lie in a box: shape parameters (r, a, b, p, q) within 1e-4 … 1e5,
// scales (α, γ) within 1e-4 … 1e10. The likelihood is +∞ outside it, so a fit running off
// towards a limit (a → 0: nobody ever leaves) stops at the wall and is reported as no fit
// rather than searched for at length.
var (
	shapeLo, shapeHi = math.Log(1e-4), math.Log(1e5)
	scaleLo, scaleHi = math.Log(1e-4), math.Log(1e10)
)

// outside reports v (log-parameters) outside the box; scale marks the scale parameters.
func outside(v []float64, scale ...int) bool {
	for i, x := range v {
		lo, hi := shapeLo, shapeHi
		for _, s := range scale {
			if s == i {
				lo, hi = scaleLo, scaleHi
			}
		}
		if math.IsNaN(x) || x <= lo || x >= hi {
			return true
		}
	}
	return false
}

// wallMargin: an estimate within a factor e of the box's edge is a limit, not a fit.
const wallMargin = 1.0

// nearWall reports an estimate within wallMargin of the box's edge (in logs).
func nearWall(v []float64, scale ...int) bool {
	for i, x := range v {
		lo, hi := shapeLo, shapeHi
		for _, s := range scale {
			if s == i {
				lo, hi = scaleLo, scaleHi
			}
		}
		if math.IsNaN(x) || x-lo < wallMargin || hi-x < wallMargin {
			return true
		}
	}
	return false
}

// minimize runs BFGS with the analytic gradient. A run that ends in an error (typically a
// line search that cannot improve at the optimum's floating-point floor) is accepted when
// its gradient is already flat.
//
// A run that reaches a wall (nearWall) stops there: the caller reports it as no fit.
func minimize(p optimize.Problem, x0 []float64, scale int) ([]float64, error) {
	set := &optimize.Settings{GradientThreshold: 1e-8, MajorIterations: 300, FuncEvaluations: 1000,
		Converger: &wallStop{inner: &optimize.FunctionConverge{Absolute: 1e-10, Iterations: 100},
			near: func(x []float64) bool { return nearWall(x, scale) }}}
	res, err := optimize.Minimize(p, x0, set, &optimize.BFGS{})
	if res == nil || math.IsNaN(res.F) || math.IsInf(res.F, 0) {
		if err == nil {
			err = errors.New("no finite likelihood")
		}
		return nil, err
	}
	if err != nil || res.Status == optimize.IterationLimit || res.Status == optimize.FunctionEvaluationLimit {
		g := make([]float64, len(res.X))
		p.Grad(g, res.X)
		for _, v := range g {
			if math.Abs(v) > 1e-5 {
				if err == nil {
					err = fmt.Errorf("stopped: %v", res.Status)
				}
				return nil, fmt.Errorf("%w at %.4g, gradient %.3g", err, res.X, g)
			}
		}
	}
	return res.X, nil
}

// wallStop ends a run as soon as an estimate reaches a wall of the box, so a degenerate fit
// costs a few iterations, not hundreds; otherwise it is gonum's FunctionConverge (its
// default).
type wallStop struct {
	inner optimize.Converger
	near  func([]float64) bool
}

func (w *wallStop) Init(dim int) { w.inner.Init(dim) }

func (w *wallStop) Converged(l *optimize.Location) optimize.Status {
	if w.near(l.X) {
		return optimize.Failure
	}
	return w.inner.Converged(l)
}
