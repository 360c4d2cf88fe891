package calc

import (
	"huitouke/data/clock"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
)

// workers is how many goroutines share n customers: one per CPU, but none idle for small shops.
func workers(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n/20000))
}

// parallel runs fn(worker, lo, hi) over w contiguous chunks of [0, n) and waits.
func parallel(n, w int, fn func(worker, lo, hi int)) {
	if w <= 1 {
		fn(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for k := range w {
		wg.Go(func() { fn(k, k*n/w, (k+1)*n/w) })
	}
	wg.Wait()
}

// CustomerStats is the derived record of one customer with at least one paid order up to the
// as-of date (one row of customer_stats).
type CustomerStats struct {
	Customer     int64
	PaidOrders   int
	RevenueFen   int64
	FirstDay     clock.Day
	LastDay      clock.Day
	DaysSince    int       // asOf - LastDay
	CycleDays    float64   // median gap between consecutive orders; valid when HasCycle
	HasCycle     bool      // >= 2 paid orders
	NextExpected clock.Day // LastDay + round(CycleDays); valid when HasCycle
	Segment      string    // new|active|cooling|dormant_high|dormant_low|lost
	RFM          string    // important_value … general_retain
	R, F, M      int       // quintile scores 1..5; R = 5 for the most recent
	Level        string    // tier reached, or the manual override
	Ladder       string    // first_time|repeat|loyal|advocate
}

// PerCustomer computes the stats of every customer with at least one paid order on or before
// asOf, sorted by customer id. Orders after asOf are ignored, so a past asOf gives each
// customer's state as of that date. orders may come in any order and are not modified.
// overrides maps a customer to a level set by hand (wins over the tiers); advocates marks
// customers who referred at least one customer who bought.
//
// RFM: R (days since), F (orders) and M (revenue) are compared with their means over the
// returned customers; a value equal to the mean counts as low (so "recent" means R < mean R,
// "frequent" F > mean F, "high spend" M > mean M). The comparison is exact (integer
// arithmetic), not subject to floating-point rounding.
//
// Quintile scores: a customer's rank is the number of customers with a strictly worse value
// (ties share the rank of the first of them), score = 1 + floor(5*rank/n). For R the order is
// reversed: longest ago first, so the most recent get the highest score.
func PerCustomer(orders []Order, asOf clock.Day, s Settings, overrides map[int64]string, advocates map[int64]bool) []CustomerStats {
	g := groupOrders(orders)
	out := make([]CustomerStats, g.n())
	type part struct{ sumR, sumF, sumM, skipped int64 }
	parts := make([]part, workers(g.n()))
	parallel(g.n(), len(parts), func(w, lo, hi int) {
		var gaps []int32
		var p part
		for i := lo; i < hi; i++ {
			o := g.at(i)
			k := len(o)
			for k > 0 && o[k-1].Day > asOf { // sorted by day: later orders are at the end
				k--
			}
			if k == 0 {
				p.skipped++ // left with PaidOrders 0, removed below
				continue
			}
			o = o[:k]
			st := &out[i]
			st.Customer = o[0].Customer
			st.PaidOrders = k
			st.FirstDay = o[0].Day
			st.LastDay = o[k-1].Day
			for j := range o {
				st.RevenueFen += o[j].Revenue
			}
			st.DaysSince = int(asOf - st.LastDay)
			if k >= 2 {
				gaps = gaps[:0]
				for j := 1; j < k; j++ {
					gaps = append(gaps, int32(o[j].Day-o[j-1].Day))
				}
				st.CycleDays = medianInt32(gaps)
				st.HasCycle = true
				st.NextExpected = st.LastDay + clock.Day(math.Round(st.CycleDays))
			}
			st.Segment = s.SegmentFor(k, st.DaysSince)
			st.Level = s.LevelFor(st.RevenueFen)
			if lv, ok := overrides[st.Customer]; ok && lv != "" {
				st.Level = lv
			}
			st.Ladder = s.LadderFor(k, advocates[st.Customer])
			p.sumR += int64(st.DaysSince)
			p.sumF += int64(k)
			p.sumM += st.RevenueFen
		}
		parts[w] = p
	})
	var sumR, sumF, sumM, skipped int64
	for _, p := range parts {
		sumR, sumF, sumM, skipped = sumR+p.sumR, sumF+p.sumF, sumM+p.sumM, skipped+p.skipped
	}
	if skipped > 0 {
		out = slices.DeleteFunc(out, func(c CustomerStats) bool { return c.PaidOrders == 0 })
	}
	if len(out) == 0 {
		return out
	}
	n := int64(len(out))
	var rCut, fCut, mCut cuts
	tasks := []func(){
		func() { rCut = quintileCuts(out, func(c *CustomerStats) int64 { return -int64(c.DaysSince) }) },
		func() { fCut = quintileCuts(out, func(c *CustomerStats) int64 { return int64(c.PaidOrders) }) },
		func() { mCut = quintileCuts(out, func(c *CustomerStats) int64 { return c.RevenueFen }) },
	}
	parallel(len(tasks), min(len(tasks), workers(len(out))), func(_, lo, hi int) {
		for _, t := range tasks[lo:hi] {
			t()
		}
	})
	parallel(len(out), workers(len(out)), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			c := &out[i]
			recent := cmpMean(int64(c.DaysSince), n, sumR) < 0
			frequent := cmpMean(int64(c.PaidOrders), n, sumF) > 0
			high := cmpMean(c.RevenueFen, n, sumM) > 0
			c.RFM = rfmClass(recent, frequent, high)
			c.R = rCut.score(-int64(c.DaysSince))
			c.F = fCut.score(int64(c.PaidOrders))
			c.M = mCut.score(c.RevenueFen)
		}
	})
	return out
}

func rfmClass(recent, frequent, high bool) string {
	i := 0
	if !recent {
		i += 2
	}
	if !frequent {
		i++
	}
	if !high {
		i += 4
	}
	return RFMClasses[i]
}

// cmpMean compares v with sum/n (n > 0) exactly: the sign of v*n - sum, computed in 128 bits.
func cmpMean(v, n, sum int64) int {
	// v*n as a signed 128-bit value (hi, lo).
	hi, lo := bits.Mul64(uint64(v), uint64(n))
	if v < 0 { // unsigned product of (2^64+v)*n: subtract n*2^64
		hi -= uint64(n)
	}
	shi := uint64(0) // sign extension of sum
	if sum < 0 {
		shi = math.MaxUint64
	}
	slo := uint64(sum)
	// compare (hi,lo) with (shi,slo) as signed 128-bit numbers
	if int64(hi) != int64(shi) {
		if int64(hi) < int64(shi) {
			return -1
		}
		return 1
	}
	switch {
	case lo < slo:
		return -1
	case lo > slo:
		return 1
	}
	return 0
}

// cuts holds, for s = 1..4, the value at sorted position ceil(s*n/5)-1: a value strictly above
// it has rank >= ceil(s*n/5), i.e. score > s.
type cuts [4]int64

func (c *cuts) score(v int64) int {
	s := 1
	for _, t := range c {
		if v > t {
			s++
		}
	}
	return s
}

// quintileCuts finds the four order statistics that separate the quintile scores. Small value
// ranges (days, order counts) are counted; revenues are sorted.
func quintileCuts(out []CustomerStats, val func(*CustomerStats) int64) cuts {
	n := len(out)
	pos := [4]int{}
	for s := 1; s <= 4; s++ {
		pos[s-1] = (s*n+4)/5 - 1 // ceil(s*n/5) - 1 >= 0 for n >= 1
	}
	lo, hi := val(&out[0]), val(&out[0])
	for i := range out {
		v := val(&out[i])
		lo = min(lo, v)
		hi = max(hi, v)
	}
	var c cuts
	if uint64(hi-lo) < uint64(4*n+1024) {
		hist := make([]int32, hi-lo+1)
		for i := range out {
			hist[val(&out[i])-lo]++
		}
		cum, s := 0, 0
		for k, h := range hist {
			cum += int(h)
			for s < 4 && pos[s] < cum {
				c[s] = lo + int64(k)
				s++
			}
		}
		return c
	}
	vals := make([]int64, n)
	for i := range out {
		vals[i] = val(&out[i])
	}
	slices.Sort(vals)
	for s := range pos {
		c[s] = vals[pos[s]]
	}
	return c
}

// medianInt32 returns the median (mean of the two middle values for an even count); it
// reorders g.
func medianInt32(g []int32) float64 {
	switch len(g) {
	case 1:
		return float64(g[0])
	case 2:
		return (float64(g[0]) + float64(g[1])) / 2
	}
	slices.Sort(g)
	m := len(g) / 2
	if len(g)%2 == 1 {
		return float64(g[m])
	}
	return (float64(g[m-1]) + float64(g[m])) / 2
}

// ShopCycle is the shop-wide purchase cycle: the median of CycleDays over the customers that
// have one. ok is false when nobody has two paid orders.
func ShopCycle(stats []CustomerStats) (days float64, ok bool) {
	// A customer's cycle is a median of whole days, so twice it is a whole number: count those
	// instead of sorting a million floats.
	var hist []int32
	n := 0
	for i := range stats {
		if !stats[i].HasCycle {
			continue
		}
		v := int(stats[i].CycleDays * 2)
		if v < 0 || float64(v) != stats[i].CycleDays*2 || v > 1<<24 {
			return shopCycleSorted(stats)
		}
		if v >= len(hist) {
			hist = append(hist, make([]int32, v+1-len(hist))...)
		}
		hist[v]++
		n++
	}
	if n == 0 {
		return 0, false
	}
	// the values at sorted positions (n-1)/2 and n/2
	nth := func(pos int) float64 {
		cum := 0
		for v, h := range hist {
			cum += int(h)
			if pos < cum {
				return float64(v) / 2
			}
		}
		panic("unreachable")
	}
	return (nth((n-1)/2) + nth(n/2)) / 2, true
}

// shopCycleSorted is ShopCycle for cycles that are not whole half-days (stats built by hand).
func shopCycleSorted(stats []CustomerStats) (float64, bool) {
	c := make([]float64, 0, len(stats)/4)
	for i := range stats {
		if stats[i].HasCycle {
			c = append(c, stats[i].CycleDays)
		}
	}
	if len(c) == 0 {
		return 0, false
	}
	slices.Sort(c)
	m := len(c) / 2
	if len(c)%2 == 1 {
		return c[m], true
	}
	return (c[m-1] + c[m]) / 2, true
}
