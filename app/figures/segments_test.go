package figures

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"huitouke/app/kit"
	"huitouke/data/figures"
)

func segmentsFor(t *testing.T, u *testShell) *segmentsScreen {
	t.Helper()
	s := NewSegments(u).(*segmentsScreen)
	u.Put(kit.ScreenSegments, s)
	s.loads.Wait()
	return s
}

func TestSegmentsScreenShowsGroups(t *testing.T) {
	u := newTestShell(t)
	fillShop(t, u)
	s := segmentsFor(t, u)
	if s.root.Objects[0] != s.content {
		t.Fatal("segments screen with data shows the empty state")
	}
	total := 0.0
	for _, b := range s.life.Bars {
		total += b.Value
	}
	if total != 4 || len(s.rfm.Bars) != 8 || len(s.pareto.Bars) != 4 || len(s.cycles.Bars) == 0 {
		t.Errorf("lifecycle total %v, %d RFM bars, %d pareto bars", total, len(s.rfm.Bars), len(s.pareto.Bars))
	}
	for _, b := range s.life.Bars {
		if b.Detail == "" {
			t.Errorf("segment %s has no explanation", b.Label)
		}
	}
	if len(s.cohorts.Rows) == 0 {
		t.Error("no cohort rows")
	}
	// Export the first group (a segment) to a file, as the save dialog would.
	s.groupSel.SetSelectedIndex(0)
	path := filepath.Join(t.TempDir(), "新顾客")
	s.exportTo(s.groups[0], path)
	s.loads.Wait()
	if _, err := os.Stat(path + ".xlsx"); err != nil {
		t.Fatalf("export wrote nothing: %v (%s)", err, s.exportMsg.Text)
	}
	if !strings.Contains(s.exportMsg.Text, path+".xlsx") {
		t.Errorf("export message %q does not name the file", s.exportMsg.Text)
	}
}

func TestSegmentsBarTapOpensCustomers(t *testing.T) {
	u := newTestShell(t)
	fillShop(t, u)
	s := segmentsFor(t, u)
	size := s.life.Size()
	if size.Width == 0 {
		t.Fatal("lifecycle chart not laid out")
	}
	test.TapAt(s.life, fyne.NewPos(size.Width*0.5/float32(len(s.life.Bars)), size.Height*0.6))
	if u.Current() != kit.ScreenCustomers {
		t.Fatalf("tapping a segment left the window on %q", u.Current())
	}
}

func TestSegmentSettingsValidate(t *testing.T) {
	u := newTestShell(t)
	fillShop(t, u)
	s, _ := buildSegmentSettings(u)
	before, _ := figures.LoadSettings(u.Ctx(), u.Store())
	for _, tc := range []struct {
		name string
		edit func()
		want string
	}{
		{"cooling not after new", func() { s.cooling.SetText("30") }, "一级比一级大"},
		{"not a number", func() { s.dorm.SetText("半年") }, "整数"},
		{"zero days", func() { s.newDays.SetText("0") }, "1 到 3650"},
		{"loyal 1", func() { s.loyal.SetText("1") }, "2 到 1000"},
		{"bad amount", func() { s.rows[1].min.SetText("五百") }, "金额请填数字"},
		{"same amount", func() { s.rows[1].min.SetText("0") }, "不能重复"},
		{"blank name", func() { s.rows[1].name.SetText(" ") }, "都要有名称"},
	} {
		s.fill(before)
		tc.edit()
		test.Tap(s.save)
		if !strings.Contains(s.msg.Text, tc.want) {
			t.Errorf("%s: message %q, want it to mention %q", tc.name, s.msg.Text, tc.want)
		}
		if got, _ := figures.LoadSettings(u.Ctx(), u.Store()); got.CoolingDays != before.CoolingDays || got.NewDays != before.NewDays ||
			got.LoyalOrders != before.LoyalOrders || len(got.Levels) != len(before.Levels) || got.Levels[1] != before.Levels[1] {
			t.Errorf("%s: rejected settings were saved: %+v", tc.name, got)
		}
	}
	// A good change is saved (default tier names keep their keys) and recomputed.
	s.fill(before)
	s.newDays.SetText("30")
	s.rows[1].min.SetText("800")
	test.Tap(s.save)
	got, _ := figures.LoadSettings(u.Ctx(), u.Store())
	if got.NewDays != 30 || got.Levels[1].Name != "silver" || got.Levels[1].MinFen != 80000 {
		t.Errorf("saved %+v", got)
	}
	if !strings.Contains(s.msg.Text, "已按新设置更新") {
		t.Errorf("after saving: %q", s.msg.Text)
	}
	var seg string
	if err := u.Store().DB().QueryRow(`SELECT segment FROM customer_stats WHERE customer_id = 1`).Scan(&seg); err != nil || seg == "" {
		t.Errorf("no recompute after saving: %q %v", seg, err)
	}
}
