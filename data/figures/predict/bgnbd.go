package predict

import (
	"math"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mathext"
)

// BGNBD holds the four parameters of the BG/NBD model: while alive, a customer buys at a
// Poisson rate λ ~ Gamma(r, α); after each purchase the customer drops out with probability
// p ~ Beta(a, b).
type BGNBD struct {
	R, Alpha, A, B float64
}

// cell is one distinct (x, t_x, T) with how many customers share it: the likelihood is a
// sum over customers, and many share their summary. txi and ti index t_x and T in the set's
// distinct values, so ln(α + t) is computed once per value, not once per cell.
type cell struct {
	x       int
	tx, t   float64
	txi, ti int32
	weight  float64
}

// cellSet is the cells of some customers, ordered by x, and the distinct times they hold.
type cellSet struct {
	cells []cell
	vals  []float64
}

// cells groups customers by (x, t_x, T), ordered by x.
func cells(cs []Customer) cellSet {
	type key struct {
		x     int
		tx, t float64
	}
	idx := make(map[key]int, len(cs)/4+1)
	vidx := map[float64]int32{}
	var set cellSet
	val := func(v float64) int32 {
		i, ok := vidx[v]
		if !ok {
			i = int32(len(set.vals))
			vidx[v] = i
			set.vals = append(set.vals, v)
		}
		return i
	}
	for i := range cs {
		k := key{cs[i].X, cs[i].Tx, cs[i].T}
		if j, ok := idx[k]; ok {
			set.cells[j].weight++
			continue
		}
		idx[k] = len(set.cells)
		set.cells = append(set.cells, cell{k.x, k.tx, k.t, val(k.tx), val(k.t), 1})
	}
	slices.SortFunc(set.cells, func(a, b cell) int { return a.x - b.x })
	return set
}

// logLikTerms returns, for one customer, the log-likelihood ln L(r, α, a, b | x, t_x, T):
//
//	L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
//	  + [x > 0] B(a+1, b+x-1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x))
//
// computed as A1 + A2 + ln(e^A3 + [x>0] e^A4) with the log-sum-exp trick.
func (m BGNBD) LogLik(x int, tx, T float64) float64 {
	fx := float64(x)
	a1 := lgamma(m.R+fx) - lgamma(m.R) + m.R*math.Log(m.Alpha)
	a2 := lgamma(m.A+m.B) + lgamma(m.B+fx) - lgamma(m.B) - lgamma(m.A+m.B+fx)
	a3 := -(m.R + fx) * math.Log(m.Alpha+T)
	if x == 0 {
		return a1 + a2 + a3
	}
	a4 := math.Log(m.A) - math.Log(m.B+fx-1) - (m.R+fx)*math.Log(m.Alpha+tx)
	return a1 + a2 + logSumExp(a3, a4)
}

// TotalLogLik is the log-likelihood of all customers.
func (m BGNBD) TotalLogLik(cs []Customer) float64 {
	v, _ := bgnbdLL(m, cells(cs), false)
	return v
}

// bgnbdLL is the summed log-likelihood over cells and, when grad is set, its gradient in the
// log-parameters (ln r, ln α, ln a, ln b). The terms that depend on x only are computed once
// per distinct x.
func bgnbdLL(m BGNBD, set cellSet, grad bool) (float64, [4]float64) {
	var ll float64
	var g [4]float64
	lnv := make([]float64, len(set.vals)) // ln(α + v)
	inv := make([]float64, len(set.vals)) // 1 / (α + v)
	for i, v := range set.vals {
		lnv[i], inv[i] = math.Log(m.Alpha+v), 1/(m.Alpha+v)
	}
	cs := set.cells
	if w := runtime.GOMAXPROCS(0); w > 1 && len(cs) >= parallelCells {
		// Side by side on every CPU: a fit of a million customers evaluates this a few
		// hundred times.
		chunk := (len(cs) + w - 1) / w
		lls := make([]float64, w)
		gs := make([][4]float64, w)
		var wg sync.WaitGroup
		for k := range w {
			lo, hi := min(k*chunk, len(cs)), min((k+1)*chunk, len(cs))
			wg.Go(func() { lls[k], gs[k] = bgnbdPart(m, cs[lo:hi], lnv, inv, grad) })
		}
		wg.Wait()
		for k := range w {
			ll += lls[k]
			for i := range g {
				g[i] += gs[k][i]
			}
		}
	} else {
		ll, g = bgnbdPart(m, cs, lnv, inv, grad)
	}
	// Chain rule to the log-parameters: d/d ln θ = θ · d/dθ.
	g[0] *= m.R
	g[1] *= m.Alpha
	g[2] *= m.A
	g[3] *= m.B
	return ll, g
}

// parallelCells is the number of cells from which bgnbdLL runs on every CPU.
const parallelCells = 20000

// bgnbdPart is bgnbdLL over some of the cells, with the gradient in the parameters themselves.
func bgnbdPart(m BGNBD, cs []cell, lnv, inv []float64, grad bool) (float64, [4]float64) {
	var ll float64
	var g [4]float64 // d/dr, d/dα, d/da, d/db
	lnAlpha, lnA := math.Log(m.Alpha), math.Log(m.A)
	lgR, lgB, lgAB := lgamma(m.R), lgamma(m.B), lgamma(m.A+m.B)
	var psiR, psiB, psiAB float64
	if grad {
		psiR, psiB, psiAB = mathext.Digamma(m.R), mathext.Digamma(m.B), mathext.Digamma(m.A+m.B)
	}
	curX := -1
	var a12, dA1r, dA2a, dA2b, lnB1, invB1 float64
	for _, c := range cs {
		fx := float64(c.x)
		if c.x != curX {
			curX = c.x
			lnB1, invB1 = math.Log(m.B+fx-1), 1/(m.B+fx-1)
			a12 = lgamma(m.R+fx) - lgR + m.R*lnAlpha + lgAB + lgamma(m.B+fx) - lgB - lgamma(m.A+m.B+fx)
			if grad {
				psiABx := mathext.Digamma(m.A + m.B + fx)
				dA1r = mathext.Digamma(m.R+fx) - psiR + lnAlpha
				dA2a = psiAB - psiABx
				dA2b = psiAB + mathext.Digamma(m.B+fx) - psiB - psiABx
			}
		}
		rx := m.R + fx
		lT := lnv[c.ti]
		a3 := -rx * lT
		l := a12 + a3
		w4 := 0.0
		var lTx float64
		if c.x > 0 {
			lTx = lnv[c.txi]
			a4 := lnA - lnB1 - rx*lTx
			s := logSumExp(a3, a4)
			l = a12 + s
			w4 = math.Exp(a4 - s)
		}
		ll += c.weight * l
		if !grad {
			continue
		}
		w3 := 1 - w4
		dr := dA1r - w3*lT
		dal := m.R/m.Alpha - w3*rx*inv[c.ti]
		da := dA2a
		db := dA2b
		if c.x > 0 {
			dr -= w4 * lTx
			dal -= w4 * rx * inv[c.txi]
			da += w4 / m.A
			db -= w4 * invB1
		}
		g[0] += c.weight * dr
		g[1] += c.weight * dal
		g[2] += c.weight * da
		g[3] += c.weight * db
	}
	return ll, g
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

func logSumExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	return a + math.Log1p(math.Exp(b-a))
}
