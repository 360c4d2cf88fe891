package predict

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"
)

// BGNBD holds the four parameters of the BG/NBD model: while alive, a customer buys at a
// Poisson rate λ ~ Gamma(r, α); after each purchase the customer drops out with probability
// p ~ Beta(a, b).
type BGNBD struct {
	R, Alpha, A, B float64
}

// cell is one distinct (x, t_x, T) with how many customers share it: the likelihood is a
// sum over customers, and many share their summary.
type cell struct {
	x      int
	tx, t  float64
	weight float64
}

// cells groups customers by (x, t_x, T), ordered by x.
func cells(cs []Customer) []cell {
	type key struct {
		x     int
		tx, t float64
	}
	idx := make(map[key]int, len(cs)/4+1)
	var out []cell
	for i := range cs {
		k := key{cs[i].X, cs[i].Tx, cs[i].T}
		if j, ok := idx[k]; ok {
			out[j].weight++
			continue
		}
		idx[k] = len(out)
		out = append(out, cell{k.x, k.tx, k.t, 1})
	}
	slices.SortFunc(out, func(a, b cell) int { return a.x - b.x })
	return out
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
func bgnbdLL(m BGNBD, cs []cell, grad bool) (float64, [4]float64) {
	var ll float64
	var g [4]float64 // d/dr, d/dα, d/da, d/db
	lnAlpha, lnA := math.Log(m.Alpha), math.Log(m.A)
	lgR, lgB, lgAB := lgamma(m.R), lgamma(m.B), lgamma(m.A+m.B)
	var psiR, psiB, psiAB float64
	if grad {
		psiR, psiB, psiAB = mathext.Digamma(m.R), mathext.Digamma(m.B), mathext.Digamma(m.A+m.B)
	}
	curX := -1
	var a12, dA1r, dA2a, dA2b float64
	for _, c := range cs {
		fx := float64(c.x)
		if c.x != curX {
			curX = c.x
			a12 = lgamma(m.R+fx) - lgR + m.R*lnAlpha + lgAB + lgamma(m.B+fx) - lgB - lgamma(m.A+m.B+fx)
			if grad {
				psiABx := mathext.Digamma(m.A + m.B + fx)
				dA1r = mathext.Digamma(m.R+fx) - psiR + lnAlpha
				dA2a = psiAB - psiABx
				dA2b = psiAB + mathext.Digamma(m.B+fx) - psiB - psiABx
			}
		}
		rx := m.R + fx
		lT := math.Log(m.Alpha + c.t)
		a3 := -rx * lT
		l := a12 + a3
		w4 := 0.0
		var lTx float64
		if c.x > 0 {
			lTx = math.Log(m.Alpha + c.tx)
			a4 := lnA - math.Log(m.B+fx-1) - rx*lTx
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
		dal := m.R/m.Alpha - w3*rx/(m.Alpha+c.t)
		da := dA2a
		db := dA2b
		if c.x > 0 {
			dr -= w4 * lTx
			dal -= w4 * rx / (m.Alpha + c.tx)
			da += w4 / m.A
			db -= w4 / (m.B + fx - 1)
		}
		g[0] += c.weight * dr
		g[1] += c.weight * dal
		g[2] += c.weight * da
		g[3] += c.weight * db
	}
	// Chain rule to the log-parameters: d/d ln θ = θ · d/dθ.
	g[0] *= m.R
	g[1] *= m.Alpha
	g[2] *= m.A
	g[3] *= m.B
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
