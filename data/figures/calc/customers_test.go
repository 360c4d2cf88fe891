package calc

import (
	"huitouke/data/clock"
	"huitouke/data/errs"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"testing"
)

// asOfDay is the as-of date of truth.json.
const asOfText = "2026-11-15"

// ord builds a paid order daysAgo days before asOf.
func ord(asOf clock.Day, c int64, daysAgo int, fen int64) Order {
	return Order{Customer: c, Day: asOf - clock.Day(daysAgo), Revenue: fen}
}

func byCustomer(stats []CustomerStats) map[int64]CustomerStats {
	m := make(map[int64]CustomerStats, len(stats))
	for _, s := range stats {
		m[s.Customer] = s
	}
	return m
}

func TestSegmentBoundaries(t *testing.T) {
	a := mustDay(t, asOfText)
	tests := []struct {
		daysAgo int
		orders  int
		want    string
	}{
		{0, 1, SegmentNew},
		{45, 1, SegmentNew},
		{46, 1, SegmentCooling},
		{0, 2, SegmentActive},
		{45, 2, SegmentActive},
		{46, 2, SegmentCooling},
		{90, 1, SegmentCooling},
		{91, 1, SegmentDormantHigh},
		{90, 3, SegmentCooling},
		{91, 3, SegmentDormantHigh},
		{180, 1, SegmentDormantHigh},
		{181, 1, SegmentDormantLow},
		{360, 2, SegmentDormantLow},
		{361, 2, SegmentLost},
		{361, 1, SegmentLost},
		{2000, 1, SegmentLost},
	}
	var orders []Order
	for i, tt := range tests {
		for k := 0; k < tt.orders; k++ {
			// earlier orders 400+ days before the latest: they must not change the segment
			orders = append(orders, ord(a, int64(i+1), tt.daysAgo+400*k, 100))
		}
	}
	got := byCustomer(PerCustomer(orders, a, DefaultSettings(), nil, nil))
	for i, tt := range tests {
		st := got[int64(i+1)]
		if st.Segment != tt.want || st.DaysSince != tt.daysAgo {
			t.Errorf("%d order(s), %d days ago: segment %q, days %d; want %q", tt.orders, tt.daysAgo, st.Segment, st.DaysSince, tt.want)
		}
	}
	// Thresholds come from Settings.
	s := DefaultSettings()
	s.NewDays, s.CoolingDays, s.DormantHighDays, s.DormantLowDays = 30, 60, 120, 240
	for _, tt := range []struct {
		d    int
		want string
	}{{30, SegmentNew}, {31, SegmentCooling}, {60, SegmentCooling}, {61, SegmentDormantHigh}, {120, SegmentDormantHigh}, {121, SegmentDormantLow}, {240, SegmentDormantLow}, {241, SegmentLost}} {
		if got := s.SegmentFor(1, tt.d); got != tt.want {
			t.Errorf("custom thresholds, d=%d: %q want %q", tt.d, got, tt.want)
		}
	}
	if got := s.SegmentFor(0, 3); got != SegmentNone {
		t.Errorf("no paid order: %q", got)
	}
}

func TestPerCustomerHandBuilt(t *testing.T) {
	a := mustDay(t, asOfText)
	orders := []Order{
		// C1: 100, 70, 10 days ago; gaps 30, 60 -> median (30+60)/2 = 45; next = (a-10)+45 = a+35
		ord(a, 1, 100, 1000), ord(a, 1, 70, 2000), ord(a, 1, 10, 3000),
		// C2: one order 200 days ago -> dormant_low; advocate below
		ord(a, 2, 200, 500),
		// C3: two orders the same day 5 days ago, one 1 day ago: gaps 0, 4 -> median 2
		ord(a, 3, 5, 100), ord(a, 3, 5, 200), ord(a, 3, 1, 50),
		// C4: only an order after asOf -> not a customer as of asOf
		ord(a, 4, -3, 777),
		// C5: 400 and 380 days ago (80000 fen -> silver), one after asOf ignored; gap 20;
		// next = (a-380)+20 = a-360; days since 380 -> lost
		ord(a, 5, 400, 70000), ord(a, 5, -1, 999), ord(a, 5, 380, 10000),
		// C6: 50, 47, 40, 30 days ago: gaps 3, 7, 10 (odd count) -> 7; 4 × 100000 = 400000 -> gold
		ord(a, 6, 40, 100000), ord(a, 6, 50, 100000), ord(a, 6, 30, 100000), ord(a, 6, 47, 100000),
		// C7: 300, 250, 240, 239, 200, 181 days ago: gaps 50, 10, 1, 39, 19 -> sorted 1 10 19 39 50
		// -> 19; 6 × 100000 = 600000 -> diamond, but overridden by hand; 6 orders -> loyal
		ord(a, 7, 239, 100000), ord(a, 7, 300, 100000), ord(a, 7, 181, 100000),
		ord(a, 7, 250, 100000), ord(a, 7, 200, 100000), ord(a, 7, 240, 100000),
		// C8: 20, 17, 13 days ago: gaps 3, 4 -> 3.5; next = (a-13) + round(3.5)=4 -> a-9
		ord(a, 8, 13, 10), ord(a, 8, 20, 10), ord(a, 8, 17, 10),
	}
	slices.Reverse(orders) // any order must do
	overrides := map[int64]string{7: "vip", 1: ""}
	advocates := map[int64]bool{2: true, 4: true}
	stats := PerCustomer(orders, a, DefaultSettings(), overrides, advocates)
	ids := make([]int64, len(stats))
	for i, s := range stats {
		ids[i] = s.Customer
	}
	if want := []int64{1, 2, 3, 5, 6, 7, 8}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("customers = %v, want %v (sorted, C4 has no order up to asOf)", ids, want)
	}
	got := byCustomer(stats)
	type want struct {
		n        int
		rev      int64
		first    int // days ago
		last     int
		cycle    float64
		hasCycle bool
		next     int // days after asOf (negative: before)
		seg      string
		level    string
		ladder   string
	}
	wants := map[int64]want{
		1: {3, 6000, 100, 10, 45, true, 35, SegmentActive, LevelRegular, LadderRepeat},
		2: {1, 500, 200, 200, 0, false, 0, SegmentDormantLow, LevelRegular, LadderAdvocate},
		3: {3, 350, 5, 1, 2, true, 1, SegmentActive, LevelRegular, LadderRepeat},
		5: {2, 80000, 400, 380, 20, true, -360, SegmentLost, LevelSilver, LadderRepeat},
		6: {4, 400000, 50, 30, 7, true, -23, SegmentActive, LevelGold, LadderRepeat},
		7: {6, 600000, 300, 181, 19, true, -162, SegmentDormantLow, "vip", LadderLoyal},
		8: {3, 30, 20, 13, 3.5, true, -9, SegmentActive, LevelRegular, LadderRepeat},
	}
	for c, w := range wants {
		s := got[c]
		if s.PaidOrders != w.n || s.RevenueFen != w.rev || s.FirstDay != a-clock.Day(w.first) || s.LastDay != a-clock.Day(w.last) || s.DaysSince != w.last {
			t.Errorf("C%d: orders %d rev %d first %s last %s days %d; want %d %d %d %d days ago", c, s.PaidOrders, s.RevenueFen, s.FirstDay, s.LastDay, s.DaysSince, w.n, w.rev, w.first, w.last)
		}
		if s.HasCycle != w.hasCycle || s.CycleDays != w.cycle {
			t.Errorf("C%d: cycle %v (%v), want %v (%v)", c, s.CycleDays, s.HasCycle, w.cycle, w.hasCycle)
		}
		if w.hasCycle && s.NextExpected != a+clock.Day(w.next) {
			t.Errorf("C%d: next expected %s, want %s", c, s.NextExpected, a+clock.Day(w.next))
		}
		if s.Segment != w.seg || s.Level != w.level || s.Ladder != w.ladder {
			t.Errorf("C%d: %s/%s/%s, want %s/%s/%s", c, s.Segment, s.Level, s.Ladder, w.seg, w.level, w.ladder)
		}
		if s.R < 1 || s.R > 5 || s.F < 1 || s.F > 5 || s.M < 1 || s.M > 5 || s.RFM == "" {
			t.Errorf("C%d: scores %d %d %d class %q", c, s.R, s.F, s.M, s.RFM)
		}
	}
	// Shop-wide cycle: cycles 45, 2, 20, 7, 19, 3.5 -> sorted 2 3.5 7 19 20 45 -> (7+19)/2 = 13
	if c, ok := ShopCycle(stats); !ok || c != 13 {
		t.Errorf("ShopCycle = %v, %v; want 13", c, ok)
	}
	if _, ok := ShopCycle(stats[1:2]); ok {
		t.Error("ShopCycle of a one-order customer should have no value")
	}

	// A past as-of date gives the state as of that date: 100 days ago C1 had exactly one order,
	// placed that day -> new, and C3, C8 did not exist yet.
	past := byCustomer(PerCustomer(orders, a-100, DefaultSettings(), nil, nil))
	if s := past[1]; s.PaidOrders != 1 || s.DaysSince != 0 || s.Segment != SegmentNew || s.HasCycle || s.Ladder != LadderFirstTime {
		t.Errorf("C1 as of 100 days ago: %+v", s)
	}
	if _, ok := past[3]; ok {
		t.Error("C3 as of 100 days ago should not exist")
	}
	if len(PerCustomer(nil, a, DefaultSettings(), nil, nil)) != 0 {
		t.Error("no orders, no stats")
	}
}

func TestLevelsAndLadder(t *testing.T) {
	s := DefaultSettings()
	for _, tt := range []struct {
		fen  int64
		want string
	}{{0, LevelRegular}, {49999, LevelRegular}, {50000, LevelSilver}, {199999, LevelSilver}, {200000, LevelGold}, {500000, LevelDiamond}, {1 << 40, LevelDiamond}, {-5, ""}} {
		if got := s.LevelFor(tt.fen); got != tt.want {
			t.Errorf("LevelFor(%d) = %q, want %q", tt.fen, got, tt.want)
		}
	}
	// Tiers in any order.
	s.Levels = []Level{{"b", 100}, {"c", 300}, {"a", 0}}
	if got := s.LevelFor(250); got != "b" {
		t.Errorf("unsorted tiers: %q", got)
	}
	s = DefaultSettings()
	for _, tt := range []struct {
		n    int
		adv  bool
		want string
	}{{0, true, ""}, {1, false, LadderFirstTime}, {2, false, LadderRepeat}, {4, false, LadderRepeat}, {5, false, LadderLoyal}, {1, true, LadderAdvocate}, {9, true, LadderAdvocate}} {
		if got := s.LadderFor(tt.n, tt.adv); got != tt.want {
			t.Errorf("LadderFor(%d,%v) = %q, want %q", tt.n, tt.adv, got, tt.want)
		}
	}
	s.LoyalOrders = 3
	if got := s.LadderFor(3, false); got != LadderLoyal {
		t.Errorf("LoyalOrders=3: %q", got)
	}
}

func TestSettingsValidate(t *testing.T) {
	if err := DefaultSettings().Validate(); err != nil {
		t.Fatal(err)
	}
	s := DefaultSettings()
	s.CoolingDays = 30
	var se *errs.Error
	if err := s.Validate(); err == nil || !asSettingsError(err, &se) || se.Field != "CoolingDays" {
		t.Errorf("cooling < new accepted: %v", err)
	}
	s = DefaultSettings()
	s.Levels = append(s.Levels, Level{LevelGold, 1})
	if err := s.Validate(); err == nil {
		t.Error("duplicate level accepted")
	}
}

func asSettingsError(err error, target **errs.Error) bool {
	e, ok := err.(*errs.Error)
	*target = e
	return ok
}

func TestRFMClassesTinySet(t *testing.T) {
	a := mustDay(t, asOfText)
	// R (days since): a=10 b=10 c=55 d=20 e=5  -> mean 100/5 = 20: recent a b e; d equals the mean: not recent
	// F (orders):     a=1  b=3  c=1  d=3  e=2  -> mean 10/5 = 2:  frequent b d; e equals: not frequent
	// M (fen):        a=100 b=100 c=700 d=400 e=700 -> mean 2000/5 = 400: high c e; d equals: low
	orders := []Order{
		ord(a, 1, 10, 100),
		ord(a, 2, 10, 50), ord(a, 2, 30, 25), ord(a, 2, 60, 25),
		ord(a, 3, 55, 700),
		ord(a, 4, 20, 200), ord(a, 4, 21, 100), ord(a, 4, 400, 100),
		ord(a, 5, 5, 350), ord(a, 5, 6, 350),
	}
	got := byCustomer(PerCustomer(orders, a, DefaultSettings(), nil, nil))
	want := map[int64]string{
		1: RFMGeneralDevelop,   // recent, infrequent, low
		2: RFMGeneralValue,     // recent, frequent, low
		3: RFMImportantRetain,  // not recent, infrequent, high
		4: RFMGeneralKeep,      // not recent (= mean), frequent, low (= mean)
		5: RFMImportantDevelop, // recent, infrequent (= mean), high
	}
	for c, w := range want {
		if got[c].RFM != w {
			t.Errorf("C%d: %s, want %s", c, got[c].RFM, w)
		}
	}
	// Quintile scores, n = 5: score = 1 + floor(5*rank/5) = 1 + rank, rank = number strictly worse.
	// R (recent is better): days 55 < 20 < 10,10 < 5 -> ranks c0 d1 a2 b2 e4 -> scores c1 d2 a3 b3 e5
	// F: 1,1 < 2 < 3,3 -> ranks a0 c0 e2 b3 d3 -> scores a1 c1 e3 b4 d4
	// M: 100,100 < 400 < 700,700 -> ranks a0 b0 d2 c3 e3 -> scores a1 b1 d3 c4 e4
	scores := map[int64][3]int{1: {3, 1, 1}, 2: {3, 4, 1}, 3: {1, 1, 4}, 4: {2, 4, 3}, 5: {5, 3, 4}}
	for c, w := range scores {
		s := got[c]
		if [3]int{s.R, s.F, s.M} != w {
			t.Errorf("C%d: R F M = %d %d %d, want %v", c, s.R, s.F, s.M, w)
		}
	}
	// The eight classes by their three flags.
	for _, tt := range []struct {
		r, f, m bool
		want    string
	}{
		{true, true, true, RFMImportantValue}, {true, false, true, RFMImportantDevelop},
		{false, true, true, RFMImportantKeep}, {false, false, true, RFMImportantRetain},
		{true, true, false, RFMGeneralValue}, {true, false, false, RFMGeneralDevelop},
		{false, true, false, RFMGeneralKeep}, {false, false, false, RFMGeneralRetain},
	} {
		if got := rfmClass(tt.r, tt.f, tt.m); got != tt.want {
			t.Errorf("rfmClass(%v,%v,%v) = %s, want %s", tt.r, tt.f, tt.m, got, tt.want)
		}
	}
}

func TestQuintilesWithTies(t *testing.T) {
	a := mustDay(t, asOfText)
	// 10 customers, n = 10, score = 1 + floor(5*rank/10) = 1 + floor(rank/2).
	// Orders: six with 1, two with 2, one with 3, one with 7 -> sorted 1 1 1 1 1 1 2 2 3 7
	//   F rank: 1 -> 0 (score 1); 2 -> 6 (score 4); 3 -> 8 (5); 7 -> 9 (5)
	// Revenues spread widely so the sorting path (not the histogram) is used:
	//   1, 2, 2, 7, 7, 5e8, 5e8, 5e8, 1e9, 3e9
	//   M rank: 1 -> 0 (1); 2 -> 1 (1); 7 -> 3 (2); 5e8 -> 5 (3); 1e9 -> 8 (5); 3e9 -> 9 (5)
	// All last orders on the same day: R ranks all 0 -> score 1 for everybody.
	counts := []int{1, 1, 1, 1, 1, 1, 2, 2, 3, 7}
	revs := []int64{5e8, 1, 1e9, 2, 2, 3e9, 7, 7, 5e8, 5e8}
	wantF := []int{1, 1, 1, 1, 1, 1, 4, 4, 5, 5}
	wantM := []int{3, 1, 5, 1, 1, 5, 2, 2, 3, 3}
	var orders []Order
	for i, n := range counts {
		for k := 0; k < n; k++ {
			fen := int64(0)
			if k == 0 {
				fen = revs[i]
			}
			orders = append(orders, ord(a, int64(i+1), 3+k, fen))
		}
	}
	stats := PerCustomer(orders, a, DefaultSettings(), nil, nil)
	for i, s := range stats {
		if s.F != wantF[i] || s.M != wantM[i] || s.R != 1 {
			t.Errorf("C%d: R F M = %d %d %d, want 1 %d %d", i+1, s.R, s.F, s.M, wantF[i], wantM[i])
		}
	}
	// One customer: rank 0 -> every score 1.
	one := PerCustomer(orders[:1], a, DefaultSettings(), nil, nil)
	if s := one[0]; s.R != 1 || s.F != 1 || s.M != 1 {
		t.Errorf("single customer scores %d %d %d", s.R, s.F, s.M)
	}
}

func TestCmpMean(t *testing.T) {
	for _, tt := range []struct {
		v, n, sum int64
		want      int
	}{
		{2, 5, 10, 0}, {3, 5, 10, 1}, {1, 5, 10, -1},
		{-2, 5, -10, 0}, {-3, 5, -10, -1}, {-1, 5, -10, 1},
		{-1, 3, 2, -1}, {1, 3, -2, 1},
		{1 << 62, 1 << 20, 1 << 62, 1}, // v*n overflows 64 bits
		{-(1 << 62), 1 << 20, 1 << 62, -1},
	} {
		if got := cmpMean(tt.v, tt.n, tt.sum); got != tt.want {
			t.Errorf("cmpMean(%d,%d,%d) = %d, want %d", tt.v, tt.n, tt.sum, got, tt.want)
		}
	}
}

func TestShopCycleMedian(t *testing.T) {
	mk := func(c ...float64) []CustomerStats {
		var s []CustomerStats
		for _, v := range c {
			s = append(s, CustomerStats{HasCycle: true, CycleDays: v}, CustomerStats{}) // plus one without a cycle
		}
		return s
	}
	for _, tt := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{5}, 5},
		{[]float64{30, 2}, 16},           // (2+30)/2
		{[]float64{9, 1, 4}, 4},          // 1 4 9
		{[]float64{3.5, 0, 10, 7}, 5.25}, // 0 3.5 7 10 -> (3.5+7)/2
		{[]float64{1.25, 3, 2}, 2},       // not half-days: the sorting path
		{[]float64{100, 0.5, 0.5, 0.5}, 0.5},
	} {
		if got, ok := ShopCycle(mk(tt.in...)); !ok || got != tt.want {
			t.Errorf("ShopCycle(%v) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
	if _, ok := ShopCycle(nil); ok {
		t.Error("no stats: no cycle")
	}
}

// TestPerCustomerParallelSameAsSerial runs a shop big enough to be split between goroutines
// and compares with a single-goroutine run (go test -race checks the sharing).
func TestPerCustomerParallelSameAsSerial(t *testing.T) {
	if testing.Short() {
		t.Skip("medium-sized data")
	}
	r := rand.New(rand.NewPCG(9, 9))
	a := mustDay(t, asOfText)
	orders := randomHistory(r, 60000, 4, a-1200, 1300) // some after asOf
	par := PerCustomer(orders, a, DefaultSettings(), map[int64]string{10: "vip"}, map[int64]bool{12: true})
	prev := runtime.GOMAXPROCS(1)
	ser := PerCustomer(orders, a, DefaultSettings(), map[int64]string{10: "vip"}, map[int64]bool{12: true})
	serW := workers(len(ser))
	runtime.GOMAXPROCS(prev)
	if serW != 1 || (prev > 1 && workers(len(par)) < 2) {
		t.Fatalf("workers: %d serial, %d parallel", serW, workers(len(par)))
	}
	if !reflect.DeepEqual(par, ser) {
		t.Fatal("parallel and serial results differ")
	}
}

func mustDay(t testing.TB, s string) clock.Day {
	t.Helper()
	d, err := clock.ParseDay(s)
	if err != nil {
		t.Fatalf("ParseDay(%q): %v", s, err)
	}
	return d
}
