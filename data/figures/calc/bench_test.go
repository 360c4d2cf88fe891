package calc

import (
	"huitouke/data/clock"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// benchOrders is 1,000,000 customers with 3,000,000 paid orders over three years, in random
// order and sorted by (customer, day) as the store's index gives them.
var benchOrders = sync.OnceValues(func() (shuffled, sorted []Order) {
	const customers, orders = 1_000_000, 3_000_000
	r := rand.New(rand.NewPCG(42, 42))
	asOf := clock.NewDay(2026, 11, 15)
	out := make([]Order, 0, orders)
	for c := int64(1); c <= customers; c++ {
		out = append(out, Order{c, asOf - clock.Day(r.IntN(1100)), int64(1000 + r.IntN(100000))})
	}
	for len(out) < orders { // the other 2,000,000 go to a skewed set of repeat buyers
		c := int64(1 + r.IntN(customers)*r.IntN(customers)/customers)
		out = append(out, Order{c, asOf - clock.Day(r.IntN(1100)), int64(1000 + r.IntN(100000))})
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	sorted = slices.Clone(out)
	slices.SortFunc(sorted, func(a, b Order) int {
		if a.Customer != b.Customer {
			return int(a.Customer - b.Customer)
		}
		return int(a.Day - b.Day)
	})
	return out, sorted
})

func BenchmarkPerCustomer(b *testing.B) {
	shuffled, sorted := benchOrders()
	asOf := clock.NewDay(2026, 11, 15)
	s := DefaultSettings()
	adv := map[int64]bool{5: true, 77: true}
	over := map[int64]string{9: LevelGold}
	for _, bc := range []struct {
		name   string
		orders []Order
	}{{"shuffled", shuffled}, {"sorted", sorted}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if st := PerCustomer(bc.orders, asOf, s, over, adv); len(st) != 1_000_000 {
					b.Fatal(len(st))
				}
			}
		})
	}
}

func BenchmarkCompute(b *testing.B) {
	shuffled, sorted := benchOrders()
	asOf := clock.NewDay(2026, 11, 15)
	s := DefaultSettings()
	for _, bc := range []struct {
		name   string
		orders []Order
		p      Period
	}{
		{"alltime/shuffled", shuffled, Period{}},
		{"alltime/sorted", sorted, Period{}},
		{"quarter/sorted", sorted, Period{asOf - 90, asOf}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if f := Compute(bc.orders, bc.p, asOf, s); f.Orders == 0 {
					b.Fatal("no orders")
				}
			}
		})
	}
}

func BenchmarkMonthly(b *testing.B) {
	_, sorted := benchOrders()
	asOf := clock.NewDay(2026, 11, 15)
	b.ReportAllocs()
	for b.Loop() {
		Monthly(sorted, asOf-365, asOf)
	}
}

func BenchmarkCohorts(b *testing.B) {
	_, sorted := benchOrders()
	b.ReportAllocs()
	for b.Loop() {
		Cohorts(sorted, 12)
	}
}

func BenchmarkSummaries(b *testing.B) {
	_, sorted := benchOrders()
	stats := PerCustomer(sorted, clock.NewDay(2026, 11, 15), DefaultSettings(), nil, nil)
	for _, bc := range []struct {
		name string
		fn   func()
	}{
		{"SegmentCounts", func() { SegmentCounts(stats) }},
		{"RFMCounts", func() { RFMCounts(stats) }},
		{"CycleHistogram", func() { CycleHistogram(stats, DefaultCycleBuckets) }},
		{"ShopCycle", func() { ShopCycle(stats) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bc.fn()
			}
		})
	}
}
