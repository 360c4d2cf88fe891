package predict

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"
)

// GammaGamma holds the three parameters of the Gamma-Gamma spend model: a customer's
// transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, so the mean of
// x transactions is Gamma(px, νx).
type GammaGamma struct {
	P, Q, Gamma float64
}

// LogLik is ln f(m | x) for one customer whose x transactions average m:
//
//	f = Γ(px+q) / (Γ(px) Γ(q)) · γ^q · m^(px-1) · x^(px) / (γ + m x)^(px+q)
func (g GammaGamma) LogLik(x int, m float64) float64 {
	px := g.P * float64(x)
	return lgamma(px+g.Q) - lgamma(px) - lgamma(g.Q) + g.Q*math.Log(g.Gamma) +
		(px-1)*math.Log(m) + px*math.Log(float64(x)) - (px+g.Q)*math.Log(g.Gamma+m*float64(x))
}

// spend is one repeat buyer for the spend fit.
type spend struct {
	x        int
	m        float64
	lnm, lnx float64
}

// spends are the repeat buyers with a positive mean value, ordered by x.
func spends(cs []Customer) []spend {
	var out []spend
	for i := range cs {
		if cs[i].X > 0 && cs[i].MeanValue > 0 {
			out = append(out, spend{cs[i].X, cs[i].MeanValue, math.Log(cs[i].MeanValue), math.Log(float64(cs[i].X))})
		}
	}
	slices.SortStableFunc(out, func(a, b spend) int { return a.x - b.x })
	return out
}

// ggLL is the summed log-likelihood and its gradient in (ln p, ln q, ln γ). The gamma and
// digamma terms depend on x only and are computed once per distinct x.
func ggLL(g GammaGamma, ss []spend) (float64, [3]float64) {
	var ll float64
	var d [3]float64
	lgQ, psiQ, lnG := lgamma(g.Q), mathext.Digamma(g.Q), math.Log(g.Gamma)
	curX := -1
	var lg, psiPQ, psiP float64
	for _, s := range ss {
		fx := float64(s.x)
		px := g.P * fx
		if s.x != curX {
			curX = s.x
			lg = lgamma(px+g.Q) - lgamma(px) - lgQ + g.Q*lnG
			psiPQ, psiP = mathext.Digamma(px+g.Q), mathext.Digamma(px)
		}
		den := g.Gamma + s.m*fx
		lden := math.Log(den)
		ll += lg + (px-1)*s.lnm + px*s.lnx - (px+g.Q)*lden
		d[0] += fx * (psiPQ - psiP + s.lnm + s.lnx - lden)
		d[1] += psiPQ - psiQ + lnG - lden
		d[2] += g.Q/g.Gamma - (px+g.Q)/den
	}
	d[0] *= g.P
	d[1] *= g.Q
	d[2] *= g.Gamma
	return ll, d
}

// MeanValue is the expected value of a customer's next transactions given x repeat
// transactions averaging m (the Gamma-Gamma conditional mean):
//
//	E[M | p, q, γ, m, x] = p (γ + m x) / (p x + q − 1)
//
// a weighted mean of the population mean pγ/(q−1) and the customer's own m. With x = 0 it
// is the population mean. q must exceed 1.
func (g GammaGamma) MeanValue(x int, m float64) float64 {
	fx := float64(x)
	if x == 0 {
		m = 0
	}
	return g.P * (g.Gamma + m*fx) / (g.P*fx + g.Q - 1)
}
