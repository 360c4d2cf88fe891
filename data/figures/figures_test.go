package figures

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/errs"
	"huitouke/data/figures/calc"
	"huitouke/data/imports"
)

var asOf = clock.NewDay(2026, 11, 15)

func openStore(t *testing.T) *data.Store {
	t.Helper()
	st, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// shop builds customers and orders directly in the database.
type shop struct {
	t  *testing.T
	st *data.Store
	n  int
}

func (s *shop) customer(id int64, name string) {
	s.t.Helper()
	_, err := s.st.DB().Exec(`INSERT INTO customers(id, name, nickname, platform, created_at, updated_at)
		VALUES (?, ?, ?, 'taobao', '2024-01-01 00:00:00', '2024-01-01 00:00:00')`, id, name, "nick_"+name)
	if err != nil {
		s.t.Fatal(err)
	}
}

// order adds an order daysAgo days before asOf; paid=false gives a closed order.
func (s *shop) order(customer int64, daysAgo int, yuan int64, paid bool) {
	s.t.Helper()
	s.n++
	p := 0
	if paid {
		p = 1
	}
	_, err := s.st.DB().Exec(`INSERT INTO orders(platform, order_no, customer_id, paid, order_day, amount_fen, revenue_fen)
		VALUES ('taobao', ?, ?, ?, ?, ?, ?)`, s.n, customer, p, (asOf - clock.Day(daysAgo)).String(), yuan*100, yuan*100*int64(p))
	if err != nil {
		s.t.Fatal(err)
	}
}

// boundaryShop: one customer on each side of every lifecycle boundary, a merged-away customer
// whose order was not repointed, a customer with only an unpaid order, one whose only order
// lies after the as-of date, and one with a level set by hand.
func boundaryShop(t *testing.T) *data.Store {
	st := openStore(t)
	s := &shop{t: t, st: st}
	for id, name := range map[int64]string{1: "A", 2: "B", 3: "C", 4: "D", 5: "E", 6: "F", 7: "G", 8: "H", 9: "I", 10: "J", 11: "K", 12: "L"} {
		s.customer(id, name)
	}
	s.order(1, 45, 100, true) // A: one order 45 days ago: new
	s.order(2, 46, 200, true) // B: one order 46 days ago: cooling
	s.order(3, 200, 50, true) // C: three orders (one left on merged K), latest 45 days ago: active
	s.order(3, 45, 300, true)
	s.order(11, 100, 50, true)
	s.order(4, 90, 100, true)  // D: cooling
	s.order(5, 91, 100, true)  // E: dormant_high
	s.order(6, 180, 100, true) // F: dormant_high
	s.order(7, 181, 100, true) // G: dormant_low
	s.order(8, 360, 100, true) // H: dormant_low
	s.order(9, 361, 100, true) // I: lost
	s.order(10, 3, 999, false) // J: unpaid only: none
	s.order(12, -1, 100, true) // L: tomorrow: none as of today
	if _, err := st.DB().Exec(`UPDATE customers SET merged_into = 3 WHERE id = 11`); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`UPDATE customers SET level_override = 'gold' WHERE id = 9`); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestRecomputeBoundaries(t *testing.T) {
	st := boundaryShop(t)
	ctx := context.Background()
	sum, err := Recompute(ctx, st, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Customers != 11 || sum.Buyers != 9 || sum.PaidOrders != 11 {
		t.Errorf("summary customers %d buyers %d orders %d, want 11, 9, 11", sum.Customers, sum.Buyers, sum.PaidOrders)
	}
	want := map[int64]struct {
		segment string
		orders  int
		revFen  int64
		level   string
	}{
		1: {"new", 1, 10000, "regular"}, 2: {"cooling", 1, 20000, "regular"}, 3: {"active", 3, 40000, "regular"},
		4: {"cooling", 1, 10000, "regular"}, 5: {"dormant_high", 1, 10000, "regular"}, 6: {"dormant_high", 1, 10000, "regular"},
		7: {"dormant_low", 1, 10000, "regular"}, 8: {"dormant_low", 1, 10000, "regular"}, 9: {"lost", 1, 10000, "gold"},
		10: {"none", 0, 0, "regular"}, 12: {"none", 0, 0, "regular"},
	}
	rows, err := st.DB().Query(`SELECT customer_id, segment, paid_orders, revenue_fen, level, as_of FROM customer_stats`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var id int64
		var seg, lv, day string
		var n int
		var rev int64
		if err := rows.Scan(&id, &seg, &n, &rev, &lv, &day); err != nil {
			t.Fatal(err)
		}
		seen++
		w, ok := want[id]
		if !ok {
			t.Errorf("customer %d has a stats row (merged away?)", id)
			continue
		}
		if seg != w.segment || n != w.orders || rev != w.revFen || lv != w.level || day != "2026-11-15" {
			t.Errorf("customer %d: %s %d orders %d fen level %s as of %s; want %s %d %d %s", id, seg, n, rev, lv, day, w.segment, w.orders, w.revFen, w.level)
		}
	}
	if seen != len(want) {
		t.Errorf("%d stats rows, want %d", seen, len(want))
	}
	d, ok, err := StatsAsOf(ctx, st)
	if err != nil || !ok || d != asOf {
		t.Errorf("StatsAsOf = %v %v %v", d, ok, err)
	}
	// C's cycle: orders 200, 100 and 45 days ago: gaps 100 and 55, median 77.5.
	var cycle float64
	var next string
	if err := st.DB().QueryRow(`SELECT cycle_days, next_expected FROM customer_stats WHERE customer_id = 3`).Scan(&cycle, &next); err != nil {
		t.Fatal(err)
	}
	if cycle != 77.5 || next != (asOf-45+78).String() {
		t.Errorf("C cycle %v next %s", cycle, next)
	}
	// A second recompute a day later moves A and C out of "within 45 days".
	if _, err := Recompute(ctx, st, asOf+1); err != nil {
		t.Fatal(err)
	}
	var segA, segC string
	st.DB().QueryRow(`SELECT segment FROM customer_stats WHERE customer_id = 1`).Scan(&segA)
	st.DB().QueryRow(`SELECT segment FROM customer_stats WHERE customer_id = 3`).Scan(&segC)
	if segA != "cooling" || segC != "cooling" {
		t.Errorf("a day later A is %s, C is %s; want cooling, cooling", segA, segC)
	}
}

func TestFiguresOfAPeriod(t *testing.T) {
	st := boundaryShop(t)
	ctx := context.Background()
	c := NewCache()
	// Last 90 days: A (100), B (200) and C's second order (300) lie inside; D's is 90 days ago,
	// one day before the period.
	r, err := c.Figures(ctx, st, calc.Period{From: asOf - 89, To: asOf}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	f := r.Figures
	if f.Orders != 3 || f.Buyers != 3 || f.RevenueFen != 60000 {
		t.Fatalf("orders %d buyers %d revenue %d; want 3, 3, 60000", f.Orders, f.Buyers, f.RevenueFen)
	}
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	near("repeat rate by customers", f.RepeatRateCustomers, 1.0/3)
	near("repeat rate by orders", f.RepeatRateOrders, 1.0/3)
	near("returning share of orders", f.ReturningShareOrders, 1.0/3)
	near("returning share of revenue", f.ReturningShareRevenue, 0.5)
	near("avg spend", f.AvgSpendPerBuyerFen, 20000)
	near("pareto", f.ParetoTop20Share, 0.5) // top ceil(0.6) = 1 buyer: C's 300 of 600
	// The previous 90 days: C (100 days ago, 50), D (90) and E (91): 3 orders, 250 yuan.
	if !r.HasPrevious || r.Previous.Orders != 3 || r.Previous.RevenueFen != 25000 {
		t.Errorf("previous period: %v %d orders %d fen", r.HasPrevious, r.Previous.Orders, r.Previous.RevenueFen)
	}
	if r.Customers != 11 || r.Buyers != 9 {
		t.Errorf("customers %d buyers %d", r.Customers, r.Buyers)
	}
	wantSeg := map[string]int{"new": 1, "active": 1, "cooling": 2, "dormant_high": 2, "dormant_low": 2, "lost": 1, "none": 2}
	for k, v := range wantSeg {
		if r.Segments[k] != v {
			t.Errorf("segment %s = %d, want %d", k, r.Segments[k], v)
		}
	}
	levels := map[string]int{}
	for _, l := range r.Levels {
		levels[l.Name] = l.Count
	}
	if levels["regular"] != 8 || levels["gold"] != 1 || levels["silver"] != 0 {
		t.Errorf("levels %v", r.Levels)
	}
	// All time: every paid order up to today (L's order tomorrow is not counted).
	all, err := c.Figures(ctx, st, calc.Period{}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if all.Figures.Orders != 11 || all.Figures.Buyers != 9 || all.HasPrevious {
		t.Errorf("all time: %d orders %d buyers previous %v", all.Figures.Orders, all.Figures.Buyers, all.HasPrevious)
	}
	near("all-time repeat rate", all.Figures.RepeatRateCustomers, 1.0/9)
	near("all-time repeat orders", all.Figures.RepeatRateOrders, 2.0/11)

	// A new order shows only after Invalidate.
	s := &shop{t: t, st: st, n: 100}
	s.order(1, 1, 500, true)
	again, _ := c.Figures(ctx, st, calc.Period{}, asOf)
	if again.Figures.Orders != 11 {
		t.Errorf("cache reloaded without Invalidate")
	}
	c.Invalidate()
	again, _ = c.Figures(ctx, st, calc.Period{}, asOf)
	if again.Figures.Orders != 12 || again.Segments["active"] != 2 {
		t.Errorf("after Invalidate: %d orders, %d active", again.Figures.Orders, again.Segments["active"])
	}
}

func TestBreakdownAndTrend(t *testing.T) {
	st := boundaryShop(t)
	ctx := context.Background()
	c := NewCache()
	b, err := c.Breakdown(ctx, st, asOf)
	if err != nil {
		t.Fatal(err)
	}
	// Nine buyers, one bar each, biggest first: C 400, B 200, then seven of 100.
	if len(b.Pareto) != 9 || b.Pareto[0].RevenueFen != 40000 || b.Pareto[1].RevenueFen != 20000 || b.Pareto[8].RevenueFen != 10000 {
		t.Errorf("pareto %+v", b.Pareto)
	}
	var cyc int
	for _, bk := range b.Cycles {
		cyc += bk.Count
	}
	if cyc != 1 {
		t.Errorf("%d customers with a cycle, want 1 (C)", cyc)
	}
	size := 0
	for _, co := range b.Cohorts {
		size += co.Size
	}
	if size != 9 {
		t.Errorf("cohorts hold %d customers, want 9 (L's order is after the as-of date)", size)
	}
	months, err := c.Trend(ctx, st, asOf-89, asOf)
	if err != nil {
		t.Fatal(err)
	}
	nb, rb := 0, 0
	for _, m := range months {
		nb += m.NewBuyers
		rb += m.ReturningBuyers
	}
	if nb != 2 || rb != 1 {
		t.Errorf("trend: %d new, %d returning buyers; want 2 (A, B) and 1 (C)", nb, rb)
	}
}

func TestEmptyStore(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	sum, err := Recompute(ctx, st, asOf)
	if err != nil || sum.Customers != 0 {
		t.Fatalf("recompute of an empty shop: %+v %v", sum, err)
	}
	r, err := Figures(ctx, st, calc.Period{From: asOf - 29, To: asOf}, asOf)
	if err != nil || r.Figures.Orders != 0 || r.Buyers != 0 {
		t.Fatalf("figures of an empty shop: %+v %v", r, err)
	}
	if _, ok, _ := StatsAsOf(ctx, st); ok {
		t.Error("empty stats have an as-of date")
	}
}

func TestPreviousPeriod(t *testing.T) {
	for _, tc := range []struct {
		p    calc.Period
		want calc.Period
		ok   bool
	}{
		{calc.Period{From: asOf - 29, To: asOf}, calc.Period{From: asOf - 59, To: asOf - 30}, true},
		{calc.Period{From: asOf - 29}, calc.Period{From: asOf - 59, To: asOf - 30}, true},
		{calc.Period{From: asOf - 9, To: asOf + 100}, calc.Period{From: asOf - 19, To: asOf - 10}, true}, // clipped to as-of
		{calc.Period{}, calc.Period{}, false},
		{calc.Period{From: asOf + 1}, calc.Period{}, false},
	} {
		got, ok := PreviousPeriod(tc.p, asOf)
		if ok != tc.ok || got != tc.want {
			t.Errorf("PreviousPeriod(%v) = %v %v, want %v %v", tc.p, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSettings(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	s, err := LoadSettings(ctx, st)
	if err != nil || s.NewDays != 45 || s.CoolingDays != 90 || s.DormantHighDays != 180 || s.DormantLowDays != 360 || s.LoyalOrders != 5 || len(s.Levels) != 4 {
		t.Fatalf("defaults: %+v %v", s, err)
	}
	mod := s
	mod.NewDays, mod.CoolingDays, mod.LoyalOrders = 30, 60, 3
	mod.Levels = []calc.Level{{Name: "regular", MinFen: 0}, {Name: "VIP", MinFen: 100000}}
	if err := SaveSettings(ctx, st, mod); err != nil {
		t.Fatal(err)
	}
	got, err := LoadSettings(ctx, st)
	if err != nil || !sameSettings(got, mod) {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	bad := []struct {
		name  string
		edit  func(*calc.Settings)
		field string
		code  string
	}{
		{"zero new", func(s *calc.Settings) { s.NewDays = 0 }, "NewDays", CodeRange},
		{"cooling not after new", func(s *calc.Settings) { s.CoolingDays = s.NewDays }, "CoolingDays", CodeOrder},
		{"dormant before cooling", func(s *calc.Settings) { s.DormantHighDays = 80 }, "DormantHighDays", CodeOrder},
		{"lost before dormant", func(s *calc.Settings) { s.DormantLowDays = 170 }, "DormantLowDays", CodeOrder},
		{"too many days", func(s *calc.Settings) { s.DormantLowDays = MaxDays + 1 }, "DormantLowDays", CodeRange},
		{"loyal 1", func(s *calc.Settings) { s.LoyalOrders = 1 }, "LoyalOrders", CodeRange},
		{"no tiers", func(s *calc.Settings) { s.Levels = nil }, "Levels", CodeEmpty},
		{"blank tier", func(s *calc.Settings) { s.Levels[1].Name = " " }, "Levels", CodeEmpty},
		{"negative tier", func(s *calc.Settings) { s.Levels[1].MinFen = -1 }, "Levels", CodeRange},
		{"same name", func(s *calc.Settings) { s.Levels[1].Name = "regular" }, "Levels", CodeDuplicate},
		{"same minimum", func(s *calc.Settings) { s.Levels[2].MinFen = s.Levels[1].MinFen }, "Levels", CodeDuplicate},
	}
	for _, tc := range bad {
		s := calc.DefaultSettings()
		tc.edit(&s)
		err := SaveSettings(ctx, st, s)
		var se *errs.Error
		if !errors.As(err, &se) || se.Field != tc.field || se.Code != tc.code {
			t.Errorf("%s: error %v, want %s %s", tc.name, err, tc.field, tc.code)
		}
	}
	// Nothing bad was stored.
	if got, _ := LoadSettings(ctx, st); !sameSettings(got, mod) {
		t.Errorf("a rejected save changed the settings: %+v", got)
	}
	// A hand-edited unusable value falls back to the defaults instead of failing.
	if err := st.SetSetting(ctx, KeyCoolingDays, "10"); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadSettings(ctx, st); err != nil || got.CoolingDays != 90 {
		t.Errorf("inconsistent stored settings: %+v %v", got, err)
	}
}

func TestSettingsChangeSegments(t *testing.T) {
	st := boundaryShop(t)
	ctx := context.Background()
	s := calc.DefaultSettings()
	s.NewDays = 50 // B (46 days) becomes new
	if err := SaveSettings(ctx, st, s); err != nil {
		t.Fatal(err)
	}
	c := NewCache()
	r, err := c.Figures(ctx, st, calc.Period{}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Segments["new"] != 2 || r.Segments["cooling"] != 1 {
		t.Errorf("with 50 days: %v", r.Segments)
	}
}

func TestExportSegment(t *testing.T) {
	st := boundaryShop(t)
	ctx := context.Background()
	if _, err := st.DB().Exec(`INSERT INTO customer_phones(customer_id, phone, normalized) VALUES (2, '13800138000', '13800138000'), (4, '13900139000', '13900139000')`); err != nil {
		t.Fatal(err)
	}
	if _, err := Recompute(ctx, st, asOf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "待唤醒.xlsx")
	headers := []string{"姓名", "昵称", "电话", "平台", "等级", "分群", "最近下单", "订单数", "消费金额"}
	label := func(kind, key string) string {
		if kind == "segment" && key == "cooling" {
			return "待唤醒"
		}
		return key
	}
	n, err := ExportSegment(ctx, st, SegmentFilter{Segment: "cooling"}, path, headers, label)
	if err != nil || n != 2 {
		t.Fatalf("exported %d, %v", n, err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "姓名" || rows[0][8] != "消费金额" {
		t.Fatalf("sheet %v", rows)
	}
	// B spent 200, D 100: B first.
	if rows[1][0] != "B" || rows[1][2] != "13800138000" || rows[1][5] != "待唤醒" || rows[1][6] != (asOf-46).String() || rows[1][7] != "1" {
		t.Errorf("first row %v", rows[1])
	}
	if v, _ := x.GetCellValue(x.GetSheetName(0), "I2", excelize.Options{RawCellValue: true}); v != "200" {
		t.Errorf("revenue cell %q, want 200", v)
	}
	if _, err := ExportSegment(ctx, st, SegmentFilter{}, path, headers[:3], nil); !errors.Is(err, ErrHeaders) {
		t.Errorf("short headers: %v", err)
	}
	if _, err := os.Stat(path + ".tmp"); err == nil {
		t.Error("temporary file left behind")
	}
}

// truthFile is one file's expectations in testdata/truth.json (an independent generator's
// figures for the sample exports).
type truthFile struct {
	File                string         `json:"file"`
	Expect              string         `json:"expect"`
	OrdersPaid          int            `json:"orders_paid"`
	Buyers              int            `json:"buyers"`
	RevenueFen          int64          `json:"revenue_fen"`
	RepeatCustomers     int            `json:"repeat_customers"`
	RepeatRateCustomers float64        `json:"repeat_rate_customers"`
	RepeatOrders        int            `json:"repeat_orders"`
	RepeatRateOrders    float64        `json:"repeat_rate_orders"`
	Pareto              float64        `json:"pareto_top20_revenue_share"`
	Segments            map[string]int `json:"segments"`
	Other               map[string]int `json:"other_breakdown"`
}

func TestSamplesMatchTruth(t *testing.T) {
	raw, err := os.ReadFile("testdata/truth.json")
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		AsOf  string      `json:"as_of"`
		Files []truthFile `json:"files"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatal(err)
	}
	day, err := clock.ParseDay(truth.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	for _, tf := range truth.Files {
		if tf.Expect != "import" || tf.Buyers == 0 || tf.Segments == nil {
			continue // customer lists and line files: no figures of their own
		}
		if _, err := os.Stat(filepath.Join("testdata", tf.File)); err != nil {
			continue
		}
		t.Run(tf.File, func(t *testing.T) {
			st := openStore(t)
			ctx := context.Background()
			res, err := imports.ImportFiles(ctx, st, []string{filepath.Join("testdata", tf.File)}, imports.Options{})
			if err != nil || len(res) != 1 || res[0].Status != imports.StatusOK {
				t.Fatalf("import: %+v %v", res, err)
			}
			sum, err := Recompute(ctx, st, day)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Figures(ctx, st, calc.Period{}, day)
			if err != nil {
				t.Fatal(err)
			}
			f := r.Figures
			ints := []struct {
				name      string
				got, want int64
			}{
				{"paid orders", int64(f.Orders), int64(tf.OrdersPaid)},
				{"buyers", int64(r.Buyers), int64(tf.Buyers)},
				{"buyers written", int64(sum.Buyers), int64(tf.Buyers)},
				{"revenue fen", f.RevenueFen, tf.RevenueFen},
				{"repeat customers", int64(f.RepeatCustomers), int64(tf.RepeatCustomers)},
				{"repeat orders", int64(f.RepeatOrders), int64(tf.RepeatOrders)},
			}
			for _, seg := range []string{"new", "active", "dormant_high", "dormant_low", "lost"} {
				ints = append(ints, struct {
					name      string
					got, want int64
				}{"segment " + seg, int64(r.Segments[seg]), int64(tf.Segments[seg])})
			}
			ints = append(ints, struct {
				name      string
				got, want int64
			}{"segment cooling", int64(r.Segments["cooling"]), int64(tf.Other["cooling_45_90"])})
			for _, c := range ints {
				if c.got != c.want {
					t.Errorf("%s = %d, truth %d", c.name, c.got, c.want)
				}
			}
			// truth.json gives rates to four decimals.
			for _, c := range []struct {
				name      string
				got, want float64
			}{
				{"repeat rate by customers", f.RepeatRateCustomers, tf.RepeatRateCustomers},
				{"repeat rate by orders", f.RepeatRateOrders, tf.RepeatRateOrders},
				{"pareto top 20 %", f.ParetoTop20Share, tf.Pareto},
			} {
				if math.Abs(c.got-c.want) > 0.00005 {
					t.Errorf("%s = %.5f, truth %.4f", c.name, c.got, c.want)
				}
			}
			var stored int
			if err := st.DB().QueryRow(`SELECT COUNT(*) FROM customer_stats WHERE segment = 'cooling'`).Scan(&stored); err != nil || stored != tf.Other["cooling_45_90"] {
				t.Errorf("customer_stats holds %d cooling customers (%v), truth %d", stored, err, tf.Other["cooling_45_90"])
			}
		})
	}
}
