package calc

import (
	"huitouke/data/clock"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

func approx(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

// docs/DOMAIN.md: 100 buyers in a month, 20 of them had bought before -> 20 %.
func TestDomainExampleRepeatCustomers(t *testing.T) {
	nov1, nov30 := mustDay(t, "2026-11-01"), mustDay(t, "2026-11-30")
	aug := mustDay(t, "2026-08-10")
	var orders []Order
	for c := int64(1); c <= 100; c++ {
		orders = append(orders, Order{c, nov1 + clock.Day(c%30), 100})
		if c <= 20 {
			orders = append(orders, Order{c, aug, 100})
		}
	}
	f := Compute(orders, Period{nov1, nov30}, nov30, DefaultSettings())
	if f.Buyers != 100 || f.RepeatCustomers != 20 || !approx(f.RepeatRateCustomers, 0.20) {
		t.Errorf("buyers %d repeat %d rate %v, want 100 20 0.20", f.Buyers, f.RepeatCustomers, f.RepeatRateCustomers)
	}
	// The 20 returning buyers placed 20 of the 100 November orders.
	if f.ReturningOrders != 20 || !approx(f.ReturningShareOrders, 0.20) || !approx(f.ReturningShareRevenue, 0.20) {
		t.Errorf("returning %d %v %v", f.ReturningOrders, f.ReturningShareOrders, f.ReturningShareRevenue)
	}
}

// docs/DOMAIN.md: 100 orders in a quarter; 20 people bought a second time and 10 of those a third
// time -> 30 repeat orders -> 30 %. So 50 bought once, 10 twice, 10 three times: 50+20+30 = 100
// orders from 70 customers.
func TestDomainExampleRepeatOrders(t *testing.T) {
	q0, q1 := mustDay(t, "2026-07-01"), mustDay(t, "2026-09-30")
	var orders []Order
	c := int64(0)
	add := func(n int) {
		c++
		for k := 0; k < n; k++ {
			orders = append(orders, Order{c, q0 + clock.Day(int(c%30)+20*k), 1000}) // within the 92 days
		}
	}
	for range 50 {
		add(1)
	}
	for range 10 {
		add(2)
	}
	for range 10 {
		add(3)
	}
	f := Compute(orders, Period{q0, q1}, q1, DefaultSettings())
	if f.Orders != 100 || f.RepeatOrders != 30 || !approx(f.RepeatRateOrders, 0.30) {
		t.Errorf("orders %d repeat %d rate %v, want 100 30 0.30", f.Orders, f.RepeatOrders, f.RepeatRateOrders)
	}
	// All time gives the same: (100 orders - 70 customers) / 100.
	all := Compute(orders, Period{}, q1, DefaultSettings())
	if !approx(all.RepeatRateOrders, 0.30) || !approx(all.RepeatRateCustomers, 20.0/70) {
		t.Errorf("all time: %v %v", all.RepeatRateOrders, all.RepeatRateCustomers)
	}
}

func TestComputePeriod(t *testing.T) {
	asOf := mustDay(t, "2026-06-30")
	p := Period{mustDay(t, "2026-06-01"), asOf}
	d := func(s string) clock.Day { return mustDay(t, s) }
	orders := []Order{
		// c1: bought in March, twice in June -> returning buyer, 2 orders (both repeats), 5000
		{1, d("2026-03-10"), 1000}, {1, d("2026-06-05"), 2000}, {1, d("2026-06-20"), 3000},
		// c2: first and only order in June -> new buyer, not a repeat customer
		{2, d("2026-06-10"), 4000},
		// c3: two orders on the same first day -> new buyer, repeat customer, 1 repeat order
		{3, d("2026-06-15"), 500}, {3, d("2026-06-15"), 700},
		// c4: one order 2025-01-01, 545 days before asOf (365 + 151 + 29) -> churned, not a buyer
		{4, d("2025-01-01"), 10000},
		// c5: only after asOf -> ignored
		{5, d("2026-07-05"), 9999},
		// c6: bought the day before P (30 days before asOf) and after asOf -> customer, not a buyer
		{6, d("2026-05-31"), 100}, {6, d("2026-07-01"), 100},
		// c7: a year ago and on asOf -> returning buyer, 1 repeat order, 150
		{7, d("2025-07-04"), 50}, {7, d("2026-06-30"), 150},
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(orders), func(i, j int) { orders[i], orders[j] = orders[j], orders[i] })
	f := Compute(orders, p, asOf, DefaultSettings())
	// orders in P: c1 2 + c2 1 + c3 2 + c7 1 = 6; buyers c1 c2 c3 c7
	// repeat customers c1 c3 c7 = 3/4; repeat orders c1 2 + c3 1 + c7 1 = 4/6
	// returning (first order before June) c1 c7: orders 3/6, revenue 5150/10350
	// revenue 5000 + 4000 + 1200 + 150 = 10350; per buyer 2587.5
	// top ceil(0.2*4)=1 buyer: 5000/10350; curve 5000 9000 10200 10350 (/10350)
	// customers up to the end: c1 c2 c3 c4 c6 c7 = 6, churned c4 -> 1/6
	checks := []struct {
		name      string
		got, want float64
	}{
		{"orders", float64(f.Orders), 6}, {"buyers", float64(f.Buyers), 4}, {"new buyers", float64(f.NewBuyers), 2},
		{"repeat customers", float64(f.RepeatCustomers), 3}, {"repeat rate customers", f.RepeatRateCustomers, 0.75},
		{"repeat orders", float64(f.RepeatOrders), 4}, {"repeat rate orders", f.RepeatRateOrders, 4.0 / 6},
		{"returning orders", float64(f.ReturningOrders), 3}, {"returning share", f.ReturningShareOrders, 0.5},
		{"revenue", float64(f.RevenueFen), 10350}, {"returning revenue", float64(f.ReturningRevenueFen), 5150},
		{"returning revenue share", f.ReturningShareRevenue, 5150.0 / 10350},
		{"avg spend", f.AvgSpendPerBuyerFen, 2587.5}, {"pareto", f.ParetoTop20Share, 5000.0 / 10350},
		{"customers", float64(f.Customers), 6}, {"churned", float64(f.Churned), 1}, {"churned share", f.ChurnedShare, 1.0 / 6},
	}
	for _, c := range checks {
		if !approx(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	wantCurve := []float64{5000.0 / 10350, 9000.0 / 10350, 10200.0 / 10350, 1}
	if len(f.Pareto) != 4 {
		t.Fatalf("curve %v", f.Pareto)
	}
	for i := range wantCurve {
		if !approx(f.Pareto[i], wantCurve[i]) {
			t.Errorf("curve[%d] = %v, want %v", i, f.Pareto[i], wantCurve[i])
		}
	}
	// All time as of asOf: 10 orders from 6 customers -> (10-6)/10; c1 c3 c7 have >= 2 -> 3/6.
	all := Compute(orders, Period{}, asOf, DefaultSettings())
	if all.Orders != 10 || all.Buyers != 6 || !approx(all.RepeatRateOrders, 0.4) || !approx(all.RepeatRateCustomers, 0.5) || all.ReturningOrders != 0 {
		t.Errorf("all time: %+v", all)
	}
	// A period after asOf or reversed is empty, not an error.
	if e := Compute(orders, Period{asOf + 1, asOf + 10}, asOf, DefaultSettings()); e.Orders != 0 || e.Buyers != 0 || e.Pareto != nil {
		t.Errorf("empty period: %+v", e)
	}
}

func TestParetoCeilAndDownsampling(t *testing.T) {
	for _, tt := range []struct{ n, top int }{{1, 1}, {4, 1}, {5, 1}, {6, 2}, {10, 2}, {11, 3}, {15, 3}, {284, 57}, {294, 59}} {
		spend := make([]int64, tt.n)
		for i := range spend {
			spend[i] = 1
		}
		share, curve := pareto(spend, int64(tt.n))
		if !approx(share, float64(tt.top)/float64(tt.n)) {
			t.Errorf("n=%d: share %v, want top %d", tt.n, share, tt.top)
		}
		if len(curve) != min(tt.n, ParetoPoints) || curve[len(curve)-1] != 1 {
			t.Errorf("n=%d: curve length %d, last %v", tt.n, len(curve), curve[len(curve)-1])
		}
	}
	// 1000 buyers -> 200 points, point i covers the top 5*(i+1) buyers.
	spend := make([]int64, 1000)
	for i := range spend {
		spend[i] = int64(i + 1) // top k buyers spend sum_{1000-k+1..1000}
	}
	total := int64(1000 * 1001 / 2)
	_, curve := pareto(spend, total)
	for _, i := range []int{0, 99, 199} {
		k := int64(5 * (i + 1))
		want := float64(k*(2001-k)/2) / float64(total) // sum of 1000-k+1..1000 = k(2001-k)/2
		if !approx(curve[i], want) {
			t.Errorf("curve[%d] = %v, want %v", i, curve[i], want)
		}
	}
}

func TestMonthly(t *testing.T) {
	d := func(s string) clock.Day { return mustDay(t, s) }
	orders := []Order{
		{1, d("2026-01-20"), 100}, {1, d("2026-03-05"), 200}, {1, d("2026-03-25"), 300},
		{2, d("2026-03-01"), 1000}, {2, d("2026-03-31"), 1000}, // new in March, bought twice
		{3, d("2026-03-10"), 50}, // new in March, once
		{4, d("2025-12-31"), 70}, {4, d("2026-02-01"), 80},
		{5, d("2026-04-01"), 999}, // after the range
	}
	months := Monthly(orders, d("2026-01-01"), d("2026-03-31"))
	if len(months) != 3 {
		t.Fatalf("%d months", len(months))
	}
	type w struct {
		y, m, buyers, newB, retB, rc, orders, ro int
		rev, revNew, revRet                      int64
	}
	want := []w{
		// Jan: c1 new (first order)
		{2026, 1, 1, 1, 0, 0, 1, 0, 100, 100, 0},
		// Feb: c4 returning (first order in Dec 2025): repeat customer and repeat order
		{2026, 2, 1, 0, 1, 1, 1, 1, 80, 0, 80},
		// Mar: c1 returning (2 orders), c2 new twice, c3 new once -> buyers 3, new 2, returning 1,
		// repeat customers c1 c2 = 2; orders 5, repeat orders 5 - 2 first orders = 3
		{2026, 3, 3, 2, 1, 2, 5, 3, 2550, 2050, 500},
	}
	for i, w := range want {
		m := months[i]
		got := [...]int64{int64(m.Year), int64(m.Month), int64(m.Buyers), int64(m.NewBuyers), int64(m.ReturningBuyers), int64(m.RepeatCustomers), int64(m.Orders), int64(m.RepeatOrders), m.RevenueFen, m.RevenueNew, m.RevenueReturning}
		exp := [...]int64{int64(w.y), int64(w.m), int64(w.buyers), int64(w.newB), int64(w.retB), int64(w.rc), int64(w.orders), int64(w.ro), w.rev, w.revNew, w.revRet}
		if got != exp {
			t.Errorf("month %d: got %v, want %v", i, got, exp)
		}
	}
	if !approx(months[2].RepeatRateCustomers, 2.0/3) || !approx(months[2].RepeatRateOrders, 3.0/5) {
		t.Errorf("march rates %v %v", months[2].RepeatRateCustomers, months[2].RepeatRateOrders)
	}
	if months[1].From != d("2026-02-01") || months[1].To != d("2026-02-28") {
		t.Errorf("feb range %s..%s", months[1].From, months[1].To)
	}
	// A month cut by the range: from 2026-03-10 only c3's order and c1's 03-25 count; c2 is
	// new in March (first order 03-01) and its 03-31 order is a repeat.
	cut := Monthly(orders, d("2026-03-10"), d("2026-03-31"))
	if m := cut[0]; m.Orders != 3 || m.Buyers != 3 || m.NewBuyers != 2 || m.RepeatCustomers != 2 || m.RepeatOrders != 2 {
		t.Errorf("cut month: %+v", m)
	}
}

func TestCohorts(t *testing.T) {
	d := func(s string) clock.Day { return mustDay(t, s) }
	orders := []Order{
		{1, d("2026-01-05"), 1}, {1, d("2026-01-20"), 1}, {1, d("2026-02-03"), 1}, {1, d("2026-02-04"), 1}, {1, d("2026-04-01"), 1},
		{2, d("2026-01-31"), 1}, {2, d("2026-03-01"), 1},
		{3, d("2026-01-10"), 1},
		{4, d("2026-02-10"), 1}, {4, d("2027-03-01"), 1}, // 13 months later: beyond 12
	}
	cs := Cohorts(orders, 12)
	if len(cs) != 2 {
		t.Fatalf("%d cohorts", len(cs))
	}
	jan, feb := cs[0], cs[1]
	// January: c1 c2 c3 -> size 3. Month 0 (again in January): c1. Month 1 (Feb): c1 (twice, counted
	// once). Month 2 (Mar): c2. Month 3 (Apr): c1.
	if jan.Year != 2026 || jan.Month != 1 || jan.Size != 3 {
		t.Fatalf("jan %+v", jan)
	}
	wantRet := []int{1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if !slices.Equal(jan.Returned, wantRet) || !approx(jan.Share[1], 1.0/3) || !approx(jan.Share[4], 0) {
		t.Errorf("jan returned %v share %v", jan.Returned, jan.Share)
	}
	// Latest order 2027-03 is 14 months after January -> 12 observed.
	if jan.Observed != 12 {
		t.Errorf("jan observed %d", jan.Observed)
	}
	if feb.Size != 1 || slices.Max(feb.Returned) != 0 || feb.Observed != 12 {
		t.Errorf("feb %+v", feb)
	}
	if Cohorts(nil, 12) != nil {
		t.Error("no orders, no cohorts")
	}
}

func TestSummaries(t *testing.T) {
	stats := []CustomerStats{
		{Segment: SegmentNew, RFM: RFMGeneralDevelop, RevenueFen: 100},
		{Segment: SegmentActive, RFM: RFMImportantValue, RevenueFen: 700, HasCycle: true, CycleDays: 7},
		{Segment: SegmentActive, RFM: RFMImportantValue, RevenueFen: 100, HasCycle: true, CycleDays: 7.5},
		{Segment: SegmentLost, RFM: RFMGeneralRetain, RevenueFen: 100, HasCycle: true, CycleDays: 400},
		{Segment: SegmentCooling, RFM: RFMGeneralRetain, RevenueFen: 0, HasCycle: true, CycleDays: 0},
	}
	sc := SegmentCounts(stats)
	if sc[SegmentNew] != 1 || sc[SegmentActive] != 2 || sc[SegmentLost] != 1 || sc[SegmentCooling] != 1 || sc[SegmentDormantHigh] != 0 || len(sc) != 6 {
		t.Errorf("segments %v", sc)
	}
	counts, share := RFMCounts(stats)
	// revenue 1000: important_value 800 -> 0.8; general_develop 0.1; general_retain 0.1
	if counts[RFMImportantValue] != 2 || counts[RFMGeneralRetain] != 2 || len(counts) != 8 || len(share) != 8 ||
		!approx(share[RFMImportantValue], 0.8) || !approx(share[RFMGeneralRetain], 0.1) || share[RFMImportantKeep] != 0 {
		t.Errorf("rfm %v %v", counts, share)
	}
	h := CycleHistogram(stats, []int{7, 30})
	// [0,7]: 7 and 0; (7,30]: 7.5; (30,∞): 400
	want := []Bucket{{0, 7, 2}, {7, 30, 1}, {30, -1, 1}}
	if !slices.Equal(h, want) {
		t.Errorf("histogram %v, want %v", h, want)
	}
}

// ---- property test against a plain O(n²) reading of the definitions ----

type naiveFig struct {
	orders, buyers, repeatCust, repeatOrders, returningOrders, customers, churned int
	revenue, returningRevenue                                                     int64
	top20                                                                         float64
}

func naiveCompute(orders []Order, from, end, asOf clock.Day, lowDays int) naiveFig {
	var f naiveFig
	var spend []int64
	isFirst := func(i int) bool { // the customer's first-ever paid order (ties: the earlier index)
		for j, o := range orders {
			if j != i && o.Customer == orders[i].Customer && o.Day <= asOf &&
				(o.Day < orders[i].Day || (o.Day == orders[i].Day && j < i)) {
				return false
			}
		}
		return true
	}
	done := map[int64]bool{}
	for _, o := range orders {
		c := o.Customer
		if done[c] {
			continue
		}
		done[c] = true
		upToEnd, inP := 0, 0
		var rev int64
		first, last := clock.Day(math.MaxInt32), clock.Day(math.MinInt32)
		for _, x := range orders {
			if x.Customer != c || x.Day > asOf {
				continue
			}
			first = min(first, x.Day)
			last = max(last, x.Day)
			if x.Day <= end {
				upToEnd++
				if x.Day >= from {
					inP++
					rev += x.Revenue
				}
			}
		}
		if upToEnd == 0 {
			continue
		}
		f.customers++
		if int(asOf-last) > lowDays {
			f.churned++
		}
		if inP == 0 {
			continue
		}
		f.buyers++
		spend = append(spend, rev)
		if upToEnd >= 2 {
			f.repeatCust++
		}
	}
	for i, o := range orders {
		if o.Day < from || o.Day > end || o.Day > asOf {
			continue
		}
		f.orders++
		f.revenue += o.Revenue
		if !isFirst(i) {
			f.repeatOrders++
		}
		before := false
		for _, x := range orders {
			if x.Customer == o.Customer && x.Day < from {
				before = true
			}
		}
		if before {
			f.returningOrders++
			f.returningRevenue += o.Revenue
		}
	}
	sort.Slice(spend, func(i, j int) bool { return spend[i] > spend[j] })
	k := len(spend) / 5
	if len(spend)%5 != 0 {
		k++
	}
	var top int64
	for _, v := range spend[:k] {
		top += v
	}
	if f.revenue != 0 {
		f.top20 = float64(top) / float64(f.revenue)
	}
	return f
}

func randomHistory(r *rand.Rand, customers, maxOrders int, base clock.Day, spanDays int) []Order {
	var orders []Order
	for c := 1; c <= customers; c++ {
		id := int64(c * (1 + r.IntN(3))) // holes and duplicates of ids between "customers"
		n := 1 + r.IntN(maxOrders)
		for range n {
			orders = append(orders, Order{id, base + clock.Day(r.IntN(spanDays)), int64(r.IntN(5) * 1000)})
		}
	}
	r.Shuffle(len(orders), func(i, j int) { orders[i], orders[j] = orders[j], orders[i] })
	return orders
}

func TestComputeAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	base := mustDay(t, "2024-01-01")
	s := DefaultSettings()
	for iter := range 300 {
		orders := randomHistory(r, 1+r.IntN(40), 1+r.IntN(6), base, 900)
		asOf := base + clock.Day(r.IntN(1000))
		var p Period
		if iter%3 != 0 { // a third all time, the rest a random period
			p.From = base + clock.Day(r.IntN(900))
			p.To = p.From + clock.Day(r.IntN(400))
		}
		switch iter % 4 {
		case 1:
			noCountingSort = true
		case 2:
			slices.SortFunc(orders, func(a, b Order) int {
				if a.Customer != b.Customer {
					return int(a.Customer - b.Customer)
				}
				return int(a.Day - b.Day)
			})
		}
		f := Compute(orders, p, asOf, s)
		noCountingSort = false
		end := asOf
		if p.To != 0 && p.To < asOf {
			end = p.To
		}
		n := naiveCompute(orders, p.From, end, asOf, s.DormantLowDays)
		got := naiveFig{f.Orders, f.Buyers, f.RepeatCustomers, f.RepeatOrders, f.ReturningOrders, f.Customers, f.Churned, f.RevenueFen, f.ReturningRevenueFen, f.ParetoTop20Share}
		if got.top20 != n.top20 && !approx(got.top20, n.top20) {
			t.Fatalf("iter %d: pareto %v, naive %v", iter, got.top20, n.top20)
		}
		got.top20 = n.top20
		if got != n {
			t.Fatalf("iter %d (period %v..%v as of %v):\n got   %+v\n naive %+v", iter, p.From, p.To, asOf, got, n)
		}
		if p == (Period{}) && n.orders > 0 {
			// all time: (orders - customers) / orders and customers>=2 / customers>=1
			if !approx(f.RepeatRateOrders, float64(n.orders-n.customers)/float64(n.orders)) {
				t.Fatalf("iter %d: all-time repeat rate by orders %v", iter, f.RepeatRateOrders)
			}
		}
	}
}

// TestPerCustomerAgainstNaive recomputes every field plainly, including RFM (exact means with
// rationals) and quintile ranks (count of strictly worse values).
func TestPerCustomerAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	base := mustDay(t, "2024-01-01")
	s := DefaultSettings()
	for iter := range 200 {
		orders := randomHistory(r, 1+r.IntN(60), 1+r.IntN(8), base, 900)
		asOf := base + clock.Day(r.IntN(1000))
		noCountingSort = iter%2 == 1
		stats := PerCustomer(orders, asOf, s, nil, nil)
		noCountingSort = false
		type rec struct {
			days      []int
			rev       int64
			r, f      int64
			cycle     float64
			hasCycle  bool
			recent    bool
			frequent  bool
			highSpend bool
		}
		recs := map[int64]*rec{}
		for _, o := range orders {
			if o.Day > asOf {
				continue
			}
			if recs[o.Customer] == nil {
				recs[o.Customer] = &rec{}
			}
			x := recs[o.Customer]
			x.days = append(x.days, int(o.Day))
			x.rev += o.Revenue
		}
		if len(stats) != len(recs) {
			t.Fatalf("iter %d: %d stats, %d customers", iter, len(stats), len(recs))
		}
		var sumR, sumF, sumM int64
		for _, x := range recs {
			sort.Ints(x.days)
			x.r = int64(int(asOf) - x.days[len(x.days)-1])
			x.f = int64(len(x.days))
			if len(x.days) >= 2 {
				var gaps []int
				for i := 1; i < len(x.days); i++ {
					gaps = append(gaps, x.days[i]-x.days[i-1])
				}
				sort.Ints(gaps)
				if len(gaps)%2 == 1 {
					x.cycle = float64(gaps[len(gaps)/2])
				} else {
					x.cycle = float64(gaps[len(gaps)/2-1]+gaps[len(gaps)/2]) / 2
				}
				x.hasCycle = true
			}
			sumR, sumF, sumM = sumR+x.r, sumF+x.f, sumM+x.rev
		}
		n := int64(len(recs))
		for i, st := range stats {
			if i > 0 && stats[i-1].Customer >= st.Customer {
				t.Fatalf("iter %d: not sorted by customer", iter)
			}
			x := recs[st.Customer]
			if x == nil || st.PaidOrders != int(x.f) || st.RevenueFen != x.rev || int64(st.DaysSince) != x.r ||
				st.HasCycle != x.hasCycle || st.CycleDays != x.cycle || int(st.FirstDay) != x.days[0] {
				t.Fatalf("iter %d: customer %d: %+v vs %+v", iter, st.Customer, st, x)
			}
			recent := x.r*n < sumR
			frequent := x.f*n > sumF
			high := x.rev*n > sumM
			if st.RFM != rfmClass(recent, frequent, high) {
				t.Fatalf("iter %d: customer %d class %s", iter, st.Customer, st.RFM)
			}
			var worseR, worseF, worseM int
			for _, y := range recs {
				if y.r > x.r {
					worseR++
				}
				if y.f < x.f {
					worseF++
				}
				if y.rev < x.rev {
					worseM++
				}
			}
			score := func(rank int) int { return 1 + 5*rank/int(n) }
			if st.R != score(worseR) || st.F != score(worseF) || st.M != score(worseM) {
				t.Fatalf("iter %d: customer %d scores %d %d %d, want %d %d %d", iter, st.Customer, st.R, st.F, st.M, score(worseR), score(worseF), score(worseM))
			}
			if st.Segment != s.SegmentFor(int(x.f), int(x.r)) {
				t.Fatalf("segment")
			}
		}
	}
}
