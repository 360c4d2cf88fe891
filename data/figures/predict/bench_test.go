package predict

import (
	"math/rand/v2"
	"testing"
	"time"
)

// benchCustomers simulates n customers from BG/NBD and Gamma-Gamma with CDNOW's estimates
// in days, first purchases spread over three years.
func benchCustomers(n int) []Customer {
	rng := rand.New(rand.NewPCG(3, 4))
	return simulate(rng, n, BGNBD{R: 0.243, Alpha: 4.414 * 7, A: 0.793, B: 2.426}, GammaGamma{P: 6.25, Q: 3.74, Gamma: 1544},
		func() float64 { return float64(rng.IntN(1100)) }, true)
}

// BenchmarkFit515k fits both models on 515,000 customers (the budget: 5 s).
func BenchmarkFit515k(b *testing.B) {
	cs := benchCustomers(515000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Fit(cs, Day); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPredict515k predicts every one of 515,000 customers.
func BenchmarkPredict515k(b *testing.B) {
	cs := benchCustomers(515000)
	m, err := Fit(cs, Day)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		PredictAll(m, cs, DefaultMonthlyDiscount)
		b.ReportMetric(float64(time.Since(t0).Milliseconds()), "ms/all")
	}
}
