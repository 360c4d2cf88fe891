package figures

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/app/kit/kittest"
	"huitouke/data/clock"
)

var testAsOf = clock.NewDay(2026, 11, 15)

// fillShop writes four customers: 1 bought once 10 days ago (100 yuan); 2 bought 200 and 20
// days ago (50 + 150); 3 once 100 days ago (80); 4 once 400 days ago (70).
func fillShop(t *testing.T, u *testShell) {
	t.Helper()
	db := u.Store().DB()
	for id := 1; id <= 4; id++ {
		if _, err := db.Exec(`INSERT INTO customers(id, name, platform, created_at, updated_at) VALUES (?, ?, 'taobao', '', '')`, id, "顾客"); err != nil {
			t.Fatal(err)
		}
	}
	for i, o := range []struct {
		c    int
		ago  int
		yuan int64
	}{{1, 10, 100}, {2, 200, 50}, {2, 20, 150}, {3, 100, 80}, {4, 400, 70}} {
		if _, err := db.Exec(`INSERT INTO orders(platform, order_no, customer_id, paid, order_day, amount_fen, revenue_fen) VALUES ('taobao', ?, ?, 1, ?, ?, ?)`,
			i, o.c, (testAsOf - clock.Day(o.ago)).String(), o.yuan*100, o.yuan*100); err != nil {
			t.Fatal(err)
		}
	}
}

func overviewFor(t *testing.T, u *testShell) *overviewScreen {
	t.Helper()
	s := NewOverview(u).(*overviewScreen)
	u.Put(kit.ScreenOverview, s)
	s.loads.Wait()
	s.asOf.SetText(testAsOf.String())
	s.reload()
	s.loads.Wait()
	return s
}

func TestOverviewShowsKPIs(t *testing.T) {
	u := newTestShell(t)
	fillShop(t, u)
	s := overviewFor(t, u)
	// Last 90 days (the default): customer 1 (100) and customer 2's second order (150).
	want := map[int]string{
		tileCustomers: "4", tileBuyers: "2", tileRevenue: "¥250.00", tileAvg: "¥125.00",
		tileRepeatCustomers: "50.0%", tileRepeatOrders: "50.0%", tileReturning: "50.0%", tilePareto: "60.0%",
	}
	for i, v := range want {
		if s.tiles[i].Value != v {
			t.Errorf("tile %q = %q, want %q", s.tiles[i].Label, s.tiles[i].Value, v)
		}
	}
	// The previous 90 days had one buyer (customer 3, 80 yuan): revenue rose.
	if s.tiles[tileRevenue].Trend != 1 || s.tiles[tileRevenue].Change != "+212.5%" {
		t.Errorf("revenue change %q trend %d", s.tiles[tileRevenue].Change, s.tiles[tileRevenue].Trend)
	}
	if s.tiles[tileRepeatOrders].Note == "" || s.cycleNote.Text == "" {
		t.Error("repeat rate without the note on the repurchase cycle")
	}
	// The note is read, not a hint: drawn in the text colour, not the faint
	// placeholder colour of low importance.
	if s.cycleNote.Importance == widget.LowImportance {
		t.Error("the repurchase-cycle note is drawn in the placeholder colour")
	}
	// Lifecycle chart: new 1, active 1, cooling 0, dormant high 1, dormant low 0, lost 1.
	got := []float64{}
	for _, b := range s.segChart.Bars {
		got = append(got, b.Value)
	}
	if len(got) != 6 || got[0] != 1 || got[1] != 1 || got[2] != 0 || got[3] != 1 || got[4] != 0 || got[5] != 1 {
		t.Errorf("segment bars %v", got)
	}
}

func TestOverviewPeriodSelector(t *testing.T) {
	u := newTestShell(t)
	fillShop(t, u)
	s := overviewFor(t, u)
	s.period.SetSelectedIndex(periodLast365)
	s.loads.Wait()
	if s.tiles[tileBuyers].Value != "3" || s.tiles[tileRevenue].Value != "¥380.00" {
		t.Errorf("last 365 days: buyers %s revenue %s; want 3, ¥380.00", s.tiles[tileBuyers].Value, s.tiles[tileRevenue].Value)
	}
	s.period.SetSelectedIndex(periodAll)
	s.loads.Wait()
	if s.tiles[tileRevenue].Value != "¥450.00" || s.tiles[tileRevenue].Change != "" {
		t.Errorf("all time: revenue %s change %q", s.tiles[tileRevenue].Value, s.tiles[tileRevenue].Change)
	}
	// A custom range with a bad date says so and keeps the figures.
	s.period.SetSelectedIndex(periodCustom)
	s.loads.Wait()
	s.from.SetText("2026-13-01")
	s.reload()
	s.loads.Wait()
	if s.problem.Hidden || s.tiles[tileRevenue].Value == "" {
		t.Error("a bad custom date is not reported")
	}
	s.from.SetText("2026-11-01")
	s.to.SetText("2026-11-15")
	s.reload()
	s.loads.Wait()
	// Only customer 1 (5 November) bought in that range.
	if !s.problem.Hidden || s.tiles[tileBuyers].Value != "1" || s.tiles[tileRevenue].Value != "¥100.00" {
		t.Errorf("1–15 November: buyers %s, problem %q", s.tiles[tileBuyers].Value, s.problem.Text)
	}
}

func TestOverviewSegmentTapOpensCustomers(t *testing.T) {
	u := newTestShell(t)
	fillShop(t, u)
	s := overviewFor(t, u)
	size := s.segChart.Size()
	if size.Width == 0 {
		t.Fatal("segment chart not laid out")
	}
	// The second of six bars: active customers.
	test.TapAt(s.segChart, fyne.NewPos(size.Width*1.5/6, size.Height*0.6))
	if u.Current() != kit.ScreenCustomers {
		t.Fatalf("tapping a segment bar left the window on %q", u.Current())
	}
	if len(u.Filters) != 1 || u.Filters[0].Segment != "active" {
		t.Errorf("tapping the active bar asked for %+v", u.Filters)
	}
}

func TestOverviewEmptyLeadsToImport(t *testing.T) {
	u := newTestShell(t)
	s := overviewFor(t, u)
	if s.root.Objects[0] != s.empty {
		t.Fatal("overview without data does not show the empty state")
	}
	// The empty overview is the first-run guide; its import step leads to
	// the import screen.
	btn := kittest.FindButton(s.root, "选择文件导入…")
	if btn == nil {
		t.Fatal("no import button on the empty overview")
	}
	test.Tap(btn)
	if u.Current() != kit.ScreenImport {
		t.Fatalf("the guide's import button led to %q", u.Current())
	}
}
